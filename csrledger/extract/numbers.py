"""Numbers as news writes them: figures with separators, words, scale words.

One parser serves money and quantities, so "4 млрд 864 млн", "1,3 миллиард",
"two million" and "екі миллиард" are read the same way wherever they stand.
Matching runs on ``fold(text)`` (same length as the text, spaces unified),
so every offset is an offset into the document.

Separators follow the written form, not the language alone: spaces group
thousands; when both "," and "." occur the last one is the decimal mark;
a mark repeated is a thousands separator; a single mark followed by other
than three digits is decimal.  A single mark followed by exactly three
digits is decimal only before a scale word and when it is the language's
decimal mark ("1,500 млрд" = 1.5 bn, "1,500 million" = 1.5 bn,
"400,000 tenge" = 400 000).  A figure like "24,370.628", whose last mark
differs from its thousands mark and is followed by exactly three digits, is
the way tables kept in thousands are copied into prose: it is read as
24 370 628 with the decimal reading kept as ``alt``.

A number is kept only when its value is finite and at most ``MAX_VALUE``:
a figure of 40 digits, 120 digit groups or "999…9 млрд" is an id, a phone
list or garbage, never an amount or a count, and a value of Infinity would
make the analysis invalid JSON.
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent / "data" / "numbers.toml"
LANGS = ("ru", "en", "kk")

MAX_VALUE = 1e16
"""Largest number kept (10 quadrillion): Kazakhstan's yearly GDP is about 1.3e14 tenge."""
MAX_FIGURE_CHARS = 40
"""A written figure longer than this is not converted at all (10^16 takes 17 digits and 5 separators)."""

DIGITS = (r"(?<![\d_.,])(?:\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
          r"(?!\d)(?![.,]\d)")
"""A figure: digits with optional thousands separators and decimals."""


@dataclass(frozen=True)
class Number:
    """A number found in the text, scale words applied."""

    start: int
    end: int
    value: float
    alt: float | None = None   # the other reading of a figure that has two
    scale: float = 1.0            # the largest scale word applied (1e6 for "5 млн")
    spelled: bool = False         # written in words


@dataclass(frozen=True)
class _Tables:
    words: dict[str, float]
    multipliers: dict[str, float]
    fractions: dict[str, float]     # "оннан" → 10 in "екі бүтін оннан бір" (2.1)
    point: re.Pattern[str]
    scales: tuple[tuple[re.Pattern[str], float], ...]
    bare_scales: dict[str, float]   # "полмиллиарда" → 5e8: a scale word that is a number by itself
    decimal: dict[str, str]
    number_re: re.Pattern[str]
    more_re: re.Pattern[str]
    tail_re: re.Pattern[str]
    qualifier_before: re.Pattern[str]
    qualifier_after: str          # named alternation (groups post_<label>) for larger patterns
    qualifier_labels: tuple[str, ...]


def alternation(forms: list[str]) -> str:
    """Regex alternatives, longest first so that the longest form wins."""
    return "|".join(sorted(forms, key=len, reverse=True))


def named_alternation(groups: dict[str, list[str]]) -> str:
    """One alternation with a named group per label, longest patterns first."""
    return "|".join(f"(?P<{name}>{alternation(pats)})" for name, pats in groups.items() if pats)


def group_label(match: re.Match[str], names: tuple[str, ...]) -> str | None:
    """Which of the named groups of :func:`named_alternation` matched."""
    return next((n for n in names if match.groupdict().get(n) is not None), None)


def merged_words(data: dict[str, Any], key: str) -> list[str]:
    """The word list ``data[lang][key]`` of every language, joined."""
    return [w for lang in LANGS for w in data[lang].get(key, [])]


