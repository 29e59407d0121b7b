"""Numeric extractors: throughput of money, quantities and dates in MB of text per second.

Runs each extractor alone on prepared documents (language and sentences
found before timing, tables compiled by a warm-up call) over the dev corpus,
or the bundled samples when ../shared is absent.  The first pass meets the
words cold (pymorphy3 lookups are cached afterwards), so both the first pass
and the steady state over further rounds are printed.  One core.
"""
from __future__ import annotations

import time
from pathlib import Path

from csrledger.corpus import read_corpus
from csrledger.extract.dates import extract_dates
from csrledger.extract.money import extract_money
from csrledger.extract.quantities import extract_quantities
from csrledger.model import Document, TextView
from csrledger.pipeline import prepare

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
SAMPLES = ROOT / "samples" / "corpus.jsonl"
ROUNDS = 30
EXTRACTORS = (("money", extract_money), ("quantities", extract_quantities), ("dates", extract_dates))


def _views(path: Path) -> list[TextView]:
    return [prepare(d) for d in read_corpus(path) if isinstance(d, Document)]


def _all_three(view: TextView) -> list:
    """The three extractors on one document in turn, as the pipeline runs them."""
    return [*extract_money(view), *extract_quantities(view), *extract_dates(view)]


def _run(views: list[TextView], extract, rounds: int) -> tuple[float, int]:
    found = 0
    t0 = time.perf_counter()
    for _ in range(rounds):
        for view in views:
            found += len(extract(view))
    return time.perf_counter() - t0, found // rounds


def main() -> None:
    path = DEV if DEV.exists() else SAMPLES
    views = _views(path)
    size = sum(len(v.text.encode("utf-8")) for v in views)
    print(f"corpus: {path.name}, {len(views)} documents, {size / 1024:.1f} KB")
    extract_money(views[0]), extract_dates(views[0])   # compile the tables
    extract_quantities(views[0])
    for name, extract in (*EXTRACTORS, ("all three", _all_three)):
        first, found = _run(views, extract, 1)
        steady, _ = _run(views, extract, ROUNDS)
        print(f"{name:<11} {found:4d} mentions  first pass {size / first / 1e6:6.2f} MB/s"
              f"  steady {size * ROUNDS / steady / 1e6:6.2f} MB/s"
              f"  ({len(views) * ROUNDS / steady:,.0f} docs/s)")


if __name__ == "__main__":
    main()
