"""Sentence splitting with exact offsets.

Lines are split first (a headline without a full stop must not merge with the
next sentence), then razdel splits each line into sentences.
"""
from __future__ import annotations

import re

from razdel import sentenize

from csrledger.model import Sentence
from csrledger.text.lang import detect

_LINE = re.compile(r"[^\n]+")


def split_sentences(text: str, lang: str | None = None, document: str | None = None) -> tuple[Sentence, ...]:
    """Sentences of ``text``; each gets its own language unless ``lang`` is forced (``document``, the
    document's language, spares the statistical model where a sentence's script and cues agree)."""
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        base = line.start()
        for piece in sentenize(line.group()):
            start, end = base + piece.start, base + piece.stop
            chunk = text[start:end]
            if not chunk.strip():
                continue
            out.append(Sentence(start, end, lang or _sentence_lang(chunk, document)))
    return tuple(out)


def _sentence_lang(chunk: str, document: str | None) -> str:
    return detect(chunk, document) if len(chunk) >= 20 else "und"
