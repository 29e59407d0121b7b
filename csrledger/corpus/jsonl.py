"""JSON Lines corpora (format 1): one document per line, streamed.

Lines are read as bytes with a size cap, so a runaway 50 MB line is skipped
in chunks and never held in memory; each line is decoded and checked on its
own, so one bad line costs one document.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import BinaryIO, Iterator, Optional, Union

from csrledger.corpus.decode import DecodeError, decode
from csrledger.corpus.errors import ReadError
from csrledger.model import Document

_CHUNK = 1 << 20
_OPTIONAL_STRINGS = ("title", "url", "lang")


def read_jsonl(fh: BinaryIO, source: str, max_bytes: int) -> Iterator[Union[Document, ReadError]]:
    """Documents and problems of one open JSONL stream, in line order."""
    number = 0
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            size = len(raw) + _skip_rest_of_line(fh)
            yield ReadError(source, number, f"document too large ({size:,} bytes; limit {max_bytes:,}), skipped")
            continue
        if raw.strip():
            yield from parse_line(raw, source, number)


def _skip_rest_of_line(fh: BinaryIO) -> int:
    """Consume up to the next newline in bounded chunks; return the bytes skipped."""
    skipped = 0
    while True:
        chunk = fh.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def parse_line(raw: bytes, source: str, number: int) -> Iterator[Union[Document, ReadError]]:
    """One line -> a Document (maybe preceded by warnings) or one error."""
    try:
        row = json.loads(decode(raw))
    except DecodeError as exc:
        yield ReadError(source, number, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield ReadError(source, number, f"malformed JSON: {exc.msg} at column {exc.colno}")
        return
    if not isinstance(row, dict):
        yield ReadError(source, number, f"not a JSON object but {type(row).__name__}")
        return
    problem = _required_problem(row)
    if problem:
        yield ReadError(source, number, problem)
        return
    fields: dict[str, Optional[str]] = {}
    for name in _OPTIONAL_STRINGS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            yield ReadError(source, number, f"{name!r} is not a string; ignored", "warning")
            value = None
        fields[name] = value or None
    published, warning = parse_published(row.get("published"))
    if warning:
        yield ReadError(source, number, warning, "warning")
    doc_id = row["id"] if isinstance(row["id"], str) else str(row["id"])
    yield Document(id=doc_id, text=row["text"], published=published, source=source, line=number, **fields)


def _required_problem(row: dict) -> Optional[str]:
    doc_id = row.get("id")
    if doc_id is None or doc_id == "":
        return "missing 'id'"
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return f"'id' must be a string, not {type(doc_id).__name__}"
    if "text" not in row:
        return f"missing 'text' (id {doc_id!r})"
    if not isinstance(row["text"], str):
        return f"'text' must be a string, not {type(row['text']).__name__} (id {doc_id!r})"
    if not row["text"].strip():
        return f"empty document (id {doc_id!r})"
    return None


def parse_published(value: object) -> tuple[Optional[dt.date], Optional[str]]:
    """``YYYY-MM-DD`` (or an ISO date-time, cut to its date) -> (date, warning)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, str):
        for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
            try:
                return parse(value), None
            except ValueError:
                pass
    return None, f"'published' {value!r} is not a YYYY-MM-DD date; kept the document without a date"
