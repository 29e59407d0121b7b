"""Pasted and uploaded documents are analysed as jobs off the request thread, with progress."""
from __future__ import annotations

import json
import threading
import time

import pytest

pytest.importorskip("itsdangerous")
from fastapi.testclient import TestClient  # noqa: E402

from csrledger.pipeline import analyse  # noqa: E402
from csrledger.web.app import create_app  # noqa: E402
from tests.test_web_api import build_ledger, csrf_of, sign_in  # noqa: E402

TEXT = "Ақтөбеде «Дала Жолы» ЖШС 40 млн теңгеге балалар алаңын салды."


@pytest.fixture
def app(ledger_db):
    return create_app(build_ledger(ledger_db))


def slow(seconds: float, started: threading.Event | None = None):
    def analyser(doc):
        if started is not None:
            started.set()
        time.sleep(seconds)
        return analyse(doc)
    return analyser


def test_a_slow_analysis_holds_up_no_other_request(app):
    started = threading.Event()
    app.state.ingest.in_processes = False      # a closure, run in the job's thread
    app.state.ingest._analyse = slow(2.0, started)
    with TestClient(app) as client:
        assert sign_in(client).status_code == 303
        token = csrf_of(client)
        pasted = {}

        def paste():
            pasted["response"] = client.post("/add", data={"csrf_token": token, "text": TEXT, "doc_id": "akt-yard"})

        worker = threading.Thread(target=paste)
        worker.start()
        assert started.wait(10)
        for path in ("/", "/api/summary", "/documents?q=школа"):
            began = time.perf_counter()
            assert client.get(path).status_code == 200
            assert time.perf_counter() - began < 1.0, path       # not after the 2 s analysis
        worker.join(30)
        done = pasted["response"]
        assert done.status_code == 200 and "Document added" in done.text   # the job page led to the document


def test_the_api_answers_at_once_with_a_job_to_follow(app):
    app.state.ingest.in_processes = False      # a closure, run in the job's thread
    app.state.ingest._analyse = slow(0.5)
    with TestClient(app) as client:
        sign_in(client)
        client.headers["X-CSRF-Token"] = csrf_of(client)
        accepted = client.post("/api/documents", params={"wait": "false"}, json={"text": TEXT, "id": "akt-yard"})
        assert accepted.status_code == 202 and accepted.json()["state"] in ("queued", "running")
        url = accepted.json()["url"]
        for _ in range(100):
            job = client.get(url).json()
            if job["state"] not in ("queued", "running"):
                break
            time.sleep(0.05)
        assert job["state"] == "done" and (job["done"], job["total"]) == (1, 1)
        assert job["added"][0]["doc_id"] == "akt-yard"
        assert client.get("/api/documents/akt-yard").status_code == 200
        # waiting (the default) answers with the outcome, as before
        waited = client.post("/api/documents", json={"text": TEXT + " Жаңа сөйлем.", "id": "akt-yard"})
        assert waited.status_code == 201 and waited.json()["outcome"] == "updated"
        assert client.get("/api/jobs/unknown").status_code == 404
        client.post("/logout", data={"csrf_token": client.headers["X-CSRF-Token"]})
        assert client.get(url).status_code == 401


def test_an_upload_shows_its_progress_then_its_documents(app):
    app.state.ingest.in_processes = False      # a closure, run in the job's thread
    app.state.ingest._analyse = slow(0.3)
    lines = [json.dumps({"id": f"up-{i}", "text": TEXT}, ensure_ascii=False) for i in range(3)] + ["{broken"]
    with TestClient(app) as client:
        sign_in(client)
        token = csrf_of(client)
        first = client.post("/add", data={"csrf_token": token},
                            files={"file": ("batch.jsonl", "\n".join(lines).encode(), "application/jsonl")},
                            follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"].startswith("/add/jobs/")
        job_id = first.headers["location"].rsplit("/", 1)[1]
        queue = client.app.state.ingest
        queue.get(job_id).future.result(30)
        page = client.get(first.headers["location"])
        assert page.status_code == 200 and all(f"up-{i}" in page.text for i in range(3))
        assert "Problems" in page.text                       # the broken line, one message
        running = queue.get(job_id)
        assert (running.done, running.total, running.state) == (3, 3, "done")
