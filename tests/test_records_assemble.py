"""Records from sentences: one per object, lists split, aggregates, restatements merged,
evidence, amounts, places, years — in Russian, English and Kazakh."""
from __future__ import annotations

import datetime as dt

import pytest

from csrledger.model import Document
from csrledger.pipeline import analyse
from tests.test_records_support import analysed, records_of

ZHITIKARA = ("Житикаре", "Zhitikara", "city", "KZ-39")


def test_list_is_split_into_one_record_per_object_en():
    text = ("Farmer Arman Seitkali from Karasai district is known for his charity. "
            "He built a kindergarten for 60 places, a modern football field and 40 houses for large families.")
    recs = records_of(text, persons=[("Arman Seitkali", "Arman Seitkali", "farmer")],
                      places=[("Karasai district", "Karasai", "district", "KZ-19")],
                      quantities=[("60 places", 60, "place")])
    assert [(r.sector, r.sponsor) for r in recs] == [
        ("education", "Arman Seitkali"), ("sport", "Arman Seitkali"), ("housing", "Arman Seitkali")]
    assert recs[0].object == "kindergarten for 60 places"
    assert recs[2].quantities[0]["value"] == 40
    assert all(r.region == "KZ-19" for r in recs)   # the document's main place


def test_list_is_split_ru_and_kk():
    ru = records_of("ТОО «Береке Агро» построило в селе школу, мечеть и спортивную площадку.",
                    companies=[("ТОО «Береке Агро»", "Береке Агро")])
    assert [r.sector for r in ru] == ["education", "culture", "sport"]
    kk = records_of("«Береке Агро» серіктестігі ауылда мектеп пен мешіт салып берді.",
                    companies=[("«Береке Агро»", "Береке Агро")])
    assert [r.sector for r in kk] == ["education", "culture"]
    assert {r.sponsor for r in ru + kk} == {"Береке Агро"}


def test_amount_is_tied_to_its_object_and_sentence_is_evidence():
    text = "Новости дня. АО «Шыгыс Мыс» выделило 120 млн тенге на капитальный ремонт школы в Аягозе."
    recs = records_of(text, companies=[("АО «Шыгыс Мыс»", "Шыгыс Мыс")], money=[("120 млн тенге", 120e6)],
                      places=[("Аягозе", "Ayagoz", "city", "KZ-10")])
    (r,) = recs
    assert (r.sponsor, r.sponsor_kind, r.sector, r.amount, r.currency) == ("Шыгыс Мыс", "company", "education",
                                                                             120e6, "KZT")
    assert (r.place, r.region) == ("Ayagoz", "KZ-10")
    assert [text[e.start:e.end] for e in r.evidence] == [text[13:]]


@pytest.mark.parametrize("text,amounts,kzt", [
    ("АО «Шыгыс Мыс» выделило 1,2 млрд тенге ($2,6 млн) на ремонт школы.",
     [("1,2 млрд тенге", 1.2e9, "KZT"), ("$2,6 млн", 2.6e6, "USD")], 1.2e9),
    ("Shygys Mys JSC allocated $2 million (about 900 million tenge) for a new school.",
     [("$2 million", 2e6, "USD"), ("900 million tenge", 900e6, "KZT")], 900e6),
])
def test_an_amount_restated_in_brackets_in_another_currency_gives_the_tenge(text, amounts, kzt):
    name = "Шыгыс Мыс" if "АО" in text else "Shygys Mys"
    company = "АО «Шыгыс Мыс»" if "АО" in text else "Shygys Mys JSC"
    (r,) = records_of(text, companies=[(company, name)], money=amounts)
    assert (r.amount, r.currency) == (kzt, "KZT")


def test_one_total_over_many_objects_is_one_aggregate():
    text = ("Меценаты региона оказали спонсорскую помощь на общую сумму 2 млрд тенге. "
            "Так, 45 предпринимателей построили детские сады, школы и мечети на общую сумму 900 млн тенге.")
    recs = records_of(text, money=[("2 млрд тенге", 2e9), ("900 млн тенге", 9e8)])
    assert [(r.sponsor, r.aggregate, r.amount, r.sector) for r in recs] == [
        (None, True, 2e9, "mixed"), (None, True, 9e8, "mixed")]


