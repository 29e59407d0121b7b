"""Full-text search that understands inflection in Russian, Kazakh and English.

SQLite's FTS5 matches words as written: "школа" does not find "школы" or
"школе", "балабақша" does not find "балабақшаны".  So beside each
document's title and text the index holds a third column, ``terms``: the
base forms of its words —

- Russian: every normal form pymorphy3 proposes (``csrledger.text.morph.ru_lemmas``);
- Kazakh: every base the word is a regular inflection of (``geo.keys.kk_bases``,
  checked against vowel harmony and consonant assimilation);
- English: the singular (``en_lemma``).

A query word matches the word itself in the title or text, or any of its own
base forms in ``terms``; so the two sides meet on a shared base ("детского
сада" and "детский сад" both give детский, сад).  Words are joined by AND; a
word ending in ``*`` is a prefix search over the words and their bases.
Case is folded by FTS5's unicode61 tokenizer for every script, and ё is read
as е.
"""
from __future__ import annotations

import re
from typing import Iterable

from sqlalchemy import Connection, text

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_KAZAKH = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
MAX_QUERY_WORDS = 12
"""A longer query is cut: each word becomes a group of alternatives in the FTS5 expression."""
MAX_WORD_CHARS = 60
"""Longer 'words' (a hash, a run of letters) are indexed and searched as written only."""


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def word_bases(word: str, lang: str | None = None) -> set[str]:
    """Base forms of one word (lower case, without the word itself unless it is its own base)."""
    from csrledger.geo.keys import kk_bases
    from csrledger.text.morph import en_lemma, ru_lemmas

    low = _fold(word)
    if len(low) > MAX_WORD_CHARS or low.isdigit():
        return set()
    if _CYRILLIC.search(low):
        bases: set[str] = set()
        if lang != "kk" or not _KAZAKH.search(low):
            bases.update(_fold(lemma) for lemma in ru_lemmas(low))
        if lang in (None, "kk") or _KAZAKH.search(low):
            bases.update(kk_bases(low))
        return bases
    if low.isascii():
        return {en_lemma(low)}
    return set()


def index_terms(texts: Iterable[str], lang: str | None = None) -> str:
    """The ``terms`` column of a document: each base form once, in order of first appearance."""
    seen: dict[str, None] = {}
    cache: dict[str, set[str]] = {}
    for chunk in texts:
        for match in _WORD.finditer(chunk or ""):
            word = match.group()
            if word not in cache:
                cache[word] = word_bases(word, lang)
            for base in cache[word]:
                seen.setdefault(base, None)
    return " ".join(seen)


def index_document(conn: Connection, doc_id: str, title: str | None, body: str, lang: str | None) -> None:
    """Add a document to the SQLite full-text index (its old entry must have been deleted)."""
    conn.execute(text("INSERT INTO documents_fts(doc_id, title, text, terms) VALUES (:i, :t, :x, :b)"),
                 {"i": doc_id, "t": title or "", "x": body, "b": index_terms((title or "", body), lang)})


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression for what a user typed ("" when nothing searchable is left).

    Every user word is quoted, so FTS5 operators and quotes in the query are
    plain text.  ``школ*`` is a prefix search.
    """
    groups = []
    for raw in query.split()[:MAX_QUERY_WORDS]:
        prefix = raw.endswith("*")
        for match in _WORD.finditer(raw):
            word = _fold(match.group())
            star = "*" if prefix and match.end() == len(raw.rstrip("*")) else ""
            alternatives = [f"{{title text}} : {_quoted(word)}{star}"]
            bases = sorted(word_bases(word) - {word}) if not star else []
            alternatives += [f"terms : {_quoted(base)}" for base in bases]
            alternatives.append(f"terms : {_quoted(word)}{star}")
            groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups)


def snippet_terms(query: str) -> list[str]:
    """Lower-case forms of the query's words and their bases, for highlighting a snippet."""
    out: list[str] = []
    for raw in query.split()[:MAX_QUERY_WORDS]:
        for match in _WORD.finditer(raw):
            word = _fold(match.group())
            out += [word, *sorted(word_bases(word))]
    return out


def make_snippet(body: str, query: str, width: int = 90) -> str:
    """A snippet around the first word of ``body`` that shares a base with the query; such words in [ ]."""
    wanted = set(snippet_terms(query))
    prefixes = tuple(_fold(w.rstrip("*")) for w in query.split() if w.endswith("*") and w.rstrip("*"))

    def hit(word: str) -> bool:
        word = _fold(word)
        return word in wanted or bool(prefixes and word.startswith(prefixes)) or bool(wanted & word_bases(word))

    first = next((m for m in _WORD.finditer(body) if hit(m.group())), None)
    if first is None:
        return body[:2 * width].replace("\n", " ")
    left, right = max(0, first.start() - width), min(len(body), first.end() + width)
    window = _WORD.sub(lambda m: f"[{m.group()}]" if hit(m.group()) else m.group(), body[left:right])
    return ((" … " if left else "") + window + (" … " if right < len(body) else "")).replace("\n", " ")
