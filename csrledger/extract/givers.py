"""Givers named without a legal form: capitalised Latin names before a giving verb.

English news names companies bare ("PetroChina and its subsidiaries donated",
"JAC and Allure allocated 100 mln tenge").  A capitalised Latin name right
before a giving verb of ``companies.toml`` (``giving_verbs``), with the names a
list joins to it, is an organisation, once the people and places of the text
are known: a name that is one of them, or has a person's given name or
surname shape, is left to them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from csrledger.extract.companies import _LATIN_RUN, LANGS, _acceptable, _patterns, _table
from csrledger.extract.orgnames import known_org
from csrledger.extract.persons import looks_like_person
from csrledger.model import Company, Person, Place, TextView

_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\Z")


@lru_cache(maxsize=1)
def _giving_verb() -> re.Pattern[str]:
    verbs = [v for lang in LANGS for v in _table()[lang]["giving_verbs"]]
    alternation = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    return re.compile(rf"(?:\s+and\s+its\s+subsidiaries)?(?:\s+(?:also|jointly|together|has|have|had|will))?"
                      rf"\s+(?:{alternation})(?![\w-])(?!\s+(?:by|from)\b)")   # "funded from the budget": passive


def givers_before_verbs(view: TextView, persons: list[Person], places: list[Place],
                        companies: list[Company]) -> list[Company]:
    """The names right before a giving verb, and those listed before them."""
    text, pats = view.text, _patterns()
    taken = [(m.start, m.end) for m in (*persons, *places, *companies)]
    starts = frozenset(s.start for s in view.sentences)
    runs = list(_LATIN_RUN.finditer(text))
    out: list[Company] = []
    for k, m in enumerate(runs):
        if not _giving_verb().match(text, m.end()):
            continue
        chain = [m]
        while k > 0 and _LIST_JOIN.match(text, runs[k - 1].end(), chain[0].start()):
            k -= 1
            chain.insert(0, runs[k])
        for run in chain:
            words = run.group().split(" ")
            skip = 0
            while skip < len(words) and words[skip] in pats.leading:
                skip += 1
            start = run.start() + sum(len(w) + 1 for w in words[:skip])
            name = text[start:run.end()]
            alone = len(chain) == 1 and len(words) - skip == 1 and start in starts   # "Astana donated"
            if (skip == len(words) or alone or any(a < run.end() and start < b for a, b in taken)
                    or looks_like_person(name) or not _acceptable(name, "company", pats)):
                continue
            known = known_org(name, "company")
            out.append(Company(name, start, run.end(), known.name if known else name, None,
                               known.kind if known else "company"))
    return out
