"""Givers named without a legal form: capitalised Latin names before a giving verb or in a list of givers.

English news names companies bare ("PetroChina and its subsidiaries donated",
"JAC and Allure allocated 100 mln tenge").  A capitalised Latin name right
before a giving verb of ``companies.toml`` (``giving_verbs``), with the names a
list joins to it, is an organisation; so is every name of a list that a plural
kind word opens ("companies, including Kazakhmys, AltynAlmas and RBC Bank",
``list_cues_before``) — once the people and places of the text are known: a
name that is one of them, or has a person's given name or surname shape, is
left to them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from csrledger.extract.companies import _LATIN_RUN, LANGS, _acceptable, _patterns, _table, list_joins
from csrledger.extract.orgnames import known_org
from csrledger.extract.persons import looks_like_person
from csrledger.model import Company, Person, Place, TextView


@lru_cache(maxsize=1)
def _list_join() -> re.Pattern[str]:
    """What joins two bare names of a list: a comma, a join word (``list_joins``), or both."""
    return re.compile(rf"\s*(?:,\s*(?:(?:{list_joins()})\s+)?|\s+(?:{list_joins()})\s+)\Z")


@lru_cache(maxsize=1)
def _giving_verb() -> re.Pattern[str]:
    verbs = [v for lang in LANGS for v in _table()[lang]["giving_verbs"]]
    alternation = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    return re.compile(rf"(?:\s+and\s+its\s+subsidiaries)?(?:\s+(?:also|jointly|together|has|have|had|will))?"
                      rf"\s+(?:{alternation})(?![\w-])(?!\s+(?:by|from)\b)")   # "funded from the budget": passive


@lru_cache(maxsize=1)
def _list_cue() -> re.Pattern[str]:
    """A plural kind word that opens a list of names ("companies, including", "компании, в том числе")."""
    cues = [c for lang in LANGS for c in _table()[lang].get("list_cues_before", [])]
    alternation = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?i:(?<!\w)(?:{alternation}))\s+\Z")


def _chains(text: str, runs: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Runs of names that a giving verb follows (with the names listed before them), or that a
    list cue opens (with the names listed after it)."""
    chains = []
    for k, m in enumerate(runs):
        if _giving_verb().match(text, m.end()):
            chain = [m]
            while k > 0 and _list_join().match(text, runs[k - 1].end(), chain[0].start()):
                k -= 1
                chain.insert(0, runs[k])
            chains.append(chain)
        if _list_cue().search(text, max(0, m.start() - 40), m.start()):
            chain = [m]
            while k + 1 < len(runs) and _list_join().match(text, chain[-1].end(), runs[k + 1].start()):
                k += 1
                chain.append(runs[k])
            if len(chain) > 1:
                chains.append(chain)
    return chains


def givers_before_verbs(view: TextView, persons: list[Person], places: list[Place],
                        companies: list[Company]) -> list[Company]:
    """The names right before a giving verb and those listed before them; the names of a list a
    plural kind word opens."""
    text, pats = view.text, _patterns()
    taken = [(m.start, m.end) for m in (*persons, *companies)]
    placed = [(p.start, p.end) for p in places]   # a place word inside a longer name is the name's
    starts = frozenset(s.start for s in view.sentences)
    out: dict[int, Company] = {}
    for chain in _chains(text, list(_LATIN_RUN.finditer(text))):
        for run in chain:
            words = run.group().split(" ")
            skip = 0
            while skip < len(words) and words[skip] in pats.leading:
                skip += 1
            start = run.start() + sum(len(w) + 1 for w in words[:skip])
            name = text[start:run.end()]
            alone = len(chain) == 1 and len(words) - skip == 1 and start in starts   # "Astana donated"
            if (skip == len(words) or alone or start in out or any(a < run.end() and start < b for a, b in taken)
                    or any(a <= start and run.end() <= b for a, b in placed)
                    or looks_like_person(name) or not _acceptable(name, "company", pats)):
                continue
            known = known_org(name, "company")
            out[start] = Company(name, start, run.end(), known.name if known else name, None,
                                 known.kind if known else "company")
    return sorted(out.values(), key=lambda c: c.start)