def test_aggregate_in_kazakh_and_english():
    kk = records_of("Биыл Қор жалпы сомасы 300 млн теңгеге 7 әлеуметтік жобаны қаржыландырды.",
                    money=[("300 млн теңгеге", 3e8)])
    assert [(r.aggregate, r.amount, r.sector) for r in kk] == [(True, 3e8, "mixed")]
    en = records_of("In total, the foundation financed 12 social projects worth 80 million tenge.",
                    money=[("80 million tenge", 8e7)])
    assert [(r.aggregate, r.amount) for r in en] == [(True, 8e7)]


def test_generic_projects_without_amount_make_no_record():
    assert records_of("Компания реализует социальные проекты в регионе.") == []


def test_headline_restated_in_body_is_one_record_with_both_sentences():
    text = ("Kazakh Copper opened a kindergarten in Satpayev\n"
            "A kindergarten for 150 places was opened in Satpayev. "
            "The company funded the construction, which cost 900 million tenge.")
    recs = records_of(text, companies=[("Kazakh Copper", "Kazakh Copper")],
                      places=[("Satpayev", "Satpayev", "city", "KZ-62")], money=[("900 million tenge", 9e8)])
    (r,) = recs
    assert (r.sponsor, r.sector, r.region) == ("Kazakh Copper", "education", "KZ-62")
    assert len(r.evidence) >= 2


def test_distinct_counts_of_the_same_object_stay_apart_kk():
    text = ("«Теңіз Сервис» Құлсарыда екі балабақша ашты. Серіктестік 2019 жылы мұнда үш балабақша салды.")
    recs = records_of(text, companies=[("«Теңіз Сервис»", "Теңіз Сервис")], dates=[("2019", "2019", None)])
    assert sorted(r.quantities[0]["value"] for r in recs) == [2, 3]


def test_lone_total_cost_goes_to_the_record_before():
    text = ("Вечером ТОО «Арман» организовало субботник на берегу реки. "
            "Общая стоимость акции составила 2,5 млн тенге.")
    (r,) = records_of(text, companies=[("ТОО «Арман»", "Арман")], money=[("2,5 млн тенге", 2.5e6)])
    assert (r.sector, r.amount, len(r.evidence)) == ("environment", 2.5e6, 2)


@pytest.mark.parametrize("text, money", [
    # commercial investment
    ("Компания «Алтын Тау» реализует инвестиционный проект по строительству фабрики стоимостью 40 млрд тенге.",
     ("40 млрд тенге", 4e10)),
    ("It is planned to complete 10 projects worth 90 billion tenge this year through private investment.",
     ("90 billion tenge", 9e10)),
    # taxes
    ("ТОО «Алтын Тау» перечислило в бюджет налогов на 3 млрд тенге.", ("3 млрд тенге", 3e9)),
    ("Серіктестік былтыр 2 млрд теңге салық төлеп, мектеп салды.", ("2 млрд теңге", 2e9)),
    # labour statistics
    ("В регионе заключено 1 200 коллективных договоров, заработная плата выросла до 300 тысяч тенге.",
     ("300 тысяч тенге", 3e5)),
    ("The region has concluded 5,000 collective agreements and created jobs for 300 people.", None),
])
def test_not_social_investments(text, money):
    recs = records_of(text, companies=[("Алтын Тау", "Алтын Тау")] if "Алтын Тау" in text else [],
                      money=[money] if money else [])
    assert [r for r in recs if r.sponsor_kind != "state"] == []


@pytest.mark.parametrize("text, money", [
    ("Из областного бюджета на строительство школы выделено 2 млрд тенге.", ("2 млрд тенге", 2e9)),
    ("The akimat allocated 500 million tenge from the local budget for the new hospital.",
     ("500 million tenge", 5e8)),
    ("Облыстық бюджеттен жаңа аурухана салуға 900 млн теңге бөлінді.", ("900 млн теңге", 9e8)),
])
def test_state_budget_spending_is_marked_state(text, money):
    recs = records_of(text, money=[money])
    assert recs and all(r.sponsor_kind == "state" for r in recs)


def test_state_official_opening_is_not_a_sponsor():
    text = "Аким области Ерлан Нысанбаев открыл новую школу в Шемонаихе."
    recs = records_of(text, persons=[("Ерлан Нысанбаев", "Ерлан Нысанбаев", "аким области")])
    assert [r for r in recs if r.sponsor_kind != "state"] == []


