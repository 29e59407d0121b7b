"""Train the records judge from annotated articles: ``make train``.

    python -m csrledger.records.train [--data ../shared/train] [-o csrledger/records/data/judge.npz]

Reads a corpus and its training gold (FORMATS.md 3a: every record with the
exact evidence clause), runs the rules of the records stage over every
sentence, and fits four logistic regressions (scikit-learn, deterministic)
over the judge's hashed features: does the sentence state a record, of which
sector, done / under way / promised; and does a piece of a sentence (chunks.py)
name what was given, of which sector.  A sentence is a positive example when it
holds the evidence of a required gold record, a piece when it overlaps the
object of one; those touching only optional (borderline) records are left out.
Only weights are written, never texts.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from csrledger.corpus.readers import read_corpus
from csrledger.model import Analysis, Document, TextView
from csrledger.records.assemble import assemble_records
from csrledger.records.chunks import Chunk
from csrledger.records.facts import SentenceFacts
from csrledger.records.judge import MODEL, ChunkVerdict, LinearJudge, Verdict, _Head, feature_id

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix  # imported where used: only training needs scipy

# Features seen in fewer training sentences than this are noise, and would only grow the model.
MIN_COUNT = 2
# Inverse regularisation strength of each head (chosen by cross-validation over documents).
C = {"record": 0.3, "sector": 1.0, "status": 0.5, "chunk": 0.5}
_SEED = 0

_Gold = dict[str, Any]                # a gold document or record, as its JSON reads
_Spanned = tuple[int, int, _Gold]     # where in the text a gold record is (evidence or object)


@dataclass
class Example:
    """One sentence as the judge sees it, with what the gold says of it."""

    features: list[str]
    record: bool | None            # None: only borderline records, left out of training
    sector: str | None = None
    status: str | None = None
    chunk: bool = False               # a piece of a sentence (its object), not a whole sentence


@dataclass
class DocumentExamples:
    doc: Document
    lang: str
    examples: list[Example] = field(default_factory=list)


class Recorder:
    """A judge that only writes down what it is shown, so the rules alone make the records."""

    def __init__(self) -> None:
        self.seen: list[tuple[SentenceFacts, list[str]]] = []
        self.chunks: list[tuple[Chunk, list[str]]] = []

    def judge(self, facts: SentenceFacts, features: list[str]) -> Verdict | None:
        self.seen.append((facts, features))
        return None

    def judge_chunk(self, facts: SentenceFacts, chunk: Chunk, features: list[str]) -> ChunkVerdict | None:
        self.chunks.append((chunk, features))
        return None


def _first(value: str | list[str] | None) -> str | None:
    """The gold's value, or the first of the values it allows."""
    return value[0] if isinstance(value, list) else value


def _evidence_spans(text: str, records: list[_Gold]) -> list[_Spanned]:
    out = []
    for r in records:
        start = text.find(r.get("evidence") or "\0")
        if start >= 0:
            out.append((start, start + len(r["evidence"]), r))
    return out


def _object_spans(text: str, evidence: list[_Spanned]) -> list[_Spanned]:
    """Where each record's object is named: inside its evidence, else its first mention."""
    out = []
    for start, end, r in evidence:
        obj = r.get("object_text")
        if obj:
            at = text.find(obj, start, end)
            at = at if at >= 0 else text.find(obj)
            if at >= 0:
                out.append((at, at + len(obj), r))
    return out


def label_chunk(chunk: Chunk, features: list[str], objects: list[_Spanned]) -> Example:
    """The example of one piece: the sector of the required gold object it overlaps, else none."""
    gold = [r for a, b, r in objects if a < chunk.end and chunk.start < b]
    required = [r for r in gold if not r.get("optional")]
    if not gold:
        return Example(features, False, chunk=True)
    if not required:
        return Example(features, None, chunk=True)
    return Example(features, True, _first(required[0].get("sector")), chunk=True)


def label(facts: SentenceFacts, features: list[str], spans: list[_Spanned]) -> Example:
    """The example of one sentence: the gold records whose evidence overlaps it."""
    s = facts.span
    gold = [r for a, b, r in spans if a < s.end and s.start < b]
    required = [r for r in gold if not r.get("optional")]
    if not gold:
        return Example(features, False)
    if not required:
        return Example(features, None)
    first = required[0]
    return Example(features, True, _first(first.get("sector")), _first(first.get("status")))


def examples_of(view: TextView, analysis: Analysis, gold: _Gold) -> list[Example]:
    recorder = Recorder()
    assemble_records(view, analysis, recorder)
    spans = _evidence_spans(view.text, gold.get("records", []))
    objects = _object_spans(view.text, spans)
    return ([label(facts, features, spans) for facts, features in recorder.seen]
            + [label_chunk(chunk, features, objects) for chunk, features in recorder.chunks])


