"""WARC and ARC files (web archives: Common Crawl's CC-NEWS, national web archives) -> Documents.

warcio reads the records, plain or gzipped record by record, ARC as WARC.
A page is a ``response`` with HTTP status 200 (or a ``resource``, or a
``conversion`` to plain text) of HTML or plain text; everything else —
requests, metadata, revisits, redirects, images — is skipped and counted.
Pages outside the wanted domains or languages are skipped and counted too;
one warning per file says how many of each.  A page's id is its URL.

A record warcio cannot parse ends that file with one error naming its byte
offset (the offset ``warcio extract FILE OFFSET`` takes); the pages read
before are kept and the other files are read.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

from csrledger.corpus.errors import ReadError
from csrledger.corpus.pages import is_page, page_document, url_id
from csrledger.model import Document
from csrledger.text.lang import LANGUAGES, detect
from csrledger.text.normalize import KAZAKH_LETTERS

if TYPE_CHECKING:       # neither has type information: both are Any to mypy, named here for the reader
    from py3langid.langid import LanguageIdentifier
    from warcio.recordloader import ArcWarcRecord

Item = Document | ReadError
_LANG_SAMPLE = 4000


@dataclass(frozen=True)
class WarcFilter:
    """Which pages of an archive are read: by the end of the host name and by language.

    ``domains``: host suffixes, ``("kz",)`` keeps ``tengrinews.kz`` and
    ``www.gov.kz``; empty keeps every host.  ``langs``: the languages kept;
    by default the three the analysis knows, since an archive of the web is
    mostly in others.
    """

    domains: tuple[str, ...] = ()
    langs: tuple[str, ...] = LANGUAGES

    def host_wanted(self, url: str) -> bool:
        if not self.domains:
            return True
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)


def read_warc(fh: BinaryIO, source: str, max_bytes: int, wanted: WarcFilter) -> Iterator[Item]:
    """The pages of one archive, in record order, then one warning with what was skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    skipped: Counter[str] = Counter()
    records = ArchiveIterator(fh, arc2warc=True)
    pages = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:   # offset: where the bad record starts
            yield ReadError(source, None, f"bad record at byte {records.offset:,}: {_one_line(exc)}; "
                            "the rest of the file is skipped")
            break
        item = _page(record, records.offset, source, max_bytes, wanted, skipped)
        if isinstance(item, Document):
            pages += 1
        if item is not None:
            yield item
    if skipped:
        counts = ", ".join(f"{n:,} {why}" for why, n in sorted(skipped.items(), key=lambda kv: -kv[1]))
        yield ReadError(source, None, f"{pages:,} pages read; skipped {counts}", "warning")


def _page(record: ArcWarcRecord, offset: int, source: str, max_bytes: int, wanted: WarcFilter,
          skipped: Counter[str]) -> Item | None:
    """A record's Document, a ReadError for a page that cannot be read, or None (skipped, counted)."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or headers.get_statuscode() != "200":
            skipped["not pages (other HTTP statuses)"] += 1
            return None
        content_type = headers.get_header("Content-Type")
    elif record.rec_type in ("resource", "conversion"):
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        skipped[f"{record.rec_type} records"] += 1
        return None
    if not is_page(content_type):
        skipped["not HTML or text"] += 1
        return None
    if not wanted.host_wanted(url):
        skipped["on other domains"] += 1
        return None
    where = f"record at byte {offset:,} ({url})"
    try:
        body = record.content_stream().read(max_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - a broken payload (bad chunking, bad gzip) costs this record
        return ReadError(source, None, f"{where}: cannot read the payload: {_one_line(exc)}")
    if len(body) > max_bytes:
        return ReadError(source, None, f"{where}: page too large (over {max_bytes:,} bytes), skipped")
    doc_id = url_id(url) if url else f"{source}@{offset}"
    page = page_document(body, content_type, url, doc_id, source)
    if isinstance(page, str):
        return ReadError(source, None, f"{where}: {page}")
    if page_language(page.text) not in wanted.langs:
        skipped["in other languages"] += 1
        return None
    return page


def page_language(text: str) -> str:
    """The page's language among all that py3langid knows; ru, en and kk told apart as the pipeline does.

    The pipeline's detector knows only the three, so it would call a German
    page English; py3langid's full model says which pages are none of them.
    """
    sample = text[:_LANG_SAMPLE]
    if any(ch in KAZAKH_LETTERS for ch in sample):
        return detect(sample)
    general, _ = _identifier().classify(sample)
    return detect(sample) if general in LANGUAGES else general


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def _one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
