"""Companies extractor: legal forms, kind words, quotes, brands, exclusions, canonical names."""
from __future__ import annotations

import pytest

from csrledger.extract.companies import extract_companies
from csrledger.extract.orgnames import canonical_company, find_known, name_key
from csrledger.model import Document
from csrledger.pipeline import prepare

from .conftest import DEV_CORPUS, DEV_GOLD, SCORE_PY, needs_dev, read_jsonl


def names(text: str) -> set[str]:
    view = prepare(Document(id="t", text=text))
    found = extract_companies(view)
    for c in found:
        assert text[c.start:c.end] == c.text
    return {c.name for c in found}


@pytest.mark.parametrize("text, expected", [
    # Russian: legal form before a quoted name, nested quotes, spelled-out forms, kind words
    ("ТОО «Береке Агро» построило спортивную площадку в селе Акколь.", {"Береке Агро"}),
    ("Председатель совета ТОО «ПК «Нур Строй»» вручил ключи.", {"Нур Строй"}),
    ('Спонсором выступило ТОО "СК "Алтын Дала" из Шымкента.', {"Алтын Дала"}),
    ("Акционерное общество «Жайык Энерго» отремонтировало котельную.", {"Жайык Энерго"}),
    ("Благотворительный фонд «Мейірім» передал 20 колясок.", {"Мейірім"}),
    ("Средства выделила компания Steppe Minerals.", {"Steppe Minerals"}),
    ("Крестьянское хозяйство «Бірлік» купило автобус для школы.", {"Бірлік"}),
    ("ТОО SilkWay Logistics подарило компьютеры, а ТОО «Арна Курылыс» – мебель.", {"SilkWay Logistics", "Арна Курылыс"}),
    # Kazakh: legal form and kind words after the name
    ("«Жасыл Ел Инвест» ЖШС ауылға саябақ салды.", {"Жасыл Ел Инвест"}),
    ("«Ақниет» қорының қолдауымен балаларға сыйлық берілді.", {"Ақниет"}),
    ("«Нұр-Береке» шаруа қожалығы мешіт салып берді.", {"Нұр-Береке"}),
    # English: legal form after the name, kind words, quoted names
    ("The school was built by Caspian Service Group LLP in Aktau.", {"Caspian Service Group"}),
    ("Vostok Energy JSC donated ambulances to the district hospital.", {"Vostok Energy"}),
    ("Altai Metals Corporation LLP repaired the clinic.", {"Altai Metals Corporation"}),
    ("The Dostar farm bought gifts for 40 orphans.", {"Dostar"}),
    ("The peasant farm “Zhuldyz” planted 500 trees.", {"Zhuldyz"}),
    # Latin brands in Russian and Kazakh text
    ("Компания Qazaq Agro Trade и KazBuild Co. подписали меморандум.", {"Qazaq Agro Trade", "KazBuild"}),
    ("SteppeBuild компаниясы мектеп салды. SteppeBuild-тің өкілі сөйледі.", {"SteppeBuild"}),
])
def test_finds_companies(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a Russian legal form belongs to the quoted name after it, not to a facility quoted before it
    ("На руднике «Северный» АО «Жезказган Руда» прошли учения.", {"Жезказган Руда"}),
    # ... while a Kazakh form belongs to the name before it
    ("«Атырау Сервис» ЖШС «Жасыл аймақ» акциясына қатысты.", {"Атырау Сервис"}),
    # a spelled-out legal form takes an unquoted Latin name
    ("In Ayagoz district, peasant farm Ak Bulak donated flour to large families.", {"Ak Bulak"}),
    # a Latin name ending in an industry word is a company, the word included
    ("Taldy Copper Mining will build a school. Later Taldy Copper Mining paid for it.", {"Taldy Copper Mining"}),
    ("PetroNur Refinery handed over masks to the hospital.", {"PetroNur Refinery"}),
    # an operator of an oil or mining project is named by its function
    ("Under the agreement, Aral Basin Operating will repair the road to Zhosaly.", {"Aral Basin Operating"}),
    ("Balkhash Copper paid for the new roof of the clinic.", {"Balkhash Copper"}),
])
def test_legal_form_side_and_industry_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "Pupils visited the Solar Energy substation near Balkhash.",       # "the": the words qualify a noun
    "Kazakh Mining Industry Grows Despite Prices",                    # a title-case headline goes on
    "The Ministry of Energy published the figures.",
])
def test_industry_words_without_a_name(text):
    assert names(text) == set()