def test_donors_with_their_amounts_ru():
    text = ("Фонд собирает средства для пострадавших от паводка. "
            "ТОО «Сункар» перечислило 20 млн тенге, ТОО «Береке» — 5 млн тенге.")
    recs = records_of(text, companies=[("ТОО «Сункар»", "Сункар"), ("ТОО «Береке»", "Береке")],
                      money=[("20 млн тенге", 2e7), ("5 млн тенге", 5e6)])
    assert [(r.sponsor, r.amount, r.sector) for r in recs] == [("Сункар", 2e7, "emergency"),
                                                               ("Береке", 5e6, "emergency")]


def test_list_of_donors_cut_by_the_sentence_splitter_continues():
    text = ("Фонд собирает помощь пострадавшим от пожара. "
            "ТОО «Сункар» перечислило 20 млн тенге, ТОО «Арман» — 10 млн, Иван Петров (меценат. — Прим.)\n"
            "— 7 млн, ТОО «Береке» — 5 млн тенге.")
    recs = records_of(text, companies=[("ТОО «Сункар»", "Сункар"), ("ТОО «Арман»", "Арман"),
                                       ("ТОО «Береке»", "Береке")],
                      persons=[("Иван Петров", "Иван Петров", None)],
                      money=[("20 млн тенге", 2e7), ("10 млн", 1e7), ("7 млн", 7e6), ("5 млн тенге", 5e6)])
    assert [(r.sponsor, r.amount, r.sector) for r in recs] == [
        ("Сункар", 2e7, "emergency"), ("Арман", 1e7, "emergency"), ("Иван Петров", 7e6, "emergency"),
        ("Береке", 5e6, "emergency")]


def test_usd_amount_keeps_its_currency():
    (r,) = records_of("Under the memorandum, the company will allocate USD 2 million for social projects.",
                      money=[("USD 2 million", 2e6, "USD")])
    assert (r.amount, r.currency, r.status, r.aggregate) == (2e6, "USD", "planned", True)


def test_years_from_dates_else_publication_year():
    text = "В 2021–2023 годах компания «Ак Жол» построила три моста через реку Шаган."
    (r,) = records_of(text, companies=[("«Ак Жол»", "Ак Жол")], dates=[("2021–2023 годах", "2021", "2023")])
    assert (r.year_from, r.year_to, r.sector) == (2021, 2023, "infrastructure")
    doc, a = analysed("Компания «Ак Жол» отремонтировала дорогу в селе.", companies=[("«Ак Жол»", "Ак Жол")],
                      published=dt.date(2024, 5, 2))
    assert a.records[0].year_from == 2024


def test_wage_supplements_for_doctors_are_health():
    (r,) = records_of("ТОО «Кен» намерено профинансировать ежемесячные доплаты к заработной плате врачей больницы.",
                      companies=[("ТОО «Кен»", "Кен")])
    assert (r.sector, r.status) == ("health", "planned")


def test_place_where_something_happens_is_not_the_object():
    recs = records_of("На детских площадках компания «Азия» установила новые горки и качели.",
                      companies=[("«Азия»", "Азия")])
    assert recs == []


def test_evidence_and_mentions_keep_offsets():
    text = "«Теңіз Сервис» ЖШС Құлсарыда жаңа спорт кешенін салып берді."
    doc, a = analysed(text, companies=[("«Теңіз Сервис»", "Теңіз Сервис")],
                      places=[("Құлсарыда", "Kulsary", "city", "KZ-23")])
    (r,) = a.records
    assert (r.sector, r.place, r.sponsor) == ("sport", "Kulsary", "Теңіз Сервис")
    assert all(0 <= e.start < e.end <= len(text) for e in r.evidence)


def test_english_action_reaches_back_only_in_the_passive():
    # active: "repairs" does not take "road" before it; passive: "was built" does take "school"
    active = records_of("Kazzinc noted positive changes in road quality, repairs and lighting.",
                        companies=[("Kazzinc", "Kazzinc")])
    assert active == []
    (r,) = records_of("A new school was built by Kazzinc in Ridder.", companies=[("Kazzinc", "Kazzinc")])
    assert (r.sector, r.sponsor) == ("education", "Kazzinc")


def test_weak_action_reaches_only_near_objects():
    text = ("The governor thanked Kazzinc for its support of the city services, and noted new "
            "roads and lighting in the district.")
    assert records_of(text, companies=[("Kazzinc", "Kazzinc")]) == []


def test_planned_heading_makes_the_list_below_planned():
    text = ("In the second half of 2024 it is planned:\n"
            "Excursion for children of employees to the plant, with an expense of 300,000 tenge.")
    (r,) = records_of(text, money=[("300,000 tenge", 3e5)])
    assert (r.sector, r.status, r.amount) == ("social_support", "planned", 3e5)


