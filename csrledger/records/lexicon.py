"""Phrase tables: load a TOML table of the records stage and find its phrases in words.

Every table has ``[ru]``, ``[en]`` and ``[kk]`` sections mapping a label to a
list of phrases.  Documents mix languages, so a :class:`Lexicon` holds the
union of the three sections and matching does not depend on the language.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from csrledger.text.normalize import fold
from csrledger.text.words import Word

DATA = Path(__file__).resolve().parent / "data"
LANGS = ("ru", "en", "kk")
_STEM_KEY = 3          # stems are indexed by their first three letters
_CACHE_SIZE = 200_000  # word forms whose candidate phrases are remembered


@cache
def load_table(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>.toml`` (read once)."""
    with open(DATA / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


class Hit(NamedTuple):
    label: str
    first: int      # index of the first word
    last: int       # index of the last word (inclusive)
    start: int      # character offsets into the document
    end: int


def _word_matches(pattern: str, word: Word) -> bool:
    if pattern.endswith("*"):
        return word.fold.startswith(pattern[:-1])
    return pattern in word.keys


class Lexicon:
    """The phrases of some labels of a table, in all languages, matched longest first."""

    def __init__(self, entries: dict[str, list[str]]):
        self._phrases: list[tuple[tuple[str, ...], str]] = []
        for label, phrases in entries.items():
            for phrase in phrases:
                self._phrases.append((tuple(fold(phrase).split()), label))
        self._phrases.sort(key=lambda p: -len(p[0]))
        self._by_key: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._stems: dict[str, list[tuple[tuple[str, ...], str]]] = {}   # by the stem's first letters
        for pats, label in self._phrases:
            if pats[0].endswith("*"):
                self._stems.setdefault(pats[0][:_STEM_KEY], []).append((pats, label))
            else:
                self._by_key.setdefault(pats[0], []).append((pats, label))
        self._first_words = frozenset(self._by_key)
        self._cache: dict[str, list[tuple[tuple[str, ...], str]]] = {}

    @classmethod
    def from_table(cls, name: str, labels: tuple[str, ...] | None = None) -> Lexicon:
        """Union over the language sections of ``name`` (only ``labels`` if given)."""
        table = load_table(name)
        entries: dict[str, list[str]] = {}
        for lang in LANGS:
            for label, phrases in table.get(lang, {}).items():
                if labels is None or label in labels:
                    entries.setdefault(label, []).extend(phrases)
        return cls(entries)

    @classmethod
    def from_section(cls, name: str, section: str, label: str | None = None) -> Lexicon:
        """One label (``label``, else the section's name) for the phrases of ``[section]`` of table
        ``name`` (a dotted path: "fields.frames"), over its language keys."""
        table = load_table(name)
        for key in section.split("."):
            table = table[key]
        return cls({label or section: [p for lang in LANGS for p in table.get(lang, [])]})

    def _candidates(self, word: Word) -> list[tuple[tuple[str, ...], str]]:
        """Phrases that may start at ``word``, longest first (cached per word form)."""
        fold = word.fold
        found = self._cache.get(fold)
        if found is None:
            firsts = self._first_words.intersection(word.keys)
            prefixes = [fold[:n] for n in range(1, _STEM_KEY + 1) if fold[:n] in self._stems]
            found = []
            if firsts or prefixes:      # most words start no phrase of a table
                # sorted: the same in every process
                found = [p for key in sorted(firsts) for p in self._by_key[key]]
                for prefix in prefixes:
                    found += [p for p in self._stems[prefix] if fold.startswith(p[0][0][:-1])]
                found.sort(key=lambda p: -len(p[0]))
            if len(self._cache) < _CACHE_SIZE:
                self._cache[fold] = found
        return found

    def match_at(self, words: list[Word], i: int) -> Hit | None:
        """The longest phrase that starts at ``words[i]``."""
        candidates = self._cache.get(words[i].fold)
        if candidates is None:
            candidates = self._candidates(words[i])
        return self._longest(words, i, candidates) if candidates else None

    @staticmethod
    def _longest(words: list[Word], i: int, candidates: list[tuple[tuple[str, ...], str]]) -> Hit | None:
        for pats, label in candidates:      # each one's first word matches this word already
            j = i + len(pats) - 1
            if j < len(words) and (j == i or all(_word_matches(p, words[i + k]) for k, p in enumerate(pats) if k)):
                return Hit(label, i, j, words[i].start, words[j].end)
        return None

    def find(self, words: list[Word]) -> list[Hit]:
        """Non-overlapping hits, left to right, the longest phrase at each position."""
        hits: list[Hit] = []
        cache, free = self._cache, 0          # words before ``free`` belong to a hit already
        for i, word in enumerate(words):
            if i < free:
                continue
            candidates = cache.get(word.fold)
            if candidates is None:
                candidates = self._candidates(word)
            if candidates and (hit := self._longest(words, i, candidates)):
                hits.append(hit)
                free = hit.last + 1
        return hits

    def labels_in(self, words: list[Word]) -> set[str]:
        return {h.label for h in self.find(words)}
