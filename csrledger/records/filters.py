"""Not social investments: commercial investment, taxes, labour statistics.

A sentence with a cue of ``data/filters.toml`` makes no record.  State budget
spending is not filtered here: it becomes a record with ``sponsor_kind:
"state"`` (see sponsor.py), which analysts can see and the scorer ignores.
"""
from __future__ import annotations

from functools import lru_cache

from csrledger.records.lexicon import Lexicon
from csrledger.records.words import Word


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return Lexicon.from_table("filters")


def exclusion(words: list[Word]) -> str | None:
    """"commercial", "tax" or "labour" if the sentence is about that, else None."""
    hits = _lexicon().find(words)
    return hits[0].label if hits else None
