"""Events: how well the ledger groups reports of one investment, and how fast.

    python benchmarks/bench_events.py [--records 100000] [--new-docs 1000] [--skip-score]

1. Score on ``../shared/events`` (44 real pages, 14 investments reported 2-4 times and 10 look-alikes):
   ``csrledger run`` into a temporary ledger, ``csrledger export --format jsonl``, then
   ``../shared/tools/score_events.py``: cross-document pair precision, recall and F1, the gold records
   matched at all (that is the records stage's share), and the tenge counted twice against the
   ledger's total.  This set was looked at while the rules were written; it is not a held-out figure.
   Skipped when ``../shared`` is absent.
2. Speed on one core: grouping N synthetic records (default 100,000) into events from scratch with
   the in-memory index (``csrledger.events.index.EventIndex``, the stage ``csrledger events regroup``
   runs), then adding the records of 1,000 new documents to that ledger one at a time.  The synthetic
   ledger: 2,000 sponsors, real towns and villages of the gazetteer, 14 kinds of object, amounts from
   5 mn to 20 bn tenge, 2015-2025; 70 % of the investments reported once, the rest 2-4 times as
   verbatim reprints (half) or retellings in other words (half; one in ten of those states neither the
   amount nor the year — sponsor, object and the stated town then link them without the text model).
   Pair precision and recall against the synthetic truth are printed.  Embeddings are computed for real (multilingual-e5-small,
   one thread); their count is printed, since each costs ~50 ms.  Then the same records are grouped
   again with the embeddings cached, as a ledger keeps them (``evidence_vectors``), and the records
   of 1,000 new documents are added to that ledger.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from csrledger.events.index import EventIndex  # noqa: E402
from csrledger.events.report import Report  # noqa: E402
from csrledger.events.text import Embedder  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVENTS = SHARED / "events"
SCORER = SHARED / "tools" / "score_events.py"
TARGET_GROUP_S, TARGET_ADD_S = 60.0, 10.0
OBJECTS = [("school", "education", "школу"), ("kindergarten", "education", "детский сад"),
           ("hospital", "health", "больницу"), ("clinic", "health", "поликлинику"),
           ("sports ground", "sport", "спортивную площадку"), ("swimming pool", "sport", "бассейн"),
           ("houses", "housing", "дома"), ("culture house", "culture", "дом культуры"),
           ("mosque", "culture", "мечеть"), ("road", "infrastructure", "дорогу"),
           ("heating", "infrastructure", "котельную"), ("playground", "infrastructure", "детскую площадку"),
           ("tree planting", "environment", "аллею"), ("museum", "culture", "музей")]
VERBS = ["построил", "открыл", "профинансировал", "передал", "возвёл", "сдал"]
FILLER = ("жители аким области района сообщили журналистам торжественно церемония присутствовали "
          "ветераны учащиеся родители новый современный объект оборудование год работы подрядчик "
          "проект средства спонсор благодарность социальный вклад развитие село город").split()
SYLLABLES = ["ка", "ра", "ту", "ме", "ал", "тын", "бе", "ке", "жол", "сай", "тау", "ар", "ман", "нур", "ел",
             "дос", "бол", "ас", "та", "ген"]


def _score() -> None:
    if not (EVENTS / "corpus.jsonl").exists() or not SCORER.exists():
        print("score: ../shared/events is absent, skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db, export = Path(tmp) / "events.db", Path(tmp) / "events.jsonl"
        cli = [sys.executable, "-m", "csrledger.cli"]
        started = time.perf_counter()
        subprocess.run([*cli, "run", str(EVENTS / "corpus.jsonl"), "--db", str(db)], check=True,
                       stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        subprocess.run([*cli, "export", "--db", str(db), "--format", "jsonl", "-o", str(export)], check=True,
                       stderr=subprocess.DEVNULL)
        out = subprocess.run([sys.executable, str(SCORER), "--gold", str(EVENTS / "gold.jsonl"), "--pred",
                              str(export), "--json"], check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        from csrledger.store.ledger import Ledger
        from csrledger.store.queries import summary

        ledger = Ledger(str(db))
        with ledger.engine.connect() as conn:
            s = summary(conn)
        ledger.close()
    p = result["pairs"]
    total = s["kzt_completed"] + s["kzt_ongoing"] + s["kzt_planned"]
    twice = result["kzt_counted_twice"]
    print(f"score on ../shared/events ({s['documents']} documents, looked at while building; "
          f"run + grouping {seconds:.1f} s):")
    print(f"  cross-document pairs  P {p['precision']:.3f}  R {p['recall']:.3f}  F1 {p['f1']:.3f}"
          f"   tp/fp/fn {p['tp']}/{p['fp']}/{p['fn']}")
    print(f"  gold records matched  {result['records_matched']['matched']} of {result['records_matched']['gold']}"
          "  (the records stage's share)")
    print(f"  KZT counted twice     {twice:,.0f} = {100 * twice / total if total else 0:.1f} % of the ledger's "
          f"{total:,.0f} counted (reports state {s['reported_kzt']:,.0f})")
    print(f"  ledger: {s['records']} records in {s['events']} events")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _places(rng: random.Random) -> list[tuple[str, str, str]]:
    from csrledger.geo.gazetteer import default_gazetteer

    entries = [e for e in default_gazetteer().entries.values() if e.kind in ("city", "village") and e.region]
    return sorted((e.name, e.region, e.name) for e in entries)


def synthetic(n: int, seed: int = 7) -> list[Report]:
    """n reports of investments, some reported several times (see the module docstring)."""
    rng = random.Random(seed)
    sponsors = sorted({f"{_name(rng)} {_name(rng)}" for _ in range(2600)})[:2000]
    places = _places(rng)
    reports: list[Report] = []
    investment = 0
    while len(reports) < n:
        investment += 1
        sponsor = rng.choice(sponsors)
        label, sector, word = rng.choice(OBJECTS)
        place, region, _ = rng.choice(places)
        amount = round(10 ** rng.uniform(6.7, 10.3), -5)
        year = rng.randint(2015, 2025)
        copies = 1 if rng.random() < 0.7 else rng.randint(2, 4)
        base = (f"ТОО «{sponsor}» {rng.choice(VERBS)} {word} в {place} за {amount / 1e6:.1f} млн тенге. "
                + " ".join(rng.choice(FILLER) for _ in range(12)))
        for copy in range(copies):
            verbatim = copy == 0 or rng.random() < 0.5
            text = base if verbatim else (f"В {place} {sponsor} {rng.choice(VERBS)} {word}; стоимость "
                                          f"{amount / 1e6:.1f} млн. " + " ".join(rng.choice(FILLER) for _ in range(12)))
            vague = not verbatim and rng.random() < 0.1          # no amount, no year: only the text can tell
            reports.append(Report(key=f"r{len(reports)}", doc_id=f"d{investment}-{copy}", sponsor=sponsor,
                                  sponsor_kind="company", sector=sector, object=label, status="completed",
                                  region=region, place=place, amount_kzt=None if vague else amount,
                                  year_from=None if vague else year,
                                  published=None, lang="ru", evidence=text))
            if len(reports) >= n:
                break
    return reports


def _timed_group(reports: list[Report], embedder: Embedder) -> tuple[EventIndex, float, int]:
    index = EventIndex(embedder)
    before = embedder.computed
    started = time.perf_counter()
    for report in reports:
        index.add(report)
    return index, time.perf_counter() - started, embedder.computed - before


def _speed(n: int, new_docs: int) -> None:
    reports = synthetic(n + new_docs * 3)
    base = reports[:n]
    new = [replace(r, doc_id=f"new-{i // 3}") for i, r in enumerate(reports[n:])]   # three records a document
    docs = {r.doc_id for r in new}
    embedder = Embedder()
    cold, cold_s, cold_texts = _timed_group(base, embedder)
    warm, warm_s, _ = _timed_group(base, embedder)          # vectors cached, as the ledger keeps them
    assert warm.event_of == cold.event_of, "grouping must not depend on the cache"
    before = embedder.computed
    started = time.perf_counter()
    for report in new:
        warm.add(report)
    added, added_texts = time.perf_counter() - started, embedder.computed - before
    per_text = cold_s / max(cold_texts, 1)
    truth = {r.key: r.doc_id.split("-")[0] for r in base}          # d{investment}-{copy}
    tp = fp = fn = 0
    by_event: dict[str, list[str]] = {}
    for key, event_id in cold.event_of.items():
        by_event.setdefault(event_id, []).append(truth[key])
    from collections import Counter
    for members in by_event.values():
        n_same = sum(c * (c - 1) // 2 for c in Counter(members).values())
        tp += n_same
        fp += len(members) * (len(members) - 1) // 2 - n_same
    by_truth = Counter(truth.values())
    fn = sum(c * (c - 1) // 2 for c in by_truth.values()) - tp
    print(f"speed, one core (OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}), {n:,} synthetic records, "
          f"{len(warm.events):,} events:")
    print(f"  pairs against the synthetic truth ({len(by_truth):,} investments): tp/fp/fn {tp}/{fp}/{fn}, "
          f"P {tp / max(tp + fp, 1):.4f} R {tp / max(tp + fn, 1):.4f}")
    per_text_note = f" ({1000 * per_text:.0f} ms a text, the rules' share included)" if cold_texts else ""
    print(f"  grouping from scratch, no embedding cached: {cold_s:.1f} s, {cold_texts:,} texts embedded"
          f"{per_text_note}  [target < {TARGET_GROUP_S:.0f} s: "
          f"{'met' if cold_s < TARGET_GROUP_S else 'NOT met'}]")
    print(f"  grouping again, embeddings cached (csrledger events regroup on a ledger): {warm_s:.1f} s "
          f"({1e6 * warm_s / n:.0f} µs a record)  [target < {TARGET_GROUP_S:.0f} s: "
          f"{'met' if warm_s < TARGET_GROUP_S else 'NOT met'}]")
    print(f"  adding {len(docs):,} new documents ({len(new):,} records) to it: {added:.1f} s, "
          f"{added_texts} texts embedded  [target < {TARGET_ADD_S:.0f} s: {'met' if added < TARGET_ADD_S else 'NOT met'}]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--new-docs", type=int, default=1_000)
    ap.add_argument("--skip-score", action="store_true")
    args = ap.parse_args()
    if not args.skip_score:
        _score()
    _speed(args.records, args.new_docs)


if __name__ == "__main__":
    main()
