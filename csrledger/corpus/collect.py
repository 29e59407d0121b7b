"""``csrledger collect``: news from feeds, sitemaps, URL lists and front pages, into the ledger.

A source is a feed (RSS, Atom, JSON Feed), a sitemap or sitemap index, a
page, a site's front page (its feeds, and the sitemaps robots.txt names,
are found there), or a file of such URLs, one a line.  trafilatura's
``feeds`` and ``sitemaps`` modules read the feeds and sitemaps; every
request goes through the polite ``Fetcher``; every page through the HTML
reader (main text, title, date, canonical link) and the pipeline into the
ledger, analysed by the workers and written by this process.

Incremental: each URL is fetched once a run (redirect targets included);
a URL fetched before is asked for conditionally (ETag, Last-Modified), so an
unchanged page costs a 304 and no analysis; a feed or sitemap answering 304
still has its pages visited as it last listed them; a sitemap's lastmod no
newer than the last visit spares the request.  A page is stored under its
canonical URL; a second URL with the same canonical URL or the same main
text is a duplicate, not a second document.  ``since`` leaves out pages
published before that day (and sitemap entries last modified before it).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import urldefrag, urljoin, urlsplit

from csrledger.corpus.crawlstate import CrawlEntry, CrawlState, now
from csrledger.corpus.fetch import Answer, Fetcher
from csrledger.corpus.pages import HTML_TYPES, media_type, page_document, url_id
from csrledger.corpus.policy import FetchPolicy
from csrledger.model import Document
from csrledger.text.urls import date_in_url

if TYPE_CHECKING:
    from csrledger.model import Analysis
    from csrledger.store.ledger import Ledger
    from csrledger.workers import Analysed

Report = Callable[[str, str], None]          # (message, severity)
_SITEMAP_ROOT = re.compile(rb"<(?:[\w.-]+:)?(urlset|sitemapindex)\b")
_SNIFF = 2048


@dataclass(frozen=True)
class CollectOptions:
    policy: FetchPolicy = FetchPolicy()
    since: dt.date | None = None
    workers: int = 1
    time_limit: float | None = None


@dataclass
class CollectStats:
    """What a run did, for the summary line: fetches by outcome, and what the ledger received."""

    fetched: int = 0            # 200 with a body
    not_modified: int = 0       # 304
    missing: int = 0            # 404, 410 and other client errors
    failed: int = 0             # server errors after retries, network failures, too large, too slow
    disallowed: int = 0         # by robots.txt
    duplicates: int = 0         # same canonical URL or same main text as another page
    older: int = 0              # published (or last modified) before --since
    lastmod_unchanged: int = 0  # the sitemap says unchanged since the last visit: not requested
    requests: int = 0
    ledger: Counter[str] = field(default_factory=Counter)   # added, updated, unchanged, failed

    def summary(self) -> str:
        parts = [f"{self.fetched:,} fetched (200)", f"{self.not_modified:,} not modified (304)",
                 f"{self.missing:,} missing (4xx)", f"{self.failed:,} failed",
                 f"{self.disallowed:,} disallowed by robots.txt", f"{self.duplicates:,} duplicates"]
        if self.older:
            parts.append(f"{self.older:,} older than --since")
        if self.lastmod_unchanged:
            parts.append(f"{self.lastmod_unchanged:,} unchanged by sitemap lastmod")
        ledger = ", ".join(f"{self.ledger[k]:,} {k}" for k in ("added", "updated", "unchanged", "failed"))
        return f"collect: {', '.join(parts)}; {self.requests:,} requests; ledger: {ledger}"


@dataclass(frozen=True)
class _Visit:
    """A crawl-state change that passes the workers in its place, so it is written in order."""

    entry: CrawlEntry


_Result: TypeAlias = "tuple[Document | _Visit, Analysed | None]"     # an item and its analysis, in input order
Progress: TypeAlias = "Callable[[Iterator[_Result]], Iterable[_Result]]"


def collect(sources: Iterable[str], ledger: Ledger, options: CollectOptions, report: Report,
            progress: Progress = lambda items: items) -> CollectStats:
    """Fetch, analyse and store what the sources list; the counts of what happened."""
    from csrledger.workers import AnalysisJob, analyse_in_order

    crawl = _Crawl(Fetcher(options.policy), CrawlState(ledger.engine), ledger, options, report)
    job = AnalysisJob(options.time_limit)
    try:
        for item, result in progress(analyse_in_order(crawl.items(sources), job, options.workers,
                                                      chunk_documents=1)):
            if isinstance(item, _Visit):
                crawl.state.save(item.entry)
                continue
            assert result is not None       # a Document always comes back analysed (or with its failures)
            entry = crawl.waiting.pop(item.id)
            for message in result.failures:
                report(message, "error")
            outcome = _store(ledger, item, result.analysis, report) if result.analysis is not None else None
            crawl.stats.ledger[outcome or "failed"] += 1
            if outcome is None:             # no validators kept: the next run fetches and analyses it again
                entry = dataclasses.replace(entry, etag=None, last_modified=None, content_hash=None)
            crawl.state.save(entry)
    finally:
        crawl.stats.requests = crawl.fetcher.requests
        crawl.fetcher.close()
    for problem in crawl.fetcher.robots_problems:
        report(problem, "warning")
    return crawl.stats


def _store(ledger: Ledger, doc: Document, analysis: Analysis, report: Report) -> str | None:
    from csrledger.batch import reason

    try:
        return ledger.store(doc, analysis).outcome
    except Exception as exc:  # noqa: BLE001 - the transaction rolled back; the run goes on
        report(f"{doc.url}: document {doc.id!r} could not be stored: {reason(exc)}", "error")
        return None


class _Crawl:
    """The walk over sources, feeds and sitemaps, yielding pages to analyse and state changes in order."""

    def __init__(self, fetcher: Fetcher, state: CrawlState, ledger: Ledger, options: CollectOptions,
                 report: Report) -> None:
        self.fetcher, self.state, self.ledger, self.options, self.report = fetcher, state, ledger, options, report
        self.stats = CollectStats()
        self.seen: set[str] = set()                 # URLs requested in this run, redirect targets too
        self.documents: dict[str, str] = {}         # text digest -> id of the documents collected in this run
        self.waiting: dict[str, CrawlEntry] = {}    # doc id -> its crawl state, saved once it is stored

    def items(self, sources: Iterable[str]) -> Iterator[Document | _Visit]:
        for source in sources:
            for url in _source_urls(source):
                if _is_front_page(url):
                    yield from self._front_page(url)
                else:
                    yield from self._visit(normalise(url), "page", lastmod=None)

    def _front_page(self, url: str) -> Iterator[Document | _Visit]:
        """A site's feeds (linked from its front page) and sitemaps (named in robots.txt, else guessed)."""
        from trafilatura.feeds import FeedParameters, determine_feed
        from trafilatura.sitemaps import extract_robots_sitemaps

        origin = _origin(url)
        feeds: list[str] = []
        if self.fetcher.allowed(url):
            self.seen.add(normalise(url))
            answer = self.fetcher.get(url)
            if answer.status == 200:
                params = FeedParameters(origin, urlsplit(origin).hostname or "", url)
                feeds = determine_feed(answer.body.decode("utf-8", "replace"), params)
            else:
                self._problem(answer)
        else:
            self.stats.disallowed += 1
        sitemaps = extract_robots_sitemaps(self.fetcher.robots_text(url), origin)
        if not feeds and not sitemaps:
            sitemaps = [f"{origin}/sitemap.xml"]
        for link in feeds:
            yield from self._visit(normalise(link), "feed", None)
        for link in sitemaps:
            yield from self._visit(normalise(link), "sitemap", None)

    def _visit(self, url: str, kind: str, lastmod: str | None) -> Iterator[Document | _Visit]:
        """Fetch one URL (once a run) and yield what it leads to."""
        if url in self.seen:
            return
        self.seen.add(url)
        since = self.options.since
        if since and kind == "page" and (day := _day(lastmod)) and day < since:
            self.stats.older += 1
            return
        known = self.state.get(url) or CrawlEntry(url=url, kind=kind)
        if kind == "page" and _unchanged_by_lastmod(known, lastmod):
            self.stats.lastmod_unchanged += 1
            return
        answer = self.fetcher.get(url, known.etag, known.last_modified,
                                  seen=lambda target: normalise(target) in self.seen)
        if answer.seen_before:
            return
        self.seen.add(normalise(answer.final_url))
        visited = dataclasses.replace(known, status=answer.status, final_url=answer.final_url, fetched_at=now())
        if answer.status == 304:
            self.stats.not_modified += 1
            yield _Visit(visited)
            if visited.kind in ("feed", "sitemap"):
                for child in self.state.children(visited):
                    yield from self._visit(child.url, child.kind, child.lastmod)
            return
        if answer.status != 200:
            self._problem(answer)
            yield _Visit(dataclasses.replace(visited, etag=None, last_modified=None))
            return
        visited = dataclasses.replace(visited, etag=answer.etag, last_modified=answer.last_modified)
        self.stats.fetched += 1
        listing = _listing(answer, kind)
        if listing is None:
            yield from self._page(answer, dataclasses.replace(visited, kind="page"))
            return
        found_kind, children = listing
        listed_at = now()
        visited = dataclasses.replace(visited, kind=found_kind, changed_at=listed_at)
        self.state.list_children(url, children, listed_at)
        yield _Visit(visited)
        for child_url, child_kind, child_lastmod in children:
            yield from self._visit(child_url, child_kind, child_lastmod)

    def _page(self, answer: Answer, visited: CrawlEntry) -> Iterator[Document | _Visit]:
        """A fetched page: a document to analyse, unless it is a duplicate, unchanged or too old."""
        final = normalise(answer.final_url)
        page = page_document(answer.body, answer.content_type, final, url_id(final), answer.url)
        if isinstance(page, str):
            self.report(f"{answer.url}: {page}", "error")
            self.stats.ledger["failed"] += 1
            yield _Visit(dataclasses.replace(visited, etag=None, last_modified=None))
            return
        canonical = normalise(page.url) if page.url and _same_site(page.url, final) else final
        doc = dataclasses.replace(page, id=url_id(canonical), url=canonical)
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        visited = dataclasses.replace(visited, doc_id=doc.id, content_hash=digest)
        twin = self.documents.get(digest) or self.state.document_with_text(digest, visited.url)
        if doc.id in self.documents.values() or (twin is not None and twin != doc.id):
            self.stats.duplicates += 1
            yield _Visit(dataclasses.replace(visited, doc_id=twin or doc.id))
            return
        self.documents[digest] = doc.id
        published = doc.published or date_in_url(doc.url)
        if self.options.since and published and published < self.options.since:
            self.stats.older += 1
            yield _Visit(visited)
            return
        if self.ledger.is_current(doc):
            self.stats.ledger["unchanged"] += 1
            yield _Visit(dataclasses.replace(visited, changed_at=visited.changed_at or now()))
            return
        self.waiting[doc.id] = dataclasses.replace(visited, changed_at=now())
        yield doc

    def _problem(self, answer: Answer) -> None:
        if answer.disallowed:
            self.stats.disallowed += 1
        elif answer.status is not None and 400 <= answer.status < 500:
            self.stats.missing += 1
            self.report(f"{answer.url}: {answer.problem}", "warning")
        else:
            self.stats.failed += 1
            self.report(f"{answer.url}: {answer.problem}", "error")


