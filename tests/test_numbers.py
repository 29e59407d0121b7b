"""The shared number parser: figures, separators, words, scale words, qualifiers."""
from __future__ import annotations

import pytest

from csrledger.extract.numbers import (find_numbers, parse_figure, parse_spelled, qualifier_after,
                                       qualifier_before)
from csrledger.text.normalize import fold

FIGURES = [
    # raw, lang, scaled, value, alt
    ("2023", "ru", False, 2023, None),
    ("24 370,6", "ru", False, 24370.6, None),
    ("3 837 144 000", "ru", False, 3837144000, None),
    ("24,370.628", "en", False, 24370628, 24370.628),     # table in thousands copied into prose
    ("37,300.000", "en", False, 37300000, 37300),
    ("24.370,628", "ru", False, 24370628, 24370.628),
    ("1,234.56", "en", False, 1234.56, None),
    ("1.234,56", "ru", False, 1234.56, None),
    ("400,000", "en", False, 400000, None),
    ("400,000", "ru", False, 400000, None),
    ("3,000,000", "en", False, 3000000, None),
    ("3.000.000", "ru", False, 3000000, None),
    ("1,5", "ru", True, 1.5, None),
    ("18,2", "kk", True, 18.2, None),
    ("2.4", "en", True, 2.4, None),
    ("1,500", "ru", True, 1.5, None),       # "1,500 млрд": the comma is Russian decimal
    ("1,500", "en", True, 1500, None),      # "1,500 million": the comma groups thousands
    ("2.500", "en", True, 2.5, None),
    ("0,750", "ru", False, 0.75, None),
]


@pytest.mark.parametrize("raw,lang,scaled,value,alt", FIGURES)
def test_parse_figure(raw, lang, scaled, value, alt):
    got, got_alt = parse_figure(raw, lang, scaled)
    assert got == pytest.approx(value)
    assert got_alt == (pytest.approx(alt) if alt is not None else None)


SPELLED = [
    ("двести пятьдесят", 250),
    ("сорок пять", 45),
    ("twenty-five", 25),
    ("one hundred and fifty", 150),
    ("five hundred", 500),
    ("екі жүз елу", 250),
    ("он бір", 11),
    ("полтора", 1.5),
    ("үш жарым", 3.5),
    ("екі бүтін оннан бір", 2.1),
    ("бес бүтін жүзден жиырма бес", 5.25),
]


@pytest.mark.parametrize("words,value", SPELLED)
def test_parse_spelled(words, value):
    assert parse_spelled(words) == pytest.approx(value)


NUMBERS = [
    # text, lang, [(span text, value)]
    ("выделено 4 млрд 864 млн тенге", "ru", [("4 млрд 864 млн", 4864e6)]),
    ("поступило 491 миллион 614 тысяч тенге", "ru", [("491 миллион 614 тысяч", 491614e3)]),
    ("сумма 24 370,6 тыс. тенге", "ru", [("24 370,6 тыс", 24370600)]),
    ("фонд передал два миллиарда тенге", "ru", [("два миллиарда", 2e9)]),
    ("полтора миллиона тенге", "ru", [("полтора миллиона", 1.5e6)]),
    ("five million dollars", "en", [("five million", 5e6)]),
    ("2.4 billion tenge", "en", [("2.4 billion", 2.4e9)]),
    ("$48.2 mln", "en", [("48.2 mln", 48.2e6)]),
    ("about $5m in aid", "en", [("5m", 5e6)]),
    ("екі миллиард бес жүз миллион теңге", "kk", [("екі миллиард бес жүз миллион", 2.5e9)]),
    ("1,8 млрд теңгеге", "kk", [("1,8 млрд", 1.8e9)]),
    ("250 млн. астам", "kk", [("250 млн", 250e6)]),        # the abbreviation's dot stays outside
    ("в 2019 году 150 000 человек", "ru", [("2019", 2019), ("150 000", 150000)]),
    ("10.09.2023 года", "ru", []),                         # a date is not a number
    ("пункты 1,2,3", "ru", []),
    ("5 млн и 3 тыс", "ru", [("5 млн", 5e6), ("3 тыс", 3e3)]),  # "и" ends a compound
    ("3 млн 5 млрд", "ru", [("3 млн", 3e6), ("5 млрд", 5e9)]),   # a larger scale starts a new number
    ("үш жарым миллиард", "kk", [("үш жарым миллиард", 3.5e9)]),
    ("екі бүтін оннан бір миллиард", "kk", [("екі бүтін оннан бір миллиард", 2.1e9)]),
    ("үш жүз жиырма үш мың төрт жүз жиырма екі", "kk", [("үш жүз жиырма үш мың төрт жүз жиырма екі", 323422)]),
    ("двести тысяч пятьсот", "ru", [("двести тысяч пятьсот", 200500)]),
    ("5 млн 20 семьям", "ru", [("5 млн", 5e6), ("20", 20)]),       # a figure does not end a compound
    # a scale word alone is a number: "a million", half of one
    ("собрали миллион тенге", "ru", [("миллион", 1e6)]),
    ("выделят по полмиллиарда тенге", "ru", [("полмиллиарда", 5e8)]),
    ("более миллиарда тенге", "ru", [("миллиарда", 1e9)]),
    ("donated half a billion tenge", "en", [("half a billion", 5e8)]),
    ("a million trees", "en", [("a million", 1e6)]),
    ("жарты миллиард теңге бөлді", "kk", [("жарты миллиард", 5e8)]),
    ("миллионы людей", "ru", []),                                  # "millions of" counts nothing
    # copied text doubles its spaces: a number in words still reads whole
    ("отыз алты  миллиард екі жүз жетпіс бір  миллион теңге", "kk",
     [("отыз алты  миллиард екі жүз жетпіс бір  миллион", 36271e6)]),
    ("5  млн тенге", "ru", [("5  млн", 5e6)]),
]


@pytest.mark.parametrize("text,lang,expected", NUMBERS)
def test_find_numbers(text, lang, expected):
    got = [(text[n.start:n.end], n.value) for n in find_numbers(fold(text), lang)]
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [g[1] for g in got] == pytest.approx([e[1] for e in expected])


def test_find_numbers_keeps_ambiguous_reading():
    (n,) = find_numbers(fold("for the sum of 24,370.628 tenge"), "en")
    assert (n.value, n.alt) == (24370628, pytest.approx(24370.628))


@pytest.mark.parametrize("text,label", [
    ("более 5", "over"), ("свыше 5", "over"), ("около 5", "about"), ("почти 5", "about"),
    ("менее 5", "under"), ("до 5", "up_to"), ("more than 5", "over"), ("about 5", "about"),
    ("up to 5", "up_to"), ("less than 5", "under"), ("шамамен 5", "about"), ("кемінде 5", "over"),
    ("в 5", None),
])
def test_qualifier_before(text, label):
    assert qualifier_before(fold(text), len(text) - 1) == label


@pytest.mark.parametrize("text,label", [
    ("100-ден астам", "over"), ("100 астам", "over"), ("500-ге жуық", "about"),
    ("5 млн теңгеге дейін", None), ("100 адам", None),
])
def test_qualifier_after(text, label):
    n = find_numbers(fold(text), "kk")[0]
    assert qualifier_after(fold(text), n.end)[0] == label
