"""Word tokens with offsets, fast enough for every extractor to share."""
from __future__ import annotations

import re
from typing import NamedTuple

# Letters of Russian, Kazakh and English, digits, inner hyphens and apostrophes.
WORD_PATTERN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


class Token(NamedTuple):
    """A word with its offsets (a tuple, cheap to build: a document has thousands)."""

    text: str
    start: int
    end: int

    @property
    def is_title(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in WORD_PATTERN.finditer(text, start, end)]
