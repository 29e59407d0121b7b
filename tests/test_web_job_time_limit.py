"""A web analysis job's documents are analysed in worker processes under a time limit: a runaway one fails clearly."""
from __future__ import annotations

import time

import pytest

from csrledger.model import Document
from csrledger.pipeline import analyse
from csrledger.store.ledger import Ledger
from csrledger.web.ingest import IngestQueue


def slow_on_marker(doc: Document):
    """The pipeline, except that a document saying "SLOW" never ends (module level: sent to the workers)."""
    if "SLOW" in doc.text:
        while True:
            time.sleep(0.05)
    return analyse(doc)


@pytest.fixture
def queue(tmp_path):
    q = IngestQueue(Ledger(str(tmp_path / "ledger.db")), workers=1, analyser=slow_on_marker, time_limit=1.0)
    yield q
    q.close()


def test_a_document_past_the_time_limit_fails_with_a_clear_message_and_the_next_one_is_added(queue):
    slow = queue.submit_document("curator", Document(id="slow", text="SLOW ТОО «Альфа» построило школу."))
    fine = queue.submit_document("curator", Document(id="fine", text="ТОО «Альфа» построило школу в Павлодаре."))
    started = time.monotonic()
    slow_job = slow.future.result(timeout=60)
    fine_job = fine.future.result(timeout=60)
    assert slow_job.state == "failed"
    assert slow_job.error == "document 'slow' took longer than 1 s to analyse; stopped, not added"
    assert fine_job.state == "done" and [a.doc_id for a in fine_job.added] == ["fine"]
    assert time.monotonic() - started < 40       # the pool's start (a spawned process) and two documents


def test_the_default_limit_is_runs():
    from csrledger.batch import DEFAULT_TIME_LIMIT

    assert IngestQueue(None, workers=1).time_limit == DEFAULT_TIME_LIMIT  # type: ignore[arg-type]
