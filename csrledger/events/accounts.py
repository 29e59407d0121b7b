"""What an event is, from its reports: current status, the figures it is counted under, its promise.

An event's status is the furthest any report says it got (an opening
outranks the memorandum, whatever order the pages were found in).  Its
amount is what its latest report that gives one says (a delivery's cost
replaces the promise's estimate), and it is counted once, under its current
status.  An aggregate that has parts is counted only for what its parts do
not cover, so "7 bn, of which 3.2 bn and 2.5 bn" adds 7 bn, not 12.7.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from csrledger.events.report import PROGRESS

PROMISES = ("delivered", "overdue", "open")


@dataclass(frozen=True)
class EventSummary:
    """One event as the totals, the promises view and the event page see it."""

    id: str
    status: str
    sponsor: str | None
    sponsor_kind: str
    sector: str
    object: str
    region: str | None
    place: str | None
    year: int | None
    amount_kzt: float | None
    aggregate: bool
    reports: int
    documents: int
    first_reported: dt.date | None
    last_reported: dt.date | None
    promised_year: int | None
    promise: str | None


def _when(row: Mapping[str, Any]) -> tuple[bool, dt.date, int]:
    """Order of reports in time: dated ones by date, undated ones first, then by record id."""
    published = row.get("published")
    return (published is not None, published or dt.date.min, row["id"])


def _informed(row: Mapping[str, Any]) -> tuple[bool, bool, bool, int, tuple[bool, dt.date, int]]:
    return (row.get("sponsor") is not None, row.get("place") is not None, row.get("region") is not None,
            PROGRESS.get(row["status"], 0), _when(row))


def _promised_year(row: Mapping[str, Any]) -> int | None:
    year: int | None = row.get("year_to") or row.get("year_from")
    return year


def promise_state(planned: bool, status: str, due: int | None, today: dt.date) -> str | None:
    """delivered, overdue (due in a year now past, no delivery) or open; None when nothing was promised."""
    if not planned:
        return None
    if status == "completed":
        return "delivered"
    if due is not None and due < today.year:
        return "overdue"
    return "open"


def summarise(event_id: str, rows: Iterable[Mapping[str, Any]], today: dt.date | None = None) -> EventSummary | None:
    """The event of these record rows (ledger columns plus ``published``); None without rows."""
    rows = list(rows)
    if not rows:
        return None
    by_info = sorted(rows, key=_informed, reverse=True)
    lead = by_info[0]

    def first(name: str) -> Any:
        return next((r[name] for r in by_info if r.get(name) is not None), None)

    latest = max(rows, key=lambda r: (PROGRESS.get(r["status"], 0), _when(r)))
    with_amount = [r for r in rows if r.get("amount_kzt") is not None]
    amount = (max(with_amount, key=lambda r: (PROGRESS.get(r["status"], 0), _when(r)))["amount_kzt"]
              if with_amount else None)
    planned = [r for r in rows if r["status"] == "planned"]
    due = max((y for y in map(_promised_year, planned) if y), default=None)
    dates = sorted(r["published"] for r in rows if r.get("published"))
    return EventSummary(
        id=event_id, status=latest["status"], sponsor=first("sponsor"), sponsor_kind=lead["sponsor_kind"],
        sector=lead["sector"], object=lead["object"], region=first("region"), place=first("place"),
        year=latest.get("year") or first("year"), amount_kzt=amount, aggregate=bool(lead["aggregate"]),
        reports=len(rows), documents=len({r["doc_id"] for r in rows}),
        first_reported=dates[0] if dates else None, last_reported=dates[-1] if dates else None,
        promised_year=due, promise=promise_state(bool(planned), latest["status"], due, today or dt.date.today()))


def counted(amount: float | None, parts: Iterable[float | None]) -> float:
    """The tenge an event adds to totals: its amount, less what its parts (counted themselves) cover."""
    if not amount:
        return 0.0
    return max(0.0, amount - sum(p or 0.0 for p in parts))
