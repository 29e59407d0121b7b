"""Comparison keys for place names, shared by the gazetteer index and the matcher.

A key forgets what varies between spellings of one name: case, ё, Kazakh
letters written as their Russian look-alikes (Қарағанды / Караганды), and
Latin transliteration habits (Qaraghandy / Karagandy, Jezkazgan / Zhezkazgan).
A text token gets several keys: its own, its Russian lemmas (pymorphy3), its
Kazakh bases (regular endings stripped) and, for a Russian adjective, an
``adj:`` stem, so that inflected forms meet the nominative names of the
gazetteer without listing forms.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from csrledger.text.morph import KK_ENDINGS, kk_inflects, ru_lemmas
from csrledger.text.normalize import fold
from csrledger.text.tokens import tokenize

_KK_TO_RU = str.maketrans("әғқңөұүһі", "агкноууhи")
_LATIN_RULES = (("dzh", "j"), ("gh", "g"), ("zh", "j"), ("kh", "h"), ("q", "k"), ("y", "i"),
                ("ı", "i"), ("'", ""), ("ii", "i"))
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-яәғқңөұүһі]")
_POSSESSIVE = re.compile(r"'s$")
# Russian adjective endings; toponymic adjectives end in -ск- before them.
_RU_ADJ = re.compile(r"(ск|цк)(ая|яя|ой|ей|ую|юю|ий|ый|ого|его|ому|ему|ым|им|ом|ем|ое|ее|ие|ые|их|ых|ими|ыми)$")
ADJ_PREFIX = "adj:"


@lru_cache(maxsize=100_000)
def name_key(word: str) -> str:
    """The spelling-independent key of one word of a name."""
    low = fold(word).replace("\u0301", "")
    if _LATIN.search(low) and not _CYRILLIC.search(low):
        low = _POSSESSIVE.sub("", low)
        low = "".join(ch for ch in unicodedata.normalize("NFKD", low) if not unicodedata.combining(ch))
        for src, dst in _LATIN_RULES:
            low = low.replace(src, dst)
        return low
    return low.translate(_KK_TO_RU).replace("ь", "")


def name_keys(name: str) -> tuple[str, ...]:
    """Keys of the words of a multi-word name."""
    return tuple(name_key(t.text) for t in tokenize(name))


_TRANSLIT = str.maketrans({
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya"})


def translit(name: str) -> str:
    """A readable Latin spelling of a Cyrillic name, for places that have no English name in the data."""
    out = name.lower().translate(_TRANSLIT)
    return " ".join(w[:1].upper() + w[1:] for w in out.split())


def adj_stem(word: str) -> str | None:
    """``adj:`` key of a Russian toponymic adjective in any case ("Улытауской" → "adj:улытауск")."""
    low = fold(word)
    m = _RU_ADJ.search(low)
    if not m:
        return None
    return ADJ_PREFIX + name_key(low[: m.end(1)])


@lru_cache(maxsize=100_000)
def token_keys(word: str) -> frozenset[str]:
    """Every key under which an (inflected) text token may be a gazetteer name word."""
    keys = {name_key(word)}
    low = fold(word)
    if not _CYRILLIC.search(low):
        return frozenset(keys)
    stem = adj_stem(low)
    if stem:
        keys.add(stem)
    for lemma in ru_lemmas(low):
        keys.add(name_key(lemma))
    for base in kk_bases(low):
        keys.add(name_key(base))
    return frozenset(keys)


def kk_bases(low: str, min_stem: int = 3) -> list[str]:
    """Bases of which the lower-case word is a regular Kazakh inflection (the word itself excluded).

    """
    out = []
    for cut in range(min_stem, len(low)):
        if low[cut:] in KK_ENDINGS and kk_inflects(low, low[:cut]):
            out.append(low[:cut])
    return out



