"""read_corpus: any corpus path -> Documents and ReadErrors, lazily, in input order.

A path is a JSONL file, a ``.txt`` or ``.html`` page (each optionally
``.gz``), a WARC or ARC web archive (``.warc``, ``.warc.gz``, ``.arc.gz``,
``.warc.wet.gz``), or a folder of them read recursively in sorted name order.  Nothing
here raises for bad content: each bad line or file becomes one ReadError
naming the file (and line), and reading goes on with the rest.  The folder
walk does not follow symbolic links to folders (no loops, nothing read twice)
and skips with a message what it cannot list.
"""
from __future__ import annotations

import errno
import gzip
import io
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from csrledger.corpus.decode import DecodeError, decode
from csrledger.corpus.errors import ReadError
from csrledger.corpus.html import html_document
from csrledger.corpus.jsonl import read_jsonl
from csrledger.corpus.warc import WarcFilter, read_warc
from csrledger.model import Document

Item = Document | ReadError

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
"""A larger line or file is not a news article: reported and skipped without being read into memory."""

KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "txt", ".text": "txt",
         ".html": "html", ".htm": "html", ".xhtml": "html",
         ".warc": "warc", ".arc": "warc", ".wet": "warc"}
_SNIFF_BYTES = 4096
_MAX_HEADLINE = 200
DEFAULT_WARC_FILTER = WarcFilter()
"""Pages of web archives read by default: every host, in the languages the analysis knows (frozen, so shared)."""


class _Readable(Protocol):
    """What a page needs of an open file: at most ``size`` bytes."""

    def read(self, size: int = ..., /) -> bytes: ...


def read_corpus(path: str | Path, warc: WarcFilter = DEFAULT_WARC_FILTER) -> Iterator[Item]:
    """Yield each document (or the problem with it) of a corpus path, streaming.

    ``warc`` says which pages of web archives are read (domains, languages).
    Raises FileNotFoundError at once when the path does not exist; the second
    document with an id already seen in this run is a ReadError.
    """
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(errno.ENOENT, "corpus not found", str(path))
    return _unique_ids(_read_path(root, warc))


def _read_path(root: Path, warc: WarcFilter) -> Iterator[Item]:
    if not root.is_dir():
        yield from _read_file(root, _bare_name(root.name), _kind(root), warc)
        return
    for file in _walk(root):
        if isinstance(file, ReadError):
            yield file
            continue
        kind = _kind(file)
        if kind is None:
            yield ReadError(_shown(file), None, "not a .jsonl, .txt, .html or .warc file (optionally .gz); ignored",
                            "warning")
            continue
        relative = file.relative_to(root)
        yield from _read_file(file, (relative.parent / _bare_name(file.name)).as_posix(), kind, warc)


def _walk(root: Path) -> Iterator[Path | ReadError]:
    """Files under a folder, depth first in name order; hidden files and folders skipped.

    Iterative, so no folder depth exhausts the stack; a folder that cannot be
    listed is an error (its documents are lost to the run), a symbolic link to
    a folder or a dangling or looping link a warning.
    """
    stack: list[os.DirEntry[str] | Path] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, os.DirEntry) and not item.is_dir(follow_symlinks=False):
            yield Path(item.path)
            continue
        folder = item.path if isinstance(item, os.DirEntry) else str(item)
        try:
            with os.scandir(folder) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            yield ReadError(_shown(folder), None, f"cannot read folder: {exc.strerror or exc}; skipped")
            continue
        found: list[os.DirEntry[str]] = []
        for entry in entries:
            problem = _entry_problem(entry)
            if problem:
                yield ReadError(_shown(entry.path), None, problem, "warning")
            elif entry.is_dir(follow_symlinks=False) or entry.is_file():
                found.append(entry)
        stack.extend(reversed(found))


