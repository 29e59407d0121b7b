"""Who gave: the actor of the action, across sentences, in the three languages;
the publisher speaking of itself, through the URL of its site; state bodies."""
from __future__ import annotations

import pytest

from csrledger.model import Company
from csrledger.records.sponsor import url_company
from tests.test_records_support import records_of


def company(name):
    return Company(name, 0, len(name), name=name)


def test_company_anaphor_refers_back_ru():
    text = ("ТОО «Жайык Мунай» работает в области десять лет. "
            "В этом году компания построила в Бурлине детский сад на 90 мест.")
    (r,) = records_of(text, companies=[("ТОО «Жайык Мунай»", "Жайык Мунай")])
    assert (r.sponsor, r.sector) == ("Жайык Мунай", "education")


def test_company_anaphor_refers_back_en_and_kk():
    (en,) = records_of("Kazzinc is the largest employer of Ridder. Last year the company repaired the city hospital.",
                       companies=[("Kazzinc", "Kazzinc")])
    assert (en.sponsor, en.sector) == ("Kazzinc", "health")
    (kk,) = records_of("«Қазмырыш» ЖШС Риддер қаласында жұмыс істейді. Биыл серіктестік қалалық аурухананы жөндеді.",
                       companies=[("«Қазмырыш»", "Қазмырыш")])
    assert (kk.sponsor, kk.sector) == ("Қазмырыш", "health")


def test_pronoun_refers_to_the_person_named_before():
    text = ("A good example is the entrepreneur Bolat Ermekov. "
            "He built a mosque and a sports ground in his village, next to the Nurly farm.")
    recs = records_of(text, companies=[("Nurly", "Nurly")],
                      persons=[("Bolat Ermekov", "Bolat Ermekov", "entrepreneur")])
    assert [(r.sponsor, r.sector) for r in recs] == [("Bolat Ermekov", "culture"), ("Bolat Ermekov", "sport")]


def test_nearest_actor_before_the_action_wins():
    text = "The Samruk Fund donated a stadium and the building of the Kazpost branch to the akimat."
    recs = records_of(text, companies=[("Samruk Fund", "Samruk"), ("Kazpost", "Kazpost")])
    assert recs and {r.sponsor for r in recs} == {"Samruk"}


def test_actor_after_a_passive_action():
    (r,) = records_of("Ещё два детских сада строятся на средства компании «Тенгизшевройл».",
                      companies=[("«Тенгизшевройл»", "Тенгизшевройл")])
    assert (r.sponsor, r.status) == ("Тенгизшевройл", "ongoing")


def test_we_on_the_company_site_is_the_company():
    text = ("Kazakh Minerals is a mining company.\n"
            "This year we repaired the school in Ekibastuz and bought an ambulance for the district hospital.")
    recs = records_of(text, companies=[("Kazakh Minerals", "Kazakh Minerals")],
                      url="https://www.kazakhminerals.kz/en/news/42")
    assert {r.sponsor for r in recs} == {"Kazakh Minerals"}


def test_the_url_rule_needs_the_domain_to_be_the_company():
    assert url_company("https://www.kazakhminerals.kz/news/1", [company("Kazakh Minerals")]).name == "Kazakh Minerals"
    assert url_company("https://sk.kz/press/2", [company("Samruk-Kazyna")]).name == "Samruk-Kazyna"
    assert url_company("https://www.tengizchevroil.com/kk/news", [company("Теңізшевройл")]).name == "Теңізшевройл"
    assert url_company("https://inform.kz/ru/news", [company("Kazakh Minerals")]) is None
    assert url_company("https://sknews.kz/news", [company("Samruk-Kazyna")]) is None
    assert url_company(None, [company("Kazakh Minerals")]) is None


def test_partnership_without_a_site_is_an_unnamed_company():
    text = ("The Partnership implements social projects in the regions of presence.\n"
            "Landscaping of the Balkhash city in 2023:\n"
            "Landscaping with 5,000 green plantings with a total cost of 70 million tenge.")
    recs = records_of(text, money=[("70 million tenge", 7e7)])
    assert [(r.sponsor, r.sponsor_kind, r.sector, r.amount) for r in recs] == [
        (None, "company", "environment", 7e7)]