def _listing(answer: Answer, kind: str) -> tuple[str, list[tuple[str, str, str | None]]] | None:
    """``(kind, [(url, kind, lastmod)])`` when the answer is a sitemap or a feed; None for a page."""
    head = answer.body[:_SNIFF].lstrip()
    root = _SITEMAP_ROOT.search(head)
    if root:
        return "sitemap", _sitemap_children(answer, root.group(1) == b"sitemapindex")
    from trafilatura.feeds import is_potential_feed

    declared = media_type(answer.content_type)
    if declared in HTML_TYPES and kind != "feed":       # an XHTML page may open like a feed (<?xml)
        return None
    text = answer.body.decode("utf-8", "replace")
    json_feed = declared in ("application/feed+json", "application/json") or (kind == "feed" and head[:1] == b"{")
    if is_potential_feed(text.lstrip()) or json_feed:
        return "feed", [(link, "page", None) for link in _feed_links(answer, text)]
    if kind == "sitemap" and not head.startswith(b"<"):      # a plain-text sitemap: one URL a line
        return "sitemap", _sitemap_children(answer, False)
    return None


def _feed_links(answer: Answer, text: str) -> list[str]:
    """The feed's article links, on the feed's site, in feed order."""
    from trafilatura.feeds import FeedParameters, find_links

    origin = _origin(answer.final_url)
    params = FeedParameters(origin, urlsplit(origin).hostname or "", answer.final_url)
    links = (normalise(urljoin(answer.final_url, link.strip())) for link in find_links(text.strip(), params))
    return list(dict.fromkeys(link for link in links
                              if _same_site(link, answer.final_url) and not _is_front_page(link)))