def merged_sections(data: dict[str, Any], key: str) -> dict[str, list[str]]:
    """``data[lang][key]`` of every language merged: documents mix languages."""
    merged: dict[str, list[str]] = {}
    for lang in LANGS:
        for name, items in data[lang].get(key, {}).items():
            merged.setdefault(name, []).extend(items)
    return merged


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """The number tables of all languages (documents mix them), compiled once."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    words: dict[str, float] = {}
    multipliers: dict[str, float] = {}
    scale_patterns: list[tuple[str, float]] = []
    bare_scales: dict[str, float] = {}
    for lang in LANGS:
        section = data[lang]
        for value, forms in section.get("words", {}).items():
            words.update({f: float(value) for f in forms})
        for value, forms in section.get("multipliers", {}).items():
            multipliers.update({f: float(value) for f in forms})
        for value, pats in section["scales"].items():
            scale_patterns.extend((p, float(value)) for p in pats)
        for value, forms in section.get("bare_scales", {}).items():
            bare_scales.update({f: float(value) for f in forms})
    word = "(?:" + alternation([re.escape(w) for w in [*words, *multipliers]]) + ")"
    fractions = {f: float(v) for lang in LANGS for v, forms in data[lang].get("fractions", {}).items()
                 for f in forms}
    point_words = merged_words(data, "point")
    integer = rf"{word}(?:(?: and | +|-){word})*"     # copied text often doubles its spaces
    point = rf" (?:{alternation(point_words)}) (?:{alternation(list(fractions))}) "
    spelled = rf"(?<!\w){integer}(?:{point}{integer})?(?!\w)"
    scale = "(?:" + "|".join(p for p, _ in scale_patterns) + r")(?![\w-])"
    # "300-billion tenge", "13-ти миллиардов": a hyphen, or a Russian case ending, before the scale
    bare = alternation([re.escape(w) for w in bare_scales])
    number = (rf"(?P<num>{DIGITS}|{spelled})(?:(?:-[а-я]{{1,3}} | +|-)?(?P<scale>{scale}))?"
              rf"|(?<![\w-])(?P<bare>{bare})(?![\w-])")
    more = rf" +(?P<num>{DIGITS}|{spelled}) *(?P<scale>{scale})"
    tail = rf" +(?P<num>{spelled})(?! *{scale})"     # "… мың төрт жүз жиырма екі"
    q_before = {k: [re.escape(w) for w in v] for k, v in merged_sections(data, "qualifiers_before").items()}
    q_after = {f"post_{k}": [re.escape(w) for w in v]
               for k, v in merged_sections(data, "qualifiers_after").items()}
    return _Tables(
        words=words,
        multipliers=multipliers,
        fractions=fractions,
        point=re.compile(point),
        scales=tuple((re.compile(p + r"\Z"), v) for p, v in scale_patterns),
        bare_scales=bare_scales,
        decimal={lang: data[lang]["decimal"] for lang in LANGS},
        number_re=re.compile(number),
        more_re=re.compile(more),
        tail_re=re.compile(tail),
        qualifier_before=re.compile(rf"(?<!\w)(?:{named_alternation(q_before)}) \Z"),
        qualifier_after=named_alternation(q_after),
        qualifier_labels=tuple(q_before) + tuple(q_after),
    )


def scale_value(folded: str, start: int, end: int) -> float:
    """The multiplier of the scale word at ``folded[start:end]`` ("млрд" → 1e9); 1.0 if none."""
    for pattern, value in tables().scales:
        if pattern.match(folded, start, end):
            return value
    return 1.0


def qualifier_label(match: re.Match[str] | None) -> str | None:
    """"over", "about", "under" or "up_to" from a match of the qualifier patterns."""
    label = group_label(match, tables().qualifier_labels) if match else None
    return label.removeprefix("post_") if label else None


def qualifier_before(folded: str, start: int) -> str | None:
    """The qualifier written just before position ``start`` ("более 5", "about 40")."""
    return qualifier_label(tables().qualifier_before.search(folded, max(0, start - 24), start))


@lru_cache(maxsize=1)
def _qualifier_after_re() -> re.Pattern[str]:
    # a Kazakh case ending may be glued to the figure: "100-ден астам"
    return re.compile(rf"(?:-?[а-яәғқңөұүһі]{{1,4}})? ?(?:{tables().qualifier_after})(?!\w)")


def qualifier_after(folded: str, pos: int) -> tuple[str | None, int]:
    """A qualifier written after a number or currency ("астам", "дейін") and where it ends."""
    m = _qualifier_after_re().match(folded, pos)
    return (qualifier_label(m), m.end()) if m else (None, pos)


def parse_figure(raw: str, lang: str = "ru", scaled: bool = False) -> tuple[float, float | None]:
    """Value of a written figure, and the other reading when it has two.

    ``scaled``: a scale word follows, which makes "1,500" a decimal in a
    language whose decimal mark is the comma.
    """
    if " " in raw:
        head = raw.replace(" ", "")
        if sum(head.count(mark) for mark in ",.") > 1:     # "10 000.000.000": the marks group too
            return parse_figure(head, lang, scaled)
        return float(head.replace(",", ".")), None
    marks = [ch for ch in raw if ch in ",."]
    if not marks:
        return float(raw), None
    last = marks[-1]
    int_part, _, frac = raw.rpartition(last)
    digits_only = raw.replace(",", "").replace(".", "")
    if len(set(marks)) == 2:
        decimal = float(int_part.replace(",", "").replace(".", "") + "." + frac)
        if len(frac) == 3 and marks.count(last) == 1:
            return float(digits_only), decimal
        return decimal, None
    if len(marks) > 1:
        return float(digits_only), None
    if len(frac) != 3 or int_part == "0":
        return float(int_part + "." + frac), None
    if scaled and last == tables().decimal.get(lang, ","):
        return float(int_part + "." + frac), None
    return float(digits_only), None


def parse_spelled(words: str) -> float:
    """Value of a number written in words ("двести пятьдесят", "twenty-five", "екі жүз",
    "үш бүтін оннан бес" = 3.5)."""
    t = tables()
    point = t.point.search(words)
    if point:
        denominator = t.fractions[point.group().split()[-1]]
        return parse_spelled(words[:point.start()]) + parse_spelled(words[point.end():]) / denominator
    total = 0.0
    for w in re.split(r" and | +|-", words):
        if w in t.multipliers:
            total = (total or 1.0) * t.multipliers[w]
        else:
            total += t.words[w]
    return total


def _read(match: re.Match[str], lang: str) -> tuple[float, float | None, float, bool]:
    if "bare" in match.re.groupindex and match.group("bare"):   # "миллион тенге", "half a billion"
        value = tables().bare_scales[match.group("bare")]
        return value, None, 10.0 ** math.ceil(math.log10(value)), True
    num, scale_word = match.group("num"), match.group("scale")
    scale = scale_value(match.string, *match.span("scale")) if scale_word else 1.0
    spelled = not num[0].isdigit()
    if spelled:
        value, alt = parse_spelled(num), None
    else:
        value, alt = parse_figure(num, lang, scaled=bool(scale_word))
    return value * scale, (alt * scale if alt is not None else None), scale, spelled


@lru_cache(maxsize=8)
def find_numbers(folded: str, lang: str = "ru") -> tuple[Number, ...]:
    """All numbers in a folded text, compounds joined ("4 млрд 864 млн" is one number).

    A number in words may end with a part below its last scale ("үш жүз жиырма
    үш мың төрт жүз жиырма екі" = 323 422); a figure may not, since "5 млн 20"
    is more often two numbers.  Cached: money and quantities read the same document in turn.
    """
    t = tables()
    out: list[Number] = []
    pos = 0
    while True:
        m = t.number_re.search(folded, pos)
        if m is None:
            return tuple(out)
        figure = m.group("num") or ""
        if len(figure) > MAX_FIGURE_CHARS and figure[0].isdigit():
            pos = m.end()
            continue
        value, alt, scale, spelled = _read(m, lang)
        end, last_scale = m.end(), scale
        while last_scale > 1:
            more = t.more_re.match(folded, end)
            if more is None:
                break
            v, _, s, _ = _read(more, lang)
            if s >= last_scale:
                break
            value, end, last_scale = value + v, more.end(), s
            alt = None
        tail = t.tail_re.match(folded, end) if spelled and last_scale > 1 else None
        if tail is not None and parse_spelled(tail.group("num")) < last_scale:
            value, end = value + parse_spelled(tail.group("num")), tail.end()
        if folded[end - 1] == ".":   # an abbreviation's dot stays outside the span
            end -= 1
        if plausible(value) and (alt is None or plausible(alt)):
            out.append(Number(m.start(), end, value, alt, scale, spelled))
        pos = end


def plausible(value: float) -> bool:
    """Finite, not negative, and no larger than ``MAX_VALUE``."""
    return 0 <= value <= MAX_VALUE      # False for NaN and the infinities too

