"""The collector's memory, kept in the ledger (table ``crawl_pages``, migration 0005).

One row per URL listed or fetched: what a conditional GET needs next time
(ETag, Last-Modified), the sitemap's lastmod, where the URL was listed (so
the children of a feed or sitemap that answers 304 are still visited), and
the page's document id and text hash, against duplicates.  Written by the
parent process only, after the page's document is stored: an interrupted
run leaves no validator for a page whose analysis is not in the ledger.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Engine, Integer, MetaData, String, Table, Text, insert, select, update

from csrledger.store.locking import write_transaction

crawl_pages = Table(
    "crawl_pages", MetaData(),
    Column("url", String(2048), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("found_in", String(2048)),
    Column("listed_at", DateTime),
    Column("lastmod", String(40)),
    Column("status", Integer),
    Column("final_url", String(2048)),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("doc_id", String(200)),
    Column("content_hash", String(64)),
    Column("fetched_at", DateTime),
    Column("changed_at", DateTime),
)


@dataclass(frozen=True)
class CrawlEntry:
    """What the collector knows of one URL."""

    url: str
    kind: str                              # page, feed, sitemap
    found_in: str | None = None         # the feed or sitemap that listed it last
    listed_at: dt.datetime | None = None
    lastmod: str | None = None          # as the sitemap gave it
    status: int | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    doc_id: str | None = None
    content_hash: str | None = None
    fetched_at: dt.datetime | None = None
    changed_at: dt.datetime | None = None


_FIELDS = [f.name for f in dataclasses.fields(CrawlEntry)]


def now() -> dt.datetime:
    """UTC without a zone, as the ledger's other times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class CrawlState:
    """Reads and writes ``crawl_pages`` on the ledger's engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, url: str) -> CrawlEntry | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(crawl_pages).where(crawl_pages.c.url == url)).mappings().first()
        return CrawlEntry(**row) if row else None

    def save(self, entry: CrawlEntry) -> None:
        values = {name: getattr(entry, name) for name in _FIELDS}
        with write_transaction(self.engine) as conn:
            if conn.execute(select(crawl_pages.c.url).where(crawl_pages.c.url == entry.url)).first():
                conn.execute(update(crawl_pages).where(crawl_pages.c.url == entry.url).values(values))
            else:
                conn.execute(insert(crawl_pages).values(values))

    def list_children(self, container: str, children: list[tuple[str, str, str | None]],
                      listed_at: dt.datetime) -> None:
        """Record that ``container`` lists these ``(url, kind, lastmod)``, keeping what is known of each."""
        with write_transaction(self.engine) as conn:
            for url, kind, lastmod in children:
                listing = {"found_in": container, "listed_at": listed_at, "lastmod": lastmod}
                if conn.execute(select(crawl_pages.c.url).where(crawl_pages.c.url == url)).first():
                    conn.execute(update(crawl_pages).where(crawl_pages.c.url == url).values(listing))
                else:
                    conn.execute(insert(crawl_pages).values(url=url, kind=kind, **listing))

    def children(self, container: CrawlEntry) -> list[CrawlEntry]:
        """What the container listed when it last changed, in URL order."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(crawl_pages).where(
                crawl_pages.c.found_in == container.url, crawl_pages.c.listed_at == container.changed_at,
            ).order_by(crawl_pages.c.url)).mappings().all()
        return [CrawlEntry(**row) for row in rows]

    def document_with_text(self, content_hash: str, other_than: str) -> str | None:
        """The document id of another URL whose page had this main text."""
        with self.engine.connect() as conn:
            return conn.execute(select(crawl_pages.c.doc_id).where(
                crawl_pages.c.content_hash == content_hash, crawl_pages.c.url != other_than,
                crawl_pages.c.doc_id.isnot(None)).limit(1)).scalar()
