"""Peer benchmarks for the money extractor — measurement only, never tuned on.

1. English: Microsoft Recognizers-Text currency spec (../shared/refbench/
   recognizers-money.*.jsonl), scored by ../shared/tools/score.py: a
   predicted amount counts when value (within 0.5 %) and ISO currency agree.
2. Kazakh: MONEY spans of the KazNERD test split (../shared/refdata/KazNERD),
   sentences rebuilt from tokens joined by spaces; entity-level exact-span
   precision/recall/F1 (as conlleval) and a lenient overlap figure.

Skips a part whose data is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from csrledger.extract.money import extract_money
from csrledger.model import Document, Sentence, TextView

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RT_CORPUS = SHARED / "refbench" / "recognizers-money.corpus.jsonl"
RT_GOLD = SHARED / "refbench" / "recognizers-money.gold.jsonl"
SCORE_PY = SHARED / "tools" / "score.py"
KAZNERD = SHARED / "refdata" / "KazNERD" / "IOB2_test.txt"


def _view(doc_id: str, text: str, lang: str) -> TextView:
    """One sentence, language known: no detection or splitting in the measurement."""
    doc = Document(id=doc_id, text=text, lang=lang)
    return TextView(doc=doc, lang=lang, sentences=(Sentence(0, len(text), lang),))


def recognizers() -> None:
    if not (RT_CORPUS.exists() and RT_GOLD.exists() and SCORE_PY.exists()):
        print("recognizers: data absent, skipped")
        return
    docs = [json.loads(line) for line in RT_CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for d in docs:
            money = extract_money(_view(d["id"], d["text"], "en"))
            fh.write(json.dumps({"id": d["id"], "lang": "en", "money": [m.to_json() for m in money]}) + "\n")
        pred = fh.name
    res = subprocess.run([sys.executable, str(SCORE_PY), "--gold", str(RT_GOLD), "--pred", pred, "--json"],
                         capture_output=True, text=True, check=True)
    Path(pred).unlink()
    m = json.loads(res.stdout)["money"]
    print(f"recognizers-money (en, {len(docs)} sentences): P {m['precision']:.3f} R {m['recall']:.3f} "
          f"F1 {m['f1']:.3f}  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")


def _kaznerd_sentences():
    """(text, gold MONEY spans) per sentence of the IOB2 file."""
    tokens: list[tuple[str, str]] = []
    for line in KAZNERD.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            word, _, tag = line.rpartition(" ")
            tokens.append((word, tag))
            continue
        if not tokens:
            continue
        text, spans, open_start, open_end = "", [], None, None
        for i, (word, tag) in enumerate(tokens):
            text += ("" if i == 0 else " ") + word
            start, pos = len(text) - len(word), len(text)
            if tag == "I-MONEY" and open_start is not None:
                open_end = pos
                continue
            if open_start is not None:
                spans.append((open_start, open_end))
                open_start = None
            if tag == "B-MONEY":
                open_start, open_end = start, pos
        if open_start is not None:
            spans.append((open_start, open_end))
        yield text, spans
        tokens = []


def kaznerd() -> None:
    if not KAZNERD.exists():
        print("kaznerd: data absent, skipped")
        return
    tp = fp = fn = overlap_tp = n = chars = 0
    t0 = time.perf_counter()
    for i, (text, gold) in enumerate(_kaznerd_sentences()):
        n += 1
        chars += len(text)
        pred = [(m.start, m.end) for m in extract_money(_view(f"kz-{i}", text, "kk"))]
        exact = set(gold) & set(pred)
        tp += len(exact)
        fp += len(pred) - len(exact)
        fn += len(gold) - len(exact)
        overlap_tp += sum(1 for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in pred))
    secs = time.perf_counter() - t0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    gold_total = tp + fn
    print(f"kaznerd MONEY (kk, {n} sentences, {gold_total} spans): exact P {p:.3f} R {r:.3f} F1 {f:.3f}"
          f"  (tp {tp}, fp {fp}, fn {fn}); gold spans overlapped {overlap_tp / gold_total:.3f}"
          f"  [{chars / secs / 1e6:.2f} MB/s]")


if __name__ == "__main__":
    recognizers()
    kaznerd()
