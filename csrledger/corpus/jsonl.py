"""JSON Lines corpora (format 1): one document per line, streamed.

Lines are read as bytes with a size cap, so a runaway 50 MB line is skipped
in chunks and never held in memory; each line is decoded and checked on its
own, so one bad line costs one document.  Hostile lines are refused before
they can hurt: JSON nested deeper than ``MAX_JSON_DEPTH`` (the decoder would
recurse into a RecursionError), integers longer than ``MAX_INT_DIGITS``
(Python refuses to convert them past 4,300 digits, slowly), ids longer than
``MAX_ID_CHARS``; lone UTF-16 surrogates (``"\\ud800"``), which no UTF-8
output or database can hold, reject an id and are replaced by U+FFFD
(one code point for one, so offsets stay) in the other fields.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Any, Protocol

from csrledger.corpus.decode import LONE_SURROGATE as _SURROGATE
from csrledger.corpus.decode import DecodeError, decode, replace_surrogates
from csrledger.corpus.errors import ReadError
from csrledger.model import Document

_CHUNK = 1 << 20
_OPTIONAL_STRINGS = ("title", "url", "lang")

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a line (a document needs 1)."""
MAX_INT_DIGITS = 64
"""Longest integer literal converted; a longer one is kept unconverted and refused as an id."""
MAX_ID_CHARS = 200
"""Longest document id: the ledger's id column (``String(200)``), which PostgreSQL enforces."""

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")   # the only way a line's text can hold one
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class _HugeInt:
    """An integer literal too long to convert, in place of its value: never a valid field."""

    def __init__(self, literal: str) -> None:
        self.digits = len(literal.lstrip("-"))

    def __repr__(self) -> str:
        return f"<an integer of {self.digits:,} digits>"


class _TooDeep(ValueError):
    """A line nested deeper than MAX_JSON_DEPTH."""


class ByteLines(Protocol):
    """What the reader needs of a stream: bytes up to a newline, at most ``size`` of them."""

    def readline(self, size: int = ..., /) -> bytes: ...


def read_jsonl(fh: ByteLines, source: str, max_bytes: int) -> Iterator[Document | ReadError]:
    """Documents and problems of one open JSONL stream, in line order."""
    number = 0
    content = False
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            break
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            size = len(raw) + _skip_rest_of_line(fh)
            yield ReadError(source, number, f"document too large ({size:,} bytes; limit {max_bytes:,}), skipped")
            content = True
            continue
        if raw.strip():
            content = True
            yield from parse_line(raw, source, number)
    if not content:     # as an empty .txt is: the user named a corpus that holds nothing
        yield ReadError(source, None, "empty file (no documents)")


def _skip_rest_of_line(fh: ByteLines) -> int:
    """Consume up to the next newline in bounded chunks; return the bytes skipped."""
    skipped = 0
    while True:
        chunk = fh.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def parse_line(raw: bytes, source: str, number: int) -> Iterator[Document | ReadError]:
    """One line -> a Document (maybe preceded by warnings) or one error."""
    try:
        row = _loads(decode(raw), raw)
    except DecodeError as exc:
        yield ReadError(source, number, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield ReadError(source, number, f"malformed JSON: {exc.msg} at column {exc.colno}")
        return
    except _TooDeep as exc:
        yield ReadError(source, number, str(exc))
        return
    except RecursionError:
        yield ReadError(source, number, "JSON nested too deeply to parse")
        return
    if not isinstance(row, dict):
        yield ReadError(source, number, f"not a JSON object but {type(row).__name__}")
        return
    problem = _required_problem(row)
    if problem:
        yield ReadError(source, number, problem)
        return
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_STRINGS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            yield ReadError(source, number, f"{name!r} is not a string; ignored", "warning")
            value = None
        fields[name] = value or None
    replaced = []
    if _SURROGATE_ESCAPE.search(raw):
        replaced = [name for name in ("text", *_OPTIONAL_STRINGS)
                    if isinstance(row.get(name), str) and _SURROGATE.search(row[name])]
    if replaced:
        yield ReadError(source, number, f"lone UTF-16 surrogates (invalid \\uD800-\\uDFFF escapes) in "
                        f"{', '.join(map(repr, replaced))} replaced by U+FFFD", "warning")
        row["text"] = replace_surrogates(row["text"])
        fields = {k: replace_surrogates(v) if v else v for k, v in fields.items()}
    published, warning = parse_published(row.get("published"))
    if warning:
        yield ReadError(source, number, warning, "warning")
    doc_id = row["id"] if isinstance(row["id"], str) else str(row["id"])
    yield Document(id=doc_id, text=row["text"], published=published, source=source, line=number, **fields)


def _loads(line: str, raw: bytes) -> object:
    """``json.loads`` with the nesting and integer-size limits checked first."""
    depth = _depth(raw)
    if depth > MAX_JSON_DEPTH:
        raise _TooDeep(f"JSON nested {depth:,} deep (limit {MAX_JSON_DEPTH})")
    return _DECODER.decode(line)


def _parse_int(literal: str) -> int | _HugeInt:
    return int(literal) if len(literal.lstrip("-")) <= MAX_INT_DIGITS else _HugeInt(literal)


_DECODER = json.JSONDecoder(parse_int=_parse_int)   # built once: json.loads(..., parse_int=) builds one per call


def _depth(raw: bytes) -> int:
    """Deepest bracket nesting outside strings; cheap unless the line has many brackets."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return 0
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(1 if b in b"[{" else -1 for b in brackets), default=0)


def _required_problem(row: dict[str, Any]) -> str | None:
    doc_id = row.get("id")
    if doc_id is None or doc_id == "":
        return "missing 'id'"
    if isinstance(doc_id, _HugeInt):
        return f"'id' is an integer of {doc_id.digits:,} digits (limit {MAX_INT_DIGITS})"
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return f"'id' must be a string, not {type(doc_id).__name__}"
    if isinstance(doc_id, str) and len(doc_id) > MAX_ID_CHARS:
        return f"'id' is {len(doc_id):,} characters long (limit {MAX_ID_CHARS})"
    if isinstance(doc_id, str) and not doc_id.isascii() and _SURROGATE.search(doc_id):
        return f"'id' {doc_id!r} holds a lone UTF-16 surrogate (an invalid \\uD800-\\uDFFF escape)"
    if "text" not in row:
        return f"missing 'text' (id {doc_id!r})"
    if not isinstance(row["text"], str):
        kind = "int" if isinstance(row["text"], _HugeInt) else type(row["text"]).__name__
        return f"'text' must be a string, not {kind} (id {doc_id!r})"
    if not row["text"].strip():
        return f"empty document (id {doc_id!r})"
    return None


def parse_published(value: object) -> tuple[dt.date | None, str | None]:
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
