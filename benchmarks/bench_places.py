"""Places extractor: throughput on the dev corpus and regions F1 against its gold.

Prints documents/s and KB/s of ``extract_places`` alone (sentences prepared
beforehand, gazetteer built before timing) and the regions precision/recall/F1
computed the way ``score.py`` does.  Skips the F1 part when ../shared is absent.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from csrledger.corpus import read_corpus
from csrledger.extract.places import extract_places, head_kind
from csrledger.geo.gazetteer import default_gazetteer
from csrledger.geo.keys import token_keys
from csrledger.text.morph import ru_lemmas, ru_parses
from csrledger.model import Document
from csrledger.pipeline import prepare

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "dev.jsonl"
GOLD = SHARED / "gold" / "dev.jsonl"
SAMPLES = ROOT / "samples" / "corpus.jsonl"
ROUNDS = 20


def _docs(path: Path) -> list[Document]:
    return [d for d in read_corpus(path) if isinstance(d, Document)]


def _regions_f1(views, gold_path: Path) -> tuple[float, float, float]:
    gold = {g["id"]: g for g in map(json.loads, gold_path.read_text(encoding="utf-8").splitlines())}
    tp = fp = fn = 0
    for view in views:
        g = gold[view.doc.id]
        groups = [set(r if isinstance(r, list) else [r]) for r in g.get("regions", [])]
        allowed = set(g.get("regions_allowed", []))
        pred = {p.region for p in extract_places(view) if p.region}
        hit = [grp for grp in groups if grp & pred]
        tp += len(hit)
        fn += len(groups) - len(hit)
        fp += len([c for c in pred if not any(c in grp for grp in groups) and c not in allowed])
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    path = CORPUS if CORPUS.exists() else SAMPLES
    t0 = time.perf_counter()
    gaz = default_gazetteer()
    print(f"gazetteer: {len(gaz.entries)} places, built in {time.perf_counter() - t0:.2f} s")
    views = [prepare(d) for d in _docs(path)]
    for v in views:
        extract_places(v)           # warm the caches once, as a long run would
    size = sum(len(v.text.encode("utf-8")) for v in views)
    t0 = time.perf_counter()
    for _ in range(ROUNDS):
        for v in views:
            extract_places(v)
    elapsed = time.perf_counter() - t0
    n = ROUNDS * len(views)
    print(f"extract_places on {path.name}: {n / elapsed:.0f} docs/s, {ROUNDS * size / 1024 / elapsed:.0f} KB/s")
    token_keys.cache_clear()
    ru_lemmas.cache_clear()
    ru_parses.cache_clear()
    head_kind.cache_clear()
    t0 = time.perf_counter()
    for v in views:
        extract_places(v)
    print(f"first pass (cold word caches): {len(views) / (time.perf_counter() - t0):.0f} docs/s")
    if GOLD.exists() and path == CORPUS:
        p, r, f = _regions_f1(views, GOLD)
        print(f"regions on dev: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
