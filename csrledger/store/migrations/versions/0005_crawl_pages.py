"""Crawl state of ``csrledger collect`` (issue 12), in a table of its own.

``crawl_pages``: one row per URL the collector has listed or fetched — feeds,
sitemaps and pages — keyed by the URL as listed (normalised).  It keeps what
a polite, incremental crawl needs next time: the validators for a
conditional GET (``etag``, ``last_modified``), the sitemap's ``lastmod``,
the last HTTP status, where the URL was listed (``found_in``, ``listed_at``:
the children of a feed or sitemap that answers 304), and the page's
``doc_id`` and ``content_hash`` (of its main text) against duplicates.  It
refers to no other table: documents may be removed from the ledger without it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_pages",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("found_in", sa.String(2048)),
        sa.Column("listed_at", sa.DateTime),
        sa.Column("lastmod", sa.String(40)),
        sa.Column("status", sa.Integer),
        sa.Column("final_url", sa.String(2048)),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("doc_id", sa.String(200)),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("fetched_at", sa.DateTime),
        sa.Column("changed_at", sa.DateTime),
    )
    op.create_index("ix_crawl_pages_found_in", "crawl_pages", ["found_in", "listed_at"])
    op.create_index("ix_crawl_pages_content_hash", "crawl_pages", ["content_hash"])


def downgrade() -> None:
    op.drop_index("ix_crawl_pages_content_hash", "crawl_pages")
    op.drop_index("ix_crawl_pages_found_in", "crawl_pages")
    op.drop_table("crawl_pages")
