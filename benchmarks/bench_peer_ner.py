"""Peer benchmarks for names: PER/ORG/LOC F1 on public NER test sets (measurement only).

- factRuEval-2016 test set (ru): named, non-embedded mentions; LOCORG counts as LOC;
  a LOC with the same tokens as an ORG counts once, as ORG.
- UNER-PUD (en and ru): the same 1000 sentences, entity spans over UD tokens.
- KazNERD test split (kk): PERSON -> PER, ORGANISATION -> ORG, GPE/LOCATION -> LOC.

PER comes from ``extract_persons``, ORG from ``extract_companies`` and LOC from
``extract_places``.  Two figures per type: exact span match, and a lenient one
where a predicted span overlapping a gold span of the same type counts (our
ORG spans carry their cue words, "компанией Qarmet").  The system looks only
for sponsors, so ORG recall is low by design: state bodies, ministries,
parties, media and universities are ORG in these sets and are not sponsors.
Nothing is tuned to these sets.  Skips a set whose folder is absent.
Published natasha factRuEval F1 (its own lenient scorer): PER 0.959, LOC 0.915, ORG 0.825.
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from csrledger.extract.companies import extract_companies
from csrledger.extract.persons import extract_persons
from csrledger.extract.places import extract_places
from csrledger.model import Document
from csrledger.pipeline import prepare

REFDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "refdata"
TYPES = ("PER", "ORG", "LOC")
Span = tuple[str, int, int]        # unit id (document or sentence), start, end


def predict(unit: str, text: str, lang: str) -> dict[str, set[Span]]:
    view = prepare(Document(id=unit, text=text, lang=lang))
    companies, places = extract_companies(view), extract_places(view)
    return {
        "PER": {(unit, m.start, m.end) for m in extract_persons(view, companies, places)},
        "ORG": {(unit, m.start, m.end) for m in companies},
        "LOC": {(unit, m.start, m.end) for m in places},
    }


class Score:
    """Counts per type: exact matches, overlapping gold and predicted spans, totals."""

    def __init__(self) -> None:
        self.counts = {t: dict.fromkeys(("exact", "gold_hit", "pred_hit", "pred", "gold"), 0) for t in TYPES}

    def add(self, kind: str, gold: set[Span], pred: set[Span]) -> None:
        gold_hit, pred_hit = _overlaps(gold, pred)
        c = self.counts[kind]
        c["exact"] += len(gold & pred)
        c["gold_hit"] += gold_hit
        c["pred_hit"] += pred_hit
        c["pred"] += len(pred)
        c["gold"] += len(gold)

    def report(self, name: str, seconds: float) -> None:
        print(f"{name}  ({seconds:.1f} s)")
        print("       exact P    R     F1  | overlap P   R     F1   | gold  pred")
        for kind in TYPES:
            c = self.counts[kind]
            ep, er, ef = _prf(c["exact"], c["exact"], c["pred"], c["gold"])
            op, orr, of = _prf(c["pred_hit"], c["gold_hit"], c["pred"], c["gold"])
            print(f"  {kind}  {ep:6.3f} {er:5.3f} {ef:5.3f} | {op:6.3f} {orr:5.3f} {of:5.3f}  | {c['gold']:5d} {c['pred']:5d}")


def _prf(tp_pred: int, tp_gold: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp_pred / npred if npred else 0.0
    r = tp_gold / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _overlaps(gold: set[Span], pred: set[Span]) -> tuple[int, int]:
    """Gold spans hit by some prediction, and predictions hitting some gold span (same unit)."""
    by_unit: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for unit, s, e in pred:
        by_unit[unit].append((s, e))
    gold_hit = sum(1 for u, s, e in gold if any(ps < e and s < pe for ps, pe in by_unit[u]))
    gold_by_unit: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for unit, s, e in gold:
        gold_by_unit[unit].append((s, e))
    pred_hit = sum(1 for u, s, e in pred if any(gs < e and s < ge for gs, ge in gold_by_unit[u]))
    return gold_hit, pred_hit


# --- factRuEval-2016 --------------------------------------------------------------

def factrueval(score: Score) -> bool:
    folder = REFDATA / "factRuEval-2016"
    rows_path = folder / "mentions_testset.jsonl"
    if not rows_path.exists():
        return False
    rows = [json.loads(line) for line in rows_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    types = {r["id"]: r["type"] for r in rows}
    gold: dict[str, set[Span]] = {t: set() for t in TYPES}
    docs = set()
    for r in rows:
        if not r["named"] or r["embedded"] or r["type"] not in ("PER", "ORG", "LOC", "LOCORG"):
            continue
        kind = "LOC" if r["type"] == "LOCORG" else r["type"]
        if r["type"] == "LOC" and any(types.get(o) in ("ORG", "LOCORG") for o in r["same_tokens_as"]):
            continue
        gold[kind].add((r["doc"], r["start"], r["end"]))
        docs.add(r["doc"])
    pred: dict[str, set[Span]] = {t: set() for t in TYPES}
    for doc in sorted(docs):
        text = (folder / "testset" / f"{doc}.txt").read_text(encoding="utf-8")
        for kind, spans in predict(doc, text, "ru").items():
            pred[kind] |= spans
    for kind in TYPES:
        score.add(kind, gold[kind], pred[kind])
    return True


# --- token-level sets: UNER-PUD and KazNERD ---------------------------------------

def _entities(tags: list[str]) -> Iterator[tuple[str, int, int]]:
    """(type, first token, last token + 1) from IOB2 tags."""
    start, kind = None, None
    for i, tag in enumerate(tags + ["O"]):
        if tag.startswith("I-") and kind == tag[2:]:
            continue
        if kind is not None:
            yield kind, start, i
            start, kind = None, None
        if tag.startswith("B-"):
            start, kind = i, tag[2:]


def _token_offsets(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for tok in tokens:
        i = text.find(tok, pos)
        if i < 0:
            i = pos
        out.append((i, i + len(tok)))
        pos = i + len(tok)
    return out


def score_sentences(score: Score, sentences: Iterable[tuple[str, str, list[str], list[str]]],
                    lang: str, type_map: dict[str, str]) -> None:
    gold: dict[str, set[Span]] = {t: set() for t in TYPES}
    pred: dict[str, set[Span]] = {t: set() for t in TYPES}
    for sid, text, tokens, tags in sentences:
        offsets = _token_offsets(text, tokens)
        for kind, a, b in _entities(tags):
            if type_map.get(kind):
                gold[type_map[kind]].add((sid, offsets[a][0], offsets[b - 1][1]))
        for kind, spans in predict(sid, text, lang).items():
            for _, s, e in spans:        # snap to token boundaries
                inside = [o for o in offsets if o[0] < e and s < o[1]]
                if inside:
                    pred[kind].add((sid, inside[0][0], inside[-1][1]))
    for kind in TYPES:
        score.add(kind, gold[kind], pred[kind])


def uner_sentences(lang: str) -> Iterator[tuple[str, str, list[str], list[str]]]:
    path = REFDATA / "UNER-PUD" / f"{lang}_pud-ud-test.iob2"
    sid, text, tokens, tags = "", "", [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("# sent_id = "):
            sid = line.split("= ", 1)[1]
        elif line.startswith("# text = "):
            text = line.split("= ", 1)[1]
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if tokens:
                yield sid, text, tokens, tags
            tokens, tags = [], []
        else:
            cols = line.split("\t")
            tokens.append(cols[1])
            tags.append(cols[2])


def kaznerd_sentences() -> Iterator[tuple[str, str, list[str], list[str]]]:
    path = REFDATA / "KazNERD" / "IOB2_test.txt"
    tokens, tags, n = [], [], 0
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if tokens:
                n += 1
                yield f"kk-{n}", " ".join(tokens), tokens, tags
            tokens, tags = [], []
        else:
            tok, tag = line.rsplit(" ", 1)
            tokens.append(tok)
            tags.append(tag)


def main() -> None:
    if not REFDATA.exists():
        print(f"{REFDATA} not present: skipped")
        return
    runs = [
        ("factRuEval-2016 test (ru, 132 documents)", factrueval),
        ("UNER-PUD en (1000 sentences)", lambda s: score_sentences(
            s, uner_sentences("en"), "en", {"PER": "PER", "ORG": "ORG", "LOC": "LOC"})),
        ("UNER-PUD ru (1000 sentences)", lambda s: score_sentences(
            s, uner_sentences("ru"), "ru", {"PER": "PER", "ORG": "ORG", "LOC": "LOC"})),
        ("KazNERD test (kk, 11307 sentences)", lambda s: score_sentences(
            s, kaznerd_sentences(), "kk",
            {"PERSON": "PER", "ORGANISATION": "ORG", "GPE": "LOC", "LOCATION": "LOC"})),
    ]
    for name, run in runs:
        score = Score()
        t0 = time.perf_counter()
        try:
            done = run(score) is not False
        except FileNotFoundError:
            done = False
        if done:
            score.report(name, time.perf_counter() - t0)
        else:
            print(f"{name}: data absent, skipped")
    print("natasha (published, factRuEval, lenient): PER 0.959  LOC 0.915  ORG 0.825")


if __name__ == "__main__":
    main()
