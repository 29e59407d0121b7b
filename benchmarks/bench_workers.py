"""`csrledger extract --workers 2` against `--workers 1` on 2 cores: wall time, speed-up, identical bytes.

The corpus is the real articles of ``../shared/train/corpus.jsonl``, repeated
(each copy with its own ids) so that one worker needs about half a minute — a
real article, not a lone sentence, is what a worker is given to analyse: the start of a command (imports, loading the
dictionaries, ~1.5 s) is paid once either way, and a short run would
measure it rather than the analysis.  Each command runs as a user runs it, in
a process of its own, its time measured from start to exit.  Target: at least
1.8 times faster with 2 workers, and the same output, byte for byte.
Skipped when the training corpus is absent or fewer than 2 cores are free.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from csrledger.corpus import read_corpus
from csrledger.model import Document

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "corpus.jsonl"
REPEAT = int(os.environ.get("CSRLEDGER_BENCH_REPEAT", "12"))
TARGET = 1.8


def write_corpus(path: Path) -> tuple[int, int]:
    """The training articles, REPEAT times, each copy with its own ids; (documents, bytes)."""
    articles = [(doc.id, doc.text) for doc in read_corpus(TRAIN) if isinstance(doc, Document)]
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(REPEAT):
            for doc_id, text in articles:
                out.write(json.dumps({"id": f"{doc_id}-r{copy}", "text": text}, ensure_ascii=False) + "\n")
                count += 1
    return count, path.stat().st_size


def timed_extract(corpus: Path, out: Path, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "csrledger.cli", "extract", str(corpus), "-o", str(out),
                    "--workers", str(workers)], check=True)
    return time.perf_counter() - started


def main() -> None:
    if not TRAIN.exists():
        print(f"skipped: {TRAIN} not present")
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores < 2:
        print(f"skipped: {cores} core available, the benchmark needs 2")
        return
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "articles.jsonl"
        docs, size = write_corpus(corpus)
        print(f"corpus: the articles of {TRAIN.name} x {REPEAT}: {docs:,} documents, {size / 1e6:,.1f} MB; "
              f"{cores} cores")
        one, two = Path(folder) / "one.jsonl", Path(folder) / "two.jsonl"
        seconds_one = timed_extract(corpus, one, 1)
        seconds_two = timed_extract(corpus, two, 2)
        identical = one.read_bytes() == two.read_bytes()
    speedup = seconds_one / seconds_two
    print(f"--workers 1: {seconds_one:,.1f} s ({docs / seconds_one:,.0f} documents/s)")
    print(f"--workers 2: {seconds_two:,.1f} s ({docs / seconds_two:,.0f} documents/s)")
    print(f"speed-up {speedup:.2f}x (target {TARGET}x: {'met' if speedup >= TARGET else 'NOT met'}); "
          f"output {'byte-identical' if identical else 'DIFFERENT'}")
    if not identical:
        raise SystemExit("the outputs of 1 and 2 workers differ")


if __name__ == "__main__":
    main()
