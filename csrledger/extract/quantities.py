"""Counts tied to what they count: "на 50 мест", "105 houses", "500 көшет".

A quantity is a :mod:`numbers` number followed by a unit: an abbreviation or
several-word unit from the pattern table ("кв. м", "рабочих мест"), else
the next word compared by lemma — pymorphy3 for Russian, English lemmas,
Kazakh bases with their regular endings.  One modifier may stand between
the number and the unit ("50 новых домов", "100 new houses", "50 жаңа үй"):
a Russian adjective or participle, or a listed English / Kazakh modifier.
Units are normalised to English lemmas so records can sum them across
languages.  Years ("в 2023 году") and money are not quantities.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from csrledger.extract.numbers import (
    LANGS,
    Number,
    find_numbers,
    group_label,
    named_alternation,
    qualifier_after,
    qualifier_before,
)
from csrledger.model import Quantity, TextView
from csrledger.text.morph import en_lemma, kk_inflects, kk_stem, ru_parse
from csrledger.text.normalize import fold

_DATA = Path(__file__).parent / "data" / "quantities.toml"
_WORD = re.compile(r" ?([^\W\d_][\w'-]*)")
_CYRILLIC = re.compile(r"[а-яәғқңөұүһі]")
_RU_MODIFIERS = frozenset({"ADJF", "PRTF"})


@dataclass(frozen=True)
class _Units:
    patterns: re.Pattern[str]
    pattern_units: tuple[str, ...]
    ru: dict[str, str]
    en: dict[str, str]
    kk: dict[str, str]
    skip: frozenset[str]


def _invert(section: dict[str, list[str]]) -> dict[str, str]:
    return {fold(word): unit for unit, words in section.items() for word in words}


@lru_cache(maxsize=1)
def units() -> _Units:
    """The unit tables, compiled once."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    patterns = {unit.replace("2", "_sq").replace("3", "_cu"): pats for unit, pats in data["patterns"].items()}
    return _Units(
        patterns=re.compile(rf" ?(?:{named_alternation(patterns)})(?![\w²³])"),
        pattern_units=tuple(patterns),
        ru=_invert(data["ru"]),
        en=_invert(data["en"]),
        kk=_invert(data["kk"]),
        skip=frozenset(w for lang in LANGS for w in data["skip"].get(lang, [])),
    )


def _group_unit(name: str) -> str:
    return name.replace("_sq", "2").replace("_cu", "3")


def unit_of_word(word: str) -> str | None:
    """The English unit lemma a folded word counts, if it is a unit."""
    u = units()
    if not _CYRILLIC.search(word):
        return (u.en.get(word) or u.en.get(en_lemma(word)) or u.en.get(word.removesuffix("s"))
                or u.en.get(word.removesuffix("es")))
    kk = u.kk.get(word) or next((u.kk[base] for base in _kk_bases(word) if base in u.kk), None)
    if kk:
        return kk
    return u.ru.get(fold(ru_parse(word).normal_form))


def _kk_bases(word: str) -> list[str]:
    stem = kk_stem(word, min_stem=2)
    return [word[:cut] for cut in range(len(stem), len(word)) if kk_inflects(word, word[:cut])] or [stem]


def _is_modifier(word: str) -> bool:
    if word in units().skip:
        return True
    return bool(_CYRILLIC.search(word)) and ru_parse(word).tag.POS in _RU_MODIFIERS


def _unit_after(folded: str, pos: int) -> tuple[str, int] | None:
    """The unit written at ``pos`` (possibly after one modifier) and where it ends."""
    u = units()
    m = u.patterns.match(folded, pos)
    if m:
        return _group_unit(group_label(m, u.pattern_units) or ""), m.end()
    w = _WORD.match(folded, pos)
    if not w:
        return None
    unit = unit_of_word(w.group(1))
    if unit:
        return unit, w.end()
    if not _is_modifier(w.group(1)):
        return None
    m = u.patterns.match(folded, w.end())
    if m:
        return _group_unit(group_label(m, u.pattern_units) or ""), m.end()
    w2 = _WORD.match(folded, w.end())
    unit = unit_of_word(w2.group(1)) if w2 else None
    return (unit, w2.end()) if unit and w2 else None


def _year_like(n: Number, folded: str) -> bool:
    return not n.spelled and n.scale == 1 and 1900 <= n.value <= 2100 and folded[n.start:n.end].isdigit()


def extract_quantities(view: TextView) -> list[Quantity]:
    """Quantities of a document, sorted by start, not overlapping."""
    folded = view.folded
    out: list[Quantity] = []
    for n in find_numbers(folded, view.lang):
        if _year_like(n, folded):
            continue
        qualifier, pos = qualifier_after(folded, n.end)
        found = _unit_after(folded, pos)
        if found is None:
            continue
        unit, end = found
        end -= view.text[end - 1] == "."   # an abbreviation's dot at the sentence end
        out.append(Quantity(text=view.text[n.start:end], start=n.start, end=end, value=n.value,
                            unit=unit, qualifier=qualifier or qualifier_before(folded, n.start)))
    return out
