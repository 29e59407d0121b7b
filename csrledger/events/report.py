"""A report: one record as the events stage sees it — a document's statement about an investment."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from csrledger.events.keys import SponsorKey, object_label, place_key, sponsor_key
from csrledger.events.text import band_keys, signature

PROGRESS = {"planned": 0, "ongoing": 1, "completed": 2}
"""Statuses in the order an investment goes through them."""
STALE_YEARS = 6
"""A year stated by a report of work under way this long before the report is history (``event_year``)."""


@dataclass(frozen=True)
class Report:
    """What one record of one document says; ``key`` is the record's stable key in the ledger."""

    key: str
    doc_id: str
    sponsor: str | None
    sponsor_kind: str
    sector: str
    object: str
    status: str
    region: str | None = None
    place: str | None = None
    amount_kzt: float | None = None
    year_from: int | None = None
    year_to: int | None = None
    aggregate: bool = False
    published: dt.date | None = None
    lang: str = ""
    evidence: str = ""
    quantities: tuple[tuple[str, float], ...] = field(default=())
    place_from_document: bool = False
    """``place`` (or ``region``) is the document's main place, the record naming none (``events.where``)."""

    @cached_property
    def sponsor_id(self) -> SponsorKey:
        return sponsor_key(self.sponsor)

    @cached_property
    def label(self) -> str:
        return object_label(self.object)

    @cached_property
    def place_id(self) -> str:
        return place_key(self.place)

    @cached_property
    def minhash(self) -> np.ndarray | None:
        return signature(self.evidence)

    @property
    def progress(self) -> int:
        return PROGRESS.get(self.status, 0)

    @property
    def reported_year(self) -> int | None:
        """The year of the report itself (its publication)."""
        return self.published.year if self.published else None

    @property
    def event_year(self) -> int | None:
        """For a delivery, the year it happened; for a promise, the year it was made.

        Work under way is under way when reported: a year it states more than
        ``STALE_YEARS`` before the report ("schools were last built here in
        1974") is history, not the year of this work.
        """
        if self.status == "planned":
            return self.reported_year
        stated = self.year_to or self.year_from
        if self.status == "ongoing" and stated and self.reported_year and self.reported_year - stated > STALE_YEARS:
            return self.reported_year
        return stated or self.reported_year

    @property
    def target_year(self) -> int | None:
        """The year a promise is due, when the report says."""
        return (self.year_to or self.year_from) if self.status == "planned" else None

    @cached_property
    def blocks(self) -> tuple[str, ...]:
        """Keys under which candidate reports of the same investment are looked up.

        Never the sponsor alone: a sponsor key is paired with the sector, a
        place with the sector, an amount with the region and sector; and the MinHash bands
        of the evidence find reprints whatever the fields say.  (A report with
        neither sponsor, place nor amount can only be a reprint: ``link`` wants
        one of them.)
        """
        out = [f"s:{w}:{self.sector}" for w in sorted(self.sponsor_id.words | self.sponsor_id.acronyms)]
        if self.place_id:
            out.append(f"p:{self.place_id}:{self.sector}")
        if self.amount_kzt and self.amount_kzt > 0:
            bucket = round(math.log(self.amount_kzt) / math.log(1.1))
            out += [f"a:{self.region}:{self.sector}:{b}" for b in (bucket - 1, bucket, bucket + 1)]
        return tuple(out + band_keys(self.minhash))
