"""Spans sorted by start, asked which lie inside, cover or overlap a range in logarithmic time.

Stages compare every mention of one kind with every mention of another ("is this
person's name inside a company's?"); over a long document that pairing grows
with the square of its length.  A :class:`SpanIndex` keeps it linear.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar


class Spanned(Protocol):
    """Anything with character offsets: a mention, an actor, a sentence, a chunk."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Spanned)


class SpanIndex(Generic[S]):
    """Non-empty ``spans`` in the order of their starts (stable: equal starts keep their order)."""

    def __init__(self, spans: Iterable[S]):
        self.spans = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in self.spans]
        self._longest = max((s.end - s.start for s in self.spans), default=0)

    def inside(self, start: int, end: int) -> list[S]:
        """The spans that lie within ``[start, end)``, in order."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [s for s in self.spans[lo:hi] if s.end <= end]

    def overlapping(self, start: int, end: int) -> list[S]:
        """The spans that share at least one character with ``[start, end)``."""
        lo, hi = bisect_left(self._starts, start - self._longest), bisect_left(self._starts, end)
        return [s for s in self.spans[lo:hi] if s.end > start]

    def covering(self, start: int, end: int) -> list[S]:
        """The spans that hold all of ``[start, end)``."""
        lo, hi = bisect_left(self._starts, end - self._longest), bisect_left(self._starts, start + 1)
        return [s for s in self.spans[lo:hi] if s.start <= start and end <= s.end]
