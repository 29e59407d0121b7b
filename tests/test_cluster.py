"""The cluster batch: on a local Dask cluster of 2 workers it gives the analyses of one process, in corpus
order, and ``csrledger load`` stores them as ``csrledger run`` does."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

from csrledger import __version__  # noqa: E402
from csrledger.cli import main  # noqa: E402
from csrledger.cluster.engine import run_batch  # noqa: E402
from csrledger.cluster.parts import PART, analysis_from_json, list_shards, read_parts  # noqa: E402
from csrledger.corpus import read_corpus  # noqa: E402
from csrledger.model import Document  # noqa: E402
from tests.conftest import SAMPLE_CORPUS, read_jsonl  # noqa: E402
from tests.ledger_state import ledger_state  # noqa: E402

PAGE = "ТОО «Жасыл Дала» отремонтировало школу в Павлодаре за 40 млн тенге. Работы завершены."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The sample corpus in 4 shards, a bad line, a duplicate id, a page in a subfolder, files to skip."""
    root = tmp_path_factory.mktemp("cluster") / "corpus"
    (root / "b-pages").mkdir(parents=True)
    lines = SAMPLE_CORPUS.read_text(encoding="utf-8").splitlines()
    for i in range(4):
        (root / f"a-{i}.jsonl").write_text("\n".join(lines[i::4]) + "\n", encoding="utf-8")
    with open(root / "a-1.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "text": \n' + lines[0] + "\n")            # a bad line, then a duplicate
    (root / "b-pages" / "note.txt").write_text(PAGE, encoding="utf-8")
    (root / ".hidden.jsonl").write_text(lines[1] + "\n", encoding="utf-8")
    (root / "README.md").write_text("not a corpus file", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory) -> list[dict]:
    """What one process writes: ``csrledger extract --workers 1``."""
    out = tmp_path_factory.mktemp("single") / "analysis.jsonl"
    assert main(["extract", str(corpus), "-o", str(out), "--workers", "1"]) == 1     # the bad line and the duplicate
    return read_jsonl(out)


@pytest.fixture(scope="module")
def batch(corpus, tmp_path_factory):
    parts = tmp_path_factory.mktemp("parts")
    (parts / PART.format(99)).write_bytes(b"left over from an earlier batch")
    return parts, run_batch(corpus, parts, workers=2)


def test_shards_are_the_files_in_reading_order(corpus):
    shards = list_shards(corpus)
    assert [Path(s.path).relative_to(corpus).as_posix() for s in shards] == [
        "a-0.jsonl", "a-1.jsonl", "a-2.jsonl", "a-3.jsonl", "b-pages/note.txt"]
    assert [s.index for s in shards] == [0, 1, 2, 3, 4]
    whole = [d.id for d in read_corpus(corpus) if isinstance(d, Document)]
    assert "b-pages/note" in whole and len(whole) == len(read_jsonl(SAMPLE_CORPUS)) + 1


def test_two_workers_give_the_analyses_of_one_process_in_order(batch, single):
    parts, summaries = batch
    assert len({s.worker for s in summaries}) == 2                  # both workers analysed shards
    assert sorted(p.name for p in parts.iterdir()) == [PART.format(i) for i in range(5)]   # the old part is gone
    rows = list(read_parts(parts))
    analysed = [json.loads(r["analysis"]) for r in rows if r["analysis"]]
    first = [a for i, a in enumerate(analysed) if a["id"] not in {b["id"] for b in analysed[:i]}]
    assert len(analysed) == 40 and first == single and len(single) == 39   # a shard alone cannot see the duplicate
    assert all(r["analyser"] == __version__ for r in rows)
    errors = [r["error"] for r in rows if r["error"]]
    assert len(errors) == 1 and "a-1.jsonl:" in errors[0] and "malformed JSON" in errors[0]
    assert (sum(s.documents for s in summaries), sum(s.failed for s in summaries)) == (40, 1)


def test_a_row_holds_the_document_as_read_and_its_analysis_round_trips(batch):
    rows = {r["id"]: r for r in read_parts(batch[0]) if r["id"]}
    note = rows["b-pages/note"]
    assert note["text"] == PAGE and note["lang"] is None and note["source"].endswith("b-pages/note.txt")
    first = read_jsonl(SAMPLE_CORPUS)[0]
    assert rows[first["id"]]["text"] == first["text"] and str(rows[first["id"]]["published"]) == first["published"]
    for row in rows.values():
        data = json.loads(row["analysis"])
        assert analysis_from_json(data).to_json() == data


def test_load_stores_what_run_stores(batch, corpus, ledger_db, tmp_path, capsys):
    reference = str(tmp_path / "run.db")
    assert main(["run", str(corpus), "--db", reference]) == 1
    capsys.readouterr()
    assert main(["load", str(batch[0]), "--db", ledger_db]) == 1
    err = capsys.readouterr().err
    assert "39 added, 0 updated, 0 unchanged, 2 failed" in err and "duplicate id 'ru-01'" in err
    assert ledger_state(ledger_db) == ledger_state(reference)
    assert main(["load", str(batch[0]), "--db", ledger_db]) == 1
    assert "0 added, 0 updated, 39 unchanged" in capsys.readouterr().err


def test_analyses_of_another_version_are_not_loaded(batch, tmp_path, capsys):
    parts = tmp_path / "parts"
    shutil.copytree(batch[0], parts)
    table = pq.read_table(parts / PART.format(4))
    column = table.schema.get_field_index("analyser")
    pq.write_table(table.set_column(column, "analyser", [["0.0.1"] * table.num_rows]), parts / PART.format(4))
    assert main(["load", str(parts), "--db", str(tmp_path / "l.db")]) == 1
    err = capsys.readouterr().err
    assert "analysed by csrledger 0.0.1" in err and "38 added" in err


def test_missing_inputs_are_clear_errors(tmp_path):
    with pytest.raises(SystemExit, match="corpus not found"):
        main(["cluster", str(tmp_path / "nowhere"), "-o", str(tmp_path / "parts")])
    with pytest.raises(SystemExit, match="no part-"):
        main(["load", str(tmp_path), "--db", str(tmp_path / "l.db")])