def test_next_sentence_naming_the_giver_completes_the_record():
    text = ("Новый детский сад на 80 мест откроется к осени. "
            "Работы финансирует АО «Кентау Руда».")
    (r,) = records_of(text, companies=[("АО «Кентау Руда»", "Кентау Руда")])
    assert (r.sponsor, r.sector, r.status) == ("Кентау Руда", "education", "planned")


def test_words_inside_a_quoted_name_are_not_objects():
    recs = records_of("Компания «Евразия Групп» провела акцию «Дорога в школу» и подарила детям школьную форму.",
                      companies=[("«Евразия Групп»", "Евразия Групп")])
    assert [r.object for r in recs] == ["gifts"]


def test_recipient_is_not_the_gift():
    (r,) = records_of("ТОО «Кен Дала» приобрело для районной больницы аппарат УЗИ.",
                      companies=[("ТОО «Кен Дала»", "Кен Дала")])
    assert (r.object, r.sector) == ("medical equipment", "health")
    (k,) = records_of("«Қазмырыш» корпорациясы Риддер қаласындағы мектепке 20 компьютер сыйлады.",
                      companies=[("«Қазмырыш»", "Қазмырыш")])
    assert (k.sponsor, k.object, k.status) == ("Қазмырыш", "20 computers", "completed")


def test_amount_goes_to_the_object_it_pays_for():
    text = ("Из них 3 млрд тенге пойдут на строительство бассейна в Сатпаеве, "
            "2 млрд тенге — на покупку 40 квартир для многодетных семей.")
    recs = records_of("Компания «Кен» подписала меморандум. " + text, companies=[("«Кен»", "Кен")],
                      money=[("3 млрд тенге", 3e9), ("2 млрд тенге", 2e9)])
    assert [(r.object, r.amount) for r in recs] == [("swimming pool", 3e9), ("40 flats", 2e9)]


def test_a_semicolon_parts_an_amount_from_the_object_after_it():
    text = ("Фонд «Кен» отремонтировал школу на 92 млн тенге; на второй объект – строительство больницы – "
            "фонд выделил 185 млн тенге.")
    recs = records_of(text, companies=[("Фонд «Кен»", "Кен")],
                      money=[("92 млн тенге", 92e6), ("185 млн тенге", 185e6)])
    assert sorted((r.object, r.amount) for r in recs) == [("hospital", 185e6), ("school", 92e6)]


def test_genitive_attribute_is_not_a_second_object():
    (r,) = records_of("Корпорация «Кен» отремонтировала спортзал школы № 9.", companies=[("«Кен»", "Кен")])
    assert r.object == "sports hall"
    (k,) = records_of("«Кен» серіктестігі мектептің спорт залын жөндеді.", companies=[("«Кен»", "Кен")])
    assert k.object == "sports hall"


def test_parts_after_a_colon_are_not_a_list():
    (r,) = records_of("ТОО «Кен» отремонтировало сельский клуб: заменили крышу, окна и отопление.",
                      companies=[("ТОО «Кен»", "Кен")])
    assert r.sector == "culture"


def test_the_project_refers_back_to_the_object_named():
    text = ("Zhetysu Grain LLP has built a football pitch in Sarkand. "
            "The company invested KZT 85 million in the project.")
    (r,) = records_of(text, companies=[("Zhetysu Grain LLP", "Zhetysu Grain")], money=[("KZT 85 million", 8.5e7)])
    assert (r.sector, r.amount) == ("sport", 8.5e7)
    kk = records_of("Хромтауда 240 орындық балабақша пайдалануға берілді. Нысанды «Ақтөбе Хром» ЖШС салды.",
                    companies=[("«Ақтөбе Хром» ЖШС", "Ақтөбе Хром")])
    assert [(r.sponsor, r.object) for r in kk] == [("Ақтөбе Хром", "kindergarten")]


def test_provide_with_gives_the_instrumental_object():
    recs = records_of("«Кен» серіктестігі 45 оқушыны мектеп формасы мен кеңсе тауарларымен қамтамасыз етті.",
                      companies=[("«Кен» серіктестігі", "Кен")])
    assert [r.object for r in recs] == ["gifts"]
    heat = records_of("«Кен» ЖШС жөндеген қазандық енді ауылдағы мектеп пен емхананы жылумен қамтамасыз етеді.",
                      companies=[("«Кен» ЖШС", "Кен")])
    assert "school" not in [r.object for r in heat] and "clinic" not in [r.object for r in heat]


