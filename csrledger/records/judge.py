"""A learned judge of sentences: does this one state a social investment, of which sector, done or planned?

The rules of the records stage are precise where their tables know the words;
real news names objects no table lists ("a theatre", "bedding", "meals during
Ramadan").  The judge reads what the rules found in a sentence (actions,
objects, givers, amounts, beneficiaries, cue words) together with the
sentence's own word bases, and gives the probability that the sentence states
a record, its sector and its status.  Its linear models are trained by
``make train`` (:mod:`csrledger.records.train`) on real annotated articles;
features are hashed, so the shipped weights are numbers, not words or texts.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from zlib import crc32

import numpy as np

from csrledger.records.chunks import Chunk
from csrledger.records.facts import SentenceFacts

MODEL = Path(__file__).resolve().parent / "data" / "judge.npz"
HASH_BITS = 22
_PREFIX = 6           # a word's first letters stand for its stem in Kazakh and Russian
_MONEY_BUCKETS = (1e6, 1e8, 1e9, 1e10)


_MASK = (1 << HASH_BITS) - 1


def feature_id(feature: str) -> int:
    """A stable hash (the same in every process, unlike ``hash``)."""
    return crc32(feature.encode("utf-8")) & _MASK


def sentence_features(s: SentenceFacts, *, made: bool, published_year: int | None) -> list[str]:
    """What the judge sees of one sentence; ``made`` tells whether the rules made a record from it."""
    out = [f"lang:{s.lang}", f"made:{made}", f"pos:{min(s.index, 3)}", f"len:{min(len(s.words) // 10, 5)}"]
    if s.heading:
        out.append("heading")
    if s.total:
        out.append("total")
    if s.excluded:
        out.append(f"excluded:{s.excluded}")
    for t in s.triggers:
        out += [f"trigger:{t.kind}", f"trigger_weak:{t.weak}"]
    for o in s.objects:
        out += [f"object:{o.sector}", f"object_label:{o.label}"]
        if o.target:
            out.append("object_target")
    for label in s.beneficiaries:
        out.append(f"beneficiary:{label}")
    if s.sector_hint:
        out.append(f"hint:{s.sector_hint}")
    for a in s.actors:
        out.append(f"actor:{a.role}:{a.kind}")
    for m in s.money:
        size = sum(m.value >= b for b in _MONEY_BUCKETS)
        out.append(f"money:{m.currency}:{size}")
    for d in s.dates:
        year = d.from_[:4] if d.from_ else ""
        if published_year and year.isdigit():
            out.append(f"date:{'future' if int(year) > published_year else 'past'}")
    if s.places:
        out.append(f"place:{min(p.place_kind for p in s.places)}")
    folds = [w.fold for w in s.words if w.fold.isalpha()]
    for w in s.words:
        out += _word_features(w.fold, w.keys, "k", "p")
    out += [f"b:{a[:_PREFIX]}_{b[:_PREFIX]}" for a, b in zip(folds, folds[1:], strict=False)]
    if folds:
        out.append(f"last:{folds[-1][:_PREFIX]}")
    return out


def chunk_features(s: SentenceFacts, chunk: Chunk, *, made: bool) -> list[str]:
    """What the judge sees of one piece of a sentence (chunks.py): its words, what the rules found
    inside it, and where it stands to the sentence's action."""
    words = s.words[chunk.first:chunk.last + 1]
    inside = [o for o in s.objects if chunk.start <= o.start < chunk.end]
    out = [f"c:lang:{s.lang}", f"c:made:{made}", f"c:len:{min(len(words), 8)}", f"c:at:{min(chunk.index, 4)}"]
    trigger = s.triggers[0] if s.triggers else None
    if trigger is None:
        out.append("c:no_trigger")
    elif trigger.end <= chunk.start:
        out.append(f"c:after:{trigger.kind}")
    elif trigger.start >= chunk.end:
        out.append(f"c:before:{trigger.kind}")
    else:
        out.append(f"c:holds:{trigger.kind}")
    out += [f"c:target:{o.sector}" for o in inside if o.target]
    out += [f"c:benef:{label}" for label in s.beneficiaries[:2]]
    out += [f"c:actor:{a.role}" for a in s.actors if chunk.start <= a.start < chunk.end]
    if any(chunk.start <= m.start < chunk.end for m in s.money):
        out.append("c:money")
    if any(chunk.start <= p.start < chunk.end for p in s.places):
        out.append("c:place")
    if s.excluded:
        out.append(f"c:excluded:{s.excluded}")
    folds = [w.fold for w in words if w.fold.isalpha()]
    if folds:
        out += [f"c:first:{folds[0][:_PREFIX]}", f"c:last:{folds[-1][:_PREFIX]}"]
    elif words and words[0].fold[:1].isdigit():
        out.append("c:count")
    for w in words:
        out += _word_features(w.fold, w.keys, "ck", "cp")
    return out


@lru_cache(maxsize=200_000)
def _word_features(fold: str, keys: frozenset[str], key_tag: str, prefix_tag: str) -> tuple[str, ...]:
    """A word's own features, its keys and its first letters: built once per word form."""
    own = tuple(f"{key_tag}:{k}" for k in keys if k.isalpha())
    return (*own, f"{prefix_tag}:{fold[:_PREFIX]}") if fold.isalpha() else own


