"""Events in the ledger: grouping each stored document's records, and keeping the events table true.

When a document is stored, each of its records either keeps the event it had
before the re-analysis (so curators' merges and splits stay), or is put into
an event by ``csrledger.events`` against the records already in the ledger,
found through their block keys (``event_keys``) — the ledger is never
re-clustered for a new document.  Every event whose records changed is then
summarised again into ``events`` (status, amount, counted tenge), and so is
the aggregate it is a part of.  ``regroup`` rebuilds all events from scratch
in record order, with the curators' decisions.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import ColumnElement, Connection, Engine, delete, func, insert, or_, select, update

from csrledger.events.accounts import counted, summarise
from csrledger.events.index import BLOCK_LIMIT, EventIndex, assign, by_document, new_event_id
from csrledger.events.report import Report
from csrledger.events.text import Embedder
from csrledger.events.where import MainPlace, main_place, placed
from csrledger.store.locking import write_transaction
from csrledger.store.schema import (
    documents,
    event_decisions,
    event_keys,
    events,
    evidence_vectors,
    mentions,
    records,
)
from csrledger.text.urls import date_in_url

if TYPE_CHECKING:
    from csrledger.store.queries import RecordFilter

_COLUMNS = (records.c.id, records.c.key, records.c.doc_id, records.c.seq, records.c.sponsor, records.c.sponsor_kind,
            records.c.sector, records.c.object, records.c.region, records.c.place, records.c.amount_kzt,
            records.c.status, records.c.year_from, records.c.year_to, records.c.year, records.c.aggregate,
            records.c.evidence, records.c.quantities, records.c.event_id, records.c.part_of, records.c.lang,
            records.c.review,
            documents.c.published, documents.c.url)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class VectorCache(MutableMapping[str, np.ndarray]):
    """Embeddings by text digest, kept in ``evidence_vectors`` so no text is embedded twice."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.memory: dict[str, np.ndarray] = {}

    def __getitem__(self, digest: str) -> np.ndarray:
        if digest not in self.memory:
            blob = self.conn.execute(select(evidence_vectors.c.vector)
                                     .where(evidence_vectors.c.digest == digest)).scalar()
            if blob is None:
                raise KeyError(digest)
            self.memory[digest] = np.frombuffer(blob, dtype=np.float32)
        return self.memory[digest]

    def __contains__(self, digest: object) -> bool:
        try:
            self[digest]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __setitem__(self, digest: str, vector: np.ndarray) -> None:
        self.memory[digest] = vector
        if self.conn.execute(select(evidence_vectors.c.digest).where(evidence_vectors.c.digest == digest)).first():
            return
        self.conn.execute(insert(evidence_vectors).values(digest=digest, vector=vector.astype(np.float32).tobytes()))

    def __delitem__(self, digest: str) -> None:
        raise TypeError("embeddings are not deleted")

    def __iter__(self) -> Iterator[str]:
        return iter(self.memory)

    def __len__(self) -> int:
        return len(self.memory)


def document_place(conn: Connection, doc_id: str) -> MainPlace:
    """The main place of a stored document, from its place mentions (``csrledger.events.where``)."""
    rows = conn.execute(select(mentions.c.data).where(mentions.c.doc_id == doc_id, mentions.c.kind == "places")
                        .order_by(mentions.c.start)).scalars()
    return main_place(d for d in rows if isinstance(d, dict))


def report_of(row: Any, text: str, main: MainPlace | None = None) -> Report:
    """The events stage's view of a stored record.

    An undated page is dated by its URL (/2022/11/07/); a record that names
    no settlement is placed in its document's main place (``where.placed``).
    """
    m = row._mapping if hasattr(row, "_mapping") else row
    evidence = " … ".join(" ".join(text[e["start"]:e["end"]].split()) for e in m["evidence"] or [])
    quantities = tuple(sorted((q["unit"], float(q["value"])) for q in m["quantities"] or []
                              if q.get("unit") and q.get("value") is not None))
    published = m["published"] or date_in_url(m.get("url"))
    place, region, from_document = placed(m["place"], m["region"], main)
    return Report(key=m["key"], doc_id=m["doc_id"], sponsor=m["sponsor"], sponsor_kind=m["sponsor_kind"],
                  sector=m["sector"], object=m["object"], status=m["status"], region=region, place=place,
                  amount_kzt=m["amount_kzt"], year_from=m["year_from"], year_to=m["year_to"],
                  aggregate=bool(m["aggregate"]), published=published, lang=m["lang"], evidence=evidence,
                  quantities=quantities, place_from_document=from_document)


