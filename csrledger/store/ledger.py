"""Opening the ledger and writing analyses into it.

Writes are transactional: a document, its mentions and its records are
replaced together or not at all, and the curators' word on its records is
re-applied in the same transaction, and its records are put into events
(``store/events.py``).  A document whose content and analyser version are
unchanged is left alone, so re-runs are idempotent.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select, text, update

from csrledger import __version__
from csrledger.events.text import Embedder
from csrledger.model import Analysis, Document, Record
from csrledger.store.curation import apply_curations
from csrledger.store.events import group_document, group_ungrouped
from csrledger.store.locking import BUSY_TIMEOUT_MS, write_transaction
from csrledger.store.schema import documents, mentions, records
from csrledger.store.search import index_document

if TYPE_CHECKING:
    from sqlalchemy.pool import ConnectionPoolEntry

DEFAULT_DB = "csrledger.db"


def default_db() -> str:
    return os.environ.get("CSRLEDGER_DB", DEFAULT_DB)


def _url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")   # first: switching to WAL may wait for a lock
    cur.execute("PRAGMA foreign_keys=ON")
    _write_ahead_log(cur)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    # Unicode lower(): SQLite's own folds ASCII only, so ILIKE missed "Школа" for "школа".
    dbapi_conn.create_function("lower", 1, _lower, deterministic=True)


def _write_ahead_log(cur: sqlite3.Cursor) -> None:
    """Switch a ledger to WAL once.  The switch may answer "database is locked" at once, without
    waiting for the busy timeout, while another process opens the same new ledger: then retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return      # switched, or a database that has no WAL (":memory:" stays "memory": no retrying)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _lower(value: str | bytes | int | float | None) -> str | bytes | int | float | None:
    return value.lower() if isinstance(value, str) else value


def open_engine(db: str | None = None) -> Engine:
    """An engine on the ledger at ``db`` (a path or a SQLAlchemy URL), migrated to the latest schema."""
    engine = create_engine(_url(db or default_db()))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    migrate(engine)
    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("csrledger.store") / "migrations"))
    return config


