"""Analysing on all cores: worker processes analyse, the parent reads, writes and keeps the order.

Each document's analysis depends on that document alone, so chunks of
documents go to a pool of processes and their results come back in input
order; the parent alone writes the output file and the ledger (one writer:
two processes writing one SQLite ledger wait for each other's locks).  Items
that are not documents — read errors, documents already in the ledger — pass
through in their place, so every message keeps the order of the input.  With
one worker the same job runs in this process: one code path, one output.

The pool forks (where the system can): the workers start with what the
parent has loaded, and a document's failure is reported by the worker as
``batch.py`` does it, costing that document only.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from typing import TypeVar

from csrledger.batch import analyse_safely, row_line, where
from csrledger.model import Analysis, Document

T = TypeVar("T")

CHUNK_DOCUMENTS = 16
"""Documents sent to a worker at once: ~50 ms of news, so sending and receiving cost little beside the analysis."""
CHUNKS_PER_WORKER = 3
"""Chunks in flight per worker: enough that no worker waits for the parent, few enough to keep memory flat."""


def default_workers() -> int:
    """All the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Analysed:
    """What a worker sends back for one document: its analysis (or its JSON line) and why it failed."""

    analysis: Analysis | None
    line: str | None
    failures: tuple[str, ...]


@dataclass(frozen=True)
class AnalysisJob:
    """The work done on a chunk of documents; picklable, so it runs in a worker as in the parent.

    ``lines``: return each document's analysis as its output line of format 2
    (``extract``: the worker serialises it, and the Analysis is not sent back);
    otherwise return the Analysis, for the ledger.
    """

    time_limit: float | None = None
    lines: bool = False
    with_text: bool = False

    def __call__(self, docs: Sequence[Document]) -> list[Analysed]:
        return [self._one(doc) for doc in docs]

    def _one(self, doc: Document) -> Analysed:
        failures: list[str] = []
        analysis = analyse_safely(doc, failures.append, self.time_limit)
        if analysis is None or not self.lines:
            return Analysed(analysis, None, tuple(failures))
        row = analysis.to_json()
        if self.with_text:
            row["text"] = doc.text   # the exact text the offsets point into
        return Analysed(None, row_line(doc, row, failures.append), tuple(failures))


def analyse_in_order(items: Iterable[Document | T], job: AnalysisJob, workers: int,
                     chunk_documents: int = CHUNK_DOCUMENTS) -> Iterator[tuple[Document | T, Analysed | None]]:
    """``(item, result)`` for every item, in input order; ``result`` is None for an item that is no Document.

    The input is read lazily, in this process, a few chunks ahead of the
    results handed out; ``chunk_documents=1`` sends each document as soon as
    it arrives (pages collected one at a time).
    """
    batches = _batches(items, chunk_documents)
    head = list(islice(batches, 2))
    if workers <= 1 or len(head) < 2:     # one chunk: starting processes would cost more than it saves
        for item in chain.from_iterable(chain(head, batches)):
            yield item, job([item])[0] if isinstance(item, Document) else None
        return
    pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[list[Document | T], Future[list[Analysed]] | None]] = deque()
    window = workers * CHUNKS_PER_WORKER
    try:
        for batch in chain(head, batches):
            docs = [item for item in batch if isinstance(item, Document)]
            future = None
            if docs:
                if pool is None:            # not before: a run whose documents are all stored starts no worker
                    warm_up()
                    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                                               initargs=(os.getpid(),))
                future = pool.submit(job, docs)
            pending.append((batch, future))
            while len(pending) >= window:
                yield from _results(*pending.popleft())
        while pending:
            yield from _results(*pending.popleft())
    finally:
        if pool is not None:
            pool.shutdown(wait=not pending, cancel_futures=True)


_WARM_UP = {"ru": "ТОО «Дала» построило школу в Астане за 100 млн тенге, сообщил директор Иван Петров.",
            "en": "Steppe Energy LLP donated 5 million tenge to a hospital in Almaty, said John Smith.",
            "kk": "«Жер» ЖШС Шымкент қаласында балабақша салды, деді Асқар Нұрланұлы."}


def warm_up() -> None:
    """Load the dictionaries and models (~0.5 s) once, in the parent, before the workers fork from it.

    Each worker would otherwise load them again, and its first document would
    spend its time limit on loading.  The documents' languages are given: the
    statistical language identifier, seldom needed, loads only if a worker needs it.
    """
    from csrledger.pipeline import analyse

    try:
        for lang, text in _WARM_UP.items():
            analyse(Document(id=f"warm-up-{lang}", text=text, lang=lang))
    except Exception:  # noqa: BLE001 - a broken analyser is reported by the workers, document by document
        pass


def _results(batch: list[T], future: Future[list[Analysed]] | None) -> Iterator[tuple[T, Analysed | None]]:
    try:
        results = iter(future.result() if future is not None else ())
    except BrokenProcessPool:
        docs = [item for item in batch if isinstance(item, Document)]
        raise SystemExit(f"csrledger: a worker process died (out of memory, or killed) while analysing "
                         f"{where(docs[0])} to {where(docs[-1])}; the documents before were processed. "
                         "Run again with --workers 1 to see which document it is.") from None
    for item in batch:
        yield item, next(results) if isinstance(item, Document) else None


def _batches(items: Iterable[T], chunk_documents: int) -> Iterator[list[T]]:
    """Consecutive runs of items holding ``chunk_documents`` documents each (the last one fewer)."""
    batch: list[T] = []
    count = 0
    for item in items:
        batch.append(item)
        if isinstance(item, Document):
            count += 1
            if count == chunk_documents:
                yield batch
                batch, count = [], 0
    if batch:
        yield batch


def _context() -> multiprocessing.context.BaseContext:
    """Fork where available: workers inherit the loaded dictionaries and models, and start at once."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def _start_worker(parent: int) -> None:
    """Ctrl-C is the parent's to handle (it stops the pool; workers print no tracebacks); a parent's death ends us.

    A forked worker holds both ends of the pool's pipes, so a parent killed
    with SIGKILL would leave it waiting for work for ever: it checks once a
    second that its parent is still there.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="exit-with-parent").start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