def test_plural_anonymous_actors_make_an_aggregate():
    recs = records_of("153 предпринимателя построили детские сады и школы на общую сумму 3 млрд тенге.",
                      money=[("3 млрд тенге", 3e9)])
    assert [(r.sponsor, r.sponsor_kind, r.aggregate) for r in recs] == [(None, "aggregate", True)]


def test_speaker_is_not_the_giver():
    text = ("Фонд «Мейірім» собирает помощь пострадавшим от пожара. "
            "По его словам, ТОО «Арай» перечислило 10 млн тенге.")
    recs = records_of(text, companies=[("«Мейірім»", "Мейірім"), ("ТОО «Арай»", "Арай")],
                      money=[("10 млн тенге", 1e7)])
    assert [(r.sponsor, r.sector) for r in recs] == [("Арай", "emergency")]


def test_state_body_is_state_kk():
    recs = records_of("Әкімдік жергілікті бюджеттен 300 млн теңге бөліп, жаңа мектеп салды.",
                      money=[("300 млн теңге", 3e8)])
    assert recs and all(r.sponsor_kind == "state" for r in recs)


@pytest.mark.parametrize("text", [
    "The total cost of the school, 600 million tenge, was allocated from the republican and regional budgets.",
    "The road was repaired under the Employment Road Map to the amount of 37.5 million tenge.",
    "Дорога отремонтирована по Дорожной карте занятости на 37,5 млн тенге.",
    "Жол жұмыспен қамтудың жол картасы бойынша 37,5 млн теңгеге жөнделді.",
])
def test_budgets_and_state_programmes_are_state_money(text):
    money = [(m, v) for m, v in (("600 million tenge", 6e8), ("37.5 million tenge", 3.75e7), ("37,5 млн тенге", 3.75e7),
                                 ("37,5 млн теңге", 3.75e7)) if m in text]
    recs = records_of(text, money=money)
    assert recs and all(r.sponsor_kind == "state" for r in recs if r.amount)


def test_named_giver_before_a_state_word_wins():
    (r,) = records_of("ТОО «Береке», которое работает по государственной программе, построило школу.",
                      companies=[("ТОО «Береке»", "Береке")])
    assert (r.sponsor, r.sponsor_kind) == ("Береке", "company")


@pytest.mark.parametrize("text, name", [
    ("Новую школу построят по меморандуму, подписанному акиматом района и компанией «Кен».", "«Кен»"),
    ("A new school will be built under a memorandum between the district akimat and Kenmet LLP.", "Kenmet LLP"),
    ("Жаңа мектеп аудан әкімдігі мен «Кен» компаниясы арасындағы меморандум бойынша салынады.", "«Кен»"),
])
def test_after_the_action_a_named_giver_wins_over_the_state_body_before_it(text, name):
    (r,) = records_of(text, companies=[(name, "Кен")])
    assert (r.sponsor, r.sponsor_kind, r.status) == ("Кен", "company", "planned")


def test_an_officer_gives_for_the_company():
    text = "Генеральный директор ТОО «Кен» Данияр Ахметов передал школе 20 компьютеров."
    (r,) = records_of(text, companies=[("ТОО «Кен»", "Кен")],
                      persons=[("Данияр Ахметов", "Данияр Ахметов", "генеральный директор")])
    assert (r.sponsor, r.sponsor_kind) == ("Кен", "company")


def test_kazakh_dative_person_receives():
    (r,) = records_of("«Жайық Құс» ЖШС ардагер Серік Жаңабергеновке пәтер сыйлады.",
                      companies=[("«Жайық Құс» ЖШС", "Жайық Құс")],
                      persons=[("Серік Жаңабергеновке", "Серік Жаңабергенов", None)])
    assert r.sponsor == "Жайық Құс"


