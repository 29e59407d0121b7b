"""The ledger's tables (SQLAlchemy Core).

The schema is created and upgraded only by Alembic migrations
(``store/migrations``); this module describes it for queries.  Everything is
portable SQL except the FTS5 index, which exists on SQLite only.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String,
    Table, Text,
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
    # covering indexes for the grouped totals (migration 0002)
    *(Index(f"ix_records_{col}", col, "review", "sponsor_kind", "amount_kzt")
      for col in ("region", "sector", "year", "status", "sponsor", "lang")),
    Index("ix_records_doc", "doc_id", "review", "sponsor_kind", "amount_kzt", "amount", "currency"),
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
