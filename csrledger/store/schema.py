"""The ledger's tables (SQLAlchemy Core).

The schema is created and upgraded only by Alembic migrations
(``store/migrations``); this module describes it for queries.  Everything is
portable SQL except the FTS5 index, which exists on SQLite only.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("published", Date),
    Column("lang", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text),
    Column("content_hash", String(64), nullable=False),
    Column("analysed_at", DateTime, nullable=False),
    Index("ix_documents_lang", "lang"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_mentions_doc", "doc_id", "kind"),
    Index("ix_mentions_kind", "kind"),
)

records = Table(
    "records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("doc_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("sponsor", Text),
    Column("sponsor_kind", String(16), nullable=False),
    Column("sector", String(20), nullable=False),
    Column("object", Text, nullable=False),
    Column("region", String(8)),
    Column("place", Text),
    Column("amount", Float),
    Column("currency", String(3)),
    Column("amount_kzt", Float),
    Column("status", String(10), nullable=False),
    Column("year_from", Integer),
    Column("year_to", Integer),
    Column("year", Integer),                 # the year a record counts in: year_from, else publication year
    Column("aggregate", Boolean, nullable=False, default=False),
    Column("lang", String(8), nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("quantities", JSON, nullable=False),
    Column("beneficiaries", Text),
    Column("origin", String(10), nullable=False, default="machine"),   # machine, curator
    Column("review", String(12), nullable=False, default="unreviewed"),  # unreviewed, confirmed, edited, rejected
    Column("event_id", String(40)),          # the event (real investment) it reports (migration 0004)
    Column("part_of", Integer),              # id of the aggregate record of its document it is a part of
    # covering indexes for the grouped totals (migration 0002)
    *(Index(f"ix_records_{col}", col, "review", "sponsor_kind", "amount_kzt")
      for col in ("region", "sector", "year", "status", "sponsor", "lang")),
    Index("ix_records_doc", "doc_id", "review", "sponsor_kind", "amount_kzt", "amount", "currency"),
    Index("ix_records_event", "event_id", "review"),
)

# The curator's word on a record: re-attached after every re-analysis of its
# document to the record it names (by key, else tolerantly by its anchor),
# else kept and shown as needing review (migration 0003, store/curation.py).
curations = Table(
    "curations", metadata,
    Column("record_key", String(64), primary_key=True),  # the key of the record it is attached to now
    Column("doc_id", String(200), nullable=False),
    Column("review", String(12), nullable=False),       # confirmed, edited, rejected, added
    Column("fields", JSON, nullable=False),             # the record's values after the change
    Column("user", String(80), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("first_key", String(64)),                    # the key it was first made on: its identity
    Column("anchor", JSON),                             # the machine's record: evidence, sponsor, object, amount…
    Column("state", String(12), nullable=False, default="attached"),   # attached, needs_review
    Column("note", Text),                               # why it needs review
    Index("ix_curations_doc", "doc_id"),
    Index("ix_curations_first_key", "first_key"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("user", String(80), nullable=False),
    Column("action", String(12), nullable=False),       # confirm, edit, reject, add
    Column("record_key", String(64), nullable=False),
    Column("doc_id", String(200), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("first_key", String(64)),                    # the curation's identity (curations.first_key)
    Index("ix_audit_record", "record_key"),
    Index("ix_audit_first_key", "first_key"),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Signed-in sessions (migration 0003): the cookie carries a random token whose
# SHA-256 is the id here; sign-out deletes the row, a password change all of the user's.
sessions = Table(
    "sessions", metadata,
    Column("id", String(64), primary_key=True),
    Column("username", String(80), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("address", String(64)),
    Index("ix_sessions_username", "username"),
)

# Events (migration 0004, csrledger.events): one row per real investment, refreshed
# from its records (store/events.py); totals add ``counted_kzt``, once per event.
MAX_ROW_ID = 2**31 - 1
"""The largest id an ``Integer`` primary key holds on every backend."""


def record_by_id(record_id: int) -> ColumnElement[bool]:
    """``records.id == record_id``; false for an id no ledger holds (PostgreSQL's INTEGER is 32 bits and
    would raise on a larger one, where SQLite's 64 bits simply find nothing)."""
    return records.c.id == record_id if 0 < record_id <= MAX_ROW_ID else false()

events = Table(
    "events", metadata,
    Column("id", String(40), primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("status", String(10), nullable=False),           # the furthest any report says it got
    Column("sponsor", Text),
    Column("sponsor_kind", String(16), nullable=False),
    Column("sector", String(20), nullable=False),
    Column("object", Text, nullable=False),
    Column("region", String(8)),
    Column("place", Text),
    Column("year", Integer),
    Column("amount_kzt", Float),                             # as its latest report with a tenge amount states it
    Column("counted_kzt", Float, nullable=False),            # what totals add: an aggregate less its parts
    Column("aggregate", Boolean, nullable=False),
    Column("part_of", String(40)),                           # the aggregate event it is a part of
    Column("reports", Integer, nullable=False),              # its records (not rejected)
    Column("documents", Integer, nullable=False),
    Column("first_reported", Date),
    Column("last_reported", Date),
    Column("promised_year", Integer),                        # the year a promise is due, when stated
    Column("promise", String(10)),                           # delivered, overdue, open; None: never promised
    *(Index(f"ix_events_{col}", col, "sponsor_kind", "status", "counted_kzt")
      for col in ("region", "sector", "year", "sponsor")),
    Index("ix_events_status", "status", "sponsor_kind", "counted_kzt"),
    Index("ix_events_part_of", "part_of"),
    Index("ix_events_promise", "promise", "sponsor", "region"),
)

event_keys = Table(
    "event_keys", metadata,
    Column("key", String(80), nullable=False),
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False),
    Index("ix_event_keys_key", "key", "record_id"),
    Index("ix_event_keys_record", "record_id"),
)

# A curator's word on two records, by their keys: ``together`` (one investment) or ``apart``.
event_decisions = Table(
    "event_decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False),
    Column("key_a", String(64), nullable=False),
    Column("key_b", String(64), nullable=False),
    Column("user", String(80), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_event_decisions_a", "key_a"),
    Index("ix_event_decisions_b", "key_b"),
)

evidence_vectors = Table(
    "evidence_vectors", metadata,
    Column("digest", String(40), primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)