def test_a_list_under_the_organisation_the_text_names_is_its_own():
    """Items of a programme rarely repeat who pays: the organisation the text names is the giver."""
    text = ("Фонд «Алтын Жүрек» подвёл итоги года. В селе Шиели построена новая школа. "
            "В Жанакорган отремонтирована больница.")
    recs = records_of(text, companies=[("Фонд «Алтын Жүрек»", "Алтын Жүрек")])
    assert [(r.sector, r.sponsor) for r in recs] == [("education", "Алтын Жүрек"), ("health", "Алтын Жүрек")]


@pytest.mark.parametrize("text,persons", [
    ("Марат Сеитов отметил, что спонсоры построят в селе спортивную площадку.", [("Марат Сеитов", "Марат Сеитов")]),
    ("Local businessmen built a new school in Shieli, Marat Seitov said.", [("Marat Seitov", "Marat Seitov")]),
    ("Ауылда демеушілер спорт алаңын салды, — деді Марат Сейітов.", [("Марат Сейітов", "Марат Сейітов")]),
    ("Как ответил Марат Сеитов, спонсоры построят в селе спортивную площадку.", [("Марат Сеитов", "Марат Сеитов")]),
    ("Sponsors will build a sports ground, replied Marat Seitov.", [("Marat Seitov", "Marat Seitov")]),
])
def test_a_person_next_to_a_verb_of_saying_speaks_and_does_not_give(text, persons):
    recs = records_of(text, persons=[(surface, name, None) for surface, name in persons])
    assert recs and all(r.sponsor is None for r in recs)


@pytest.mark.parametrize("text,person", [
    ("ТОО «Луч» школе имени Абая Кунанбаева подарило компьютеры.", ("Абая Кунанбаева", "Абай Кунанбаев")),
    ("«Луч» ЖШС Қ.Сәтбаев атындағы мектепке компьютерлер сыйлады.", ("Қ.Сәтбаев", "Қ. Сәтбаев")),
])
def test_the_person_a_school_is_named_after_gives_nothing(text, person):
    company = "ТОО «Луч»" if "ТОО" in text else "«Луч» ЖШС"
    recs = records_of(text, companies=[(company, "Луч")], persons=[(person[0], person[1], None)])
    assert [r.sponsor for r in recs] == ["Луч"]


def test_an_organisation_named_only_in_a_commercial_sentence_gives_nothing_else():
    text = ("В рамках национального проекта в области построят пять школ. "
            "Кроме того, ТОО «Арал Тузы» запустило новый цех, переработка соли выросла вдвое.")
    recs = records_of(text, companies=[("ТОО «Арал Тузы»", "Арал Тузы")])
    assert all(r.sponsor != "Арал Тузы" for r in recs)


@pytest.mark.parametrize("text,person,role", [
    ("Нурлан Ахметов, глава крестьянского хозяйства, построил в селе мечеть.",
     "Нурлан Ахметов", "глава крестьянского хозяйства"),
    ("Марат Сейтов, director of a local farm, built a mosque in the village.", "Марат Сейтов",
     "director of a local farm"),
])
def test_one_who_heads_an_unnamed_organisation_gives_himself(text, person, role):
    (r,) = records_of(text, persons=[(person, person, role)])
    assert (r.sponsor, r.sponsor_kind) == (person, "person")


def test_allocated_funds_are_money_not_a_foundation():
    text = ("Earlier, the government allocated funds for the construction of a sports complex in the village, "
            "a music school in the town, and for the repair of a hospital in the city.")
    recs = records_of(text)
    assert len(recs) == 3 and all(r.sponsor_kind == "state" for r in recs)


@pytest.mark.parametrize("text, first, second", [
    ("ТОО «Дала» построило школу. Компания «Арман», не имеющая отношения к нашей области, передала больнице 56 "
     "миллионов тенге.", "Дала", "Арман"),
    ("Dala LLP built a school. Arman LLP, which has no plant in our region, donated 56 million tenge to the hospital.",
     "Dala", "Arman"),
])
def test_our_region_names_no_giver(text, first, second):
    """A possessive self-word names the publisher only as "наша компания", "our company"."""
    from csrledger.model import Document
    from csrledger.pipeline import analyse
    records = analyse(Document(id="t", text=text)).records
    assert [(r.sponsor, r.amount) for r in records] == [(first, None), (second, 56e6)]


