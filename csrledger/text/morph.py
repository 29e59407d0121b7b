"""Lemmas: pymorphy3 for Russian, inflection endings for Kazakh, simple for English.

Kazakh has no offline morphological analyser on PyPI (kazstem needs Apertium
data that is not packaged).  Kazakh words are therefore compared with a known
base through :func:`kk_inflects`: the word is the base plus a valid chain of
plural, possessive and case endings, generated below from the grammar's
tables rather than listed form by form.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import product
from typing import TYPE_CHECKING

from retrie.trie import Trie

if TYPE_CHECKING:   # pymorphy3 ships no type information: to mypy these stand for Any
    from pymorphy3.analyzer import MorphAnalyzer, Parse

# Case endings after a plain stem (all vowel-harmony and consonant variants).
_KK_CASE = ("", "да", "де", "та", "те", "ға", "ге", "қа", "ке",
            "дан", "ден", "тан", "тен", "нан", "нен", "дың", "дің", "тың", "тің", "ның", "нің",
            "ды", "ді", "ты", "ті", "ны", "ні", "мен", "бен", "пен", "ша", "ше", "дағы", "дегі",
            "тағы", "тегі", "лық", "лік", "дық", "дік", "тық", "тік")
# Case endings after the 3rd-person possessive (the "n" forms).
_KK_CASE_AFTER_POSS = ("", "нда", "нде", "на", "не", "нан", "нен", "ның", "нің", "н", "мен",
                       "ндағы", "ндегі")
_KK_POSS = ("ы", "і", "сы", "сі")
_KK_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")


def _kk_endings() -> frozenset[str]:
    endings = set(_KK_CASE)
    for poss, case in product(_KK_POSS, _KK_CASE_AFTER_POSS):
        endings.add(poss + case)
    for pl in _KK_PLURAL:
        endings.update(pl + case for case in _KK_CASE)
        endings.update(pl + poss + case for poss in ("ы", "і") for case in _KK_CASE_AFTER_POSS)
    return frozenset(endings)


KK_ENDINGS = _kk_endings()
_KK_MAX_ENDING = max(map(len, KK_ENDINGS))


_KK_VOWELS = frozenset("аәеиоөұүыіэюяё")
_KK_VOICELESS = frozenset("пфктсшщхцчқ")
# Initial letters an ending cannot have after a stem ending in a vowel, a
# voiceless consonant or a voiced one (consonant assimilation and the
# possessive/accusative alternations: бала-ны, мектеп-ті, облыс-ы, Ұлытау-ды).
_KK_FORBIDDEN_INITIAL = {
    "vowel": frozenset("тқкыібп"),
    "voiceless": frozenset("дғглсмбн"),
    "voiced": frozenset("тқкспн"),
    "any": frozenset("сн"),
}


def _stem_class(base: str) -> str:
    last = base[-1:]
    if last in _KK_VOWELS:
        return "vowel"
    if last == "в":  # Russian surnames in -ов/-ев take either: Сәтбаевта, Қонаевқа, Ивановтың
        return "any"
    return "voiceless" if last in _KK_VOICELESS else "voiced"


def kk_inflects(word: str, base: str) -> bool:
    """True if lower-case ``word`` is lower-case ``base`` plus Kazakh endings that fit its last sound."""
    if not word.startswith(base):
        return False
    rest = word[len(base):]
    if not rest:
        return True
    if len(rest) > _KK_MAX_ENDING or rest not in KK_ENDINGS:
        return False
    forbidden = _KK_FORBIDDEN_INITIAL[_stem_class(base)]
    return rest[0] not in forbidden or (rest[0] == "н" and base[-1:] in "мнң")


def kk_endings_pattern(base: str) -> str:
    """A regular expression for the non-empty endings :func:`kk_inflects` accepts after ``base``,
    factored as the grammar builds them (case; possessive then case; plural then case or possessive
    then case): a fraction of the size of listing them, so the tables' patterns compile fast."""
    forbidden = _KK_FORBIDDEN_INITIAL[_stem_class(base)]

    def fits(ending: str) -> bool:
        return bool(ending) and (ending[0] not in forbidden or (ending[0] == "н" and base[-1:] in "мнң"))

    def trie(endings: Iterable[str]) -> str:
        pattern: str = Trie(*sorted(endings)).pattern()
        return pattern

    case, after_poss = trie(filter(None, _KK_CASE)), trie(filter(None, _KK_CASE_AFTER_POSS))
    alternatives = []
    if own_case := [c for c in _KK_CASE if fits(c)]:
        alternatives.append(trie(own_case))
    if possessive := [p for p in _KK_POSS if fits(p)]:
        alternatives.append(f"(?:{trie(possessive)})(?:{after_poss})?")
    if plural := [p for p in _KK_PLURAL if fits(p)]:
        alternatives.append(f"(?:{trie(plural)})(?:{case}|[ыі](?:{after_poss})?)?")
    return "|".join(alternatives)


def kk_stem(word: str, min_stem: int = 3) -> str:
    """The shortest base (≥ ``min_stem`` letters) of which ``word`` is a regular inflection."""
    low = word.lower()
    for cut in range(max(0, len(low) - _KK_MAX_ENDING), len(low)):
        if cut >= min_stem and low[cut:] in KK_ENDINGS:
            return low[:cut]
    return low


@lru_cache(maxsize=1)
def _analyzer() -> MorphAnalyzer:
    """pymorphy3 with its Russian dictionary named by path: finding it through the installed
    packages' entry points would read every package's metadata at start-up."""
    import pymorphy3
    import pymorphy3_dicts_ru

    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


@lru_cache(maxsize=200_000)
def ru_parse(word: str) -> Parse:
    """The most probable pymorphy3 parse of a Russian word."""
    return _analyzer().parse(word)[0]


@lru_cache(maxsize=200_000)
def ru_parses(word: str) -> tuple[Parse, ...]:
    """All pymorphy3 parses of a lower-case Russian word, most probable first."""
    return tuple(_analyzer().parse(word))


@lru_cache(maxsize=200_000)
def ru_is_known(word: str) -> bool:
    """Whether the word is in pymorphy3's dictionary (not guessed from its ending)."""
    known: bool = _analyzer().word_is_known(word)
    return known


@lru_cache(maxsize=200_000)
def ru_lemmas(word: str) -> frozenset[str]:
    """All normal forms pymorphy3 proposes: an unknown toponym often gets the right one second."""
    return frozenset(p.normal_form for p in ru_parses(word))


@lru_cache(maxsize=200_000)
def ru_lemma(word: str) -> str:
    normal_form: str = ru_parse(word.lower()).normal_form
    return normal_form


def en_lemma(word: str) -> str:
    low = word.lower()
    for suf, rep in (("ies", "y"), ("ses", "s"), ("s", "")):
        if low.endswith(suf) and len(low) > len(suf) + 2 and not low.endswith("ss"):
            return low[: -len(suf)] + rep
    return low


def lemma(word: str, lang: str) -> str:
    """A comparable base form of ``word`` in ``lang`` (lower case)."""
    if lang == "ru":
        return ru_lemma(word)
    if lang == "kk":
        return kk_stem(word)
    return en_lemma(word)
