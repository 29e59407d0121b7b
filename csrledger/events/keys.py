"""Comparison keys of a report: who (sponsor), what (object), where (place).

A sponsor key must be the same whichever script or spelling a document
uses: "Kazzinc" and "Казцинк", "Болат Өтемұратов" and "Bulat Utemuratov".
Each word is transliterated and given its place-name key (the shared
``csrledger.geo.keys``), then reduced to its consonant skeleton, where the
spellings of one name differ least (Kazakh and Russian forms of one name
mostly differ in vowels).  Words that only say what kind of organisation it
is ("foundation", "қоры") are left out, from ``data/sponsors.toml``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from csrledger.geo.keys import name_key, translit
from csrledger.text.tokens import tokenize

DATA = Path(__file__).parent / "data"
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_SOUNDS = (("ts", "s"), ("tz", "s"), ("c", "k"), ("x", "ks"), ("z", "s"), ("w", "v"), ("ph", "f"),
           ("h", ""), ("-", ""), ("'", ""))
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"(.)\1+")


def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as fh:
        return tomllib.load(fh)


def _latin(word: str) -> str:
    return name_key(translit(word) if _CYRILLIC.search(word) else word)


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    """The spelling-independent key of one word of a name: "Казцинк" and "Kazzinc" → "ksnk"."""
    low = _latin(word)
    for src, dst in _SOUNDS:
        low = low.replace(src, dst)
    skeleton = _DOUBLE.sub(r"\1", _VOWELS.sub("", low))
    return skeleton or low


_GENERIC = frozenset(_latin(w) for w in _load("sponsors.toml")["generic"])


@dataclass(frozen=True)
class SponsorKey:
    """The words of a sponsor's name that identify it, and the acronyms the name may be written as."""

    words: frozenset[str]
    acronyms: frozenset[str]

    def matches(self, other: SponsorKey) -> bool:
        """One name contains the other ("Bolat Nazarbayev" / "Nazarbayev"), or one is the other's acronym."""
        if not self.words or not other.words:
            return False
        if self.words <= other.words or other.words <= self.words:
            return True
        return bool(self.words & other.acronyms or other.words & self.acronyms)


@lru_cache(maxsize=100_000)
def sponsor_key(name: str | None) -> SponsorKey:
    """``SponsorKey`` of a name; an empty key for an unknown sponsor."""
    tokens = [t.text for t in tokenize(name or "")]
    named = [t for t in tokens if len(t) > 1 and _latin(t) not in _GENERIC]
    words = frozenset(word_key(t) for t in named)
    initials = ("".join(_latin(t)[:1] for t in tokens if len(t) > 1), "".join(_latin(t)[:1] for t in named))
    acronyms = frozenset(word_key(a) for a in initials if len(a) >= 3)
    return SponsorKey(words, acronyms)


_OBJECTS = _load("objects.toml")
_COUNT = re.compile(r"^\d[\d\s.,]*\s+|\s*\([^)]*\)|\s+for\s+\d[\d\s.,]*\s*\w+.*$|\s+\d[\d\s.,]*\s*\w+$")
_SAME: dict[str, str] = {label: group[0] for group in _OBJECTS["same"] for label in group}
_COVERS = {general: frozenset(_SAME.get(x, x) for x in specific) for general, specific in _OBJECTS["covers"].items()}
_GENERIC_OBJECTS = frozenset(_OBJECTS["generic"])


def _singular(word: str) -> str:
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "sports")):
        return word[:-1]
    return word


@lru_cache(maxsize=100_000)
def object_label(text: str | None) -> str:
    """The object without counts and capacities, singular, its synonyms one label."""
    label = _COUNT.sub("", (text or "").strip().lower()).strip()
    words = label.split()
    if words:
        words[-1] = _singular(words[-1])
    label = " ".join(words)
    return _SAME.get(label, label)


@lru_cache(maxsize=100_000)
def object_relation(a: str, b: str) -> str:
    """"same", "compatible" (one is general or generic) or "different", for two object labels."""
    if a == b and a not in _GENERIC_OBJECTS:
        return "same"
    if not a or not b or a in _GENERIC_OBJECTS or b in _GENERIC_OBJECTS:
        return "compatible"
    if b in _COVERS.get(a, ()) or a in _COVERS.get(b, ()):
        return "compatible"
    return "different"


def is_generic_object(label: str) -> bool:
    return not label or label in _GENERIC_OBJECTS or label in _COVERS


@lru_cache(maxsize=1)
def _place_kinds() -> dict[str, str]:
    from csrledger.geo.gazetteer import default_gazetteer

    kinds: dict[str, str] = {}
    for entry in default_gazetteer().entries.values():
        kinds.setdefault(place_key(entry.name), entry.kind)
    return kinds


@lru_cache(maxsize=100_000)
def place_key(name: str | None) -> str:
    return " ".join(word_key(t.text) for t in tokenize(name or ""))


@lru_cache(maxsize=100_000)
def place_kind(name: str) -> str:
    """country, region, district, city, village (from the gazetteer); "unknown" is taken for a settlement."""
    return _place_kinds().get(place_key(name), "unknown")


@lru_cache(maxsize=100_000)
def place_relation(a: str | None, b: str | None) -> str:
    """"same", "compatible" (one missing, or one may contain the other) or "different".

    The gazetteer does not say which district holds which village, so a
    district and a settlement are compatible; two settlements, or two
    districts, with different names are different places.
    """
    if not a or not b:
        return "compatible"
    if place_key(a) == place_key(b):
        return "same"
    kinds = {place_kind(a), place_kind(b)}
    if kinds & {"region", "country"} or ("district" in kinds and len(kinds) == 2):
        return "compatible"
    return "different"


def is_specific_place(name: str | None) -> bool:
    """A settlement or district: a place that tells two investments of one region apart."""
    return bool(name) and place_kind(name) not in ("region", "country")


def is_settlement(name: str | None) -> bool:
    """A town or village (a district holds many, a region more)."""
    return bool(name) and place_kind(name) not in ("region", "country", "district")
