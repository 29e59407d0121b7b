"""Whole-pipeline speed on real news that no cache can flatter, on one core.

The corpus (benchmarks/varied.py): sentences of ../shared/train and dev2
shuffled across 1-2 KB documents, digits redrawn, names swapped, fresh ids;
without ../shared the bundled samples stand in (short, invented, and warm in
the caches: their figure flatters).  Reported:

- documents/s and MB/s of ``pipeline.analyse`` in CPU time of this process
  (start-up and a warm-up of 50 other documents excluded), and peak RSS;
- the share of time each stage costs;
- time per KB for documents of 2, 20, 200 and 2,000 KB (linear when the
  figures stay within 20 % of one another);
- start-up: ``csrledger --help`` and ``csrledger extract`` of a one-document
  corpus, wall time, median of 5 runs;
- natasha's NER pipeline (benchmarks/natasha_ner.py, in its own environment
  under build/, set up here with pip when missing) on the Russian documents
  of the same corpus, and the ratio of documents/s on those documents.

Targets (the speed issue): >= 200 documents/s and >= 0.4 MB/s, >= 4x natasha,
peak RSS <= 500 MB, start-up <= 0.5 s, --help <= 0.2 s.
Environment: CSRLEDGER_BENCH_DOCS (default 1000), CSRLEDGER_BENCH_NATASHA=0 to
leave natasha out, CSRLEDGER_BENCH_SIZES=0 to leave the long documents out.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import varied  # noqa: E402 - the benchmark's own corpus builder, beside this file

from csrledger import pipeline  # noqa: E402
from csrledger.corpus import read_corpus  # noqa: E402
from csrledger.model import Analysis, Document  # noqa: E402
from csrledger.text.lang import detect  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "corpus.jsonl"
NATASHA_ENV = ROOT / "build" / "natasha-venv"
NATASHA = "natasha>=1.6,<2"
DOCS = int(os.environ.get("CSRLEDGER_BENCH_DOCS", "1000"))
WARM_UP = 50
SIZES_KB = (2, 20, 200, 2000)
BYTES_PER_SIZE = 2 * 2**20          # each length class gets about 2 MB of text
TARGETS = {"documents/s": 200.0, "MB/s": 0.4, "natasha": 4.0, "rss": 500.0, "start": 0.5, "help": 0.2}


def stages() -> list[tuple[str, Callable]]:
    """The extractors in the order ``pipeline.analyse`` runs them."""
    return [(name, getattr(pipeline, f"extract_{name}"))
            for name in ("money", "quantities", "dates", "companies", "places", "persons")]


def per_stage(docs: list[Document]) -> dict[str, float]:
    """CPU seconds spent in each stage over one pass of ``docs``."""
    spent = {"prepare": 0.0, **{name: 0.0 for name, _ in stages()}, "records": 0.0}
    clock = time.process_time
    for doc in docs:
        t0 = clock()
        view = pipeline.prepare(doc)
        spent["prepare"] += clock() - t0
        analysis = Analysis(id=doc.id, lang=view.lang)
        for name, fn in stages():
            t0 = clock()
            args = (view, analysis.companies, analysis.places) if name == "persons" else (view,)
            setattr(analysis, name, fn(*args))
            spent[name] += clock() - t0
        t0 = clock()
        pipeline.assemble_records(view, analysis)
        spent["records"] += clock() - t0
    return spent


def timed(docs: list[Document]) -> float:
    start = time.process_time()
    for doc in docs:
        pipeline.analyse(doc)
    return time.process_time() - start


def megabytes(docs: list[Document]) -> float:
    return sum(len(d.text.encode("utf-8")) for d in docs) / 2**20


def verdict(ok: bool) -> str:
    return "meets" if ok else "BELOW"


class Corpus:
    """Fresh documents for each measure (a second pass over the same ones would find them in the caches)."""

    def __init__(self) -> None:
        self.pools = varied.sentence_pools() if varied.available() else None
        self.description = ("varied real news (sentences of ../shared/train and dev2, reshuffled, numbers and names "
                            "changed)" if self.pools else
                            "the bundled samples (../shared missing: short invented articles, a flattering figure)")
        self._samples = [] if self.pools else [d for d in read_corpus(SAMPLES) if isinstance(d, Document)]

    def fresh(self, count: int, seed: int) -> list[Document]:
        if self.pools is None:
            return self._samples
        return varied.varied_documents(count, seed=seed, pools=self.pools)


def throughput(docs: list[Document]) -> float:
    seconds = timed(docs)
    rate = len(docs) / seconds
    mb = megabytes(docs) / seconds
    print(f"analyse: {rate:,.0f} documents/s, {mb:.2f} MB/s of text on one core (CPU time, "
          f"{len(docs):,} documents of {1024 * megabytes(docs) / len(docs):.1f} KB on average)")
    print(f"  target >= {TARGETS['documents/s']:.0f} documents/s: {verdict(rate >= TARGETS['documents/s'])}; "
          f">= {TARGETS['MB/s']} MB/s: {verdict(mb >= TARGETS['MB/s'])}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:,.0f} MB ({verdict(peak <= TARGETS['rss'])} the {TARGETS['rss']:.0f} MB bound)")
    return rate


def shares(docs: list[Document]) -> None:
    spent = per_stage(docs)
    total = sum(spent.values())
    print("stage          ms/document   share")
    for name, seconds in spent.items():
        print(f"  {name:<12} {1000 * seconds / len(docs):9.2f}   {100 * seconds / total:5.1f} %")


def linearity(pools: dict[str, list[str]] | None) -> None:
    """Milliseconds per KB for long documents: the same text cost per KB at every length."""
    if pools is None or os.environ.get("CSRLEDGER_BENCH_SIZES") == "0":
        print("time per KB by document length: not measured ("
              + ("CSRLEDGER_BENCH_SIZES=0)" if pools else "needs ../shared)"))
        return
    per_kb = {}
    for kb in SIZES_KB:
        count = max(1, BYTES_PER_SIZE // (kb * 1024))
        docs = varied.varied_documents(count, min_bytes=kb * 1024, max_bytes=kb * 1024, seed=kb, pools=pools)
        per_kb[kb] = 1000 * timed(docs) / (1024 * megabytes(docs))
    low, high = min(per_kb.values()), max(per_kb.values())
    print("time per KB by document length: " + ", ".join(f"{kb:,} KB {ms:.2f} ms" for kb, ms in per_kb.items()))
    print(f"  spread {100 * (high / low - 1):.0f} % ({verdict(high <= 1.2 * low)} the 20 % bound of linear time)")


def start_up(first: Document) -> None:
    """Wall time of whole commands, as a user starts them (median of 5 runs after one): ``--help``, and
    ``extract`` of a corpus of one news article (``first``) to its analysis."""
    command = [sys.executable, "-m", "csrledger.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.jsonl"
        varied.write_jsonl([first], one)
        runs = {"--help": [*command, "--help"],
                f"extract of one {len(first.text.encode('utf-8')) / 1024:.1f} KB article":
                    [*command, "extract", str(one), "-o", str(Path(tmp) / "out.jsonl")]}
        for name, argv in runs.items():
            times = []
            for _ in range(6):
                start = time.perf_counter()
                subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - start)
            median = statistics.median(times[1:])
            bound = TARGETS["help"] if name == "--help" else TARGETS["start"]
            print(f"start-up, {name}: {median:.2f} s ({verdict(median <= bound)} the {bound} s bound)")


def natasha_environment() -> Path | None:
    """The Python of natasha's own environment, made with pip on first use; None if it cannot be."""
    python = NATASHA_ENV / "bin" / "python"
    if python.exists():
        return python
    try:
        subprocess.run([sys.executable, "-m", "venv", str(NATASHA_ENV)], check=True, capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", NATASHA], check=True, capture_output=True,
                       timeout=900)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"natasha: not measured (its environment could not be set up: {exc})")
        return None
    return python


