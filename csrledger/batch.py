"""Analysing a corpus document by document: a failure costs that document, never the run or its output.

The command line writes what these functions return; every failure is one
line naming the document's file and line, so a user can find the input that
broke, and the documents already analysed are kept.
"""
from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, NoReturn, TypeVar

from csrledger.model import Analysis, Document

T = TypeVar("T")
Report = Callable[[str], None]
MAX_REASON_CHARS = 300
"""An exception's message is cut: it may quote a whole document."""
DEFAULT_TIME_LIMIT = 60.0
"""Seconds one document may take (the first one loads the dictionaries too); a news article takes milliseconds."""


class TimeLimitExceeded(Exception):
    """A document's analysis ran past its time budget."""


def where(doc: Document) -> str:
    """``file:line`` of a JSONL document, the file of a page, else its id."""
    if doc.line:
        return f"{doc.source}:{doc.line}"
    return doc.source or doc.id


def reason(exc: BaseException) -> str:
    """``Type: message`` on one line, cut to MAX_REASON_CHARS."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS - 1] + "…"


def analyse_safely(doc: Document, report: Report, time_limit: float | None = None) -> Analysis | None:
    """The document's analysis, or None after reporting why it failed or that it took too long."""
    from csrledger.pipeline import analyse

    try:
        with time_budget(time_limit):
            return analyse(doc)
    except TimeLimitExceeded:
        report(f"{where(doc)}: document {doc.id!r} took longer than {time_limit:g} s to analyse; skipped")
    except Exception as exc:  # noqa: BLE001 - an extractor's bug costs this document only
        report(f"{where(doc)}: document {doc.id!r} could not be analysed: {reason(exc)}")
    return None


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after ``seconds`` (a SIGALRM timer).

    Only where a timer can interrupt: on the main thread of a Unix process
    (elsewhere, and for ``None`` or 0, the block runs unbounded).  Python
    runs the handler between bytecodes, so a single long regular-expression
    match ends first; the extractors' Python loops are interrupted at once.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> NoReturn:
        raise TimeLimitExceeded(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def row_line(doc: Document, row: dict[str, Any], report: Report) -> str | None:
    """One output line of format 2, or None after reporting why the document cannot be written.

    ``allow_nan=False``: Infinity or NaN would make the whole file unreadable
    by JSON parsers, and a lone surrogate cannot be written in UTF-8; either
    fails this document, before any byte of its line is written.
    """
    try:
        line = json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n"
        line.encode("utf-8")
    except (ValueError, TypeError) as exc:
        report(f"{where(doc)}: document {doc.id!r} could not be written: {reason(exc)}")
        return None
    return line


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
