"""Events: one real investment, however many documents report it (issue 10).

- ``records`` gain ``event_id`` (the stable id of the event the record
  reports, shared across documents and languages) and ``part_of`` (the id of
  the aggregate record this record is a part of, in the same document).
- ``events``: one row per event, refreshed from its records whenever they
  change — current status, the fields it is counted under, its amount, and
  ``counted_kzt``, the tenge every total adds for it (an aggregate only for
  what its parts do not cover); ``part_of`` names the aggregate event of a
  part.  The status timeline is not stored: it is the event's records in
  date order, so it can never disagree with them.
- ``event_keys``: the block keys under which a record is found as a
  candidate when a new document arrives (``csrledger.events``).
- ``event_decisions``: a curator's word that two records are one investment
  (``together``) or two (``apart``), by record key, so that it survives
  re-analysis, new documents and a full regrouping.
- ``evidence_vectors``: sentence embeddings by the digest of the text they
  embed, computed once.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GROUPED = ("region", "sector", "year", "status", "sponsor")


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("event_id", sa.String(40)))
        batch.add_column(sa.Column("part_of", sa.Integer))
    op.create_index("ix_records_event", "records", ["event_id", "review"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("sponsor", sa.Text),
        sa.Column("sponsor_kind", sa.String(16), nullable=False),
        sa.Column("sector", sa.String(20), nullable=False),
        sa.Column("object", sa.Text, nullable=False),
        sa.Column("region", sa.String(8)),
        sa.Column("place", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("amount_kzt", sa.Float),
        sa.Column("counted_kzt", sa.Float, nullable=False),
        sa.Column("aggregate", sa.Boolean, nullable=False),
        sa.Column("part_of", sa.String(40)),
        sa.Column("reports", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("first_reported", sa.Date),
        sa.Column("last_reported", sa.Date),
        sa.Column("promised_year", sa.Integer),
        sa.Column("promise", sa.String(10)),
    )
    for column in GROUPED:
        cover = ["sponsor_kind", "counted_kzt"] if column == "status" else ["sponsor_kind", "status", "counted_kzt"]
        op.create_index(f"ix_events_{column}", "events", [column, *cover])
    op.create_index("ix_events_part_of", "events", ["part_of"])
    op.create_index("ix_events_promise", "events", ["promise", "sponsor", "region"])
    op.create_table(
        "event_keys",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_event_keys_key", "event_keys", ["key", "record_id"])
    op.create_index("ix_event_keys_record", "event_keys", ["record_id"])
    op.create_table(
        "event_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("key_a", sa.String(64), nullable=False),
        sa.Column("key_b", sa.String(64), nullable=False),
        sa.Column("user", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_event_decisions_a", "event_decisions", ["key_a"])
    op.create_index("ix_event_decisions_b", "event_decisions", ["key_b"])
    op.create_table(
        "evidence_vectors",
        sa.Column("digest", sa.String(40), primary_key=True),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    for table in ("evidence_vectors", "event_decisions", "event_keys", "events"):
        op.drop_table(table)
    op.drop_index("ix_records_event", "records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("part_of")
        batch.drop_column("event_id")
