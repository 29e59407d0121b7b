"""Words of a sentence with the keys the record tables are matched on.

A table entry word matches a token when it equals one of the token's keys:
its folded form, its Russian lemma (pymorphy3), its English lemma, or a
Kazakh base of which it is a regular inflection.  An entry word ending in
``*`` is a stem and matches any token that starts with it (Kazakh and English
verbs, whose tense endings are not in the noun tables).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

from csrledger.text.morph import KK_ENDINGS, en_lemma, kk_inflects, ru_lemma
from csrledger.text.tokens import WORD_PATTERN

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
_KK_MAX = max(map(len, KK_ENDINGS))


class Word(NamedTuple):
    """A token with its keys (a tuple, cheap to build: a document has thousands)."""

    text: str
    start: int
    end: int
    fold: str
    keys: frozenset[str]


@lru_cache(maxsize=100_000)
def word_keys(fold: str) -> frozenset[str]:
    """Every base form a folded token may stand for, in any of the three languages."""
    keys = {fold}
    if _CYRILLIC.search(fold):
        keys.add(ru_lemma(fold).replace("ё", "е"))
        for cut in range(max(2, len(fold) - _KK_MAX), len(fold)):
            base = fold[:cut]
            if fold[cut:] in KK_ENDINGS and kk_inflects(fold, base):
                keys.add(base)
    elif _LATIN.search(fold):
        keys.add(en_lemma(fold))
    return frozenset(keys)


def kk_suffixes(word: Word) -> list[str]:
    """The Kazakh endings ``word`` may carry after one of its bases ("мектепке" -> ["ке"])."""
    return [word.fold[len(k):] for k in word.keys
            if k != word.fold and word.fold.startswith(k) and kk_inflects(word.fold, k)]


def words_of(text: str, folded: str, start: int, end: int) -> list[Word]:
    """Tokens of ``text[start:end]`` (``folded`` is ``fold(text)``), with their keys."""
    out = []
    for m in WORD_PATTERN.finditer(folded, start, end):
        a, b = m.span()
        low = m.group()
        out.append(Word(text[a:b], a, b, low, word_keys(low)))
    return out


def words_within(words: tuple[Word, ...], starts: list[int], start: int, end: int) -> list[Word]:
    """The words of a document (``starts`` their offsets) that lie inside ``[start, end)``."""
    first = bisect_left(starts, start)
    out = []
    for k in range(first, len(words)):
        w = words[k]
        if w.end > end:
            break
        out.append(w)
    return out
