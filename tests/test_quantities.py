"""Quantities tied to what they count, units as English lemmas (sentences written for these tests)."""
from __future__ import annotations

import pytest

from csrledger.extract.quantities import extract_quantities, unit_of_word
from csrledger.model import Document
from csrledger.pipeline import prepare


def quantities(text: str):
    found = extract_quantities(prepare(Document(id="t", text=text)))
    for q in found:
        assert text[q.start:q.end] == q.text
    return found


# text, [(mention text, value, unit)]
CASES = [
    # Russian
    ("Открыт детский сад на 320 мест.", [("320 мест", 320, "place")]),
    ("Построена больница на 50 коек.", [("50 коек", 50, "bed")]),
    ("Для переселенцев построено 105 домов.", [("105 домов", 105, "house")]),
    ("Семьям вручили ключи от 24 квартир.", [("24 квартир", 24, "flat")]),
    ("Высажено 5 000 саженцев.", [("5 000 саженцев", 5000, "tree")]),
    ("Волонтёры посадили 300 деревьев.", [("300 деревьев", 300, "tree")]),
    ("Помощь получили 200 детей.", [("200 детей", 200, "child")]),
    ("В акции участвовали 150 человек.", [("150 человек", 150, "person")]),
    ("Стипендии получат 30 учащихся.", [("30 учащихся", 30, "pupil")]),
    ("Гранты выиграли 12 студентов.", [("12 студентов", 12, "student")]),
    ("Продуктовые наборы получили 40 семей.", [("40 семей", 40, "family")]),
    ("Отремонтировано 12 км дороги.", [("12 км", 12, "km")]),
    ("Вывезено 37 тонн мусора.", [("37 тонн", 37, "ton")]),
    ("Станция мощностью 10 МВт.", [("10 МВт", 10, "MW")]),
    ("Пристройка площадью 140 кв. м.", [("140 кв. м", 140, "m2")]),
    ("Создано 200 рабочих мест.", [("200 рабочих мест", 200, "job")]),
    ("Озеленено 20 гектаров.", [("20 гектаров", 20, "hectare")]),
    ("Построено 50 новых домов.", [("50 новых домов", 50, "house")]),
    ("Открыто 3 детских сада.", [("3 детских сада", 3, "kindergarten")]),
    ("Выпущено 10 000 мальков.", [("10 000 мальков", 10000, "fish")]),
    ("Подарки вручили двадцати ветеранам.", [("двадцати ветеранам", 20, "veteran")]),
    # English
    ("The company built 100 new houses.", [("100 new houses", 100, "house")]),
    ("A kindergarten for 280 places opened.", [("280 places", 280, "place")]),
    ("7,100 green spaces were planted.", [("7,100 green spaces", 7100, "tree")]),
    ("The action involved 300 people.", [("300 people", 300, "person")]),
    ("37 tons of waste were removed.", [("37 tons", 37, "ton")]),
    ("a capacity of 10 MW", [("10 MW", 10, "MW")]),
    ("Gifts went to 45 children.", [("45 children", 45, "child")]),
    ("Two schools and 12 flats were handed over.", [("Two schools", 2, "school"), ("12 flats", 12, "flat")]),
    ("1,000 seedlings were planted.", [("1,000 seedlings", 1000, "tree")]),
    ("The road is 15 km long.", [("15 km", 15, "km")]),
    # Kazakh
    ("Ауылда 50 жаңа үй салынды.", [("50 жаңа үй", 50, "house")]),
    ("Саябаққа 500 көшет отырғызылды.", [("500 көшет", 500, "tree")]),
    ("Жәрмеңкеге 100-ден астам бала қатысты.", [("100-ден астам бала", 100, "child")]),
    ("300 орындық мектеп ашылды.", [("300 орындық", 300, "place")]),
    ("Көмек 200 адамға берілді.", [("200 адамға", 200, "person")]),
    ("15 отбасына пәтер берілді.", [("15 отбасына", 15, "family")]),
    ("Қалада 3 балабақша салынады.", [("3 балабақша", 3, "kindergarten")]),
    ("Аудан орталығына 12 шақырым жол төселді.", [("12 шақырым", 12, "km")]),
    ("Кәсіпорын 45 оқушыға шәкіртақы берді.", [("45 оқушыға", 45, "pupil")]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_quantities(text, expected):
    got = quantities(text)
    assert [(q.text, q.unit) for q in got] == [(e[0], e[2]) for e in expected]
    assert [q.value for q in got] == pytest.approx([e[1] for e in expected])


NOT_QUANTITIES = [
    "В 2023 году детей стало больше.",
    "Встреча прошла 5 сентября.",
    "Выделено 5 млн тенге.",
    "In 2021 people gathered in the park.",
    "Доля выросла на 15%.",
    "2023 жылы балалар көп болды.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text):
    assert quantities(text) == []


@pytest.mark.parametrize("text,qualifier", [
    ("помощь получили более 200 детей", "over"),
    ("около 50 семей", "about"),
    ("more than 300 people", "over"),
    ("шамамен 40 адам", "about"),
])
def test_quantity_qualifiers(text, qualifier):
    (q,) = quantities(text)
    assert q.qualifier == qualifier


@pytest.mark.parametrize("word,unit", [
    ("домов", "house"), ("мест", "place"), ("детям", "child"), ("houses", "house"),
    ("families", "family"), ("үйлер", "house"), ("балаларға", "child"), ("көшеттер", "tree"),
    ("тенге", None), ("года", None),
])
def test_unit_of_word(word, unit):
    assert unit_of_word(word) == unit