def migrate(engine: Engine) -> None:
    """Upgrade the ledger to the latest schema; safe when several processes open it at once.

    A ledger already at the head is only read.  Otherwise the upgrade runs in
    a transaction that takes the write lock first (``BEGIN IMMEDIATE`` on
    SQLite: DDL is transactional there), so a second process waits for the
    first one's upgrade and then finds nothing left to do, instead of
    creating the same tables again.
    """
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as conn:
        if set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return
    with write_transaction(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def content_hash(doc: Document) -> str:
    """What decides whether a stored analysis is still current: the input and the analyser version."""
    payload = json.dumps([doc.text, doc.title, doc.url, doc.published and doc.published.isoformat(),
                          doc.lang, __version__], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record_key(doc_id: str, record: Record, text: str | None = None) -> str:
    """A key that names the same record again when its document is re-analysed.

    Built from what the record is — its evidence sentences' words (given the
    document ``text``), sector, object, amount — not from where the sentence
    starts, so a line added above it keeps the key.  (Without ``text``: the
    evidence offset, as keys were made before.)  A curation whose key is gone
    is re-attached by its anchor (``store/curation.py``).
    """
    if text is not None and record.evidence:
        anchor: object = " … ".join(" ".join(text[e.start:e.end].split()) for e in record.evidence)
    else:
        anchor = record.evidence[0].start if record.evidence else -1
    basis = f"{doc_id}\x1f{anchor}\x1f{record.sector}\x1f{record.object.lower()}\x1f{record.amount}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:24]


def record_row(doc: Document, lang: str, record: Record, seq: int, key: str) -> dict[str, Any]:
    published_year = doc.published.year if doc.published else None
    return {
        "key": key, "doc_id": doc.id, "seq": seq,
        "sponsor": record.sponsor, "sponsor_kind": record.sponsor_kind, "sector": record.sector,
        "object": record.object, "region": record.region, "place": record.place,
        "amount": record.amount, "currency": record.currency,
        "amount_kzt": kzt_amount(record.amount, record.currency),
        "status": record.status, "year_from": record.year_from, "year_to": record.year_to,
        "year": record.year_from or published_year,
        "aggregate": record.aggregate, "lang": lang,
        "evidence": [{"start": e.start, "end": e.end} for e in record.evidence],
        "quantities": record.quantities, "beneficiaries": record.beneficiaries,
        "origin": "machine", "review": "unreviewed",
    }


def kzt_amount(amount: float | None, currency: str | None) -> float | None:
    """Only tenge counts in tenge totals: no exchange rate is guessed."""
    return amount if amount is not None and currency == "KZT" else None


@dataclass(frozen=True)
class StoreResult:
    doc_id: str
    outcome: str  # added, updated, unchanged


def _link_parts(conn: Connection, doc_id: str, analysis: Analysis) -> None:
    """``Record.part_of`` is an index into the analysis' records; the ledger keeps the aggregate's record id."""
    parts = {seq: r.part_of for seq, r in enumerate(analysis.records)
             if r.part_of is not None and 0 <= r.part_of < len(analysis.records) and r.part_of != seq}
    if not parts:
        return
    ids = dict(conn.execute(select(records.c.seq, records.c.id).where(records.c.doc_id == doc_id)).all())
    for seq, parent in parts.items():
        conn.execute(update(records).where(records.c.id == ids[seq]).values(part_of=ids[parent]))


class Ledger:
    """The ledger database: write analyses, and hand out connections to read."""

    def __init__(self, db: str | None = None):
        self.engine = open_engine(db)
        self.embedder = Embedder()      # loads its model at the first pair of reports it must compare
        group_ungrouped(self.engine, self.embedder)

    def close(self) -> None:
        self.engine.dispose()

    def is_current(self, doc: Document) -> bool:
        with self.engine.connect() as conn:
            stored = conn.execute(select(documents.c.content_hash).where(documents.c.id == doc.id)).scalar()
        return stored == content_hash(doc)

    def store(self, doc: Document, analysis: Analysis) -> StoreResult:
        """Replace the document's analysis in one transaction."""
        digest = content_hash(doc)
        with write_transaction(self.engine) as conn:
            stored = conn.execute(select(documents.c.content_hash).where(documents.c.id == doc.id)).scalar()
            if stored == digest:
                return StoreResult(doc.id, "unchanged")
            previous: dict[str, str] = {}
            if stored is not None:
                previous = dict(conn.execute(select(records.c.key, records.c.event_id).where(
                    records.c.doc_id == doc.id, records.c.event_id.isnot(None))).all())
                self._delete(conn, doc.id)
            conn.execute(insert(documents).values(
                id=doc.id, title=doc.title, url=doc.url, published=doc.published, lang=analysis.lang,
                text=doc.text, source=doc.source, content_hash=digest,
                analysed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))
            mention_rows = [{"doc_id": doc.id, "kind": m.kind, "start": m.start, "end": m.end,
                             "text": m.text, "data": m.to_json()} for m in analysis.mentions()]
            if mention_rows:
                conn.execute(insert(mentions), mention_rows)
            rows, seen = [], set()
            for seq, record in enumerate(analysis.records):
                key = record_key(doc.id, record, doc.text)
                while key in seen:
                    key = hashlib.sha1(key.encode()).hexdigest()[:24]
                seen.add(key)
                rows.append(record_row(doc, analysis.lang, record, seq, key))
            if rows:
                conn.execute(insert(records), rows)
                _link_parts(conn, doc.id, analysis)
            index_document(conn, doc.id, doc.title, doc.text, analysis.lang)
            apply_curations(conn, doc.id)
            group_document(conn, doc.id, previous, self.embedder)
        return StoreResult(doc.id, "updated" if stored is not None else "added")

    @staticmethod
    def _delete(conn: Connection, doc_id: str) -> None:
        conn.execute(delete(records).where(records.c.doc_id == doc_id))
        conn.execute(delete(mentions).where(mentions.c.doc_id == doc_id))
        if conn.dialect.name in ("sqlite", "postgresql"):
            conn.execute(text("DELETE FROM documents_fts WHERE doc_id = :i"), {"i": doc_id})
        conn.execute(delete(documents).where(documents.c.id == doc_id))
