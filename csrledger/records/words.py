"""Words of a sentence with the keys the record tables are matched on.

A table entry word matches a token when it equals one of the token's keys:
its folded form, its Russian lemma (pymorphy3), its English lemma, or a
Kazakh base of which it is a regular inflection.  An entry word ending in
``*`` is a stem and matches any token that starts with it (Kazakh and English
verbs, whose tense endings are not in the noun tables).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from csrledger.text.morph import KK_ENDINGS, en_lemma, kk_inflects, ru_lemma
from csrledger.text.tokens import tokenize

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
_KK_MAX = max(map(len, KK_ENDINGS))


@dataclass(frozen=True)
class Word:
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
    for tok in tokenize(folded, start, end):
        out.append(Word(text[tok.start:tok.end], tok.start, tok.end, tok.text, word_keys(tok.text)))
    return out