def test_later_years_make_a_plan():
    text = "Компания «Кен» в 2030 году построит бассейн в Аксу."
    (r,) = records_of(text, companies=[("«Кен»", "Кен")], dates=[("2030 году", "2030", None)],
                      published=dt.date(2025, 3, 1))
    assert (r.status, r.year_from) == ("planned", 2030)


def test_state_spending_carries_to_the_next_sentence():
    text = ("В Актобе за счёт местного бюджета построят три школы. "
            "В 2024 году начнётся строительство трёх новых школ на 1200 мест каждая.")
    recs = records_of(text)
    assert recs and all(r.sponsor_kind == "state" for r in recs)


def test_aid_to_a_beneficiary_without_an_object():
    (r,) = records_of("Фонд «Мейірім» оказал помощь многодетным семьям Есика.", companies=[("Фонд «Мейірім»", "Мейірім")])
    assert (r.sponsor, r.sector, r.object) == ("Мейірім", "social_support", "aid to large families")


def test_english_reduced_passive_with_by_reaches_back():
    text = "Young wrestlers competed in a tournament sponsored by the Kokshe Agro farm."
    (r,) = records_of(text, companies=[("Kokshe Agro", "Kokshe Agro")])
    assert (r.sponsor, r.sector) == ("Kokshe Agro", "sport")


def test_housing_restated_as_a_hypernym_is_one_record():
    text = ("ТОО «Сут» купило три квартиры для многодетных семей. "
            "Ключи вручили в День знаний, общая стоимость жилья составила 45 млн тенге.")
    (r,) = records_of(text, companies=[("ТОО «Сут»", "Сут")], money=[("45 млн тенге", 4.5e7)])
    assert (r.object, r.amount, r.sector) == ("3 flats", 4.5e7, "housing")


def test_a_restatement_whose_giver_is_named_later_is_one_record():
    """The akimat's part ("gives the plot to build the school") is the company's school once the next
    sentence names the company handing it over: one school, three sentences."""
    text = ("Талдықта 600 орындық мектеп салынады. Аудан әкімі мен «Кенмет» ЖШС басшысы меморандумға қол қойды. "
            "Меморандумға сәйкес, аудан әкімдігі мектеп салу үшін жер телімін береді. "
            "Құрылыс аяқталғаннан кейін «Кенмет» компаниясы білім беру объектісін әкімдіктің меншігіне өткізеді.")
    (r,) = records_of(text, companies=[("«Кенмет» ЖШС", "Кенмет"), ("«Кенмет» компаниясы", "Кенмет")])
    assert (r.sponsor, r.object, r.status, len(r.evidence)) == ("Кенмет", "school", "planned", 3)


@pytest.mark.parametrize("text, name", [
    ("Старая школа №5 не вмещает всех учеников, в школе нет спортзала. Новое учебное заведение построит ТОО «Кен».",
     "ТОО «Кен»"),
    ("The old school No. 5 is overcrowded, and the school has no gym. Kenmet LLP will build a new educational "
     "institution.", "Kenmet LLP"),
    ("Ескі №5 мектеп барлық оқушыны сыйғыза алмайды, мектепте спорт залы жоқ. «Кен» ЖШС жаңа білім беру мекемесін "
     "салады.", "«Кен» ЖШС"),
])
def test_a_kind_of_facility_is_the_kind_its_page_names_most(text, name):
    (r,) = records_of(text, companies=[(name, "Кен")])
    assert (r.sponsor, r.object, r.status) == ("Кен", "school", "planned")


def test_a_kind_of_facility_stays_a_kind_when_the_page_names_none():
    (r,) = records_of("Новое учебное заведение построит ТОО «Кен».", companies=[("ТОО «Кен»", "Кен")])
    assert r.object == "educational institution"


@pytest.mark.parametrize("text, name", [
    ("ТОО «Кен» передало детские площадки для областного противотуберкулезного санатория, компьютеры для "
     "школы-лицея им. Д. Нурпеисовой, автобус для районной больницы.", "ТОО «Кен»"),
    ("Kenmet LLP handed over playgrounds for the regional tuberculosis sanatorium, computers for the lyceum named "
     "after D. Nurpeisova, a bus for the district hospital.", "Kenmet LLP"),
    ("«Кен» ЖШС облыстық шипажайға балалар алаңын, Нұрпейісова атындағы лицейге компьютерлер, аудандық ауруханаға "
     "автобус сыйлады.", "«Кен» ЖШС"),
])
def test_a_list_goes_on_past_the_recipient_of_each_item(text, name):
    """Each item names its own recipient; things that serve an institution take its sector."""
    recs = records_of(text, companies=[(name, "Кен")])
    assert [(r.object, r.sector) for r in recs] == [
        ("playground", "infrastructure"), ("computers", "education"), ("special machinery", "health")]


