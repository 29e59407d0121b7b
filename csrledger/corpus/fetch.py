"""Polite HTTP for the collector: robots.txt, one request per host at a time and apart, retries, limits.

Every request names csrledger in its User-Agent, waits until the host's
last answer is ``delay`` seconds old (longer when robots.txt asks for a
``Crawl-delay``), and is refused before it is sent when robots.txt
disallows the URL — redirect targets included.  A server error (5xx, 429)
or a network failure is retried with a doubling back-off (``Retry-After``
honoured, capped); a page larger than ``max_bytes`` or slower than
``timeout`` is abandoned.  robots.txt follows RFC 9309: missing (4xx) means
everything is allowed, unreachable (5xx, network) means nothing is.
"""
from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from csrledger.corpus.policy import FetchPolicy

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_WAIT = 60.0
"""Longest wait before a retry, whatever Retry-After asks: a crawl must not hang on one server."""
MAX_CRAWL_DELAY = 30.0
"""Longest Crawl-delay honoured per request."""
MAX_ROBOTS_BYTES = 512 * 1024
"""RFC 9309 asks crawlers to read at least 500 KiB of robots.txt."""


@dataclass(frozen=True)
class Answer:
    """The outcome of fetching one URL (after redirects and retries)."""

    url: str
    final_url: str
    status: int | None                 # None: no answer (network, timeout, too large, disallowed)
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    problem: str | None = None         # why there is no page, for the user
    disallowed: bool = False              # robots.txt said no
    seen_before: bool = False             # redirected to a URL fetched before in this run


@dataclass
class _Robots:
    parser: RobotFileParser
    text: str


