"""Hostile figures and dates: no crash, no Infinity or NaN, no implausible amount, no year past 9999."""
from __future__ import annotations

import datetime as dt
import json
import math
import random

import pytest

from csrledger.extract.dates import extract_dates
from csrledger.extract.money import extract_money
from csrledger.extract.numbers import MAX_VALUE, find_numbers, parse_figure
from csrledger.extract.quantities import extract_quantities
from csrledger.model import Document
from csrledger.pipeline import analyse, prepare
from csrledger.text.normalize import fold


def view(text: str, published: dt.date | None = dt.date(2024, 3, 1)):
    return prepare(Document(id="t", text=text, published=published))


@pytest.mark.parametrize("raw, lang, value", [
    ("10 000.000.000", "ru", 10_000_000_000),    # spaces and repeated dots both group thousands
    ("10 000,000,000", "en", 10_000_000_000),
    ("1 000.000,5", "ru", 1_000_000.5),          # both marks after the spaces: the last is decimal
    ("1 000,000.5", "en", 1_000_000.5),
    ("24 370,6", "ru", 24_370.6),                # unchanged: one mark after spaces is decimal
    ("3 837 144 000", "ru", 3_837_144_000),
])
def test_mixed_separators(raw, lang, value):
    assert parse_figure(raw, lang)[0] == pytest.approx(value)


# text, expected money as (text, value) — what an implausible figure leaves: nothing, never Infinity
MONEY = [
    ("Компания выделила 10 000.000.000 тенге на школу.", [("10 000.000.000 тенге", 1e10)]),
    ("Компания выделила " + "9" * 5000 + " тенге на школу.", []),
    ("Компания выделила " + " ".join(["999"] * 120) + " тенге.", []),
    ("Company gave " + ",".join(["999"] * 120) + " tenge.", []),
    ("Компания выделила " + "9" * 20 + " млрд тенге.", []),
    ("Компания выделила " + "9" * 400 + " млрд тенге.", []),
    ("Компания выделила 10 000 трлн тенге.", [("10 000 трлн тенге", 1e16)]),       # the limit itself
    ("Компания выделила 10 001 трлн тенге.", []),                                  # just past it
    ("Фонд выделил от 5 до 20 000 трлн тенге.", []),     # a range whose first figure takes a huge scale
    ("Company gave " + "hundred " * 400 + "tenge.", []),
    ("Компания выделила 5 млрд тенге, а затем " + "9" * 300 + " тенге.", [("5 млрд тенге", 5e9)]),
]


@pytest.mark.parametrize("text, expected", MONEY, ids=[t[:40] for t, _ in MONEY])
def test_money_is_finite_and_plausible(text, expected):
    found = extract_money(view(text))
    assert [(m.text, m.value) for m in found] == expected
    for m in found:
        assert all(v is None or (math.isfinite(v) and 0 <= v <= MAX_VALUE) for v in (m.value, m.value_to, m.alt))


@pytest.mark.parametrize("text", [
    "Построено " + "9" * 400 + " домов.",
    "Built " + " ".join(["999"] * 120) + " houses.",
    "Салынды " + "9" * 5000 + " үй.",
])
def test_quantities_are_finite(text):
    assert extract_quantities(view(text)) == []


def test_find_numbers_drops_only_the_implausible_figure():
    folded = fold("Было 12 школ и " + "7" * 60 + " и ещё 3 млн тенге.")
    assert [n.value for n in find_numbers(folded)] == [12, 3e6]


@pytest.mark.parametrize("published, text, expected", [
    (dt.date(9999, 12, 31), "В следующем году компания построит школу.", (None, None)),
    (dt.date(9999, 12, 31), "The company will build a school next year.", (None, None)),
    (dt.date(9999, 12, 31), "В прошлом году компания построила школу.", ("9998", "9998")),
    (dt.date(1900, 1, 1), "В прошлом году компания построила школу.", (None, None)),
    (dt.date(2024, 3, 1), "В следующем году компания построит школу.", ("2025", "2025")),
])
def test_relative_years_stay_in_range(published, text, expected):
    [d] = extract_dates(view(text, published))
    assert (d.from_, d.to) == expected


@pytest.mark.parametrize("text", [
    "Компания выделила " + "9" * 5000 + " тенге на школу в следующем году.",
    "Компания выделила " + " ".join(["999"] * 120) + " тенге. " * 3,
    "Компания выделила 10 000.000.000 тенге и " + "9" * 30 + " млрд тенге.",
    "ТОО «Дала» выделило " + "миллион " * 2000 + "тенге.",
])
def test_whole_analysis_is_valid_json(text):
    doc = Document(id="t", text=text, published=dt.date(9999, 12, 31))
    line = json.dumps(analyse(doc).to_json(), ensure_ascii=False, allow_nan=False)
    for rec in json.loads(line)["records"]:
        assert rec["amount"] is None or rec["amount"] <= MAX_VALUE


def test_seeded_fuzz_of_figures_never_crashes_or_yields_non_finite():
    rng = random.Random(7)
    pieces = ["9" * 25, "000", " ", ".", ",", " млрд", " трлн", " тенге", " million", " $", "-", "от ", " до ",
              "1,5", "миллиард ", "тысяч ", " домов", "\u00a0"]
    for _ in range(400):
        text = "Фонд выделил " + "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) + "."
        v = view(text)
        for m in extract_money(v):
            assert text[m.start:m.end] == m.text
            assert all(x is None or 0 <= x <= MAX_VALUE for x in (m.value, m.value_to, m.alt)), text
        for q in extract_quantities(v):
            assert math.isfinite(q.value) and q.value <= MAX_VALUE, text
