"""--workers N: the same bytes, the same messages in the same order, the same ledger as one worker."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csrledger.cli import main
from csrledger.model import Analysis, Document
from csrledger.pipeline import analyse
from tests.ledger_state import ledger_state
from tests.test_collect import Route, Site, article

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def mixed_corpus(tmp_path: Path) -> Path:
    """The sample corpus, its pages, and lines that fail to read or to analyse, in one folder."""
    folder = tmp_path / "corpus"
    shutil.copytree(SAMPLES / "docs", folder / "docs")
    lines = (SAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    bad = ['{"id": "broken", "text": ', json.dumps({"id": "crash-me", "text": "Фонд построил школу в Астане."}),
           json.dumps({"id": "empty", "text": " "})]
    (folder / "news.jsonl").write_text("\n".join(lines[:20] + bad + lines[20:]) + "\n", encoding="utf-8")
    return folder


def crash_on_request(doc: Document) -> Analysis:
    if doc.id == "crash-me":
        raise ValueError("an extractor's bug")
    return analyse(doc)


def test_extract_output_and_messages_do_not_depend_on_workers(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("csrledger.pipeline.analyse", crash_on_request)     # inherited by the forked workers
    corpus = mixed_corpus(tmp_path)
    outputs, messages = [], []
    for workers in (1, 2, 3):
        out = tmp_path / f"out-{workers}.jsonl"
        assert main(["extract", str(corpus), "-o", str(out), "--with-text", "--workers", str(workers)]) == 1
        outputs.append(out.read_bytes())
        messages.append(capsys.readouterr().err)
    assert outputs[0] == outputs[1] == outputs[2]
    assert messages[0] == messages[1] == messages[2]
    assert len(outputs[0].splitlines()) == 38 + len(list((SAMPLES / "docs").iterdir()))
    errors = [line for line in messages[0].splitlines() if line.startswith("error:")]
    assert [e.split(": ", 2)[2][:24] for e in errors] == ["malformed JSON: Expectin", "document 'crash-me' coul",
                                                          "empty document (id 'empt"]


def test_run_gives_the_same_ledger_with_any_number_of_workers(tmp_path, capsys):
    corpus = SAMPLES / "corpus.jsonl"
    states = []
    for workers in (1, 2):
        db = str(tmp_path / f"ledger-{workers}.db")
        assert main(["run", str(corpus), "--db", db, "--workers", str(workers)]) == 0
        assert main(["run", str(corpus), "--db", db, "--workers", str(workers)]) == 0    # all current: no worker
        states.append(ledger_state(db))
    err = capsys.readouterr().err
    assert err.count("38 added, 0 updated, 0 unchanged, 0 failed") == 2
    assert err.count("0 added, 0 updated, 38 unchanged, 0 failed") == 2
    assert states[0] == states[1]


def test_collect_gives_the_same_ledger_with_two_workers(tmp_path):
    site = Site()
    try:
        paths = [f"/news/{n}" for n in range(6)]
        site.routes["/robots.txt"] = Route("User-agent: *\nDisallow:\n", content_type="text/plain")
        site.routes["/rss.xml"] = Route(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            + "".join(f"<item><link>{site.url}{p}</link></item>" for p in paths) + "</channel></rss>",
            content_type="application/rss+xml")
        for n, path in enumerate(paths):
            site.routes[path] = Route(article(f"Новость {n}", f"ТОО «Дала {n}» построило школу в Караганде "
                                              f"за {10 + n} млн тенге."))
        states = []
        for workers in (1, 2):
            db = str(tmp_path / f"ledger-{workers}.db")
            assert main(["collect", f"{site.url}/rss.xml", "--db", db, "--delay", "0",
                         "--workers", str(workers)]) == 0
            states.append(ledger_state(db))
        assert states[0] == states[1] and len(states[0]["documents"]) == 6
    finally:
        site.close()


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_workers_must_be_a_positive_number(value, capsys):
    with pytest.raises(SystemExit):
        main(["extract", "x.jsonl", "-o", "-", "--workers", value])
    assert "--workers" in capsys.readouterr().err


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    corpus = tmp_path / "many.jsonl"
    lines = (SAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    corpus.write_text("".join(line.replace('"id": "', f'"id": "{n}-', 1) + "\n"
                              for n in range(40) for line in lines), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "csrledger.cli", "extract", str(corpus), "-o",
                             str(tmp_path / "out.jsonl"), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while len(children_of(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = children_of(proc.pid)
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
