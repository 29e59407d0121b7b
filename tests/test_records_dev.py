"""The records of the real dev documents: well-formed, and not below a floor on score.py.

Skips when ../shared is absent.  The floor guards against regressions; the
figures reached are in docs/records.md.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json

import pytest

from csrledger.model import Document
from csrledger.pipeline import analyse
from csrledger.taxonomy import REGIONS, SECTORS, STATUSES
from tests.conftest import DEV_CORPUS, DEV_GOLD, SCORE_PY, needs_dev, read_jsonl

SPONSOR_KINDS = {"company", "foundation", "person", "state", "aggregate", "unknown"}
FLOOR_F1 = 0.5


@pytest.fixture(scope="module")
def dev_analyses():
    out = []
    for row in read_jsonl(DEV_CORPUS):
        published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
        doc = Document(id=row["id"], text=row["text"], title=row.get("title"), url=row.get("url"),
                       published=published, lang=row.get("lang"))
        out.append((doc, analyse(doc)))
    return out


@needs_dev
def test_dev_records_are_well_formed(dev_analyses):
    for doc, a in dev_analyses:
        for r in a.records:
            assert r.sector in SECTORS and r.status in STATUSES and r.sponsor_kind in SPONSOR_KINDS
            assert r.region is None or r.region in REGIONS
            assert r.evidence and all(0 <= e.start < e.end <= len(doc.text) for e in r.evidence)
            assert r.object and (r.amount is None) == (r.currency is None)


@needs_dev
def test_dev_records_score_above_floor(dev_analyses, tmp_path):
    spec = importlib.util.spec_from_file_location("score", SCORE_PY)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(a.to_json(), ensure_ascii=False) + "\n" for _, a in dev_analyses),
                    encoding="utf-8")
    gold, preds = score.load(DEV_GOLD), score.load(pred)
    tally, status = score.Tally(), [0, 0]
    for doc_id, g in gold.items():
        score.score_records(g, preds.get(doc_id, {}), tally, status, None)
    assert tally.result()["f1"] >= FLOOR_F1
