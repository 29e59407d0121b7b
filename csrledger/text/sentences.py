"""Sentence splitting with exact offsets.

Lines are split first (a headline without a full stop must not merge with the
next sentence), then razdel splits each line into sentences.  razdel's time grows
with the square of a stretch it keeps joining (a line of 2.6 million quote marks
ran for minutes), so a line longer than any paragraph is fed to it in pieces cut
after a sentence's end, else at a space, and a stretch without a letter is one
sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from razdel import sentenize

from csrledger.model import Sentence
from csrledger.text.lang import detect

_LINE = re.compile(r"[^\n]+")
# The longest stretch razdel reads at once: news paragraphs run to 2,000 characters.
MAX_PIECE = 10_000
_SENTENCE_END = re.compile(r"[.!?…][\"»”)]*\s")
_SPACE = re.compile(r"\s")
_LETTER = re.compile(r"[^\W\d_]")


def split_sentences(text: str, lang: str | None = None, document: str | None = None) -> tuple[Sentence, ...]:
    """Sentences of ``text``; each gets its own language unless ``lang`` is forced (``document``, the
    document's language, spares the statistical model where a sentence's script and cues agree)."""
    out: list[Sentence] = []
    for base, stretch in _pieces(text):
        # a stretch without a letter holds no sentence to split (razdel would weigh each of its marks)
        spans = [(p.start, p.stop) for p in sentenize(stretch)] if _LETTER.search(stretch) else [(0, len(stretch))]
        for first, last in spans:
            start, end = base + first, base + last
            chunk = text[start:end]
            if not chunk.strip():
                continue
            out.append(Sentence(start, end, lang or _sentence_lang(chunk, document)))
    return tuple(out)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each line, a line longer than :data:`MAX_PIECE` in pieces no longer."""
    for line in _LINE.finditer(text):
        start, end = line.span()
        while end - start > MAX_PIECE:
            window = text[start + MAX_PIECE // 2:start + MAX_PIECE]
            ends = [m.end() for m in _SENTENCE_END.finditer(window)] or [m.end() for m in _SPACE.finditer(window)]
            cut = start + MAX_PIECE // 2 + ends[-1] if ends else start + MAX_PIECE
            yield start, text[start:cut]
            start = cut
        yield start, text[start:end]


def _sentence_lang(chunk: str, document: str | None) -> str:
    return detect(chunk, document) if len(chunk) >= 20 else "und"
