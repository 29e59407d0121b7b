"""kill -9 of `csrledger run` at random moments: the ledger stays whole and a re-run equals a clean run.

The run starts from a ledger holding half the corpus and three curations,
and stores the whole corpus with half the texts changed (so documents are
added, re-analysed and their curations re-attached while it is killed).
After each kill: ``PRAGMA integrity_check`` is ok, and running again gives
exactly the state of a run never interrupted — documents, records, mentions,
curations, totals and events.  ``CSRLEDGER_KILL_TRIALS`` sets the number of
trials (``make bench`` runs 20).
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csrledger.cli import main
from csrledger.store import queries as q
from csrledger.store.curation import curate
from csrledger.store.ledger import Ledger
from tests.ledger_state import copy_ledger, integrity, ledger_state

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "corpus.jsonl"
TRIALS = int(os.environ.get("CSRLEDGER_KILL_TRIALS", "3"))


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill9")
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    half = folder / "half.jsonl"
    half.write_text("\n".join(lines[::2]) + "\n", encoding="utf-8")
    changed = []
    for number, line in enumerate(lines):
        row = json.loads(line)
        if number % 2 == 0 and number % 4 == 0:
            row["text"] = "Обновлено редакцией.\n" + row["text"]
        changed.append(json.dumps(row, ensure_ascii=False))
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(changed) + "\n", encoding="utf-8")
    base = str(folder / "base.db")
    assert main(["run", str(half), "--db", base]) == 0
    led = Ledger(base)
    with led.engine.connect() as conn:
        rows, _ = q.list_records(conn, q.RecordFilter(include_state=True), sort="id", descending=False)
    curate(led.engine, rows[0]["id"], "aigerim", "confirm")
    curate(led.engine, rows[1]["id"], "aigerim", "reject")
    curate(led.engine, rows[2]["id"], "aigerim", "edit", {"amount": "123456789"})
    led.close()
    clean = str(folder / "clean.db")
    copy_ledger(base, clean)
    started = time.perf_counter()       # as long as an uninterrupted run takes, start-up included
    subprocess.run(run_command(corpus, clean), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return base, corpus, ledger_state(clean), folder, time.perf_counter() - started


def run_command(corpus: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "csrledger.cli", "run", str(corpus), "--db", db]


def test_kill_9_then_integrity_and_a_rerun_equal_to_a_clean_run(setup):
    base, corpus, clean, folder, whole_run = setup
    rng = random.Random(20261123)
    killed = 0
    for trial in range(TRIALS):
        db = str(folder / f"trial-{trial}.db")
        copy_ledger(base, db)
        proc = subprocess.Popen(run_command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 0.9) * whole_run)     # a moment while it reads, analyses or writes
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(60)
        assert integrity(db) == "ok", f"trial {trial}"
        assert main(["run", str(corpus), "--db", db]) == 0
        assert integrity(db) == "ok"
        assert ledger_state(db) == clean, f"trial {trial}"
    assert killed >= 1, "every run finished before its kill: the delays need adjusting"
