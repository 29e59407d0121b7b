"""Not social investments: commercial investment, taxes, labour statistics, fines and tenders, orders.

A sentence with a cue of ``data/filters.toml`` makes no record.  State budget
spending is not filtered here: it becomes a record with ``sponsor_kind:
"state"`` (see sponsor.py), which analysts can see and the scorer ignores.
"""
from __future__ import annotations

from functools import lru_cache

from csrledger.records.lexicon import Lexicon
from csrledger.text.words import Word


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return Lexicon.from_table("filters")


def exclusion(words: list[Word], names: list[tuple[int, int]]) -> str | None:
    """"commercial", "tax", "labour", "penalty" or "order" if the sentence is about that, else None.  Cues inside
    the spans of ``names`` are part of a name ("Orda Gold Mining" is not about mining)."""
    hits = [h for h in _lexicon().find(words) if not any(a <= h.start and h.end <= b for a, b in names)]
    return hits[0].label if hits else None
