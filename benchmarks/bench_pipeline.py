"""Whole pipeline throughput: documents per second of ``analyse`` on one core.

Runs over the bundled sample corpus (samples/corpus.jsonl), or the dev corpus
when the samples are missing, after one warm-up pass (models and tables
load once per process).  Prints documents/s and KB/s for the whole
``analyse`` and, stage by stage, the share of time each one costs, so a slow
stage is named.  Target: at least 100 documents/s on 1-2 KB news.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from csrledger.corpus import read_corpus
from csrledger import pipeline
from csrledger.model import Analysis, Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "corpus.jsonl"
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
MIN_SECONDS = 5.0
TARGET = 100.0


def load(path: Path) -> list[Document]:
    return [d for d in read_corpus(path) if isinstance(d, Document)]


def stages() -> list[tuple[str, Callable]]:
    """The extractors in the order ``pipeline.analyse`` runs them."""
    return [(name, getattr(pipeline, f"extract_{name}"))
            for name in ("money", "quantities", "dates", "companies", "places", "persons")]


def per_stage(docs: list[Document]) -> dict[str, float]:
    """Seconds spent in each stage over one pass of ``docs``."""
    spent = {"prepare": 0.0, **{name: 0.0 for name, _ in stages()}, "records": 0.0}
    for doc in docs:
        t0 = time.perf_counter()
        view = pipeline.prepare(doc)
        spent["prepare"] += time.perf_counter() - t0
        analysis = Analysis(id=doc.id, lang=view.lang)
        for name, fn in stages():
            t0 = time.perf_counter()
            args = (view, analysis.companies, analysis.places) if name == "persons" else (view,)
            setattr(analysis, name, fn(*args))
            spent[name] += time.perf_counter() - t0
        t0 = time.perf_counter()
        pipeline.assemble_records(view, analysis)
        spent["records"] += time.perf_counter() - t0
    return spent


def main() -> None:
    path = SAMPLES if SAMPLES.exists() else DEV
    docs = load(path)
    size_kb = sum(len(d.text.encode("utf-8")) for d in docs) / 1024
    print(f"corpus: {path.name}, {len(docs)} documents, {size_kb / len(docs):.1f} KB on average")
    for doc in docs:                       # warm-up: tables, pymorphy3, gazetteer
        pipeline.analyse(doc)
    rounds, start = 0, time.perf_counter()
    while time.perf_counter() - start < MIN_SECONDS:
        for doc in docs:
            pipeline.analyse(doc)
        rounds += 1
    elapsed = time.perf_counter() - start
    rate = rounds * len(docs) / elapsed
    print(f"analyse: {rate:.0f} documents/s, {rounds * size_kb / elapsed:.0f} KB/s on one core "
          f"({'meets' if rate >= TARGET else 'BELOW'} the {TARGET:.0f} documents/s target)")
    spent = per_stage(docs)
    total = sum(spent.values())
    print("stage         ms/doc   share")
    for name, seconds in spent.items():
        print(f"{name:<12} {1000 * seconds / len(docs):7.2f}  {100 * seconds / total:5.1f} %")


if __name__ == "__main__":
    main()