def test_a_kazakh_list_of_givers_and_the_fund_they_gave_to():
    """The plural kind word closes the list of givers; the fund named before a kind word in the dative
    receives ("«X» корпоративтік қорына аударды"); each giver of the list has the record."""
    from csrledger.model import Document
    from csrledger.pipeline import analyse
    text = ("Қостанайлық Arlan, сарандық Tau Steppe және теміртаулық Karazhar компаниялары «Береке Қоры» "
            "корпоративтік қорына 5 млн теңге аударды.")
    analysis = analyse(Document(id="t", text=text, lang="kk"))
    assert {c.name for c in analysis.companies} >= {"Arlan", "Tau Steppe", "Karazhar", "Береке Қоры"}
    assert "Береке Қоры" not in {r.sponsor for r in analysis.records}


@pytest.mark.parametrize("text, expected", [
    # a person with no benefactor's role gives only where an act of giving states the amount
    ("Ерлан Сапаров передал районной больнице 5 млн тенге.", [("Ерлан Сапаров", 5e6)]),
    ("Ерлан Сапаров потратил 5 млн тенге на ремонт своего дома.", []),
    ("Айгерим Нурова тяжело больна. Для её лечения в клинике нужно 1,5 млн тенге.", []),
])
def test_a_person_gives_an_amount_only_in_an_act_of_giving(text, expected):
    from csrledger.model import Document
    from csrledger.pipeline import analyse
    records = analyse(Document(id="t", text=text)).records
    assert [(r.sponsor, r.amount) for r in records] == expected


def test_an_unsigned_opening_counts_only_in_a_page_of_gifts():
    """"При школе открыта новая площадка" names no giver: a record in a page that reports a giver's
    gift already, nothing in general news of openings."""
    from csrledger.model import Document
    from csrledger.pipeline import analyse
    opening = "При школе в этот день была открыта новая футбольная площадка."
    alone = analyse(Document(id="t", text="В городе прошёл праздник. Дети пели песни. " + opening)).records
    assert alone == []
    page = analyse(Document(id="t", text="Предприниматель Болат Сапаров подарил школе двадцать компьютеров. "
                                           "Праздник продолжился концертом. Дети пели песни. " + opening)).records
    assert [(r.sponsor, r.object) for r in page] == [("Болат Сапаров", "computers"), (None, "sports ground")]


@pytest.mark.parametrize("built, signature", [
    ("В селе Аксу построили новую школу на 300 мест.", "Ремонт клуба оплатили местные предприниматели."),
    ("Ақсу ауылында 300 орындық жаңа мектеп салынды.", "Клубты жөндеуге демеушілер қаражат бөлді."),
    ("A new 300-place school was built in the village of Aksu.", "Local businessmen repaired the club."),
])
def test_a_gift_nobody_signs_counts_only_in_a_page_that_names_givers(built, signature):
    """State building is general news; the same sentence in a page whose actions name givers,
    even in general ("местные предприниматели", "демеушілер"), is a gift whose giver is unnamed."""
    from csrledger.model import Document
    from csrledger.pipeline import analyse
    assert analyse(Document(id="t", text=built)).records == []
    page = analyse(Document(id="t", text=f"{signature} {built}")).records
    assert any(r.object.startswith("school") for r in page) and all(r.sponsor is None for r in page)


@pytest.mark.parametrize("text, persons", [
    ("Мать троих детей Айгуль Сапарова снимала жильё. Предприниматель, который попросил не называть его имени, "
     "подарил её семье дом.", [("Айгуль Сапарова", "Айгуль Сапарова", None)]),
    ("Ауылда мектеп жоқ еді. Биыл кәсіпкер өз қаражатына ауылда балабақша салды.", []),
    ("Residents had asked for years. This spring an entrepreneur built a kindergarten in the village.", []),
])
def test_an_unnamed_benefactor_is_a_giver_not_the_one_helped(text, persons):
    (r,) = records_of(text, persons=persons)
    assert (r.sponsor, r.sponsor_kind) == (None, "person")


