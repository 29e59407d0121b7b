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

On PostgreSQL the same index is a ``tsvector`` per document in the table
``documents_fts`` (migration 0005, GIN-indexed): the words of the title and
text with weight A, their base forms with weight B, folded here in Python
(case, ё, Latin diacritics) so that matching does not depend on the
server's locale; the query is the same groups of alternatives as a
``tsquery`` (a base form matches weight B only, as FTS5's ``terms`` column).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import Connection, text

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_KAZAKH = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
MAX_QUERY_WORDS = 12
"""A longer query is cut: each word becomes a group of alternatives in the FTS5 expression."""
MAX_WORD_CHARS = 60
"""Longer 'words' (a hash, a run of letters) are indexed and searched as written only."""
PG_MAX_INDEXED_CHARS = 400_000
"""Characters of a document PostgreSQL indexes: a ``tsvector`` holds at most 1 MB of lexemes."""
_LATIN_BASE = {cp: unicodedata.normalize("NFD", chr(cp))[0] for cp in range(0xC0, 0x250)
               if unicodedata.normalize("NFD", chr(cp))[0].isascii() and len(unicodedata.normalize("NFD", chr(cp))) > 1}
"""é → e and the like, as FTS5's ``remove_diacritics`` folds Latin letters (not Cyrillic й or Kazakh қ)."""


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _pg_fold(value: str) -> str:
    return _fold(value).translate(_LATIN_BASE)


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
    """Add a document to the full-text index (its old entry must have been deleted)."""
    terms = index_terms((title or "", body), lang)
    if conn.dialect.name == "postgresql":
        words = _pg_fold(f"{title or ''}\n{body}"[:PG_MAX_INDEXED_CHARS])
        conn.execute(text("INSERT INTO documents_fts(doc_id, vector) VALUES (:i, "
                          "setweight(to_tsvector('simple', :w), 'A') || setweight(to_tsvector('simple', :b), 'B'))"),
                     {"i": doc_id, "w": words, "b": _pg_fold(terms[:PG_MAX_INDEXED_CHARS])})
    elif conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO documents_fts(doc_id, title, text, terms) VALUES (:i, :t, :x, :b)"),
                     {"i": doc_id, "t": title or "", "x": body, "b": terms})


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


def _pg_quoted(term: str) -> str:
    return "'" + term.replace("'", "''") + "'"


def pg_tsquery(query: str) -> str:
    """The PostgreSQL ``tsquery`` (for ``to_tsquery('simple', …)``) of :func:`fts_query`'s groups.

    A word matches itself anywhere (weights A and B), a base form matches
    the base forms only (weight B); ``школ*`` is a prefix.  Every word is
    quoted, so ``&``, ``|``, ``!`` in the query are plain text.
    """
    groups = []
    for raw in query.split()[:MAX_QUERY_WORDS]:
        prefix = raw.endswith("*")
        for match in _WORD.finditer(raw):
            word = _pg_fold(match.group())
            star = prefix and match.end() == len(raw.rstrip("*"))
            alternatives = [_pg_quoted(word) + (":*" if star else "")]
            if not star:
                alternatives += [_pg_quoted(_pg_fold(base)) + ":B" for base in sorted(word_bases(word) - {word})]
            groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


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
