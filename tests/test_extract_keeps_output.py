"""`csrledger extract` keeps every finished document when one document, its output or the reader fails."""
from __future__ import annotations

import json
import time

import pytest

from csrledger import batch
from csrledger.cli import main
from csrledger.corpus import readers
from csrledger.model import Analysis, Document
from csrledger.pipeline import analyse

ROWS = [{"id": f"n{i}", "text": f"ТОО «Степь {i}» построило школу на {100 + i} мест."} for i in range(1, 6)]


def corpus(tmp_path, extra: str = ""):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS) + extra, encoding="utf-8")
    return path


def output_ids(path):
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def crash_on_n3(doc: Document) -> Analysis:
    if doc.id == "n3":
        raise RecursionError("maximum recursion depth exceeded\nwhile reading a very long name")
    return analyse(doc)


def infinity_in_n3(monkeypatch):
    """n3's analysis holds a value that is not finite, which JSON cannot write."""
    real = Analysis.to_json
    monkeypatch.setattr(Analysis, "to_json", lambda self: {**real(self), "x": float("inf")} if self.id == "n3"
                        else real(self))


@pytest.mark.parametrize("failure, message", [("crash", "analysed: RecursionError: maximum recursion depth "
                                                        "exceeded while reading"),
                                              ("infinity", "written: ValueError: Out of range float")])
def test_a_failing_document_is_one_message_and_the_others_are_written(tmp_path, capsys, monkeypatch,
                                                                       failure, message):
    if failure == "crash":
        monkeypatch.setattr("csrledger.pipeline.analyse", crash_on_n3)
    else:
        infinity_in_n3(monkeypatch)
    path, out = corpus(tmp_path), tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 1
    assert output_ids(out) == ["n1", "n2", "n4", "n5"]
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert err == [err[0]] and err[0].startswith(f"error: {path}:3: document 'n3' could not be {message}")


def test_a_lone_surrogate_in_the_output_fails_only_its_document(tmp_path, capsys, monkeypatch):
    def analyse(doc):
        return Analysis(id=doc.id + ("\ud800" if doc.id == "n2" else ""), lang="ru")

    monkeypatch.setattr("csrledger.pipeline.analyse", analyse)
    path, out = corpus(tmp_path), tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 1
    assert output_ids(out) == ["n1", "n3", "n4", "n5"]
    assert f"{path}:2: document 'n2' could not be written: UnicodeEncodeError" in capsys.readouterr().err


def test_a_reader_crash_keeps_what_was_finished(tmp_path, capsys, monkeypatch):
    real = readers._read_path

    def crashing(*args):
        for n, item in enumerate(real(*args)):
            if n == 3:
                raise MemoryError("out of memory in the reader")
            yield item

    monkeypatch.setattr(readers, "_read_path", crashing)
    path, out = corpus(tmp_path), tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 1
    assert output_ids(out) == ["n1", "n2", "n3"]
    assert f"error: {path}: reading stopped: MemoryError: out of memory in the reader" in capsys.readouterr().err


def test_hostile_lines_cost_one_document_each_end_to_end(tmp_path, capsys):
    hostile = ["[" * 100_000 + "]" * 100_000, '{"id": ' + "9" * 5000 + ', "text": "t"}',
               '{"id": "s", "text": "Компания \\ud800 выделила ' + "9" * 5000 + ' тенге в следующем году."}',
               '{"id": "m", "text": "Фонд выделил 10 000.000.000 тенге и ' + " ".join(["999"] * 120) + ' тенге."}']
    path, out = corpus(tmp_path, "\n".join(hostile) + "\n"), tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["n1", "n2", "n3", "n4", "n5", "s", "m"]
    assert [m["value"] for m in lines[-1]["money"]] == [1e10]
    err = capsys.readouterr().err
    assert f"{path}:6: JSON nested" in err and f"{path}:7: 'id' is an integer" in err
    assert "2 document(s) failed" in err and "Traceback" not in err


def test_reason_is_one_short_line():
    text = batch.reason(ValueError("line one\nline two " + "x" * 1000))
    assert "\n" not in text and len(text) == batch.MAX_REASON_CHARS and text.startswith("ValueError: line one line two")


def slow_on_n3(doc: Document) -> Analysis:
    """n3 never finishes (a pathological document); the others are analysed for real."""
    while doc.id == "n3":
        time.sleep(0.01)
    return analyse(doc)


@pytest.mark.parametrize("command", ["extract", "run"])
def test_a_document_over_the_time_limit_fails_alone(tmp_path, capsys, monkeypatch, command):
    monkeypatch.setattr("csrledger.pipeline.analyse", slow_on_n3)
    path, out = corpus(tmp_path), tmp_path / "out.jsonl"
    started = time.monotonic()
    args = ["-o", str(out)] if command == "extract" else ["--db", str(tmp_path / "l.db")]
    assert main([command, str(path), *args, "--time-limit", "0.3"]) == 1
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    assert f"error: {path}:3: document 'n3' took longer than 0.3 s to analyse; skipped" in err
    if command == "extract":
        assert output_ids(out) == ["n1", "n2", "n4", "n5"]
    else:
        assert "4 added, 0 updated, 0 unchanged, 1 failed" in err


def test_time_budget_leaves_no_timer_behind():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with batch.time_budget(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) == before
    with pytest.raises(batch.TimeLimitExceeded), batch.time_budget(0.05):
        time.sleep(2)
    with batch.time_budget(0):        # no limit
        time.sleep(0.06)