def test_the_entrepreneur_is_the_benefactor_named_before():
    text = ("Помочь вызвался предприниматель Берик Ахметов, о котором писала жительница села Дана Иса. "
            "Котельная для школы обошлась предпринимателю в 18 млн тенге.")
    recs = records_of(text, persons=[("Берик Ахметов", "Берик Ахметов", "предприниматель"),
                                     ("Дана Иса", "Дана Иса", "жительница села")],
                      money=[("18 млн тенге", 18_000_000)])
    assert recs and {r.sponsor for r in recs} == {"Берик Ахметов"}


def test_a_fund_the_money_went_to_is_no_giver():
    text = ("Earlier, Aral Bank donated 620 million tenge (US$1.39 million) to the Dala Charity Fund for road "
            "repairs, generators, pumps and medicines.")
    recs = records_of(text, companies=[("Aral Bank", "Aral Bank"), ("Dala Charity Fund", "Dala")],
                      money=[("620 million tenge", 620_000_000), ("US$1.39 million", 1_390_000, "USD")])
    assert len(recs) >= 3 and {r.sponsor for r in recs} == {"Aral Bank"}
    assert not any("Dala" in r.object for r in recs)


def test_thanks_to_names_the_giver():
    (r,) = records_of("Thanks to Dala LLP, the village school was repaired.", companies=[("Dala LLP", "Dala")])
    assert r.sponsor == "Dala"


@pytest.mark.parametrize("role", ["предпринимателю, местному жителю", "известному благотворителю", "учредителю фермы"])
def test_a_role_in_another_case_still_names_a_benefactor(role):
    text = f"В селе открыли новое футбольное поле, построенное благодаря {role} Нурлыбеку Асанову."
    (r,) = records_of(text, persons=[("Нурлыбеку Асанову", "Нурлыбек Асанов", role)])
    assert (r.sponsor, r.sector) == ("Нурлыбек Асанов", "sport")


@pytest.mark.parametrize("text", [
    "Компания «Жайык Мунай» начала программу. Средства направлены на ремонт больницы в Кульсары, где живут "
    "многие предприниматели.",
    "Жайык Мунай started a programme. The funds went to repair the hospital in Kulsary, where many "
    "entrepreneurs live.",
])
def test_people_of_a_relative_clause_with_no_action_give_nothing(text):
    (r,) = records_of(text, companies=[("Жайык Мунай", "Жайык Мунай")])
    assert (r.sponsor, r.sector, r.aggregate) == ("Жайык Мунай", "health", False)


def test_the_actor_of_a_relative_clause_with_its_own_action_gives():
    (r,) = records_of("A memorandum was signed with the akimat, under which Zhaik Oil allocated 200 million tenge "
                      "for the hospital.", companies=[("Zhaik Oil", "Zhaik Oil")],
                      money=[("200 million tenge", 200_000_000)])
    assert (r.sponsor, r.amount) == ("Zhaik Oil", 200_000_000)


@pytest.mark.parametrize("text, contractor", [
    ("На средства бюджета установят детские площадки. Подрядчиком выступает ТОО «БизнесСтрой». "
     "Установку площадок завершат в июне.", "ТОО «БизнесСтрой»"),
    ("Playgrounds will be installed in the yards. The work is done by the contractor Stroy Invest LLP. "
     "The playgrounds will be finished in June.", "Stroy Invest LLP"),
    ("Ауласта балалар алаңы орнатылады. Мердігер – «Құрылыс Инвест» ЖШС. Алаң маусымда бітеді.",
     "«Құрылыс Инвест» ЖШС"),
])
def test_a_contractor_builds_for_the_giver_and_gives_nothing(text, contractor):
    assert all(r.sponsor != contractor for r in records_of(text, companies=[(contractor, contractor)]))


@pytest.mark.parametrize("text, company", [
    ("ТОО «Жайык Мунай» в 2015 году построило больницу в Кульсары, где и сейчас живут многие сотрудники.",
     "Жайык Мунай"),
    ("Zhaik Oil built a hospital in Kulsary in 2015, where many of its employees currently live.", "Zhaik Oil"),
])
def test_the_time_of_a_relative_clause_is_not_the_actions(text, company):
    (r,) = records_of(text, companies=[(company, company)])
    assert r.status == "completed"
