"""Curations anchored to what a record is; finite amounts; server-side sessions; inflection-aware search.

- ``curations`` gain ``first_key`` (the key a curation was first made on: its
  identity, whatever record it is attached to later), ``anchor`` (what the
  machine's record was: evidence sentence, sponsor, object, amount, currency,
  sector — matched tolerantly after a re-analysis), ``state`` (``attached`` or
  ``needs_review``) and ``note`` (why it needs review).  ``audit_log`` gains
  ``first_key`` so a record's history survives its re-attachment.
- Amounts that are not finite numbers in 0..1e16 (an "Infinity" stored by an
  earlier version) are cleared, in records and in the JSON of curations and
  the audit log; on SQLite, triggers refuse such amounts from any writer.
- ``sessions``: a curator's sign-in lives in the ledger, so signing out or a
  password change ends it everywhere.
- ``documents_fts`` gets a ``terms`` column: the base forms of the words
  (``csrledger.store.search``), rebuilt for the documents already stored.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
import json
import math
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MAX_AMOUNT = 1e16
_BAD = "({col} IS NOT NULL AND ({col} < 0 OR {col} > 1e16))"


def _finite(value: Any) -> Any:
    """The JSON value with every non-finite or out-of-range number replaced by None."""
    if isinstance(value, float) and not (math.isfinite(value) and abs(value) <= MAX_AMOUNT):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _load(raw: Any) -> Any:
    """A JSON column's value: parsed when the driver hands over its text, as given otherwise."""
    if raw is None or not isinstance(raw, str):
        return raw
    return json.loads(raw)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"

    with op.batch_alter_table("curations") as batch:
        batch.add_column(sa.Column("first_key", sa.String(64)))
        batch.add_column(sa.Column("anchor", sa.JSON))
        batch.add_column(sa.Column("state", sa.String(12), nullable=False, server_default="attached"))
        batch.add_column(sa.Column("note", sa.Text))
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("first_key", sa.String(64)))
    op.execute("UPDATE curations SET first_key = record_key")
    op.execute("UPDATE audit_log SET first_key = record_key")
    op.create_index("ix_curations_first_key", "curations", ["first_key"])
    op.create_index("ix_audit_first_key", "audit_log", ["first_key"])

    # Clear amounts no number can be (Infinity from an earlier version); NaN is NULL in SQLite already.
    op.execute(f"UPDATE records SET amount = NULL, amount_kzt = NULL WHERE {_BAD.format(col='amount')} "
               f"OR {_BAD.format(col='amount_kzt')}")
    for table, key, columns in (("curations", "record_key", ("fields",)), ("audit_log", "id", ("before", "after"))):
        for row in bind.execute(sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table}")).all():
            changes = {}
            for name, raw in zip(columns, row[1:], strict=True):
                value = _load(raw)
                cleaned = _finite(value)
                if cleaned != value or (isinstance(raw, str) and ("Infinity" in raw or "NaN" in raw)):
                    changes[name] = json.dumps(cleaned, ensure_ascii=False)
            if changes:
                sets = ", ".join(f'"{name}" = :{name}' for name in changes)
                bind.execute(sa.text(f"UPDATE {table} SET {sets} WHERE {key} = :k"), {**changes, "k": row[0]})

    # The anchor of every existing curation: the record it names, as stored now.
    texts: dict[str, str] = {}
    rows = bind.execute(sa.text(
        "SELECT c.record_key, r.doc_id, r.evidence, r.sponsor, r.object, r.amount, r.currency, r.sector "
        "FROM curations c JOIN records r ON r.key = c.record_key")).all()
    for key, doc_id, evidence, sponsor, obj, amount, currency, sector in rows:
        if doc_id not in texts:
            texts.clear()
            texts[doc_id] = bind.execute(sa.text("SELECT text FROM documents WHERE id = :i"),
                                         {"i": doc_id}).scalar() or ""
        spans = _load(evidence) or []
        sentence = " … ".join(texts[doc_id][e["start"]:e["end"]].strip() for e in spans)
        anchor = {"evidence": sentence, "sponsor": sponsor, "object": obj, "amount": _finite(amount),
                  "currency": currency, "sector": sector}
        bind.execute(sa.text("UPDATE curations SET anchor = :a WHERE record_key = :k"),
                     {"a": json.dumps(anchor, ensure_ascii=False), "k": key})

    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),          # SHA-256 of the cookie's token
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen", sa.DateTime, nullable=False),
        sa.Column("address", sa.String(64)),
    )
    op.create_index("ix_sessions_username", "sessions", ["username"])

    if sqlite:
        for event in ("INSERT", "UPDATE OF amount, amount_kzt"):
            name = "records_finite_insert" if event == "INSERT" else "records_finite_update"
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON records "
                f"WHEN {_BAD.format(col='NEW.amount')} OR {_BAD.format(col='NEW.amount_kzt')} "
                "BEGIN SELECT RAISE(ABORT, 'records.amount must be a finite number from 0 to 1e16'); END")
        from csrledger.store.search import index_terms

        op.execute("DROP TABLE documents_fts")
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5("
                   "doc_id UNINDEXED, title, text, terms, tokenize='unicode61 remove_diacritics 2')")
        for doc_id, title, body, lang in bind.execute(sa.text("SELECT id, title, text, lang FROM documents")).all():
            bind.execute(sa.text("INSERT INTO documents_fts(doc_id, title, text, terms) VALUES (:i, :t, :x, :b)"),
                         {"i": doc_id, "t": title or "", "x": body, "b": index_terms((title or "", body), lang)})


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS records_finite_insert")
        op.execute("DROP TRIGGER IF EXISTS records_finite_update")
        op.execute("DROP TABLE documents_fts")
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5("
                   "doc_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')")
        op.execute("INSERT INTO documents_fts(doc_id, title, text) SELECT id, coalesce(title, ''), text FROM documents")
    op.drop_index("ix_sessions_username", "sessions")
    op.drop_table("sessions")
    op.drop_index("ix_audit_first_key", "audit_log")
    op.drop_index("ix_curations_first_key", "curations")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("first_key")
    with op.batch_alter_table("curations") as batch:
        for name in ("note", "state", "anchor", "first_key"):
            batch.drop_column(name)
