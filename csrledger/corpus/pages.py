"""A web page's bytes -> a Document: shared by the collector and the WARC reader.

The bytes are decoded by the project's rule (UTF-8, else Cyrillic cp1251),
else by the charset the server declared; HTML goes through the HTML reader
(main text, title, date, canonical link) and plain text is kept as it is.
The document's ``url`` is the page's canonical address when it names one,
else the address it was fetched from.
"""
from __future__ import annotations

import codecs
import dataclasses
import hashlib
import re

from csrledger.corpus.decode import DecodeError, decode
from csrledger.corpus.html import html_document
from csrledger.corpus.jsonl import MAX_ID_CHARS
from csrledger.model import Document

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def url_id(url: str) -> str:
    """A page's document id: its URL, or for a URL longer than the ledger's id column its start and a digest."""
    if len(url) <= MAX_ID_CHARS:
        return url
    return f"{url[:MAX_ID_CHARS - 17]}#{hashlib.sha1(url.encode('utf-8')).hexdigest()[:16]}"


def media_type(content_type: str | None) -> str:
    """``text/html; charset=utf-8`` -> ``text/html``."""
    return (content_type or "").split(";")[0].strip().lower()


def is_page(content_type: str | None) -> bool:
    """HTML or plain text: what the analysis reads (a missing type is sniffed as HTML)."""
    kind = media_type(content_type)
    return not kind or kind in HTML_TYPES or kind in TEXT_TYPES


def page_document(body: bytes, content_type: str | None, url: str, doc_id: str,
                  source: str) -> Document | str:
    """The page's Document, or why it has none (a message for the user)."""
    try:
        text = _decode(body, content_type)
    except DecodeError as exc:
        return str(exc)
    if media_type(content_type) in TEXT_TYPES:
        text = text.replace("\r\n", "\n")
        return Document(id=doc_id, text=text, url=url, source=source) if text.strip() else "empty document"
    try:
        doc = html_document(text, doc_id, source)
    except Exception as exc:  # noqa: BLE001 - a parser crash costs this page only
        return f"HTML could not be parsed: {type(exc).__name__}: {exc}"
    if doc is None:
        return "empty document (no text in the page)"
    return dataclasses.replace(doc, url=doc.url or url)


def _decode(body: bytes, content_type: str | None) -> str:
    try:
        return decode(body)
    except DecodeError:
        declared = _CHARSET.search(content_type or "")
        if declared and _known(declared.group(1)) and b"\x00" not in body:
            try:
                return body.decode(declared.group(1))
            except UnicodeDecodeError:
                pass
        raise


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True