@pytest.mark.parametrize("text, name", [
    ("ТОО «Кен» передало жителям района 12 проектов, среди которых детская площадка в селе Жана и компьютеры для "
     "школы.", "ТОО «Кен»"),
    ("Kenmet LLP funded 12 projects in the district, including a playground in Zhana village and computers for the "
     "school.", "Kenmet LLP"),
    ("«Кен» ЖШС ауданда 12 жоба жүзеге асырды, оның ішінде Жаңа ауылында балалар алаңы мен мектепке компьютерлер.",
     "«Кен» ЖШС"),
])
def test_the_members_of_generic_projects_are_the_gifts(text, name):
    recs = records_of(text, companies=[(name, "Кен")])
    assert [(r.object, r.sector) for r in recs] == [("playground", "infrastructure"), ("computers", "education")]


def test_the_members_of_a_named_gift_only_describe_it():
    (r,) = records_of("Kenmet LLP donated equipment to the district hospital, including monitors and beds.",
                      companies=[("Kenmet LLP", "Kenmet")])
    assert r.sector == "health" and "monitor" not in r.object


def test_aid_without_object_merges_with_the_named_relief():
    text = ("ТОО «Каспий Сервис» выделило 500 млн тенге пострадавшим от паводка. "
            "Средства перечислены в штаб по ликвидации последствий паводка.")
    (r,) = records_of(text, companies=[("ТОО «Каспий Сервис»", "Каспий Сервис")], money=[("500 млн тенге", 5e8)])
    assert (r.sector, r.amount, len(r.evidence)) == ("emergency", 5e8, 2)


def test_russian_dative_is_the_recipient():
    (r,) = records_of("Меценат Арман Сеитов подарил местной школе спортивный инвентарь.",
                      persons=[("Арман Сеитов", "Арман Сеитов", "меценат")])
    assert (r.sponsor, r.object, r.sector) == ("Арман Сеитов", "sports equipment", "sport")


def test_capacity_in_the_object_description():
    (r,) = records_of("ERG will build a new kindergarten for 280 children in Rudny.", companies=[("ERG", "ERG")],
                      quantities=[("280 children", 280, "child")])
    assert (r.object, r.status) == ("kindergarten for 280 children", "planned")


def test_headline_with_anonymous_business_then_named_company_is_one_gift():
    text = ("В Сатпаеве открылась поликлиника, построенная на средства бизнеса\n"
            "ТОО «Жезды Металл» построило в Сатпаеве новую поликлинику за 800 млн тенге.")
    records = analyse(Document(id="t", text=text, lang="ru")).records
    assert len(records) == 1
    assert records[0].sponsor == "Жезды Металл" and records[0].aggregate is False


@pytest.mark.parametrize("text,companies", [
    ("ТОО «Альфа Строй» и ТОО «Бета Сервис» построили школу в селе Шиели.",
     [("ТОО «Альфа Строй»", "Альфа Строй"), ("ТОО «Бета Сервис»", "Бета Сервис")]),
    ("Alfa Build LLP, Beta Service LLP and Gamma Trade LLP built a school in Shieli.",
     [("Alfa Build LLP", "Alfa Build"), ("Beta Service LLP", "Beta Service"), ("Gamma Trade LLP", "Gamma Trade")]),
    ("Шиелілік «Альфа Строй» ЖШС және қызылордалық «Бета Сервис» ЖШС ауылға мектеп салып берді.",
     [("«Альфа Строй» ЖШС", "Альфа Строй"), ("«Бета Сервис» ЖШС", "Бета Сервис")]),
])
def test_every_giver_of_a_list_has_the_record(text, companies):
    recs = records_of(text, companies=companies)
    assert sorted(r.sponsor for r in recs) == sorted(name for _, name in companies)
    assert {r.sector for r in recs} == {"education"}


def test_one_amount_of_several_givers_is_not_copied_to_each():
    text = "ТОО «Альфа Строй» и ТОО «Бета Сервис» выделили 20 млн тенге на ремонт школы."
    recs = records_of(text, companies=[("ТОО «Альфа Строй»", "Альфа Строй"), ("ТОО «Бета Сервис»", "Бета Сервис")],
                      money=[("20 млн тенге", 20e6)])
    assert sum(r.amount or 0 for r in recs) == 20e6