def test_former_name_is_kept_in_older_news():
    assert names("In 2015 ArcelorMittal Temirtau repaired a school. Qarmet is its name since 2023.") == {
        "ArcelorMittal Temirtau", "Qarmet"}


@pytest.mark.parametrize("text", [
    "КГКП «Городской водоканал» получило новую технику.",
    "ГУ «Отдел образования района» объявил конкурс.",
    "Об этом сообщает агентство Kazinform со ссылкой на Tengrinews.kz.",
    "«AMANAT» партиясының депутаттары мектепке барды.",
    "В детском саду «Балапан» прошел утренник в рамках программы «Рухани жаңғыру».",
    "The Ministry of Education thanked the akimat of the region.",
    "Head of the Koktem farm Serik Zhumabayev built a school.",
    "В рамках CSR-программы открыт павильон EXPO.",
    "Об этом пишет Jarqyn.TV со ссылкой на областной акимат.",            # a site, not a company
    "Призерам вручили ковры и DVD-проигрыватели.",                        # part of a compound word
    "Пять новых машин марки Ford пополнили автопарк скорой помощи.",     # a make of the gift
    "Облыстың жедел жәрдем қызметіне Toyota маркалы 5 көлік берілді.",
    "Жители города сами выбирают проекты программы «Tugan Qala».",      # a programme's title
    "«Jas Leader» жобасы аясында мектепке компьютерлер берілді.",
    "The company supports the Jas Leader project in rural schools.",
    "Показатель EBITDA составил 1 800 млрд тенге.",
])
def test_ignores_state_bodies_media_and_places(text):
    assert names(text) <= {"Koktem"}


def test_abbreviation_in_brackets_links_to_the_full_name():
    text = "Kazakh Steppe Oil LLP (KSO) opened a gym. KSO also repaired the road."
    view = prepare(Document(id="t", text=text))
    found = extract_companies(view)
    assert [c.text for c in found] == ["Kazakh Steppe Oil LLP", "KSO", "KSO"]
    assert {c.name for c in found} == {"Kazakh Steppe Oil"}


def test_later_bare_mentions_and_case_endings_are_reported():
    text = "ТОО «Ертіс Құрылыс» построило школу. Директор Ертіс Құрылыса поблагодарил жителей."
    found = extract_companies(prepare(Document(id="t", text=text)))
    assert len(found) == 2 and {c.name for c in found} == {"Ертіс Құрылыс"}


@pytest.mark.parametrize("surface, canonical", [
    ("Теңізшевройл", "Tengizchevroil"),
    ("ТШО", "Tengizchevroil"),
    ("Tengizchevroil LLP", "Tengizchevroil"),
    ("Самұрық-Қазына", "Samruk-Kazyna"),
    ("Samruk-Kazyna Fund", "Samruk-Kazyna"),
    ("Казахмыс", "Kazakhmys"),
    ("Неизвестная компания", "Неизвестная компания"),
])
def test_canonical_company(surface, canonical):
    assert canonical_company(surface) == canonical


def test_shared_name_prefers_the_kind():
    assert canonical_company("Халық", "foundation") == "Halyk Foundation"
    assert canonical_company("Halyk") == "Halyk Bank"


def test_name_key_ignores_script_legal_form_and_quotes():
    assert name_key("ТОО «Жақсылық Әлемі»") == name_key("Жаксылык Алеми")


def test_known_companies_found_inflected_and_in_headlines():
    text = "ҚазМұнайГаздың қолдауымен. KAZATOMPROM HANDS OVER. TCO-ның жобасы."
    assert [k.org.name for k in find_known(text)] == ["KazMunayGas", "Kazatomprom", "Tengizchevroil"]


def test_a_known_name_inside_a_word_is_not_found_but_the_next_one_is():
    text = "СуперКазцинк и Казцинк. «TCO» и Тенгизшевройл."
    assert [(k.org.name, text[k.start:k.end]) for k in find_known(text)] == [
        ("Kazzinc", "Казцинк"), ("Tengizchevroil", "TCO"), ("Tengizchevroil", "Тенгизшевройл")]


