"""The public Python API: analyse a text, keep a ledger, read its records and totals.

Thin, typed wrappers over the pipeline (``csrledger.pipeline.analyse``) and
the store (``csrledger.store``), so that a script or a notebook needs neither
``Document`` plumbing nor SQL connections.  Filters are those of the command
line and the web (``RecordFilter``): a bad value raises ``ValueError`` with
the reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from csrledger.model import Analysis, Document, Record

if TYPE_CHECKING:
    from csrledger.store.queries import RecordFilter

__all__ = ["analyse", "Ledger", "LedgerRecord", "Totals", "Filters", "Analysis", "Document", "Record"]

LANGS = ("ru", "en", "kk")
DateLike = dt.date | str | None


def _date(value: DateLike) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"published must be a date or 'YYYY-MM-DD', not {value!r}") from None


def _document(text: str, *, doc_id: str | None, lang: str | None, published: DateLike,
              url: str | None, title: str | None) -> Document:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if lang is not None and lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)} or None (detected), not {lang!r}")
    if doc_id is None:   # the same text gets the same id, so adding it twice changes nothing
        doc_id = "text-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Document(id=doc_id, text=text, title=title, url=url, published=_date(published), lang=lang,
                    source="<api>")


def analyse(text: str, *, lang: str | None = None, published: DateLike = None, url: str | None = None,
            title: str | None = None, doc_id: str | None = None) -> Analysis:
    """Every mention and social-investment record of one text (spec format 2 via ``.to_json()``).

    ``published`` fixes the date at which places are resolved to regions; ``lang``
    is detected when not given; ``url`` helps name the sponsor of a company's own page.
    """
    from csrledger.pipeline import analyse as run_pipeline

    return run_pipeline(_document(text, doc_id=doc_id, lang=lang, published=published, url=url, title=title))


class Filters(TypedDict, total=False):
    """The filters of ``Ledger.records``, ``totals`` and ``export``: those of the command line and the web."""

    region: str             # ISO 3166-2:KZ code, e.g. "KZ-35"
    sector: str             # education, health, housing, ...
    sponsor: str
    year: int
    status: str             # completed, ongoing, planned
    lang: str               # ru, en, kk
    q: str                  # words in the object, sponsor or place
    doc_id: str
    include_state: bool     # state spending, left out by default
    include_rejected: bool  # records a curator rejected


@dataclass(frozen=True)
class LedgerRecord:
    """One record of the ledger as the exports give it: curated values and the evidence sentences."""

    record_id: int
    sponsor: str | None
    sponsor_kind: str
    sector: str
    object: str
    region: str | None
    region_name: str
    place: str | None
    amount: float | None
    currency: str | None
    amount_kzt: float | None
    status: str
    year_from: int | None
    year_to: int | None
    aggregate: bool
    review: str
    doc_id: str
    url: str | None
    published: dt.date | None
    evidence: str
    event_id: str | None = None         # the investment it reports: the same in every document that reports it
    part_of: int | None = None          # record_id of the aggregate it is a part of

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LedgerRecord:
        values: dict[str, Any] = {f.name: row.get(f.name) for f in fields(cls)}
        values["published"] = _date(values["published"])
        for name in ("amount", "amount_kzt"):   # the exports write whole amounts as ints; the API keeps floats
            if values[name] is not None:
                values[name] = float(values[name])
        return cls(**values)


@dataclass(frozen=True)
class Totals:
    """Tenge totals of the selected investments: each event once, delivered, under way and promised apart.

    ``kzt`` and every ``by_*`` value map a status (completed, ongoing,
    planned) to tenge; they are never added into one figure.  ``reported_kzt``
    is what the records state summed over every report, repeats included.
    """

    records: int
    events: int                             # investments: the records of one event count once
    kzt: dict[str, float]
    reported_kzt: float
    documents: int                          # documents with at least one selected record
    by_region: dict[str | None, dict[str, float]]
    by_sector: dict[str, dict[str, float]]
    by_year: dict[int | None, dict[str, float]]
    by_status: dict[str, dict[str, float]]
    top_sponsors: dict[str, dict[str, float]]
    other_currencies: dict[str, float]      # amounts in USD, EUR ...: never converted into tenge


class Ledger:
    """A ledger database (a SQLite path, ``:memory:`` or a SQLAlchemy URL), created when missing.

    Use it as a context manager, or call ``close()``.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        from csrledger.store.ledger import Ledger as Store

        self._store = Store(os.fspath(path) if path is not None else None)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, text: str | Document, *, doc_id: str | None = None, lang: str | None = None,
            published: DateLike = None, url: str | None = None, title: str | None = None) -> str:
        """Analyse a text (or a ``Document``) and store it; returns 'added', 'updated' or 'unchanged'.

        A document already stored with the same content is not analysed again;
        a changed one replaces its earlier analysis, and curations are re-applied.
        """
        doc = text if isinstance(text, Document) else _document(
            text, doc_id=doc_id, lang=lang, published=published, url=url, title=title)
        if self._store.is_current(doc):
            return "unchanged"
        from csrledger.pipeline import analyse as run_pipeline

        return self._store.store(doc, run_pipeline(doc)).outcome

    def records(self, **filters: Unpack[Filters]) -> list[LedgerRecord]:
        """The selected records, by document and in document order (state spending left out by default)."""
        from csrledger.store.export import iter_export

        flt = _filter(filters)
        with self._store.engine.connect() as conn:
            return [LedgerRecord.from_row(row) for _record, row in iter_export(conn, flt)]

    def totals(self, *, top: int = 10, **filters: Unpack[Filters]) -> Totals:
        """Tenge of the selected investments by status, overall and by region, sector, year, status, sponsor."""
        from csrledger.store.queries import summary

        flt = _filter(filters)
        with self._store.engine.connect() as conn:
            s = summary(conn, flt, top=top)

        def money(row: dict[str, Any]) -> dict[str, float]:
            return {status: float(row[f"kzt_{status}"]) for status in ("completed", "ongoing", "planned")}

        def grouped(rows: list[dict[str, Any]]) -> dict[Any, dict[str, float]]:
            return {row["key"]: money(row) for row in rows}

        return Totals(records=s["records"], events=s["events"], kzt=money(s), reported_kzt=float(s["reported_kzt"]),
                      documents=s["documents_with_records"], by_region=grouped(s["by_region"]),
                      by_sector=grouped(s["by_sector"]), by_year=grouped(s["by_year"]),
                      by_status=grouped(s["by_status"]), top_sponsors=grouped(s["top_sponsors"]),
                      other_currencies={r["currency"]: float(r["amount"]) for r in s["other_currencies"]})

    def export(self, output: str | os.PathLike[str], *, format: str | None = None, bom: bool = False,
               **filters: Unpack[Filters]) -> int:
        """Write the selected records to a file, as ``csrledger export`` does; returns the count.

        ``format`` (csv, jsonl, json, xlsx, parquet, ftm) is taken from the file name when not given.
        """
        from csrledger.store.export import export_to_path

        path = os.fspath(output)
        fmt = format or _format_of(path)
        flt = _filter(filters)
        with self._store.engine.connect() as conn:
            return export_to_path(conn, flt, fmt, path, bom=bom)


SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".json": "json", ".xlsx": "xlsx", ".parquet": "parquet", ".ftm": "ftm"}


def _format_of(path: str) -> str:
    name = path.lower()
    if name.endswith((".ftm.json", ".ftm.jsonl")):
        return "ftm"
    for suffix, fmt in SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    raise ValueError(f"cannot tell the export format from {path!r}: "
                     f"give format= (one of {', '.join(SUFFIXES.values())})")


def _filter(filters: Filters) -> RecordFilter:
    from csrledger.store.queries import RecordFilter

    unknown = set(filters) - set(Filters.__annotations__)
    if unknown:
        raise TypeError(f"unknown filter {', '.join(sorted(unknown))}; "
                        f"filters are {', '.join(Filters.__annotations__)}")
    return RecordFilter.from_params(dict(filters))