PARTS = [
    ("ru", "ТОО «Альфа Строй» в 2023 году направило на социальные проекты 7 млрд тенге, в том числе 3,2 млрд тенге "
           "на строительство школы и 2,5 млрд тенге на ремонт больницы."),
    ("ru", "ТОО «Альфа Строй» выделило 7 млрд тенге на социальные проекты. Из них 3,2 млрд тенге пойдут на "
           "строительство школы, а 2,5 млрд тенге — на ремонт больницы."),
    ("en", "Alfa Build LLP allocated 7 billion tenge to charity this year. Of this amount, 3.2 billion tenge was "
           "spent to build a school and 2.5 billion tenge to repair a hospital."),
]


@pytest.mark.parametrize("lang,text", PARTS)
def test_each_part_of_a_sum_names_its_aggregate(lang, text):
    recs = analyse(Document(id="t", text=text, lang=lang)).records
    (whole,) = [r for r in recs if r.amount == 7e9]
    parts = sorted((r.sector, r.amount, r.part_of) for r in recs if r is not whole)
    assert whole.aggregate and whole.part_of is None
    assert parts == [("education", 3.2e9, recs.index(whole)), ("health", 2.5e9, recs.index(whole))]


def test_the_parts_first_and_the_total_after():
    text = ("ТОО «Альфа Строй» построило школу за 300 млн тенге. Также компания отремонтировала больницу за 200 млн "
            "тенге. Всего на благотворительность компания направила 1 млрд тенге.")
    recs = analyse(Document(id="t", text=text, lang="ru")).records
    total = next(k for k, r in enumerate(recs) if r.amount == 1e9)
    assert [(r.amount, r.part_of) for r in recs if r.amount != 1e9] == [(300e6, total), (200e6, total)]


@pytest.mark.parametrize("text,linked", [
    # a parts word, but no sum before it: neither amount is the other's part
    ("«Альфа Строй» ЖШС биыл қайырымдылыққа қаражат бөлді. Оның ішінде 3,2 млрд теңгеге мектеп салынды, "
     "2,5 млрд теңгеге аурухана жөнделді.", []),
    # two sums of two givers
    ("ТОО «Альфа Строй» выделило 7 млрд тенге на строительство школы. В том числе ТОО «Бета Сервис» выделило "
     "2 млрд тенге на ремонт больницы.", []),
    # the second part would take the parts past the sum
    ("ТОО «Альфа Строй» выделило 1 млрд тенге на социальные проекты, в том числе 800 млн тенге на ремонт "
     "больницы и 700 млн тенге на строительство школы.", [(800e6, 1e9)]),
])
def test_no_part_without_its_sum(text, linked):
    recs = analyse(Document(id="t", text=text)).records
    assert [(r.amount, recs[r.part_of].amount) for r in recs if r.part_of is not None] == linked


def test_amounts_and_objects_that_alternate_pair_in_order():
    text = "Alfa Build LLP built a school for 3.2 billion tenge and repaired a hospital for 2.5 billion tenge."
    recs = analyse(Document(id="t", text=text, lang="en")).records
    assert sorted((r.sector, r.amount) for r in recs) == [("education", 3.2e9), ("health", 2.5e9)]


def test_a_year_long_before_the_news_is_not_the_year_of_work_under_way():
    text = "ТОО «Альфа Строй» ремонтирует здание школы 1974 года постройки."
    (r,) = analyse(Document(id="t", text=text, lang="ru", published=dt.date(2024, 5, 1))).records
    assert (r.status, r.year_from) == ("ongoing", 2024)


@pytest.mark.parametrize("lang,text", [
    ("ru", "ТОО «Альфа Строй» обеспечило сельскую школу всем необходимым."),
    ("kk", "«Альфа Строй» ЖШС ауылдағы мектепті қажетті жабдықпен қамтамасыз етті."),
])
def test_provided_with_an_unnamed_gift_is_supplies_for_the_recipient(lang, text):
    (r,) = analyse(Document(id="t", text=text, lang=lang)).records
    assert (r.sponsor, r.sector, r.object) == ("Альфа Строй", "education", "supplies for school")