@pytest.mark.parametrize("text", ["the Kazakhstan halkyna public fund opened a centre",
                                  "Qazaqstan Halkyna Foundation equipped six centres"])
def test_a_known_fund_in_its_english_spellings(text):
    assert [k.org.name for k in find_known(text)] == ["Qazaqstan Halqyna"]


@needs_dev
def test_dev_set_companies_f1():
    import json
    import subprocess
    import sys
    import tempfile
    import datetime as dt

    from csrledger.pipeline import analyse

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for row in read_jsonl(DEV_CORPUS):
            pub = row.get("published")
            doc = Document(id=row["id"], text=row["text"], lang=row.get("lang"),
                           published=dt.date.fromisoformat(pub) if pub else None)
            out.write(json.dumps(analyse(doc).to_json(), ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(SCORE_PY), "--gold", str(DEV_GOLD), "--pred", out.name, "--json"],
                            capture_output=True, text=True, check=True)
    scores = json.loads(result.stdout)
    assert scores["companies"]["f1"] >= 0.9
    assert scores["persons"]["f1"] >= 0.95


@pytest.mark.parametrize("text, expected", [
    ("Қостанайлық «Жарық», сарандық «Темір Жол Сервис» және теміртаулық «Болат» компаниялары қорға қаражат аударды.",
     {"Жарық", "Темір Жол Сервис", "Болат"}),                           # each quoted name, not one long one
    ("Nurly Charity Foundation gave toys to the children of Taraz.", {"Nurly"}),      # the spelled kind is the cue
    ("The Aqniet Public Foundation and Zhanuya Social Foundation helped families.", {"Aqniet", "Zhanuya"}),
    ("Our peasant farm helped the school.", set()),                    # a possessive opens the run, no name
    ("Фото IMG-20160627-WA0002 Реконструкция дороги завершена.", set()),   # a file name is no company
    ("The Chinese company donated engine oil to the school.", set()),      # a nationality is no name
    ("Қорға көмек: БСК HSBKKZKX, шот KZ356010111000002033.", set()),         # bank codes are no names
    ("Бұл туралы BAQ хабарлайды.", set()),                                    # an outlet is no giver
    ("Construction company donates oxygen concentrators to hospitals.", set()),   # an industry is no name
])
def test_lists_and_spelled_kinds(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, name", [
    ("Фонд «Арман» построил школу в Таразе.", "Арман"),                 # a quoted name, no founder
    ("Фонд Армана Сейткалиева построил школу в Таразе.", "Фонд Армана Сейткалиева"),
    ("Arman Seitkaliyev’s Foundation donated beds to the hospital.", "Arman Seitkaliyev Foundation"),
    ("Арман Сейтқалиев қоры Таразда мектеп салды.", "Арман Сейтқалиев қоры"),
])
def test_a_foundation_named_after_a_person(text, name):
    from csrledger.pipeline import analyse
    analysis = analyse(Document(id="t", text=text))
    foundations = [c for c in analysis.companies if c.org_kind == "foundation"]
    assert [c.name for c in foundations] == [name]
    for c in analysis.companies:
        assert text[c.start:c.end] == c.text
    (record,) = analysis.records
    assert (record.sponsor, record.sponsor_kind) == (name, "foundation")


@pytest.mark.parametrize("text, expected", [
    ("Geo-Jade Petroleum allocated 70 million tenge to flood victims.", {"Geo-Jade Petroleum"}),
    ("The flood fund grew when Sinotrans, Lanzhou Steel and Baiyin Copper donated 90 million tenge.",
     {"Sinotrans", "Lanzhou Steel", "Baiyin Copper"}),                     # the list before the verb
    ("Astana donated nothing of the kind.", set()),                        # one word opening a sentence
    ("Nurlan Smagulov donated 20 million tenge.", set()),                  # a person's name, left to persons
    ("The mayor of Pavlodar presented awards.", set()),                    # a place
    ("New jobs came under the Employment Roadmap funded from the budget.", set()),   # funded, not funding
    ("Then the Prime Minister presented the keys.", set()),                # a title
    ("The Partnership donated 5 million tenge.", set()),                   # the company speaking of itself
])
def test_bare_latin_names_before_a_giving_verb(text, expected):
    from csrledger.pipeline import analyse
    analysis = analyse(Document(id="t", text=text, lang="en"))
    assert {c.name for c in analysis.companies} == expected
    for c in analysis.companies:
        assert text[c.start:c.end] == c.text


