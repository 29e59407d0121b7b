"""Helpers for the records tests: documents with hand-placed mentions.

The records stage consumes the extractors' mentions; these tests build the
mentions themselves (by locating their text), so each rule of the assembler
is checked without depending on the extractors.
"""
from __future__ import annotations

import datetime as dt

from csrledger.model import Analysis, Company, DateMention, Document, Money, Person, Place, Quantity
from csrledger.pipeline import prepare
from csrledger.records.assemble import assemble_records


def at(text: str, part: str, nth: int = 0) -> tuple[str, int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return part, start, start + len(part)


def analysed(text: str, *, companies=(), persons=(), money=(), places=(), dates=(), quantities=(),
             url: str | None = None, lang: str | None = None, published: dt.date | None = None):
    """(document, analysis with records) for ``text`` and mentions given as tuples:
    companies (surface, name), persons (surface, name, role), money (surface, value[, currency]),
    places (surface, name, kind, region), dates (surface, from, to), quantities (surface, value, unit)."""
    doc = Document(id="t", text=text, url=url, lang=lang, published=published)
    view = prepare(doc)
    a = Analysis(id="t", lang=view.lang)
    a.companies = [Company(*at(text, s), name=n) for s, n in companies]
    a.persons = [Person(*at(text, s), name=n, role=r) for s, n, r in persons]
    a.money = [Money(*at(text, m[0]), value=m[1], currency=m[2] if len(m) > 2 else "KZT") for m in money]
    a.places = [Place(*at(text, s), name=n, place_kind=k, region=r) for s, n, k, r in places]
    a.dates = [DateMention(*at(text, s), from_=f, to=t) for s, f, t in dates]
    a.quantities = [Quantity(*at(text, s), value=v, unit=u) for s, v, u in quantities]
    a.records = assemble_records(view, a)
    return doc, a


def records_of(text: str, **mentions):
    return analysed(text, **mentions)[1].records
