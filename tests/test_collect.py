"""`csrledger collect` against a news site served on the loopback interface by this test.

The site has robots.txt rules, a front page linking its RSS feed, a sitemap
index, pages that redirect, vanish (404), fail (500), fail once (503), are
slow or too large, a copy of a page under another URL and a page whose
canonical link names another; it answers conditional requests with 304.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from csrledger.cli import main
from csrledger.corpus.collect import CollectOptions, collect
from csrledger.corpus.policy import FetchPolicy
from csrledger.store.ledger import Ledger

SCHOOL = "ТОО «Темир Строй» отремонтировало школу в Темиртау за 40 млн тенге. Ремонт закончили в августе."
HOSPITAL = "Altyn Dala LLP donated 12 million tenge to the district hospital in Kostanay."
HOSPITAL_LATER = HOSPITAL + " The company also bought two ambulances for 30 million tenge."
PARK = "АО «Жасыл Бау» построило детскую площадку в Павлодаре за 15 млн тенге."
KK_PARK = "«Дала Құс» ЖШС Талдықорған қаласында балалар алаңын салды. Құрылысқа 9 миллион теңге жұмсалды."
FLAKY = "ТОО «Восток Ресурс» передало больнице в Усть-Каменогорске два аппарата УЗИ на 25 млн тенге."
LIBRARY = "Фонд «Бірлік» открыл библиотеку в Шымкенте за 8 млн тенге."
OLD = "ТОО «Старый Двор» построило спортзал в Атырау за 20 млн тенге."
DELAY = 0.15


def article(title: str, text: str, published: str = "2024-05-14", canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<html lang="ru"><head><title>{title}</title>{link}'
            f'<meta property="article:published_time" content="{published}"></head>'
            f"<body><nav>Главная · Новости · Контакты</nav><article><h1>{title}</h1><p>{text}</p></article>"
            "<footer>© Редакция</footer></body></html>")


@dataclass
class Route:
    body: str = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    pause: float = 0.0                 # seconds before answering
    fail_first: int = 0                # answer 503 this many times first


@dataclass
class Hit:
    at: float
    path: str
    status: int
    user_agent: str


class Site:
    """The test site: routes that a test may change between runs, and the log of every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:      # noqa: N802 - http.server's name
                site.answer(self)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        route = self.routes.get(handler.path)
        status, body, headers = 404, b"not here", {"Content-Type": "text/plain"}
        if route is not None:
            etag = f'"{abs(hash(route.body)) % 10 ** 8}"'
            status, body = route.status, route.body.encode("utf-8")
            headers = {"Content-Type": route.content_type, **route.headers}
            if route.status == 200:
                headers["ETag"] = etag
            if route.fail_first:
                route.fail_first -= 1
                status, body, headers = 503, b"busy", {"Retry-After": "0"}
            elif route.status == 200 and handler.headers.get("If-None-Match") == etag:
                status, body = 304, b""
        with self.lock:
            self.hits.append(Hit(arrived, handler.path, status, handler.headers.get("User-Agent", "")))
        time.sleep(route.pause if route else 0)
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):   # the client gave up on a slow page
            pass

    def paths(self, since: int = 0) -> list[str]:
        return [h.path for h in self.hits[since:]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def feed(site: Site, paths: list[str]) -> str:
    items = "".join(f"<item><title>{p}</title><link>{site.url}{p}</link></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Новости</title>'
            f"<link>{site.url}/</link>{items}</channel></rss>")


def urlset(site: Site, entries: list[tuple[str, str]]) -> str:
    urls = "".join(f"<url><loc>{site.url}{p}</loc><lastmod>{d}</lastmod></url>" for p, d in entries)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


FEED_PAGES = ["/news/school", "/news/hospital", "/private/memo", "/old-address", "/news/missing",
              "/news/broken", "/news/slow", "/news/huge", "/news/flaky"]


@pytest.fixture
def site():
    site = Site()
    r = site.routes
    r["/robots.txt"] = Route(f"User-agent: *\nDisallow: /private/\n\nSitemap: {site.url}/sitemap_index.xml\n",
                             content_type="text/plain")
    r["/"] = Route('<html><head><title>Новости</title><link rel="alternate" type="application/rss+xml" '
                   'href="/rss.xml"></head><body><a href="/news/school">Школа</a></body></html>')
    r["/rss.xml"] = Route(feed(site, FEED_PAGES), content_type="application/rss+xml")
    r["/sitemap_index.xml"] = Route(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url}/sitemap-news.xml</loc></sitemap></sitemapindex>", content_type="application/xml")
    r["/sitemap-news.xml"] = Route(urlset(site, [("/news/school", "2024-05-14"), ("/news/kk-park", "2024-05-20"),
                                                 ("/news/copy", "2024-05-21"), ("/news/twin", "2024-05-22"),
                                                 ("/private/draft", "2024-05-23")]),
                                   content_type="application/xml")
    r["/news/school"] = Route(article("Школа после ремонта", SCHOOL))
    r["/news/copy"] = Route(article("Школа после ремонта", SCHOOL).replace("Контакты", "Реклама"))
    r["/news/twin"] = Route(article("Школа", SCHOOL + " Фото пресс-службы.", canonical=f"{site.url}/news/school"))
    r["/news/hospital"] = Route(article("Hospital equipment", HOSPITAL))
    r["/old-address"] = Route(status=301, headers={"Location": "/news/park"})
    r["/news/park"] = Route(article("Площадка в Павлодаре", PARK))
    r["/news/kk-park"] = Route(article("Балалар алаңы", KK_PARK))
    r["/news/broken"] = Route("server bug", status=500, content_type="text/plain")
    r["/news/slow"] = Route(article("Медленно", PARK), pause=1.5)
    r["/news/huge"] = Route(article("Огромная", PARK + " Подробности." * 3000))
    r["/news/flaky"] = Route(article("УЗИ для больницы", FLAKY), fail_first=1)
    r["/private/memo"] = Route(article("Служебное", PARK))
    r["/private/draft"] = Route(article("Черновик", PARK))
    yield site
    site.close()


def collect_args(site: Site, db: str, *extra: str) -> list[str]:
    return ["collect", f"{site.url}/", "--db", db, "--delay", str(DELAY), "--timeout", "0.5", "--retries", "1",
            "--max-bytes", "20000", "--workers", "1", *extra]


def documents(db: str) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT id, text FROM documents"))
    finally:
        con.close()


def record_sponsors(db: str) -> dict[str, set[str]]:
    con = sqlite3.connect(db)
    try:
        found: dict[str, set[str]] = {}
        for doc_id, sponsor in con.execute("SELECT doc_id, sponsor FROM records"):
            found.setdefault(doc_id, set()).add(sponsor)
        return found
    finally:
        con.close()


def test_collect_is_polite_complete_and_incremental(site, tmp_path, capsys):
    db = str(tmp_path / "ledger.db")
    assert main(collect_args(site, db)) == 1            # pages failed: 500, slow, too large
    err = capsys.readouterr().err
    hits = list(site.hits)
    paths = [h.path for h in hits]

    # Every allowed URL once; the failing ones retried once more; robots.txt obeyed.
    once = ["/robots.txt", "/", "/rss.xml", "/sitemap_index.xml", "/sitemap-news.xml", "/news/school",
            "/news/hospital", "/old-address", "/news/park", "/news/missing", "/news/huge", "/news/kk-park",
            "/news/copy", "/news/twin"]
    assert {p: paths.count(p) for p in once} == dict.fromkeys(once, 1)
    assert {p: paths.count(p) for p in ("/news/broken", "/news/slow", "/news/flaky")} == {
        "/news/broken": 2, "/news/slow": 2, "/news/flaky": 2}
    assert not [p for p in paths if p.startswith("/private/")]
    assert len(paths) == len(once) + 6

    # One request at a time, DELAY apart, each naming csrledger.
    gaps = [b.at - a.at for a, b in zip(hits, hits[1:], strict=False)]
    assert min(gaps) >= DELAY - 0.01, gaps
    assert all(h.user_agent.startswith("csrledger/") for h in hits)

    stored = documents(db)
    base = site.url
    assert set(stored) == {f"{base}/news/school", f"{base}/news/hospital", f"{base}/news/park",
                           f"{base}/news/kk-park", f"{base}/news/flaky"}
    assert "Темиртау" in stored[f"{base}/news/school"] and "Главная" not in stored[f"{base}/news/school"]
    sponsors = record_sponsors(db)
    assert sponsors[f"{base}/news/school"] == {"Темир Строй"} and sponsors[f"{base}/news/park"] == {"Жасыл Бау"}
    assert sponsors[f"{base}/news/hospital"] == {"Altyn Dala"}
    assert "collect: 10 fetched (200), 0 not modified (304), 1 missing (4xx), 3 failed, " \
           "2 disallowed by robots.txt, 2 duplicates; 20 requests; ledger: 5 added, 0 updated, 0 unchanged, " \
           "0 failed" in err
    assert f"error: {base}/news/broken: HTTP 500 Internal Server Error" in err
    assert f"error: {base}/news/huge: page too large (over 20,000 bytes), skipped" in err
    assert f"error: {base}/news/slow: no answer within 0.5 s" in err
    assert f"warning: {base}/news/missing: HTTP 404 Not Found" in err

    # Second run: a feed page changed, the feed lists one more, the sitemap dates a changed page anew;
    # the rest answers 304, or is not asked for at all when the sitemap dates it before the last visit.
    site.routes["/news/hospital"].body = article("Hospital equipment", HOSPITAL_LATER)
    site.routes["/news/library"] = Route(article("Библиотека", LIBRARY))
    site.routes["/rss.xml"].body = feed(site, FEED_PAGES + ["/news/library"])
    site.routes["/news/kk-park"].body = article("Балалар алаңы", KK_PARK + " Алаң мамыр айында ашылды.")
    site.routes["/sitemap-news.xml"].body = site.routes["/sitemap-news.xml"].body.replace(
        "/news/kk-park</loc><lastmod>2024-05-20", f"/news/kk-park</loc><lastmod>{dt.date.today()}")
    for path in ("/news/broken", "/news/slow", "/news/huge"):
        del site.routes[path]                            # gone now: 404s
    first = len(site.hits)
    assert main(collect_args(site, db)) == 0
    err = capsys.readouterr().err
    second = site.hits[first:]
    bodies = sorted(h.path for h in second if h.status == 200 and h.path.startswith("/news/"))
    assert bodies == ["/news/hospital", "/news/kk-park", "/news/library"]
    not_modified = sorted(h.path for h in second if h.status == 304)
    assert not_modified == ["/news/flaky", "/news/park", "/news/school", "/sitemap_index.xml"]
    assert "/news/copy" not in site.paths(first) and "/news/twin" not in site.paths(first)
    assert "4 not modified (304)" in err and "2 unchanged by sitemap lastmod" in err
    assert "ledger: 1 added, 2 updated, 0 unchanged, 0 failed" in err
    stored = documents(db)
    assert "ambulances" in stored[f"{base}/news/hospital"] and f"{base}/news/library" in stored
    assert "мамыр" in stored[f"{base}/news/kk-park"]

    # Third run, nothing changed: only 304s and lastmod-dated pages, nothing analysed.
    first = len(site.hits)
    assert main(collect_args(site, db)) == 0
    assert not [h for h in site.hits[first:] if h.status == 200 and h.path.startswith("/news/")]
    assert "ledger: 0 added, 0 updated, 0 unchanged, 0 failed" in capsys.readouterr().err


def test_since_leaves_out_older_pages_and_sitemap_entries(site, tmp_path):
    site.routes["/sitemap-news.xml"].body = urlset(site, [("/news/school", "2024-05-14"),
                                                          ("/news/kk-park", "2019-03-01")])
    site.routes["/news/old"] = Route(article("Спортзал", OLD, published="2019-02-11"))
    site.routes["/rss.xml"].body = feed(site, ["/news/old", "/news/hospital"])
    with closing(Ledger(str(tmp_path / "ledger.db"))) as ledger:
        stats = collect([f"{site.url}/"], ledger, _fast(since="2024-01-01"), lambda message, severity: None)
        assert set(documents(str(tmp_path / "ledger.db"))) == {f"{site.url}/news/school", f"{site.url}/news/hospital"}
    assert stats.older == 2
    assert "/news/kk-park" not in site.paths()         # its lastmod spared the request
    assert "/news/old" in site.paths()                 # its date is known only from the page


def test_a_list_of_urls_and_a_sitemap_given_directly(site, tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# pages to read\n{site.url}/news/park\n\n{site.url}/sitemap-news.xml\n"
                       f"{site.url}/news/park#comments\n", encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    assert main(["collect", str(listing), "--db", db, "--delay", "0", "--workers", "1"]) == 0
    assert set(documents(db)) == {f"{site.url}/news/park", f"{site.url}/news/school", f"{site.url}/news/kk-park"}
    assert site.paths().count("/news/park") == 1
    assert "/" not in site.paths() and "/rss.xml" not in site.paths()


def test_unreachable_robots_txt_means_nothing_is_fetched(site, tmp_path):
    site.routes["/robots.txt"] = Route("down", status=500, content_type="text/plain")
    messages: list[str] = []
    with closing(Ledger(str(tmp_path / "ledger.db"))) as ledger:
        stats = collect([f"{site.url}/news/park"], ledger, _fast(), lambda message, severity: messages.append(message))
    assert site.paths() == ["/robots.txt", "/robots.txt"]          # asked again once (retry), nothing else
    assert stats.disallowed == 1 and stats.ledger["added"] == 0
    assert any("RFC 9309" in m for m in messages)


def test_crawl_delay_of_robots_txt_is_honoured(site, tmp_path):
    site.routes["/robots.txt"] = Route("User-agent: csrledger\nCrawl-delay: 1\nDisallow: /private/\n",
                                       content_type="text/plain")
    with closing(Ledger(str(tmp_path / "ledger.db"))) as ledger:
        collect([f"{site.url}/news/park", f"{site.url}/news/school"], ledger, _fast(), lambda m, s: None)
    hits = site.hits
    assert [h.path for h in hits] == ["/robots.txt", "/news/park", "/news/school"]
    assert hits[2].at - hits[1].at >= 0.99


def _fast(since: str | None = None) -> CollectOptions:
    policy = FetchPolicy(delay=0.0, timeout=2.0, retries=1, backoff=0.01)
    return CollectOptions(policy, since=dt.date.fromisoformat(since) if since else None, workers=1)
