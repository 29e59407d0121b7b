"""Adding documents from the browser or the API: analysed off the request thread, with progress.

Uploads go through the same corpus readers as ``csrledger run`` (saved to a
temporary file that keeps the upload's name, so a txt/html page gets its id
from the file name and a JSONL file keeps its own ids).

What was sent is checked in the request (sizes, ids, file kind: a 400 or
413 at once); the analysis runs as a job on :class:`IngestQueue`'s worker
threads, so no request — a page, a search, another curator's paste — waits
for it on the server's event loop.  A job reports its progress (documents
done of total) until it ends; storing is one document at a time.

Each document is analysed in a worker process (a pool of ``workers``
processes, started on first use), under the same per-document time limit as
``csrledger run`` (``time_limit``, SIGALRM in the worker's main thread: a
thread of the server could not be stopped).  A document past it fails with
a message saying so, and the job goes on with the next one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import multiprocessing
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csrledger.corpus import MAX_DOCUMENT_BYTES, ReadError, read_corpus
from csrledger.corpus.decode import LONE_SURROGATE, replace_surrogates
from csrledger.corpus.jsonl import MAX_ID_CHARS
from csrledger.model import Document
from csrledger.pipeline import analyse
from csrledger.store.ledger import Ledger

UPLOAD_KINDS = (".txt", ".html", ".htm", ".jsonl")
Reader = Callable[[], tuple[list[Document], list[str]]]   # a job's documents and the errors of reading them
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


def analyse_limited(doc: Document, time_limit: float | None,
                    analyser: Callable[[Document], Any] | None = None) -> Any:
    """``analyser(doc)`` (default: the pipeline) in a worker process; TimeLimitExceeded past ``time_limit`` s."""
    from csrledger.batch import time_budget

    with time_budget(time_limit):
        return (analyser or analyse)(doc)


def _start_analyser() -> None:
    from csrledger.workers import warm_up

    warm_up()       # the dictionaries are loaded before the first document's time limit starts


def store_document(ledger: Ledger, doc: Document) -> Added:
    analysis = analyse(doc)
    result = ledger.store(doc, analysis)
    return Added(doc.id, result.outcome, len(analysis.records))


def pasted_document(text: str, title: str | None = None, url: str | None = None,
                    published: str | None = None, doc_id: str | None = None) -> Document:
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
    text = replace_surrogates(text)     # not empty: checked above
    title, url = (replace_surrogates(v) if v else v for v in (title, url))
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


def upload_name(filename: str, data: bytes) -> str:
    """The safe name of an upload, after checking its kind and size (IngestError, TooLarge)."""
    name = _UNSAFE.sub("_", Path(filename or "upload.txt").name).strip("._") or "upload.txt"
    if not name.lower().endswith(UPLOAD_KINDS):
        raise IngestError(f"upload a {', '.join(UPLOAD_KINDS)} file, not {name!r}")
    if len(data) > MAX_DOCUMENT_BYTES * 4:
        raise TooLarge(f"file too large (over {MAX_DOCUMENT_BYTES * 4:,} bytes)")
    return name


def read_upload(name: str, data: bytes) -> tuple[list[Document], list[str]]:
    """The documents of an uploaded file, and one message per part that could not be read."""
    docs, errors = [], []
    with tempfile.TemporaryDirectory(prefix="csrledger-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        for item in read_corpus(path):
            if isinstance(item, ReadError):
                errors.append(str(item).replace(folder + "/", ""))
            else:
                docs.append(dataclasses.replace(item, source=f"upload:{name}"))
    return docs, errors


def ingest_upload(ledger: Ledger, filename: str, data: bytes) -> IngestResult:
    """Analyse and store every document of an uploaded txt, html or jsonl file (in the calling thread)."""
    docs, errors = read_upload(upload_name(filename, data), data)
    added = [store_document(ledger, doc) for doc in docs]
    if not added and errors:
        raise IngestError("; ".join(errors))
    return IngestResult(added, errors)


@dataclass
class Job:
    """One paste or upload being analysed: its progress and, once done, its outcome."""

    id: str
    user: str
    name: str
    state: str = "queued"            # queued, running, done, failed
    total: int | None = None      # documents, once the upload is read
    done: int = 0
    added: list[Added] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error: str | None = None      # why nothing was stored (state failed)
    created: float = field(default_factory=time.time)
    finished: float | None = None
    future: Future[Job] | None = field(default=None, repr=False)

    @property
    def finished_ok(self) -> bool:
        return self.state == "done"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "name": self.name, "done": self.done, "total": self.total,
                "added": [dataclasses.asdict(a) for a in self.added], "errors": self.errors, "error": self.error}


class IngestQueue:
    """Worker threads that analyse and store pasted and uploaded documents, with progress.

    ``workers`` jobs run at once (each in its own thread: the server's
    event loop stays free), each document analysed in one of ``workers``
    processes within ``time_limit`` seconds (default: ``run``'s; 0: none);
    storing takes one lock, so the ledger and the events stage see one
    document at a time.  The last ``keep`` jobs are remembered for their
    progress pages.  ``analyser`` replaces the pipeline (a module-level
    function: it is sent to the worker processes); with ``in_processes``
    False it runs in the job's thread instead, with no time limit (tests).
    """

    def __init__(self, ledger: Ledger, workers: int = 2, keep: int = 200,
                 analyser: Callable[[Document], Any] | None = None, time_limit: float | None = None,
                 in_processes: bool = True):
        from csrledger.batch import DEFAULT_TIME_LIMIT

        self.ledger = ledger
        self.workers = workers
        self.time_limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
        self._executor: ThreadPoolExecutor | None = None
        self._processes: ProcessPoolExecutor | None = None
        self.in_processes = in_processes
        self.keep = keep
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._analyse = analyser

    def _submit(self, run: Callable[[Job, Reader], Job], job: Job, read: Reader) -> Future[Job]:
        with self._lock:
            if self._executor is None:     # started on first use, again after close (a server's lifespan may end)
                self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="csrledger-ingest")
            return self._executor.submit(run, job, read)

    def _analysed(self, doc: Document) -> Any:
        """The document's analysis from a worker process (TimeLimitExceeded past the limit)."""
        if not self.in_processes:
            return (self._analyse or analyse)(doc)
        with self._lock:
            if self._processes is None:     # spawned: forking a threaded server could copy a held lock
                self._processes = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                      initializer=_start_analyser)
            pool = self._processes
        try:
            return pool.submit(analyse_limited, doc, self.time_limit or None, self._analyse).result()
        except BrokenProcessPool:       # a worker died (out of memory, killed): the next document gets a new pool
            with self._lock:
                if self._processes is pool:
                    self._processes = None
            raise

    def _new(self, user: str, name: str) -> Job:
        job = Job(id=secrets.token_urlsafe(12), user=user, name=name)
        with self._lock:
            self.jobs[job.id] = job
            while len(self.jobs) > self.keep:
                self.jobs.popitem(last=False)
        return job

    def submit_document(self, user: str, doc: Document) -> Job:
        job = self._new(user, doc.id)
        job.total = 1
        job.future = self._submit(self._run, job, lambda: ([doc], []))
        return job

    def submit_upload(self, user: str, filename: str, data: bytes) -> Job:
        name = upload_name(filename, data)      # a wrong kind or size is refused in the request
        job = self._new(user, name)
        job.future = self._submit(self._run, job, lambda: read_upload(name, data))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def _run(self, job: Job, read: Reader) -> Job:
        from csrledger.batch import TimeLimitExceeded, reason

        job.state = "running"
        try:
            docs, job.errors = read()
            job.total = len(docs)
            for doc in docs:
                try:
                    analysis = self._analysed(doc)
                    with self._store_lock:
                        result = self.ledger.store(doc, analysis)
                    job.added.append(Added(doc.id, result.outcome, len(analysis.records)))
                except TimeLimitExceeded:
                    job.errors.append(f"document {doc.id!r} took longer than {self.time_limit:g} s to analyse; "
                                      "stopped, not added")
                except Exception as exc:  # noqa: BLE001 - one document's failure is one message
                    job.errors.append(f"document {doc.id!r} could not be added: {reason(exc)}")
                job.done += 1
            if not job.added and job.errors:
                job.state, job.error = "failed", "; ".join(job.errors)
            else:
                job.state = "done"
        except Exception as exc:  # noqa: BLE001 - reported on the job's page, never lost in a thread
            job.state, job.error = "failed", reason(exc)
        job.finished = time.time()
        return job

    def close(self) -> None:
        """Stop taking jobs; running ones finish, queued ones are dropped."""
        with self._lock:
            executor, self._executor = self._executor, None
            processes, self._processes = self._processes, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        if processes is not None:
            processes.shutdown(wait=False, cancel_futures=True)