def _entry_problem(entry: os.DirEntry[str]) -> str | None:
    """Why a folder entry is not read, when it is a link the walk does not follow."""
    if not entry.is_symlink():
        return None
    try:
        os.stat(entry.path)
    except OSError as exc:
        reason = "loops" if exc.errno == errno.ELOOP else "points nowhere"
        return f"symbolic link that {reason}; ignored"
    if entry.is_dir():
        return "symbolic link to a folder; not followed"
    return None


def _shown(path: str | Path) -> str:
    """A path as text that any output can hold: undecodable bytes of a file name become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def _without_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def _bare_name(name: str) -> str:
    """File name without its extension and a trailing .gz: "a.txt.gz" -> "a"."""
    name = _without_gz(name)
    return os.path.splitext(name)[0] or name


def _kind(path: Path) -> str | None:
    return KINDS.get(os.path.splitext(_without_gz(path.name))[1].lower())


def _open(path: Path) -> gzip.GzipFile | io.BufferedReader:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _read_file(path: Path, doc_id: str, kind: str | None, warc: WarcFilter) -> Iterator[Item]:
    """One file's items; a file of unknown kind named on the command line is sniffed."""
    source = _shown(path)
    if _shown(doc_id) != doc_id:
        doc_id = _shown(doc_id)
        yield ReadError(source, None, f"file name is not valid UTF-8; read as id {doc_id!r}", "warning")
    try:
        if kind == "warc":      # warcio unpacks gzip record by record, so errors name offsets in the file
            with open(path, "rb") as fh:
                yield from read_warc(fh, source, MAX_DOCUMENT_BYTES, warc)
            return
        with _open(path) as fh:
            if kind is None:
                kind = _sniff(fh.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])
            if kind == "jsonl":
                yield from read_jsonl(fh, source, MAX_DOCUMENT_BYTES)
            else:
                yield _read_page(fh, path, doc_id, kind)
    except (OSError, EOFError, zlib.error) as exc:   # unreadable file, corrupt gzip
        yield ReadError(source, None, f"cannot read: {exc}")


def _sniff(head: bytes) -> str:
    start = head.lstrip()[:1]
    return "jsonl" if start == b"{" else "html" if start == b"<" else "txt"


def _read_page(fh: _Readable, path: Path, doc_id: str, kind: str) -> Item:
    """A whole .txt or .html file, refused unread when it exceeds the size limit."""
    source = _shown(path)
    too_large = ReadError(source, None, f"file too large (over {MAX_DOCUMENT_BYTES:,} bytes), skipped")
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        return too_large
    data = fh.read(MAX_DOCUMENT_BYTES + 1)       # a .gz file may unpack to more than its size
    if len(data) > MAX_DOCUMENT_BYTES:
        return too_large
    try:
        text = decode(data).replace("\r\n", "\n")
    except DecodeError as exc:
        return ReadError(source, None, str(exc))
    if kind == "html":
        try:
            doc = html_document(text, doc_id, source)
        except Exception as exc:  # noqa: BLE001 - a parser crash costs this page only
            return ReadError(source, None, f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    else:
        doc = Document(id=doc_id, text=text, title=_headline(text), source=source) if text.strip() else None
    return doc if doc is not None else ReadError(source, None, "empty document")


def _headline(text: str) -> str | None:
    """A plain-text news file's title: a short first line set off by a blank line."""
    first, blank, _ = text.lstrip().partition("\n\n")
    first = first.strip()
    if blank and first and "\n" not in first and len(first) <= _MAX_HEADLINE and not first.endswith("."):
        return first
    return None


def _unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """Pass items through, turning a repeated document id into an error."""
    first_seen: dict[str, tuple[str, int | None]] = {}
    for item in items:
        if isinstance(item, Document):
            if item.id in first_seen:
                source, line = first_seen[item.id]
                where = f"{source}:{line}" if line is not None else source
                yield ReadError(item.source, item.line, f"duplicate id {item.id!r} (first at {where}); skipped")
                continue
            first_seen[item.id] = (item.source, item.line)
        yield item