@dataclass
class Fetcher:
    """Fetches URLs under a FetchPolicy; counts the requests it sends."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    requests: int = 0
    _client: httpx.Client = field(init=False)
    _next_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, _Robots] = field(default_factory=dict)
    robots_problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._client = httpx.Client(timeout=self.policy.timeout, follow_redirects=False,
                                    headers={"User-Agent": self.policy.user_agent})

    def close(self) -> None:
        self._client.close()

    def allowed(self, url: str) -> bool:
        return self._robots_for(url).parser.can_fetch(self.policy.user_agent, url)

    def robots_text(self, url: str) -> str:
        """The robots.txt of the URL's site, as read (empty when it has none)."""
        return self._robots_for(url).text

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            seen: Callable[[str], bool] = lambda url: False) -> Answer:
        """GET ``url``, conditionally when validators are given, following redirects allowed by robots.txt.

        ``seen(target)`` tells whether a redirect target was fetched already in
        this run; such a redirect is not followed (each URL is fetched once).
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            if not self.allowed(current):
                return Answer(url, current, None, problem="disallowed by robots.txt", disallowed=True)
            answer = self._attempts(url, current, headers, self.policy.max_bytes)
            if answer.status is None or not 300 <= answer.status < 400 or answer.status == 304:
                return answer
            target = answer.final_url
            if seen(target):
                return Answer(url, target, answer.status, seen_before=True)
            current = target
        return Answer(url, current, None, problem=f"more than {self.policy.max_redirects} redirects")

    def _attempts(self, url: str, current: str, headers: dict[str, str], max_bytes: int) -> Answer:
        """One hop, retried after server errors and network failures (not after a page too large or slow)."""
        attempt = 0
        while True:
            retry_after = None
            try:
                answer, retry_after = self._once(url, current, headers, max_bytes)
                retry = answer.status in RETRIED_STATUSES
            except httpx.TimeoutException:
                answer, retry = Answer(url, current, None, problem=f"no answer within {self.policy.timeout:g} s"), True
            except httpx.HTTPError as exc:
                answer, retry = Answer(url, current, None, problem=f"{type(exc).__name__}: {exc}"), True
            if not retry or attempt == self.policy.retries:
                return answer
            wait = retry_after if retry_after is not None else self.policy.backoff * 2 ** attempt
            time.sleep(min(wait, MAX_RETRY_WAIT))
            attempt += 1

    def _once(self, url: str, current: str, headers: dict[str, str],
              max_bytes: int) -> tuple[Answer, float | None]:
        """One request, after the host's delay; the body read up to the size and time limits."""
        host = self._wait_for_host(current)
        deadline = time.monotonic() + self.policy.timeout
        self.requests += 1
        try:
            with self._client.stream("GET", current, headers=headers) as response:
                status = response.status_code
                if 300 <= status < 400 and status != 304:
                    location = response.headers.get("Location")
                    if not location:
                        return Answer(url, current, status, problem=f"HTTP {status} without a Location"), None
                    return Answer(url, urljoin(current, location), status), None
                common = {"content_type": response.headers.get("Content-Type"), "etag": response.headers.get("ETag"),
                          "last_modified": response.headers.get("Last-Modified")}
                if status != 200:
                    problem = None if status == 304 else f"HTTP {status} {response.reason_phrase}".strip()
                    return Answer(url, current, status, problem=problem, **common), _retry_after(response)
                body, problem = self._body(response, deadline, max_bytes)
                if problem:
                    return Answer(url, current, None, problem=problem), None
                return Answer(url, str(response.url), status, body=body, **common), None
        finally:
            self._next_request[host] = time.monotonic() + self._delay(current)

    def _body(self, response: httpx.Response, deadline: float, limit: int) -> tuple[bytes, str | None]:
        too_large = f"page too large (over {limit:,} bytes), skipped"
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            return b"", too_large
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                return b"", too_large
            if time.monotonic() > deadline:
                return b"", f"no complete answer within {self.policy.timeout:g} s"
            chunks.append(chunk)
        body = b"".join(chunks)
        if body[:2] == b"\x1f\x8b":      # a gzipped file (sitemap.xml.gz), not a Content-Encoding
            return _gunzip(body, limit, too_large)
        return body, None

    def _wait_for_host(self, url: str) -> str:
        host = _origin(url)
        pause = self._next_request.get(host, 0.0) - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        return host

    def _delay(self, url: str) -> float:
        robots = self._robots.get(_origin(url))
        asked = robots.parser.crawl_delay(self.policy.user_agent) if robots else None
        return max(self.policy.delay, min(float(asked or 0), MAX_CRAWL_DELAY))

    def _robots_for(self, url: str) -> _Robots:
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin]

    def _read_robots(self, origin: str) -> _Robots:
        parser = RobotFileParser(f"{origin}/robots.txt")
        answer = self._robots_answer(origin)
        if answer.status == 200:
            text = answer.body.decode("utf-8", "replace")
            parser.parse(text.splitlines())
            return _Robots(parser, text)
        if answer.status is not None and 400 <= answer.status < 500:
            parser.allow_all = True     # type: ignore[attr-defined]  # set by read(); missing from the stubs
        else:
            parser.disallow_all = True  # type: ignore[attr-defined]  # set by read(); missing from the stubs
            self.robots_problems.append(f"{origin}/robots.txt: {answer.problem or answer.status}; "
                                        "nothing on this site is fetched (RFC 9309: unreachable means disallowed)")
        return _Robots(parser, "")

    def _robots_answer(self, origin: str) -> Answer:
        """robots.txt, its redirects followed (not checked against itself)."""
        current = f"{origin}/robots.txt"
        for _hop in range(self.policy.max_redirects + 1):
            answer = self._attempts(current, current, {}, MAX_ROBOTS_BYTES)
            if answer.status is None or not 300 <= answer.status < 400:
                return answer
            current = answer.final_url
        return Answer(current, current, None, problem=f"more than {self.policy.max_redirects} redirects")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None


def _gunzip(body: bytes, limit: int, too_large: str) -> tuple[bytes, str | None]:
    """Unpack at most ``limit`` bytes: a small gzip file may unpack to gigabytes."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpacker.decompress(body, limit + 1)
    except zlib.error as exc:
        return b"", f"corrupt gzip: {exc}"
    if len(data) > limit:
        return b"", too_large
    return data, None