def test_the_director_of_a_fund_is_not_its_founder():
    from csrledger.pipeline import analyse
    analysis = analyse(Document(id="t", text="Об этом рассказала директор фонда Динара Есенова."))
    assert analysis.companies == []


def test_a_giver_next_to_a_fund_is_not_its_founder():
    from csrledger.pipeline import analyse
    analysis = analyse(Document(id="t", text="Фонду «Арман» Батырбек Ахметов передал школе компьютеры."))
    assert [c.name for c in analysis.companies] == ["Арман"]
    assert [p.name for p in analysis.persons] == ["Батырбек Ахметов"]


def test_known_names_inflected_inside():
    """A Russian name that opens with an adjective inflects inside, not only at its end."""
    assert [(m.org.name, m.end - m.start) for m in find_known("помощь оказана аппаратом Народного банка")] == [
        ("Halyk Bank", len("Народного банка"))]
    assert [m.org.name for m in find_known("вместе с Евразийской Группой")] == ["Eurasian Resources Group"]


@pytest.mark.parametrize("text, name", [
    ("The donation came from Bulat Utemuratov’s Foundation. The Bulat Utemuratov Foundation gave 5 million tenge.",
     "Bulat Utemuratov Foundation"),
    ("Болат Өтемұратов қоры мектепке 5 млн теңге бөлді.", "Болат Өтемұратов қоры"),
])
def test_a_foundation_named_after_a_person_keeps_its_kind_word(text, name):
    from csrledger.pipeline import analyse
    companies = analyse(Document(id="t", text=text)).companies
    assert {c.name for c in companies} == {name}


@pytest.mark.parametrize("text, expected", [
    # a bank named in plain words is a company; a development bank of states is not
    ("The World Bank approved a loan, and Eurasian Bank donated 450 million tenge.", {"Eurasian Bank"}),
    # every name of a list that a plural kind word opens
    ("A group of companies, including Arlan Mining, Tau Steppe and Kyzyl Bank, are contributing 4 billion tenge.",
     {"Arlan Mining", "Tau Steppe", "Kyzyl Bank"}),
    ("Помощь оказали компании, в том числе Arlan Mining, Tau Steppe и Karazhar.", {"Arlan Mining", "Tau Steppe",
                                                                                   "Karazhar"}),
    # a place word inside a longer name, and a surname's ending (-ina) on a company's word
    ("Thus, Astrachina International Kazakhstan and its subsidiaries donated 100 million tenge.",
     {"Astrachina International Kazakhstan"}),
])
def test_givers_named_in_plain_words(text, expected):
    from csrledger.pipeline import analyse
    assert {c.name for c in analyse(Document(id="t", text=text)).companies} == expected


@pytest.mark.parametrize("text, expected", [
    # a Kazakh kind word after a quoted name: enterprise, plant, works, market
    ("«Береке» кәсіпорны жарты тонна ұн таратты.", {"Береке"}),
    ("«Сарыарқа Цемент» зауыты мың тонна цемент жіберді.", {"Сарыарқа Цемент"}),
    ("«Алтын Базар» базары 110 отбасына азық-түлік үлестірді.", {"Алтын Базар"}),
])
def test_kazakh_kind_words_after_a_quoted_name(text, expected):
    from csrledger.pipeline import analyse
    assert {c.name for c in analyse(Document(id="t", text=text, lang="kk")).companies} == expected


def test_a_name_after_its_legal_form_ends_before_the_person_after_it():
    from csrledger.model import Document
    from csrledger.pipeline import analyse
    text = "The chairman of JSC Dala Steel Serik Akhmetov opened a new school in Aksu."
    a = analyse(Document(id="t", text=text, lang="en"))
    assert [c.name for c in a.companies] == ["Dala Steel"]
    assert [p.name for p in a.persons] == ["Serik Akhmetov"]
