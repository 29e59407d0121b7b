"""Shared fixtures: where the shared development data lives, and tiny documents."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from csrledger.corpus import read_corpus
from csrledger.model import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev.jsonl"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"
SCORE_PY = SHARED / "tools" / "score.py"
SAMPLE_CORPUS = ROOT / "samples" / "corpus.jsonl"

needs_dev = pytest.mark.skipif(not DEV_CORPUS.exists(), reason="../shared/corpus/dev.jsonl not present")


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def corpus_documents(path: Path) -> list[Document]:
    """The documents of a corpus, read by the project's own reader."""
    return [d for d in read_corpus(path) if isinstance(d, Document)]
