"""Offset-preserving normalisation.

The document text is never changed: extractors match on ``fold(text)``, a copy
of exactly the same length, so every offset found in the copy is an offset
into the original.
"""
from __future__ import annotations

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


def fold(text: str) -> str:
    """Lower-case, unify spaces, dashes, quotes and ё; same length as ``text``."""
    low = text.translate(_TABLE).lower()
    if len(low) == len(text):      # str.lower in C; a letter whose lower case is longer is rare
        return low
    return "".join(_fold_char(ch) for ch in text)


def fold_keep_case(text: str) -> str:
    """Like :func:`fold` but keeps letter case (for rules that need capitals)."""
    return text.translate(_TABLE)


KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
