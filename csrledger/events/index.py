"""Assigning reports to events, one at a time: a new document joins the ledger without re-clustering it.

For a new report, the reports sharing one of its block keys are the
candidates; their events are tried in a fixed order, an event is ruled out
when any of its reports conflicts with the new one (or a curator said they
are apart), and the new report joins the event with the best link, or
starts its own.  A document's reports are placed together, strongest links
first, as an event holds one report of a document.  Curators' decisions
come first: reports a curator put together stay together.  The same order
of reports gives the same events.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import attrgetter
from typing import Protocol, TypeVar

from csrledger.events.match import Link, conflict, link
from csrledger.events.report import Report
from csrledger.events.text import Embedder

T = TypeVar("T")

BLOCK_LIMIT = 50
"""Candidates taken from one block key: the most recent ones (a sponsor's hundredth school report
need not be compared with its first)."""


def new_event_id(founder_key: str) -> str:
    """A stable event id, derived from the key of the report that started the event."""
    return "ev-" + hashlib.sha1(founder_key.encode("utf-8")).hexdigest()[:12]


class Source(Protocol):
    """Where the reports already grouped are: in memory (``EventIndex``) or in the ledger."""

    def candidates(self, blocks: tuple[str, ...]) -> list[tuple[Report, str]]:
        """(report, its event id) for the reports under the block keys."""

    def members(self, event_id: str) -> list[Report]:
        """The reports of an event."""

    def together(self, key: str) -> set[str]:
        """Events that hold a report a curator put together with report ``key``."""

    def apart(self, key: str) -> set[str]:
        """Keys of the reports a curator said are another investment than report ``key``."""


def links(report: Report, source: Source, embedder: Embedder) -> dict[str, Link]:
    """The events ``report`` could join, each with its best link (a curator's word first, alone)."""
    forced = sorted(source.together(report.key))
    if forced:
        return {forced[0]: Link(float("inf"), ("curator",))}
    apart = source.apart(report.key)
    by_event: dict[str, list[Report]] = defaultdict(list)
    for other, event_id in source.candidates(report.blocks):
        if other.key != report.key:
            by_event[event_id].append(other)
    found: dict[str, Link] = {}
    for event_id in sorted(by_event):
        if any(m.key in apart or conflict(report, m) for m in by_event[event_id]):
            continue    # the candidates at hand rule the event out: its other members need not be fetched
        members = source.members(event_id)
        if any(m.key in apart or conflict(report, m) for m in members):
            continue
        best: Link | None = None
        for member in sorted(members, key=lambda m: m.key):
            hit = link(report, member, embedder, beat=best.score if best else None)
            if hit and (best is None or hit.score > best.score):
                best = hit
        if best:
            found[event_id] = best
    return found


def assign(reports: list[Report], source: Source, embedder: Embedder) -> list[tuple[str | None, Link | None]]:
    """The events of one document's reports, (None, None) for a new one each.

    An event holds at most one report of a document, so the strongest links
    are given first: a headline's promise joins the promise it restates even
    when a weaker report of the same page came before it.
    """
    options = sorted(((-hit.score, k, event_id, hit) for k, report in enumerate(reports)
                      for event_id, hit in links(report, source, embedder).items()), key=lambda o: o[:3])
    chosen: dict[int, tuple[str | None, Link | None]] = {}
    taken: set[str] = set()
    for _, k, event_id, hit in options:
        if k not in chosen and event_id not in taken:
            chosen[k] = (event_id, hit)
            taken.add(event_id)
    return [chosen.get(k, (None, None)) for k in range(len(reports))]


class EventIndex:
    """Reports and their events in memory: the stage run over a batch, and the benchmark's ledger."""

    def __init__(self, embedder: Embedder | None = None):
        self.embedder = embedder or Embedder()
        self.reports: dict[str, Report] = {}
        self.event_of: dict[str, str] = {}
        self.events: dict[str, list[str]] = defaultdict(list)
        self.blocks: dict[str, list[str]] = defaultdict(list)
        self.links: dict[str, Link] = {}
        self._together: dict[str, set[str]] = defaultdict(set)
        self._apart: dict[str, set[str]] = defaultdict(set)

    # Source
    def candidates(self, blocks: tuple[str, ...]) -> list[tuple[Report, str]]:
        keys = {k for b in blocks for k in self.blocks.get(b, ())[-BLOCK_LIMIT:]}
        return [(self.reports[k], self.event_of[k]) for k in sorted(keys)]

    def members(self, event_id: str) -> list[Report]:
        return [self.reports[k] for k in self.events[event_id]]

    def together(self, key: str) -> set[str]:
        return {self.event_of[k] for k in self._together.get(key, ()) if k in self.event_of}

    def apart(self, key: str) -> set[str]:
        return self._apart.get(key, set())

    # curators' decisions, by report key
    def keep_together(self, a: str, b: str) -> None:
        self._together[a].add(b)
        self._together[b].add(a)

    def keep_apart(self, a: str, b: str) -> None:
        self._apart[a].add(b)
        self._apart[b].add(a)

    def add(self, report: Report) -> str:
        """Put one report into its event (an existing one, or a new one); returns the event id."""
        return self.add_document([report])[0]

    def add_document(self, reports: list[Report]) -> list[str]:
        """Put the reports of one document into their events (:func:`assign`); returns their event ids."""
        out = []
        for report, (event_id, found) in zip(reports, assign(reports, self, self.embedder), strict=True):
            if event_id is None:
                event_id = new_event_id(report.key)
            elif found:
                self.links[report.key] = found
            self.reports[report.key] = report
            self.event_of[report.key] = event_id
            self.events[event_id].append(report.key)
            for block in report.blocks:
                self.blocks[block].append(report.key)
            out.append(event_id)
        return out


def by_document(items: Iterable[T], doc_id: Callable[[T], str] = attrgetter("doc_id")) -> Iterator[list[T]]:
    """Runs of consecutive items (reports, or anything ``doc_id`` reads a report's document from) of one
    document."""
    for _, run in groupby(items, key=doc_id):
        yield list(run)


def group(reports: Iterable[Report], embedder: Embedder | None = None) -> dict[str, str]:
    """Event ids of reports added in the given order, a document at a time: report key -> event id."""
    index = EventIndex(embedder)
    for run in by_document(reports):
        index.add_document(run)
    return dict(index.event_of)