class LedgerSource:
    """The ``csrledger.events.index.Source`` of the records already in the ledger."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self._texts: dict[str, str] = {}
        self._places: dict[str, MainPlace] = {}
        self._reports: dict[int, Report] = {}

    def report(self, row: Any) -> Report:
        """The report of a stored record row, with its document's text and main place."""
        if row.doc_id not in self._places:
            self._places[row.doc_id] = document_place(self.conn, row.doc_id)
        return report_of(row, self._text(row.doc_id), self._places[row.doc_id])

    def _text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.conn.execute(select(documents.c.text)
                                                    .where(documents.c.id == doc_id)).scalar() or ""
        return self._texts[doc_id]

    def _rows(self, where: ColumnElement[bool]) -> list[tuple[Report, str]]:
        query = (select(*_COLUMNS).join(documents, documents.c.id == records.c.doc_id)
                 .where(where, records.c.review != "rejected", records.c.event_id.isnot(None)).order_by(records.c.id))
        out: list[tuple[Report, str]] = []
        for row in self.conn.execute(query):
            if row.id not in self._reports:
                self._reports[row.id] = self.report(row)
            out.append((self._reports[row.id], row.event_id))
        return out

    def candidates(self, blocks: tuple[str, ...]) -> list[tuple[Report, str]]:
        hits: dict[str, list[int]] = defaultdict(list)
        for key, record_id in self.conn.execute(select(event_keys.c.key, event_keys.c.record_id)
                                                .where(event_keys.c.key.in_(blocks))):
            hits[key].append(record_id)
        ids = sorted({i for found in hits.values() for i in sorted(found)[-BLOCK_LIMIT:]})
        return self._rows(records.c.id.in_(ids)) if ids else []

    def members(self, event_id: str) -> list[Report]:
        return [report for report, _ in self._rows(records.c.event_id == event_id)]

    def _decided(self, key: str, kind: str) -> set[str]:
        d = event_decisions.c
        rows = self.conn.execute(select(d.key_a, d.key_b).where(d.kind == kind, or_(d.key_a == key, d.key_b == key)))
        return {b if a == key else a for a, b in rows}

    def together(self, key: str) -> set[str]:
        keys = self._decided(key, "together")
        if not keys:
            return set()
        return set(self.conn.execute(select(records.c.event_id).where(
            records.c.key.in_(keys), records.c.event_id.isnot(None), records.c.review != "rejected")).scalars())

    def apart(self, key: str) -> set[str]:
        return self._decided(key, "apart")


def _set_event(conn: Connection, record_id: int, report: Report, event_id: str) -> None:
    conn.execute(update(records).where(records.c.id == record_id).values(event_id=event_id))
    conn.execute(delete(event_keys).where(event_keys.c.record_id == record_id))
    conn.execute(insert(event_keys), [{"key": b[:80], "record_id": record_id} for b in report.blocks])


def group_document(conn: Connection, doc_id: str, previous: dict[str, str], embedder: Embedder) -> set[str]:
    """Put the document's records into events (inside the store's transaction); returns the events touched.

    ``previous`` maps the keys of the records the document had before this
    analysis to their events: a record found again keeps its event.
    """
    embedder.cache = VectorCache(conn)
    source = LedgerSource(conn)
    rows = conn.execute(select(*_COLUMNS).join(documents, documents.c.id == records.c.doc_id)
                        .where(records.c.doc_id == doc_id, records.c.review != "rejected")
                        .order_by(records.c.seq)).all()
    touched = set(previous.values())
    fresh: list[tuple[Any, Report]] = []
    for row in rows:
        report = source.report(row)
        if report.key in previous:
            _set_event(conn, row.id, report, previous[report.key])
        else:
            fresh.append((row, report))
    touched |= _place(conn, fresh, source, embedder)
    refresh(conn, touched)
    return touched


def _place(conn: Connection, rows: list[tuple[Any, Report]], source: LedgerSource, embedder: Embedder) -> set[str]:
    """Put the (row, report) pairs of one document into events together (``events.index.assign``)."""
    chosen = assign([report for _, report in rows], source, embedder)
    touched = set()
    for (row, report), (event_id, _) in zip(rows, chosen, strict=True):
        event_id = event_id or new_event_id(report.key)
        _set_event(conn, row.id, report, event_id)
        touched.add(event_id)
    return touched