def _sitemap_children(answer: Answer, index: bool) -> list[tuple[str, str, str | None]]:
    """A sitemap's entries with their lastmod: sitemaps of an index, else pages (trafilatura reads the links)."""
    from trafilatura.sitemaps import SitemapObject, is_plausible_sitemap

    text = answer.body.decode("utf-8", "replace")
    if not is_plausible_sitemap(answer.final_url, text):
        return []
    class Locations(SitemapObject):
        """trafilatura's reading of the sitemap; every location kept, the kind decided by the sitemap's root."""

        __slots__ = ("found",)
        found: list[str]

        def handle_link(self, link: str) -> None:
            self.found.append(normalise(urljoin(answer.final_url, link.strip())))

    origin = _origin(answer.final_url)
    reader = Locations(origin, urlsplit(origin).hostname or "", [], external=True)
    reader.found, reader.current_url, reader.content = [], answer.final_url, text
    reader.process()
    lastmods = _lastmods(answer.body)
    kind = "sitemap" if index else "page"
    return [(link, kind, lastmods.get(link)) for link in dict.fromkeys(reader.found)
            if _same_site(link, answer.final_url)]


def _lastmods(body: bytes) -> dict[str, str]:
    """``<loc>`` -> ``<lastmod>`` of an XML sitemap (trafilatura keeps only the locations)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        tree = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for entry in tree.iter("{*}url", "{*}sitemap", "url", "sitemap") if tree is not None else ():
        loc = entry.findtext("{*}loc") or entry.findtext("loc")
        lastmod = entry.findtext("{*}lastmod") or entry.findtext("lastmod")
        if loc and lastmod:
            found[normalise(loc.strip())] = lastmod.strip()[:40]
    return found


def _unchanged_by_lastmod(known: CrawlEntry, lastmod: str | None) -> bool:
    """The sitemap dates the page no later than the day of our last complete visit."""
    day = _day(lastmod)
    return bool(day and known.content_hash and known.fetched_at and day < known.fetched_at.date())


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def normalise(url: str) -> str:
    """One spelling per address: courlan's cleaning (host case, default port, tracking parameters), no fragment."""
    from courlan import clean_url

    return urldefrag(clean_url(url) or url)[0]


def _source_urls(source: str) -> list[str]:
    """A URL, or the URLs of a file (one a line; blank lines and ``#`` comments skipped)."""
    if re.match(r"https?://", source, re.I):
        return [source]
    path = Path(source)
    if not path.is_file():
        raise SystemExit(f"csrledger: {source!r} is neither an http(s) URL nor a file of URLs")
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _is_front_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _same_site(url: str, other: str) -> bool:
    """The same host, or one a subdomain of the other (``www.`` aside): links off the site are not followed."""
    a, b = (re.sub(r"^www\.", "", urlsplit(u).hostname or "") for u in (url, other))
    return bool(a) and (a == b or a.endswith("." + b) or b.endswith("." + a))