@dataclass(frozen=True)
class Verdict:
    p_record: float
    sector: str
    p_sector: float
    status: str
    p_status: float


@dataclass(frozen=True)
class ChunkVerdict:
    p_object: float     # that the piece names what was given
    sector: str


class Judge(Protocol):
    def judge(self, facts: SentenceFacts, features: list[str]) -> Verdict | None: ...

    def judge_chunk(self, facts: SentenceFacts, chunk: Chunk, features: list[str]) -> ChunkVerdict | None: ...


class _Head:
    """One linear model over hashed features: ``ids`` sorted, ``weights`` one row per id."""

    def __init__(self, ids: np.ndarray, weights: np.ndarray, bias: np.ndarray, classes: list[str]):
        self.ids, self.weights, self.bias, self.classes = ids, weights.astype(np.float32), bias, classes
        self._rows = {int(i): row for row, i in enumerate(ids.tolist())}

    def scores(self, hashed: list[int]) -> np.ndarray:
        """Bias plus the weights of the features the head knows (``hashed``: distinct ids, in order)."""
        rows = self._rows
        scores: np.ndarray = self.bias + self.weights[[rows[i] for i in hashed if i in rows]].sum(axis=0)
        return scores


_SENTENCE_HEADS = ("record", "sector", "status")


class LinearJudge:
    """The shipped judge: four heads, each a column of weights per class — record ("no", "yes"),
    sector and status of a sentence, and chunk ("no" or the sector of the gift a piece names)."""

    def __init__(self, heads: dict[str, _Head]):
        self.heads = heads
        self._sentence = _stacked([heads[name] for name in _SENTENCE_HEADS])
        widths = [len(heads[name].classes) for name in _SENTENCE_HEADS]
        self._columns = [slice(sum(widths[:k]), sum(widths[:k + 1])) for k in range(len(widths))]

    def judge(self, facts: SentenceFacts, features: list[str]) -> Verdict | None:
        scores = self._sentence.scores(_hashed(features))    # the three sentence heads in one lookup
        record, sector, status = (self.heads[name] for name in _SENTENCE_HEADS)
        p_record = float(_softmax(scores[self._columns[0]])[record.classes.index("yes")])
        sector_class, p_sector = _argmax(sector, scores[self._columns[1]])
        status_class, p_status = _argmax(status, scores[self._columns[2]])
        return Verdict(p_record, sector_class, p_sector, status_class, p_status)

    def judge_chunk(self, facts: SentenceFacts, chunk: Chunk, features: list[str]) -> ChunkVerdict | None:
        head = self.heads.get("chunk")
        if head is None:
            return None
        p = _softmax(head.scores(_hashed(features)))
        no = head.classes.index("no")
        sectors = [k for k in range(len(head.classes)) if k != no]
        best = max(sectors, key=lambda k: p[k])
        return ChunkVerdict(float(1 - p[no]), head.classes[best])

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {}
        for name, h in sorted(self.heads.items()):
            arrays |= {f"{name}.ids": h.ids, f"{name}.weights": h.weights.astype(np.float16),
                       f"{name}.bias": h.bias, f"{name}.classes": np.array(h.classes)}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:   # numpy's .npz, with fixed entry dates:
            for name, array in arrays.items():                          # the same model gives the same bytes
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
                zf.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buffer.getvalue(),
                            compress_type=zipfile.ZIP_DEFLATED)

    @classmethod
    def load(cls, path: Path) -> LinearJudge:
        with np.load(path) as data:
            names = {k.split(".")[0] for k in data.files}
            return cls({n: _Head(data[f"{n}.ids"], data[f"{n}.weights"], data[f"{n}.bias"],
                                 [str(c) for c in data[f"{n}.classes"]]) for n in names})


def _hashed(features: list[str]) -> list[int]:
    """The features' distinct ids, in order (:func:`feature_id`, inlined: a sentence has a hundred
    features: Python sets and dicts handle so few faster than numpy)."""
    return sorted({crc32(f.encode("utf-8")) & _MASK for f in features})


def _softmax(scores: np.ndarray) -> np.ndarray:
    exp = np.exp(scores - scores.max())
    probabilities: np.ndarray = exp / exp.sum()
    return probabilities


def _stacked(heads: list[_Head]) -> _Head:
    """Heads side by side: one row per feature any of them knows, their classes' columns in turn."""
    ids = np.unique(np.concatenate([h.ids for h in heads]))
    weights = np.zeros((len(ids), sum(len(h.classes) for h in heads)), dtype=np.float32)
    column = 0
    for h in heads:
        weights[np.searchsorted(ids, h.ids), column:column + len(h.classes)] = h.weights
        column += len(h.classes)
    return _Head(ids, weights, np.concatenate([h.bias for h in heads]), [c for h in heads for c in h.classes])


def _argmax(head: _Head, scores: np.ndarray) -> tuple[str, float]:
    """The most likely class of a head, given its scores, and its probability."""
    p = _softmax(scores)
    best = int(p.argmax())
    return head.classes[best], float(p[best])


@lru_cache(maxsize=1)
def shipped_judge() -> LinearJudge | None:
    """The model in the package, or None if it has not been trained (the rules then work alone)."""
    return LinearJudge.load(MODEL) if MODEL.exists() else None
