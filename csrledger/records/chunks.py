"""Items of a sentence that no table names: the pieces between list separators.

Real news lists what was given in words no closed vocabulary holds ("кабинет
Монтессори", "a fire station", "өрт сөндіру депосы").  A sentence is cut at
commas, semicolons, colons, dashes and list words ("и", "and", "және"); each
piece that holds no object the tables know becomes a candidate, and the
learned judge (``judge.chunk_features``) decides whether it names a gift and
of which sector.  The rules keep the pieces whose objects they know.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from csrledger.records.objects import separators
from csrledger.text.words import Word

_BREAK = re.compile(r"[,;:()]|\s[-–—]\s|[.!?]\s")
# A piece longer than this is a clause, not an item of a list.
MAX_WORDS = 14


@dataclass(frozen=True)
class Chunk:
    index: int      # its place among the sentence's pieces
    first: int      # word indices, inclusive
    last: int
    start: int      # character offsets into the document
    end: int


def split_chunks(text: str, words: list[Word]) -> list[Chunk]:
    """The sentence's pieces, in order, without the separators between them."""
    joins = {i for h in separators().find(words) for i in range(h.first, h.last + 1)}
    pieces: list[list[int]] = [[]]
    for i, w in enumerate(words):
        if i and _BREAK.search(text, words[i - 1].end, w.start) and pieces[-1]:
            pieces.append([])
        if i in joins:
            if pieces[-1]:
                pieces.append([])
            continue
        pieces[-1].append(i)
    return [Chunk(k, p[0], p[-1], words[p[0]].start, words[p[-1]].end)
            for k, p in enumerate(q for q in pieces if q) if len(p) <= MAX_WORDS]