def event_rows(conn: Connection, event_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """The records (not rejected) of the events, with their documents' dates, by event."""
    ids = sorted(set(event_ids))
    out: dict[str, list[dict[str, Any]]] = {e: [] for e in ids}
    for start in range(0, len(ids), 500):
        query = (select(*_COLUMNS).join(documents, documents.c.id == records.c.doc_id)
                 .where(records.c.event_id.in_(ids[start:start + 500]), records.c.review != "rejected"))
        for row in conn.execute(query):
            out[row.event_id].append(dict(row._mapping))
    return out


def _aggregate_of(conn: Connection, rows: list[dict[str, Any]]) -> str | None:
    """The event of the aggregate record one of these records is a part of."""
    parents = sorted({r["part_of"] for r in rows if r.get("part_of")})
    if not parents:
        return None
    return conn.execute(select(records.c.event_id).where(records.c.id.in_(parents), records.c.event_id.isnot(None))
                        .order_by(records.c.id)).scalar()


def refresh(conn: Connection, event_ids: Iterable[str]) -> None:
    """Summarise the events again from their records, and the aggregates they are parts of; drop empty ones.

    Counted tenge is set last, when every part's amount is final.
    """
    pending: set[str] = set(event_ids)
    done: set[str] = set()
    while pending - done:
        batch = sorted(pending - done)
        done |= set(batch)
        rows_by_event = event_rows(conn, batch)
        for event_id in batch:
            rows = rows_by_event[event_id]
            old_parent = conn.execute(select(events.c.part_of).where(events.c.id == event_id)).scalar()
            summary = summarise(event_id, rows)
            if summary is None:
                conn.execute(delete(events).where(events.c.id == event_id))
                if old_parent is not None:
                    pending.add(old_parent)
                continue
            parent = _aggregate_of(conn, rows)
            values = {**asdict(summary), "counted_kzt": 0.0, "part_of": parent if parent != event_id else None}
            values.pop("id")
            if conn.execute(select(events.c.id).where(events.c.id == event_id)).first():
                conn.execute(update(events).where(events.c.id == event_id).values(**values))
            else:
                conn.execute(insert(events).values(id=event_id, created_at=_now(), **values))
            pending.update(e for e in (old_parent, values["part_of"]) if e is not None)
    for event_id in sorted(done):
        amount = conn.execute(select(events.c.amount_kzt).where(events.c.id == event_id)).first()
        if amount is None:
            continue
        parts = conn.execute(select(events.c.amount_kzt).where(events.c.part_of == event_id,
                                                               events.c.id != event_id)).scalars().all()
        conn.execute(update(events).where(events.c.id == event_id).values(counted_kzt=counted(amount[0], parts)))


def regroup(engine: Engine, embedder: Embedder | None = None) -> dict[str, int]:
    """Group every record of the ledger again, in record order, keeping the curators' decisions."""
    embedder = embedder or Embedder()
    with write_transaction(engine) as conn:
        embedder.cache = VectorCache(conn)
        index = EventIndex(embedder)
        d = event_decisions.c
        for kind, a, b in conn.execute(select(d.kind, d.key_a, d.key_b)):
            (index.keep_together if kind == "together" else index.keep_apart)(a, b)
        source = LedgerSource(conn)
        query = (select(*_COLUMNS).join(documents, documents.c.id == records.c.doc_id)
                 .where(records.c.review != "rejected").order_by(records.c.id))
        ids: dict[str, int] = {}
        reports = []
        for row in conn.execute(query).all():
            if row.doc_id not in source._texts:
                source._texts.clear()
                source._places.clear()
            reports.append(source.report(row))
            ids[reports[-1].key] = row.id
        for run in by_document(reports):
            index.add_document(run)
        conn.execute(update(records).values(event_id=None))
        conn.execute(delete(event_keys))
        conn.execute(delete(events))
        for key, event_id in index.event_of.items():
            _set_event(conn, ids[key], index.reports[key], event_id)
        refresh(conn, index.events.keys())
        multi = sum(1 for keys in index.events.values() if len({index.reports[k].doc_id for k in keys}) > 1)
    return {"records": len(index.event_of), "events": len(index.events), "reported_by_several": multi,
            "embedded": embedder.computed}


def group_ungrouped(engine: Engine, embedder: Embedder) -> int:
    """Put the records that have no event yet into events, in record order; returns how many.

    A ledger written before events existed (migration 0004 adds the column
    empty) is grouped the first time it is opened, so its totals count events
    from the start; a ledger already grouped costs one count.
    """
    missing = (records.c.event_id.is_(None), records.c.review != "rejected")
    with engine.connect() as conn:
        if not conn.execute(select(func.count()).select_from(records).where(*missing)).scalar():
            return 0
    with write_transaction(engine) as conn:
        embedder.cache = VectorCache(conn)
        source = LedgerSource(conn)
        rows = conn.execute(select(*_COLUMNS).join(documents, documents.c.id == records.c.doc_id)
                            .where(*missing).order_by(records.c.id)).all()
        touched: set[str] = set()
        pairs = [(row, source.report(row)) for row in rows]
        for run in by_document(pairs, lambda pair: pair[1].doc_id):
            touched |= _place(conn, run, source, embedder)
        refresh(conn, touched)
    return len(rows)


# --- reading events ------------------------------------------------------------------------------------------

EVENT_SORTS = ("counted_kzt", "last_reported", "reports", "year", "sponsor")


def list_events(conn: Connection, flt: RecordFilter, sort: str = "counted_kzt", page: int = 1, per_page: int = 50,
                min_reports: int = 1) -> tuple[list[dict[str, Any]], int]:
    """Events the filter selects (see ``queries.event_where``), largest first; ``min_reports`` 2: reported twice
    or more."""
    from csrledger.store.queries import FilterError, event_where

    if sort not in EVENT_SORTS:
        raise FilterError(f"sort must be one of {', '.join(EVENT_SORTS)}, not {sort!r}")
    if page < 1 or not 1 <= per_page <= 1000:
        raise FilterError("page must be ≥ 1 and per_page between 1 and 1000")
    where = [event_where(flt), events.c.reports >= min_reports]
    total = conn.execute(select(func.count()).select_from(events).where(*where)).scalar_one()
    column = getattr(events.c, sort)
    rows = conn.execute(select(events).where(*where).order_by(column.desc().nulls_last(), events.c.id)
                        .limit(per_page).offset((page - 1) * per_page))
    return [dict(r._mapping) for r in rows], total


def get_event(conn: Connection, event_id: str) -> dict[str, Any] | None:
    """An event with its reports side by side (in date order: its status timeline), its parts and aggregate."""
    row = conn.execute(select(events).where(events.c.id == event_id)).first()
    if row is None:
        return None
    reports = conn.execute(
        select(records, documents.c.url, documents.c.title.label("doc_title"), documents.c.published,
               documents.c.text.label("doc_text"))
        .join(documents, documents.c.id == records.c.doc_id)
        .where(records.c.event_id == event_id)
        .order_by(documents.c.published.is_(None), documents.c.published, records.c.id)).all()
    out = []
    for r in reports:
        item = dict(r._mapping)
        text = item.pop("doc_text") or ""
        item["evidence_text"] = " … ".join(" ".join(text[e["start"]:e["end"]].split()) for e in item["evidence"] or [])
        out.append(item)
    parts = [dict(p._mapping) for p in conn.execute(select(events).where(events.c.part_of == event_id)
                                                     .order_by(events.c.id))]
    event = dict(row._mapping)
    return {**event, "records": out,
            "timeline": [{"doc_id": r["doc_id"], "published": r["published"], "status": r["status"],
                          "record_id": r["id"], "rejected": r["review"] == "rejected"} for r in out],
            "parts": parts,
            "aggregate_event": event["part_of"]}


def promises(conn: Connection, flt: RecordFilter, today: dt.date | None = None) -> dict[str, Any]:
    """Every investment that was promised: delivered, overdue or open, with totals by sponsor and region.

    A promise's amount is what the event is counted for; overdue means due in a
    year now past with no delivery report.
    """
    from csrledger.store.queries import event_where

    rows = [dict(r._mapping) for r in conn.execute(
        select(events).where(event_where(flt), events.c.promise.isnot(None))
        .order_by(events.c.sponsor, events.c.region, events.c.promised_year, events.c.id))]

    def group(key: str) -> list[dict[str, Any]]:
        acc: dict[Any, dict[str, Any]] = {}
        for r in rows:
            g = acc.setdefault(r[key], {"key": r[key], **dict.fromkeys(("delivered", "overdue", "open"), 0),
                                        **{f"kzt_{p}": 0.0 for p in ("delivered", "overdue", "open")}})
            g[r["promise"]] += 1
            g[f"kzt_{r['promise']}"] += r["counted_kzt"] or 0.0
        return sorted(acc.values(), key=lambda g: (-(g["overdue"] + g["open"] + g["delivered"]), str(g["key"])))

    return {"promises": rows, "by_sponsor": group("sponsor"), "by_region": group("region"),
            "counts": {p: sum(1 for r in rows if r["promise"] == p) for p in ("delivered", "overdue", "open")},
            "as_of": (today or dt.date.today()).isoformat()}


def after_curation(engine: Engine, record_id: int, embedder: Embedder | None = None) -> None:
    """Keep the events true after a curator confirmed, edited, rejected, restored or added a record.

    A record without an event (added by a curator) is grouped like a new one;
    the event's status, amount and counted tenge follow the curated values.
    """
    with write_transaction(engine) as conn:
        row = conn.execute(select(*_COLUMNS).join(documents, documents.c.id == records.c.doc_id)
                           .where(records.c.id == record_id)).first()
        if row is None:
            return
        event_id = row.event_id
        if event_id is None and row.review != "rejected":
            embedder = embedder or Embedder()
            embedder.cache = VectorCache(conn)
            source = LedgerSource(conn)
            event_id = next(iter(_place(conn, [(row, source.report(row))], source, embedder)))
        if event_id:
            refresh(conn, [event_id])
