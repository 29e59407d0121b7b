"""Accuracy of the whole pipeline on real articles, per language: dev, dev2 and cross-validation on train/.

    python benchmarks/bench_records.py [--folds 5] [--sets dev,dev2,cv]

* dev, dev2 (``../shared/corpus`` + ``../shared/gold``): the shipped model, and the rules alone beside it.
* cv: 5-fold cross-validation over ``../shared/train`` with folds by document: the judge is trained on
  four folds (:func:`csrledger.records.train.fit`) and scores the fifth, so no article is judged by a
  model that saw it.

All three sets were looked at while building; the cross-validated figure is the fairest of them.
Skips (exit 0) when ``../shared`` is absent.
"""
from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

from csrledger.evaluate import METRICS, evaluate
from csrledger.records.assemble import assemble_records
from csrledger.records.judge import shipped_judge
from csrledger.records.train import Recorder, examples_of, fit, prepare_documents

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LANGS = ("ru", "en", "kk")


def _table(title: str, documents, records: dict[str, list]) -> None:
    """P/R/F1 of every metric for all documents and per language."""
    print(f"\n{title}")
    print(f"{'':8}" + "".join(f"{m:>22}" for m in METRICS) + "   status")
    for lang in ("all",) + LANGS:
        part = [(v, a, g) for v, a, g in documents if lang in ("all", a.lang)]
        if not part:
            continue
        gold = {g["id"]: g for _, _, g in part}
        pred = {}
        for view, analysis, _ in part:
            analysis.records = records[view.doc.id]
            pred[view.doc.id] = analysis.to_json()
        result = evaluate(gold, pred)
        cells = "".join(f"{result[m]['precision']:>8.3f}{result[m]['recall']:>7.3f}{result[m]['f1']:>7.3f}"
                        for m in METRICS)
        status = result["record_status_accuracy"]
        print(f"{lang + f' ({len(part)})':8}{cells}   {status if status is not None else '—'}")
    print(f"{'':8}" + "".join(f"{'P':>8}{'R':>7}{'F1':>7}" for _ in METRICS))


def _assemble(documents, judge) -> dict[str, list]:
    return {view.doc.id: assemble_records(view, analysis, judge) for view, analysis, _ in documents}


def cross_validate(documents, folds: int) -> dict[str, list]:
    """Records of every document from a judge trained on the other folds."""
    fold_of = {v.doc.id: zlib.crc32(v.doc.id.encode()) % folds for v, _, _ in documents}
    examples = {v.doc.id: examples_of(v, a, g) for v, a, g in documents}
    records: dict[str, list] = {}
    for k in range(folds):
        judge = fit(e for doc_id, ex in examples.items() if fold_of[doc_id] != k for e in ex)
        records |= _assemble([d for d in documents if fold_of[d[0].doc.id] == k], judge)
    return records


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--sets", default="dev,dev2,cv")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found")
        return 0
    sets = args.sets.split(",")
    for name in ("dev", "dev2"):
        if name not in sets:
            continue
        documents = prepare_documents(SHARED / "corpus" / f"{name}.jsonl", SHARED / "gold" / f"{name}.jsonl")
        _table(f"{name}: rules alone", documents, _assemble(documents, Recorder()))
        if shipped_judge() is not None:
            _table(f"{name}: rules + shipped judge", documents, _assemble(documents, None))
    if "cv" in sets:
        documents = prepare_documents(SHARED / "train" / "corpus.jsonl", SHARED / "train" / "gold.jsonl")
        _table(f"train/: rules alone ({len(documents)} documents)", documents, _assemble(documents, Recorder()))
        _table(f"train/: rules + judge, {args.folds}-fold cross-validation by document", documents,
               cross_validate(documents, args.folds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
