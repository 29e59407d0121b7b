"""The command line end to end: extract, run (idempotent), report, export, evaluate, bad input."""
import csv
import json

import pytest
from openpyxl import load_workbook

from csrledger.cli import main
from tests.conftest import DEV_CORPUS, DEV_GOLD, needs_dev

DOCS = [
    {"id": "n1", "lang": "ru", "published": "2023-04-05",
     "text": "ТОО «Дала Строй» построило в Павлодаре детский сад на 90 мест за 310 млн тенге."},
    {"id": "n2", "lang": "en", "published": "2021-09-01",
     "text": "Steppe Copper LLP funded a new school for 300 pupils in Balkhash, Karaganda region."},
    {"id": "n3", "lang": "kk", "published": "2024-06-10",
     "text": "«Береке» шаруа қожалығы ауыл мектебіне 15 миллион теңгеге спорт залын салып берді."},
]


def write_corpus(path, rows, extra_lines=()):
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


def test_extract_writes_one_line_per_document_in_order(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", DOCS)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(corpus), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["n1", "n2", "n3"]
    assert [r["lang"] for r in rows] == ["ru", "en", "kk"]
    for row in rows:
        assert set(row) >= {"money", "quantities", "dates", "companies", "persons", "places", "records"}


def test_bad_lines_are_reported_with_file_and_line_and_the_run_goes_on(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c.jsonl", DOCS[:1], ['{"id": "broken", "text": ', json.dumps(DOCS[1])])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(corpus), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{corpus}:2" in err and "1 document(s) failed" in err
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["n1", "n2"]


def test_run_is_idempotent_and_keeps_the_ledger_on_bad_input(ledger_db, tmp_path, capsys):
    db = ledger_db
    corpus = write_corpus(tmp_path / "c.jsonl", DOCS)
    assert main(["run", str(corpus), "--db", db]) == 0
    assert "3 added" in capsys.readouterr().err
    assert main(["run", str(corpus), "--db", db]) == 0
    assert "0 added, 0 updated, 3 unchanged" in capsys.readouterr().err
    changed = [dict(DOCS[0], text=DOCS[0]["text"] + " Работы завершены."), *DOCS[1:]]
    bad = write_corpus(tmp_path / "bad.jsonl", changed, ["not json"])
    assert main(["run", str(bad), "--db", db]) == 1
    assert "0 added, 1 updated, 2 unchanged, 1 failed" in capsys.readouterr().err
    assert main(["report", "--db", db]) == 0
    report = capsys.readouterr().out
    assert "Documents: 3" in report


def test_export_formats(ledger_db, tmp_path, capsys):
    db = ledger_db
    main(["run", str(write_corpus(tmp_path / "c.jsonl", DOCS)), "--db", db])
    for fmt in ("csv", "jsonl", "json", "xlsx"):
        out = tmp_path / f"records.{fmt}"
        assert main(["export", "--db", db, "--format", fmt, "-o", str(out)]) == 0
        assert out.exists()
    with open(tmp_path / "records.csv", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert {"sponsor", "sector", "region", "amount_kzt", "status", "doc_id", "url", "evidence"} <= set(header)
    sheet = load_workbook(tmp_path / "records.xlsx").active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == header
    assert isinstance(json.loads((tmp_path / "records.json").read_text(encoding="utf-8")), list)


def test_bad_filter_is_a_clear_error(tmp_path):
    with pytest.raises(SystemExit, match="region must be"):
        main(["report", "--db", str(tmp_path / "l.db"), "--region", "Karaganda"])


@needs_dev
def test_evaluate_prints_the_metrics(capsys):
    assert main(["evaluate", "--gold", str(DEV_GOLD), str(DEV_CORPUS)]) == 0
    out = capsys.readouterr().out
    for metric in ("money", "regions", "companies", "persons", "records", "record status accuracy"):
        assert metric in out


def test_missing_corpus_is_a_clear_error_and_writes_nothing(tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(SystemExit, match="corpus not found"):
        main(["extract", str(tmp_path / "nowhere.jsonl"), "-o", str(out)])
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_show_prints_the_stored_curated_records(ledger_db, tmp_path, capsys):
    from csrledger.store import queries as q
    from csrledger.store.curation import curate
    from csrledger.store.ledger import Ledger

    db = ledger_db
    main(["run", str(write_corpus(tmp_path / "c.jsonl", DOCS)), "--db", db])
    ledger = Ledger(db)
    with ledger.engine.connect() as conn:
        record = q.list_records(conn, q.RecordFilter(doc_id="n1"))[0][0]
    curate(ledger.engine, record["id"], "curator", "edit", {"object": "kindergarten checked by a curator"})
    ledger.close()
    capsys.readouterr()
    assert main(["show", "n1", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "kindergarten checked by a curator" in out and "310 млн тенге" in out
    page = tmp_path / "n1.html"
    assert main(["show", "n1", "--db", db, "--html", str(page)]) == 0
    assert "kindergarten checked by a curator" in page.read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="no document"):
        main(["show", "nope", "--db", db])


def test_stored_mentions_come_back_as_the_same_objects(ledger_db):
    from csrledger.model import Document
    from csrledger.pipeline import analyse
    from csrledger.store.ledger import Ledger
    from csrledger.store.queries import load_analysis

    doc = Document(id="m", lang="ru", text="В 2026–2028 годах ТОО «Дала Строй» выделит 5 млн тенге школе в Павлодаре.")
    analysis = analyse(doc)
    ledger = Ledger(ledger_db)
    ledger.store(doc, analysis)
    with ledger.engine.connect() as conn:
        _, stored = load_analysis(conn, "m")
    ledger.close()
    assert stored.to_json()["dates"] == analysis.to_json()["dates"]
    assert stored.to_json()["places"] == analysis.to_json()["places"]
    assert stored.money == analysis.money