def versus_natasha(docs: list[Document]) -> None:
    if os.environ.get("CSRLEDGER_BENCH_NATASHA") == "0":
        print("natasha: not measured (CSRLEDGER_BENCH_NATASHA=0)")
        return
    russian = [d for d in docs if detect(d.text) == "ru"]   # natasha reads Russian only
    python = natasha_environment() if russian else None
    if python is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "russian.jsonl"
        varied.write_jsonl(russian, path)
        out = subprocess.run([str(python), str(Path(__file__).with_name("natasha_ner.py")), str(path)],
                             check=True, capture_output=True, text=True).stdout
    theirs = json.loads(out.strip().splitlines()[-1])
    their_rate = theirs["documents"] / theirs["seconds"]
    our_rate = len(russian) / timed(russian)
    print(f"natasha (segment, morphology, NER, normalised spans, names) on the {len(russian):,} Russian documents: "
          f"{their_rate:,.1f} documents/s, peak RSS {theirs['peak_mb']:,.0f} MB; csrledger on the same documents: "
          f"{our_rate:,.1f} documents/s, {our_rate / their_rate:.1f}x "
          f"({verdict(our_rate >= TARGETS['natasha'] * their_rate)} the {TARGETS['natasha']:.0f}x target)")


def main() -> None:
    docs = Corpus()
    print(f"corpus: {docs.description}")
    for doc in docs.fresh(WARM_UP, seed=1):     # tables, models and dictionaries load once per process
        pipeline.analyse(doc)
    throughput(docs.fresh(DOCS, seed=2))
    shares(docs.fresh(DOCS // 2, seed=3))
    versus_natasha(docs.fresh(DOCS, seed=4))
    linearity(docs.pools)
    start_up(next(d for d in docs.fresh(20, seed=5) if detect(d.text) == "ru"))


if __name__ == "__main__":
    main()
