"""Offset-preserving normalisation.

The document text is never changed: extractors match on ``fold(text)``, a copy
of exactly the same length, so every offset found in the copy is an offset
into the original.
"""
from __future__ import annotations

import re

# One character in, one character out.
_FOLD = {
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u200a": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
    "\u0451": "\u0435", "\u0401": "\u0415",  # ё -> е
    "\u0130": "I",
}


_TABLE = str.maketrans(_FOLD)


def _fold_char(ch: str) -> str:
    ch = _FOLD.get(ch, ch)
    low = ch.lower()
    return low if len(low) == 1 else ch


# Latin letters typed for their Cyrillic twins inside a Cyrillic word ("көмiр" with a Latin "i"):
# folded to the Cyrillic letter when every Latin letter of the word is such a twin ("Kaspiдің" stays).
_TWINS = str.maketrans("aceiopxyk", "асеіорхук")
_CYRILLIC_LOW = "а-яёәғқңөұүһі"
_TOUCHING = re.compile(f"[{_CYRILLIC_LOW}][aceiopxyk]|[aceiopxyk][{_CYRILLIC_LOW}]")
_OTHER_LATIN = re.compile("[bdfghjlmnqrstuvwz]")


def _twins_folded(low: str) -> str:
    """``low`` with the Latin twins of mixed-script words replaced (same length)."""
    touching = _TOUCHING.search(low)
    if touching is None:        # almost every text: one scan
        return low
    out, done = [], 0
    while touching is not None:
        start = touching.start()
        while start > done and (low[start - 1].isalnum() or low[start - 1] == "_"):
            start -= 1
        end = touching.end()
        while end < len(low) and (low[end].isalnum() or low[end] == "_"):
            end += 1
        piece = low[start:end]
        out.append(low[done:start])
        out.append(piece if _OTHER_LATIN.search(piece) else piece.translate(_TWINS))
        done = end
        touching = _TOUCHING.search(low, done)
    out.append(low[done:])
    return "".join(out)


def fold(text: str) -> str:
    """Lower-case, unify spaces, dashes, quotes and ё, and the Latin twins of Cyrillic letters
    inside Cyrillic words; same length as ``text``."""
    low = text.translate(_TABLE).lower()
    if len(low) != len(text):      # str.lower in C; a letter whose lower case is longer is rare
        low = "".join(_fold_char(ch) for ch in text)
    return _twins_folded(low)


def fold_keep_case(text: str) -> str:
    """Like :func:`fold` but keeps letter case (for rules that need capitals)."""
    return text.translate(_TABLE)


KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