@pytest.mark.parametrize("lang,text", [
    ("ru", "ТОО «Альфа Строй» построило в селе новую школу. Здание светлое и просторное. В школе есть "
           "спортзал и столовая. Стоимость строительства — 900 млн тенге."),
    ("en", "Alfa Build LLP built a new school in the village. The building is bright. It has a gym and a "
           "canteen. It cost 900 million tenge."),
    ("kk", "«Альфа Строй» ЖШС ауылда жаңа мектеп салды. Ғимарат жарық әрі кең. Мектепте спортзал мен асхана "
           "бар. Құны — 900 млн теңге."),
])
def test_a_cost_stated_a_few_sentences_later_is_the_records(lang, text):
    (r,) = analyse(Document(id="t", text=text, lang=lang)).records
    assert (r.sector, r.amount) == ("education", 900e6)


def test_a_gift_told_without_its_object_right_after_a_record_restates_it():
    """"Залды «Береке» өз қаражатына салып берді" after the sports hall it built: one record, whatever
    sector the vague sentence's other words suggest; a sentence further on, or another giver, is another."""
    from csrledger.model import Record
    from csrledger.records.merge import Draft, merge_into

    def draft(sentence, sponsor, sector, label, vague=False):
        record = Record(sponsor, "company", sector, label)
        return Draft(record, label, None, sentence, first=sentence, vague=vague)

    drafts = [draft(1, "Береке", "sport", "sports hall")]
    merge_into(drafts, draft(2, "Береке", "culture", "салып берді", vague=True))
    assert [(d.record.object, d.record.sector, d.sentence) for d in drafts] == [("sports hall", "sport", 2)]
    for later in (draft(5, "Береке", "culture", "aid", vague=True), draft(3, "Жігер", "culture", "aid", vague=True)):
        merge_into(drafts, later)
    assert len(drafts) == 3


def test_a_passive_action_takes_the_object_before_it_on_a_tie():
    """"the kindergarten ... was renovated, fully renovated ... sports school": the passive's subject is
    the kindergarten, as far before it as the school is after."""
    text = ('Thanks to Kenmet LLP, the building of the village kindergarten "Aq Bota" was renovated, fully '
            "renovated children's sports school.")
    recs = records_of(text, companies=[("Kenmet LLP", "Kenmet")])
    assert [(r.object, r.sector) for r in recs] == [("kindergarten", "education"), ("sports school", "sport")]


@pytest.mark.parametrize("text, name, found", [
    ("Kenmet LLP transferred medical equipment to the district hospital.", "Kenmet LLP", [("medical equipment", "health")]),
    ("«Кен» ЖШС аудандық ауруханаға медициналық жабдықтарды аударды.", "«Кен» ЖШС", [("medical equipment", "health")]),
    # a patient is no thing handed over: "transferred" still needs an amount or a thing given
    ("Kenmet LLP transferred the patient to the district hospital.", "Kenmet LLP", []),
    ("ТОО «Кен» перевело пациента в районную больницу.", "ТОО «Кен»", []),
])
def test_things_handed_over_make_a_transfer_a_gift_without_an_amount(text, name, found):
    assert [(r.object, r.sector) for r in records_of(text, companies=[(name, "Кен")])] == found


@pytest.mark.parametrize("text, name, money, status", [
    ("Сегодня стороны подписали меморандум, по которому ТОО «Кен» выделит 900 млн тенге на важные инициативы.",
     "ТОО «Кен»", "900 млн тенге", "planned"),
    ("Under the memorandum, Kenmet LLP will allocate 900 million tenge to important initiatives.", "Kenmet LLP",
     "900 million tenge", "planned"),
    ("Меморандумға сәйкес «Кен» ЖШС маңызды бастамаларға 900 млн теңге бөледі.", "«Кен» ЖШС", "900 млн теңге",
     "planned"),
    ("Kenmet LLP contributed 900 million tenge to the new Aq Niet charity fund.", "Kenmet LLP", "900 million tenge",
     "completed"),
])
def test_money_under_a_memorandum_or_to_a_foundation_is_social(text, name, money, status):
    companies = [(name, "Кен")] + ([("Aq Niet charity fund", "Aq Niet")] if "Aq Niet" in text else [])
    (r,) = records_of(text, companies=companies, money=[(money, 9e8)])
    assert (r.sponsor, r.sector, r.amount, r.status) == ("Кен", "mixed", 9e8, status)


def test_money_for_nothing_social_is_still_no_record():
    text = "Kenmet LLP paid 900 million tenge for the new office building."
    assert records_of(text, companies=[("Kenmet LLP", "Kenmet")], money=[("900 million tenge", 9e8)]) == []