def prepare_documents(corpus: Path, gold_path: Path, progress: bool = True) -> list[tuple[TextView, Analysis, _Gold]]:
    """Every gold document of the corpus, prepared and with its mentions (the slow part, done once)."""
    from csrledger.pipeline import extract_mentions, prepare
    gold: dict[str, _Gold] = {}
    with open(gold_path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                gold[row["id"]] = row
    out = []
    docs = [d for d in read_corpus(corpus) if isinstance(d, Document) and d.id in gold]
    for n, doc in enumerate(docs, 1):
        view = prepare(doc)
        out.append((view, extract_mentions(view), gold[doc.id]))
        if progress and sys.stderr.isatty():
            print(f"\rprepared {n:,}/{len(docs):,} documents", end="", file=sys.stderr)
    if progress and sys.stderr.isatty():
        print(file=sys.stderr)
    return out


def _matrix(rows: list[list[str]], vocabulary: dict[int, int]) -> csr_matrix:
    from scipy.sparse import csr_matrix
    indptr, indices = [0], []
    for features in rows:
        cols = sorted({vocabulary[h] for h in map(feature_id, features) if h in vocabulary})
        indices += cols
        indptr.append(len(indices))
    return csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocabulary)))


def _fit_head(rows: list[list[str]], labels: list[str], c: float, ids: np.ndarray,
              vocabulary: dict[int, int]) -> _Head:
    from sklearn.linear_model import LogisticRegression
    if len(set(labels)) == 1:      # one class seen (all gifts done): a head that always says it
        return _Head(ids, np.zeros((len(ids), 1), dtype=np.float32), np.zeros(1, dtype=np.float32), labels[:1])
    model = LogisticRegression(C=c, max_iter=5000, random_state=_SEED)
    model.fit(_matrix(rows, vocabulary), labels)
    weights, bias = model.coef_.T, model.intercept_
    if weights.shape[1] == 1:      # two classes come as one score, the second's: give each class a column
        weights, bias = np.hstack([np.zeros_like(weights), weights]), np.concatenate([[0.0], bias])
    return _Head(ids, weights, bias.astype(np.float32), [str(c) for c in model.classes_])


def fit(examples: Iterable[Example]) -> LinearJudge:
    """The four heads over the examples' features (deterministic for the same examples)."""
    examples = [e for e in examples if e.record is not None]
    pieces = [e for e in examples if e.chunk]
    examples = [e for e in examples if not e.chunk]
    counts: dict[int, int] = {}
    for e in examples + pieces:
        for h in set(map(feature_id, e.features)):
            counts[h] = counts.get(h, 0) + 1
    ids = np.array(sorted(h for h, n in counts.items() if n >= MIN_COUNT), dtype=np.int64)
    vocabulary = {int(h): k for k, h in enumerate(ids)}
    record = _fit_head([e.features for e in examples], ["yes" if e.record else "no" for e in examples],
                       C["record"], ids, vocabulary)
    if record.classes != ["no", "yes"]:
        raise ValueError("training data needs both sentences with and without records")
    positive = [e for e in examples if e.record]
    sector = _fit_head([e.features for e in positive if e.sector], [e.sector for e in positive if e.sector],
                       C["sector"], ids, vocabulary)
    status = _fit_head([e.features for e in positive if e.status], [e.status for e in positive if e.status],
                       C["status"], ids, vocabulary)
    heads = {"record": record, "sector": sector, "status": status}
    if {e.record for e in pieces} == {True, False}:
        heads["chunk"] = _fit_head([e.features for e in pieces], [e.sector or "other" if e.record else "no"
                                                                  for e in pieces], C["chunk"], ids, vocabulary)
    return LinearJudge(heads)


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=here.parent / "shared" / "train",
                    help="folder with corpus.jsonl and gold.jsonl (training gold, FORMATS.md 3a)")
    ap.add_argument("-o", "--output", type=Path, default=MODEL)
    args = ap.parse_args(argv)
    corpus, gold = args.data / "corpus.jsonl", args.data / "gold.jsonl"
    if not corpus.exists() or not gold.exists():
        print(f"{args.data}: no corpus.jsonl and gold.jsonl to train on", file=sys.stderr)
        return 2
    documents = prepare_documents(corpus, gold)
    examples = [e for view, analysis, g in documents for e in examples_of(view, analysis, g)]
    judge = fit(examples)
    judge.save(args.output)
    sentences = [e for e in examples if not e.chunk and e.record is not None]
    pieces = [e for e in examples if e.chunk and e.record is not None]
    print(f"trained on {len(documents):,} documents: {len(sentences):,} sentences "
          f"({sum(bool(e.record) for e in sentences):,} with a record), {len(pieces):,} pieces of lists "
          f"({sum(bool(e.record) for e in pieces):,} naming a gift); {len(judge.heads['record'].ids):,} features "
          f"-> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
