"""The analysis pipeline: Document -> TextView -> mentions -> records -> Analysis.

Stages run in a fixed order and data flows one way; each extractor is a plain
function of the prepared text, so it can be tested and benchmarked alone.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from csrledger.extract.companies import eponymous_foundations, extract_companies, person_named, person_trimmed
from csrledger.extract.dates import extract_dates
from csrledger.extract.givers import givers_before_verbs
from csrledger.extract.money import extract_money
from csrledger.extract.persons import extract_persons, looks_like_person
from csrledger.extract.places import extract_places
from csrledger.extract.quantities import extract_quantities
from csrledger.model import Analysis, Document, Person, Place, TextView
from csrledger.records.assemble import assemble_records
from csrledger.records.judge import Judge
from csrledger.text.lang import LANGUAGES, detect
from csrledger.text.sentences import split_sentences
from csrledger.text.spans import SpanIndex
from csrledger.text.urls import date_in_url


def prepare(doc: Document) -> TextView:
    """Language, sentences and, for an undated page, the date its URL carries: what every extractor needs."""
    lang = doc.lang if doc.lang in LANGUAGES else detect(doc.text)
    url_date = None if doc.published else date_in_url(doc.url)
    return TextView(doc=doc, lang=lang, sentences=split_sentences(doc.text, document=lang), url_date=url_date)


def analyse(doc: Document, judge: Judge | None = None) -> Analysis:
    """Every mention and record of one document; ``judge`` replaces the shipped records model."""
    with _collector_paused():
        view = prepare(doc)
        analysis = extract_mentions(view)
        analysis.records = assemble_records(view, analysis, judge)
    return analysis


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A long document makes hundreds of thousands of short-lived objects, none in a reference cycle
    (counting references frees them); Python's cycle collector, which would walk them all again at
    every threshold, waits until the document is done, so time stays linear in its length."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def extract_mentions(view: TextView) -> Analysis:
    """The mentions of a prepared document, without records."""
    doc = view.doc
    companies = person_trimmed(extract_companies(view), looks_like_person)   # "JSC X Serik Akhmetov": X
    places = extract_places(view)
    persons = extract_persons(view, companies, places)   # names inside organisations and places are not people
    names = SpanIndex(persons)
    places = [p for p in places if not _inside_a_name(p, names)]   # "Асхат Оралов" names no Oral
    companies = person_named(companies, looks_like_person)
    companies = sorted(companies + eponymous_foundations(view, persons, companies)
                       + givers_before_verbs(view, persons, places, companies), key=lambda c: c.start)
    return Analysis(
        id=doc.id,
        lang=view.lang,
        money=extract_money(view),
        quantities=extract_quantities(view),
        dates=extract_dates(view),
        companies=companies,
        persons=persons,
        places=places,
    )


def _inside_a_name(place: Place, names: SpanIndex[Person]) -> bool:
    """A place word that is part of a longer person's name ("Оралов", "Қ.Сәтбаев")."""
    return any(q.end - q.start > place.end - place.start for q in names.covering(place.start, place.end))
