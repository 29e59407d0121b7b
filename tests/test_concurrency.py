"""Two writers on one ledger, and a full disk.

Two `csrledger run` at once on a fresh ledger used to race in the Alembic
migration (one died with a traceback) and could fail documents with UNIQUE
errors; now the migration and every write take the write lock first, and
the second waits.  A full disk stops a run with one message.
"""
from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from csrledger.cli import main
from csrledger.model import Analysis, Document, Evidence, Record
from csrledger.store import ledger as ledger_module
from csrledger.store.ledger import Ledger
from csrledger.store.schema import documents, records
from tests.conftest import is_sqlite
from tests.ledger_state import integrity, ledger_state

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "corpus.jsonl"


def run(db: str, corpus: Path = SAMPLES) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "csrledger.cli", "run", str(corpus), "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def both(db: str, corpus: Path = SAMPLES) -> list[tuple[int, str]]:
    procs = [run(db, corpus), run(db, corpus)]
    return [(p.wait(timeout=300), p.stderr.read()) for p in procs]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    db = str(tmp_path_factory.mktemp("clean") / "clean.db")
    assert main(["run", str(SAMPLES), "--db", db]) == 0
    return ledger_state(db)


def sound(db: str) -> bool:
    """SQLite's own integrity check; PostgreSQL keeps its files consistent itself (foreign keys hold on both)."""
    return integrity(db) == "ok" if is_sqlite(db) else True


def test_two_runs_on_a_fresh_ledger_both_succeed(fresh_ledger_db, clean):
    db = fresh_ledger_db
    for code, err in both(db):
        assert code == 0 and "Traceback" not in err and "failed" in err, err
        assert err.strip().endswith("0 failed"), err
    assert sound(db)
    assert ledger_state(db) == clean


def test_two_runs_on_an_existing_ledger_both_succeed(ledger_db, tmp_path, clean):
    db = ledger_db
    half = tmp_path / "half.jsonl"
    half.write_text("".join(SAMPLES.read_text(encoding="utf-8").splitlines(keepends=True)[::2]), encoding="utf-8")
    assert main(["run", str(half), "--db", db]) == 0
    for code, err in both(db):
        assert code == 0 and "Traceback" not in err, err
    assert sound(db)
    assert ledger_state(db) == clean


def _writer(db: str, worker: int, n: int) -> None:
    """Store hand-made analyses of documents shared with the other writer, some of them changed."""
    led = Ledger(db)
    for i in range(n):
        text = f"Компания номер {i} передала {i + 1} млн тенге школе. Версия {worker if i % 3 == 0 else 0}."
        doc = Document(id=f"doc-{i}", text=text, lang="ru", source=f"writer-{worker}")
        record = Record(sponsor=f"Компания {i}", sponsor_kind="company", sector="education", object="school",
                        amount=(i + 1) * 1e6, currency="KZT", evidence=[Evidence(0, text.index(".") + 1)])
        led.store(doc, Analysis(id=doc.id, lang="ru", records=[record]))
    led.close()


def test_two_writers_store_the_same_documents_at_once(ledger_db):
    db = ledger_db
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(db, w, 60)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    led = Ledger(db)
    with led.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar() == 60
        assert conn.execute(select(func.count()).select_from(records)).scalar() == 60
    led.close()
    assert sound(db)


def test_a_full_disk_stops_the_run_with_one_message(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "ledger.db")
    Ledger(db).close()                       # migrated: the schema fits
    pages = Path(db).stat().st_size // 4096
    original = ledger_module._sqlite_pragmas

    def small_disk(dbapi_conn, record):
        original(dbapi_conn, record)
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 12}")   # a disk that fills after a few documents

    monkeypatch.setattr(ledger_module, "_sqlite_pragmas", small_disk)
    with pytest.raises(SystemExit) as stop:
        main(["run", str(SAMPLES), "--db", db])
    message = str(stop.value.code)
    assert "disk holding the ledger is full" in message and "run again" in message
    err = capsys.readouterr().err
    assert "could not be stored" not in err            # not one failure per remaining document
    monkeypatch.setattr(ledger_module, "_sqlite_pragmas", original)
    assert integrity(db) == "ok"
    assert main(["run", str(SAMPLES), "--db", db]) == 0  # with space again, the run completes
