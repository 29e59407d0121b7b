"""Analysing a corpus document by document: a failure costs that document, never the run or its output.

The command line writes what these functions return; every failure is one
line naming the document's file and line, so a user can find the input that
broke, and the documents already analysed are kept.
"""
from __future__ import annotations

import json
from typing import Callable, Iterable, Iterator, Optional, TextIO, TypeVar

from csrledger.model import Analysis, Document

T = TypeVar("T")
Report = Callable[[str], None]
MAX_REASON_CHARS = 300
"""An exception's message is cut: it may quote a whole document."""


def where(doc: Document) -> str:
    """``file:line`` of a JSONL document, the file of a page, else its id."""
    if doc.line:
        return f"{doc.source}:{doc.line}"
    return doc.source or doc.id


def reason(exc: BaseException) -> str:
    """``Type: message`` on one line, cut to MAX_REASON_CHARS."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS - 1] + "…"


def analyse_safely(doc: Document, report: Report) -> Optional[Analysis]:
    """The document's analysis, or None after reporting why it failed."""
    from csrledger.pipeline import analyse

    try:
        return analyse(doc)
    except Exception as exc:  # noqa: BLE001 - an extractor's bug costs this document only
        report(f"{where(doc)}: document {doc.id!r} could not be analysed: {reason(exc)}")
        return None


def write_row(out: TextIO, doc: Document, row: dict, report: Report) -> bool:
    """Write one output line of format 2, or report the document and write nothing.

    ``allow_nan=False``: Infinity or NaN would make the whole file unreadable
    by JSON parsers, and a lone surrogate cannot be written in UTF-8; either
    fails this document, before any byte of its line is written.
    """
    try:
        line = json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n"
        line.encode("utf-8")
    except (ValueError, TypeError) as exc:
        report(f"{where(doc)}: document {doc.id!r} could not be written: {reason(exc)}")
        return False
    out.write(line)
    return True


def guarded(items: Iterable[T], report: Report, source: str) -> Iterator[T]:
    """``items`` until the iterator itself raises: then one message, and the items so far are kept."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - a reader bug must not lose the finished output
            report(f"{source}: reading stopped: {reason(exc)}")
            return
        yield item
