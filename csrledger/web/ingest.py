"""Adding documents from the browser or the API: analysed and stored at once.

Uploads go through the same corpus readers as ``csrledger run`` (saved to a
temporary file that keeps the upload's name, so a txt/html page gets its id
from the file name and a JSONL file keeps its own ids).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from csrledger.corpus import MAX_DOCUMENT_BYTES, ReadError, read_corpus
from csrledger.corpus.decode import LONE_SURROGATE, replace_surrogates
from csrledger.corpus.jsonl import MAX_ID_CHARS
from csrledger.model import Document
from csrledger.pipeline import analyse
from csrledger.store.ledger import Ledger

UPLOAD_KINDS = (".txt", ".html", ".htm", ".jsonl")
_UNSAFE = re.compile(r"[^\w.\-]+")


class IngestError(ValueError):
    """Nothing could be read from what was sent."""


class TooLarge(IngestError):
    """What was sent exceeds a size limit (413)."""


@dataclass(frozen=True)
class Added:
    doc_id: str
    outcome: str           # added, updated, unchanged
    records: int


@dataclass(frozen=True)
class IngestResult:
    added: list[Added]
    errors: list[str]


def store_document(ledger: Ledger, doc: Document) -> Added:
    analysis = analyse(doc)
    result = ledger.store(doc, analysis)
    return Added(doc.id, result.outcome, len(analysis.records))


def pasted_document(text: str, title: Optional[str] = None, url: Optional[str] = None,
                    published: Optional[str] = None, doc_id: Optional[str] = None) -> Document:
    """A document from pasted text; its id is given or derived from the text.

    The same limits as a corpus file: at most MAX_DOCUMENT_BYTES of UTF-8, an
    id of at most MAX_ID_CHARS without lone surrogates (they are replaced in
    the text, title and url, which no database could store otherwise).
    """
    text = (text or "").replace("\r\n", "\n")
    if not text.strip():
        raise IngestError("the text is empty")
    if len(text) > MAX_DOCUMENT_BYTES // 4 and len(text.encode("utf-8", "replace")) > MAX_DOCUMENT_BYTES:
        raise TooLarge(f"the text is too large (over {MAX_DOCUMENT_BYTES:,} bytes)")
    text, title, url = (replace_surrogates(v) if v else v for v in (text, title, url))
    date = None
    if published:
        try:
            date = dt.date.fromisoformat(published.strip())
        except ValueError:
            raise IngestError(f"published must be a date like 2024-03-15, not {published!r}") from None
    doc_id = (doc_id or "").strip() or "web-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    if len(doc_id) > MAX_ID_CHARS:
        raise IngestError(f"the id is {len(doc_id):,} characters long (limit {MAX_ID_CHARS})")
    if LONE_SURROGATE.search(doc_id) or "\x00" in doc_id:
        raise IngestError("the id must be Unicode text without NUL characters or lone surrogates")
    return Document(id=doc_id, text=text, title=(title or "").strip() or None, url=(url or "").strip() or None,
                    published=date, source="web")


def ingest_upload(ledger: Ledger, filename: str, data: bytes) -> IngestResult:
    """Analyse and store every document of an uploaded txt, html or jsonl file."""
    name = _UNSAFE.sub("_", Path(filename or "upload.txt").name).strip("._") or "upload.txt"
    if not name.lower().endswith(UPLOAD_KINDS):
        raise IngestError(f"upload a {', '.join(UPLOAD_KINDS)} file, not {name!r}")
    if len(data) > MAX_DOCUMENT_BYTES * 4:
        raise TooLarge(f"file too large (over {MAX_DOCUMENT_BYTES * 4:,} bytes)")
    added, errors = [], []
    with tempfile.TemporaryDirectory(prefix="csrledger-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        for item in read_corpus(path):
            if isinstance(item, ReadError):
                errors.append(str(item).replace(folder + "/", ""))
            else:
                added.append(store_document(ledger, dataclasses.replace(item, source=f"upload:{name}")))
    if not added and errors:
        raise IngestError("; ".join(errors))
    return IngestResult(added, errors)
