"""Initial ledger: documents, mentions, records, curations, audit log, users, FTS5 index.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("analysed_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_mentions_doc", "mentions", ["doc_id", "kind"])
    op.create_table(
        "records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("sponsor", sa.Text),
        sa.Column("sponsor_kind", sa.String(16), nullable=False),
        sa.Column("sector", sa.String(20), nullable=False),
        sa.Column("object", sa.Text, nullable=False),
        sa.Column("region", sa.String(8)),
        sa.Column("place", sa.Text),
        sa.Column("amount", sa.Float),
        sa.Column("currency", sa.String(3)),
        sa.Column("amount_kzt", sa.Float),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("year_from", sa.Integer),
        sa.Column("year_to", sa.Integer),
        sa.Column("year", sa.Integer),
        sa.Column("aggregate", sa.Boolean, nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("quantities", sa.JSON, nullable=False),
        sa.Column("beneficiaries", sa.Text),
        sa.Column("origin", sa.String(10), nullable=False),
        sa.Column("review", sa.String(12), nullable=False),
    )
    for column in ("region", "sector", "sponsor", "year", "status"):
        op.create_index(f"ix_records_{column}", "records", [column])
    op.create_index("ix_records_doc", "records", ["doc_id"])
    op.create_table(
        "curations",
        sa.Column("record_key", sa.String(64), primary_key=True),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("review", sa.String(12), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("user", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_curations_doc", "curations", ["doc_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("user", sa.String(80), nullable=False),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("record_key", sa.String(64), nullable=False),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
    )
    op.create_index("ix_audit_record", "audit_log", ["record_key"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Full-text index over documents, kept in step by the ledger's writes.
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5("
                   "doc_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE documents_fts")
    for table in ("users", "audit_log", "curations", "records", "mentions", "documents"):
        op.drop_table(table)
