"""Money mentions in Russian, English and Kazakh news sentences (written for these tests)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from csrledger.extract.money import extract_money
from csrledger.model import Document
from csrledger.pipeline import prepare
from tests.conftest import DEV_CORPUS, DEV_GOLD, SCORE_PY, corpus_documents, needs_dev


def money(text: str):
    view = prepare(Document(id="t", text=text, published=dt.date(2023, 6, 1)))
    found = extract_money(view)
    for m in found:
        assert text[m.start:m.end] == m.text
    return found


# text, [(mention text, value, currency)]
PLAIN = [
    # Russian
    ("Меценаты региона оказали помощь на общую сумму 7 млрд тенге.", [("7 млрд тенге", 7e9, "KZT")]),
    ("На строительство школы направлено 3 837 144 000 тенге.", [("3 837 144 000 тенге", 3837144000, "KZT")]),
    ("Компания выделила 4 млрд 864 млн тенге на ремонт дорог.", [("4 млрд 864 млн тенге", 4864e6, "KZT")]),
    ("Фонд передал 1,3 миллиарда тенге и 57 миллионов тенге.",
     [("1,3 миллиарда тенге", 1.3e9, "KZT"), ("57 миллионов тенге", 57e6, "KZT")]),
    ("Стоимость проекта — 24 370,6 тыс. тенге.", [("24 370,6 тыс. тенге", 24370600, "KZT")]),
    ("Спонсор выделил два миллиарда тенге.", [("два миллиарда тенге", 2e9, "KZT")]),
    ("На оснащение ушло полтора миллиона тенге.", [("полтора миллиона тенге", 1.5e6, "KZT")]),
    ("Инвестор вложит 250 млн долларов США.", [("250 млн долларов США", 250e6, "USD")]),
    ("Грант составил 50 тыс. долларов.", [("50 тыс. долларов", 50e3, "USD")]),
    ("Партнёр выделил 2 млн евро.", [("2 млн евро", 2e6, "EUR")]),
    ("Оборудование куплено за 15 млн рублей.", [("15 млн рублей", 15e6, "RUB")]),
    ("Сумма помощи — 500 000 тг.", [("500 000 тг", 500000, "KZT")]),
    ("Выделено 300 млн тнг.", [("300 млн тнг", 300e6, "KZT")]),
    ("Цена — 12 500 тенге за комплект.", [("12 500 тенге", 12500, "KZT")]),
    ("Компания выделила 3 000 000 (три миллиона) тенге.", [("3 000 000 (три миллиона) тенге", 3e6, "KZT")]),
    ("Проект стоит 1,5 млрд. тенге.", [("1,5 млрд. тенге", 1.5e9, "KZT")]),
    ("На праздник потрачено 450 тыс. тенге.", [("450 тыс. тенге", 450e3, "KZT")]),
    ("Аким сообщил, что 5 млн ₸ уже поступили.", [("5 млн ₸", 5e6, "KZT")]),
    # English
    ("The total project cost is 2.4 billion tenge.", [("2.4 billion tenge", 2.4e9, "KZT")]),
    ("Over 176 billion tenge was provided.", [("176 billion tenge", 176e9, "KZT")]),
    ("with an expense of 400,000 tenge.", [("400,000 tenge", 400000, "KZT")]),
    ("Under the memorandum USD 3,000,000 (three million) will be allocated.",
     [("USD 3,000,000", 3e6, "USD")]),
    ("The company donated $1.2 million to the hospital.", [("$1.2 million", 1.2e6, "USD")]),
    ("A grant of US$ 250,000 was awarded.", [("US$ 250,000", 250000, "USD")]),
    ("The fund raised KZT 5 billion.", [("KZT 5 billion", 5e9, "KZT")]),
    ("The sponsor spent five million tenge.", [("five million tenge", 5e6, "KZT")]),
    ("The bank gave 10 mln tenge to the school.", [("10 mln tenge", 10e6, "KZT")]),
    ("The works cost 3 bn tenge.", [("3 bn tenge", 3e9, "KZT")]),
    ("The fund holds 1.5 bln tenge.", [("1.5 bln tenge", 1.5e9, "KZT")]),
    ("Reserves exceed 2 trillion tenge.", [("2 trillion tenge", 2e12, "KZT")]),
    ("Резервы фонда — 1,2 трлн тенге.", [("1,2 трлн тенге", 1.2e12, "KZT")]),
    ("Выделено 5 миллионов 300 тысяч тенге.", [("5 миллионов 300 тысяч тенге", 5.3e6, "KZT")]),
    ("Investments reached €2.5 million.", [("€2.5 million", 2.5e6, "EUR")]),
    ("The company paid £8.1m in grants.", [("£8.1m", 8.1e6, "GBP")]),
    ("The kindergarten (cost – KZ 50 mln) is built by a farm.", [("KZ 50 mln", 50e6, "KZT")]),
    ("Donations totalled 120 thousand dollars.", [("120 thousand dollars", 120e3, "USD")]),
    ("Its profit rose to 361 million pounds.", [("361 million pounds", 361e6, "GBP")]),
    ("The fee rose to 17 USD 25 later.", [("17 USD", 17, "USD")]),   # one currency serves one amount
    ("The plan covers 2024–2026. KZT 120 billion is allocated.", [("KZT 120 billion", 120e9, "KZT")]),
    ("In 2023 KZT 40 million was spent on schools.", [("KZT 40 million", 40e6, "KZT")]),
    ("Итого 2 000 KZT за билет.", [("2 000 KZT", 2000, "KZT")]),
    # Kazakh
    ("Кәсіпкер 35 миллион теңгеге ауылдағы мектепті жаңартты.", [("35 миллион теңгеге", 35e6, "KZT")]),
    ("Спорт алаңына 18,2 млн теңге қаражат жұмсалды.", [("18,2 млн теңге", 18.2e6, "KZT")]),
    ("Қор 1,8 млрд теңгеге 23 жобаны жүзеге асырды.", [("1,8 млрд теңгеге", 1.8e9, "KZT")]),
    ("Жобаларға 250 млн. астам АҚШ доллары жұмсалды.", [("250 млн. астам АҚШ доллары", 250e6, "USD")]),
    ("Демеуші екі миллиард теңге бөлді.", [("екі миллиард теңге", 2e9, "KZT")]),
    ("Компания 500 мың теңге аударды.", [("500 мың теңге", 500e3, "KZT")]),
    ("Ауруханаға 3 млн долларға құрал алынды.", [("3 млн долларға", 3e6, "USD")]),
    ("Мектепке 2 млрд 300 млн теңге бөлінді.", [("2 млрд 300 млн теңге", 2.3e9, "KZT")]),
    ("Қайырымдылық қоры 10 млн теңгенің көмегін көрсетті.", [("10 млн теңгенің", 10e6, "KZT")]),
    ("Демеуші бір жарым миллион теңгені аударды.", [("бір жарым миллион теңгені", 1.5e6, "KZT")]),
    # glued or hyphenated to the currency or the scale, as real copy writes them
    ("The lender set aside KZT7 billion for clinics.", [("KZT7 billion", 7e9, "KZT")]),
    ("They signed a 150-billion tenge agreement.", [("150-billion tenge", 150e9, "KZT")]),
    ("The miners spent4 billion tenge on roads.", [("4 billion tenge", 4e9, "KZT")]),
    ("The operator gives USD 12 MM a year to the district.", [("USD 12 MM", 12e6, "USD")]),
    ("The grant was about USD 3 mil in total.", [("USD 3 mil", 3e6, "USD")]),
    ("На дороги ушло свыше 11-ти миллиардов тенге.", [("11-ти миллиардов тенге", 11e9, "KZT")]),
]


@pytest.mark.parametrize("text,expected", PLAIN)
def test_amounts(text, expected):
    got = money(text)
    assert [(m.text, m.currency) for m in got] == [(e[0], e[2]) for e in expected]
    assert [m.value for m in got] == pytest.approx([e[1] for e in expected])


# text, value, qualifier, value_to
QUALIFIED = [
    ("Выделено более 5 млн тенге.", 5e6, "over", None),
    ("Собрано свыше 20 млн тенге.", 20e6, "over", None),
    ("Проект обойдётся примерно в 40 млрд тенге.", 40e9, None, None),   # "в" stands between
    ("Стоимость — около 2 млрд тенге.", 2e9, "about", None),
    ("Потрачено почти 900 тыс. тенге.", 900e3, "about", None),
    ("Выделено менее 1 млн тенге.", 1e6, "under", None),
    ("Гранты до 5 млн тенге.", 5e6, "up_to", None),
    ("Гранты от 5 до 10 млн тенге.", 5e6, "range", 10e6),
    ("Сумма 5–10 млн тенге.", 5e6, "range", 10e6),
    ("Projects worth about 222 billion tenge.", 222e9, "about", None),
    ("more than 48 billion tenge was allocated", 48e9, "over", None),
    ("grants of up to 2 million tenge", 2e6, "up_to", None),
    ("between $5 and $10 million", 5e6, "range", 10e6),
    ("from 2 to 3 billion tenge", 2e9, "range", 3e9),
    ("5-10 million tenge", 5e6, "range", 10e6),
    ("шамамен 35 миллион теңге жұмсаған", 35e6, "about", None),
    ("5 млн теңгеден астам қаражат", 5e6, "over", None),
    ("100 млн теңгеге дейін грант", 100e6, "up_to", None),
    ("200 млн теңгеге жуық қаржы", 200e6, "about", None),
]


@pytest.mark.parametrize("text,value,qualifier,value_to", QUALIFIED)
def test_qualifiers_and_ranges(text, value, qualifier, value_to):
    (m,) = money(text)
    assert m.value == pytest.approx(value)
    assert m.qualifier == qualifier
    assert m.value_to == (pytest.approx(value_to) if value_to else None)


AMBIGUOUS = [
    ("carps for the sum of 24,370.628 tenge.", 24370628, 24370.628),
    ("green spaces for the sum of 37,300.000 tenge.", 37300000, 37300),
    ("на сумму 2.826,000 тенге", 2826000, 2826),
]


@pytest.mark.parametrize("text,value,alt", AMBIGUOUS)
def test_ambiguous_table_figures(text, value, alt):
    (m,) = money(text)
    assert m.ambiguous and m.value == pytest.approx(value) and m.alt == pytest.approx(alt)


def test_unambiguous_figures_have_no_alt():
    (m,) = money("with an expense of 433,000 tenge.")
    assert not m.ambiguous and m.alt is None


# the currency written once for an enumeration
ELIDED = [
    ("ТОО «Альфа» перевело 70 миллионов, ТОО «Бета» — 50 миллионов тенге.",
     [("70 миллионов", 70e6), ("50 миллионов тенге", 50e6)]),
    ("5 сентября поступило 102 миллиона тенге, 6 сентября — уже 33 миллиона.",
     [("102 миллиона тенге", 102e6), ("33 миллиона", 33e6)]),
    ("На школу выделено 300 млн тенге. Ещё 150 млн направят на спортзал.",
     [("300 млн тенге", 300e6), ("150 млн", 150e6)]),
    ("Фонд собрал более 491 млн для пострадавших.\nОрганизаторы сообщили детали.\n"
     "Всего поступило 491 миллион 614 тысяч тенге.",
     [("491 млн", 491e6), ("491 миллион 614 тысяч тенге", 491614e3)]),
    ("The company gave 20 million tenge, the bank 15 million.",
     [("20 million tenge", 20e6), ("15 million", 15e6)]),
    ("Кәсіпорын 40 млн теңге бөлді, ал серіктесі 25 млн.",
     [("40 млн теңге", 40e6), ("25 млн", 25e6)]),
]


@pytest.mark.parametrize("text,expected", ELIDED)
def test_elided_currency(text, expected):
    got = money(text)
    assert [m.text for m in got] == [e[0] for e in expected]
    assert [m.value for m in got] == pytest.approx([e[1] for e in expected])
    assert all(m.currency == "KZT" for m in got)


def test_restated_amount_in_brackets_counts_once():
    got = money("Within the memorandum USD 3,000,000 (three million) will be allocated.")
    assert [(m.value, m.currency) for m in got] == [(3e6, "USD")]


NOT_MONEY = [
    "Доля выросла на 15% по сравнению с 2022 годом.",
    "В 2023 году в районе построено 105 домов.",
    "Телефон для справок: +7 701 555 12 34.",
    "Согласно статье 135 Кодекса, помощь оказывается бесплатно.",
    "Встреча состоится 10.09.2023 в 15:00.",
    "В области высажено 1 млн деревьев.",
    "Население области — 1,2 млн. Бюджет региона вырос.",
    "В регионе проживает 1,2 млн человек, на помощь им выделено 5 млрд тенге.",   # only the tenge
    "The company employs 5,000 people.",
    "In 2022, 3 million tourists visited the region.",
    "Жобаға 250 адам қатысты.",
    "2023 жылы 15 мектеп салынды.",
    "Пайыздық мөлшерлеме 12,5% құрады.",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text):
    got = money(text)
    assert all(m.currency == "KZT" and "тенге" in m.text for m in got)
    if "тенге" not in text:
        assert got == []


def test_mentions_sorted_and_disjoint():
    got = money("Выделено 5 млн тенге, затем 10 млн тенге и ещё $2 million.")
    assert [m.start for m in got] == sorted(m.start for m in got)
    assert all(a.end <= b.start for a, b in zip(got, got[1:]))


@needs_dev
def test_dev_money_f1(tmp_path):
    """Money F1 on the dev set by the shared scorer (acceptance: ≥ 0.98)."""
    import subprocess
    import sys

    out = tmp_path / "money.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        for doc in corpus_documents(DEV_CORPUS):
            view = prepare(doc)
            fh.write(json.dumps({"id": doc.id, "lang": view.lang,
                                 "money": [m.to_json() for m in extract_money(view)]}) + "\n")
    res = subprocess.run([sys.executable, str(SCORE_PY), "--gold", str(DEV_GOLD), "--pred", str(out),
                          "--json"], capture_output=True, text=True, check=True)
    assert json.loads(res.stdout)["money"]["f1"] >= 0.98
