"""Are two reports about the same investment?  Rules first, then the texts.

``conflict`` names a reason two reports cannot be one investment: two
documents are never merged if they disagree on who (two sponsors in one
village are two events), what (a school is not a kindergarten; 600 places
are not 1,200), where, how much, or when (a delivery cannot precede its
promise; two openings years apart are two openings).  ``link`` then asks for
positive evidence beyond the sponsor — the same place, amount or capacity —
and for evidence sentences that say the same thing (an embedding cosine, or
a reprint's shared word triples); only when sponsor, object, place and a
figure or the year all agree are the texts not needed.  A report without a sponsor joins only on
stronger evidence.  The thresholds are explained in docs/events.md.
"""
from __future__ import annotations

from dataclasses import dataclass

from csrledger.events.keys import is_generic_object, is_settlement, is_specific_place, object_relation, place_relation
from csrledger.events.report import Report
from csrledger.events.text import Embedder, jaccard, shingles

REPRINT = 0.5          # estimated Jaccard of word triples: a reprint or a lightly edited copy
VERBATIM = 0.8         # ... and word for word
VERBATIM_MIN_WORDS = 8 # word triples a verbatim text needs (a short stock phrase proves nothing)
CONFIRM = 0.84         # cosine: the sentences tell the same story (translations score 0.87-0.91)
STRONG = 0.88          # cosine needed when nothing but sponsor, object and region agree
UNSIGNED = 0.90        # cosine needed for a report that names no sponsor and shares no figure
PROGRESSION = 0.80     # cosine for a promise and a later stage of it: same sponsor, object and town, told in
                       # other words ("will build" / "opened") than a translation is
CLOSE_AMOUNT = 0.05    # relative difference of two amounts that are one figure ("over 9 bn" / "9.2 bn")
FAR_AMOUNT = 2.0       # ratio of two amounts that cannot be one investment
FAR_QUANTITY = 1.25    # ratio of two capacities ("600 places" / "1,200 places") that are two objects
REPEAT_YEARS = 1       # two deliveries further apart are two deliveries
PROMISE_YEARS = 2      # two promises further apart are two promises
DELIVERY_YEARS = 6     # a promise delivered later than this is taken for another investment
LOOSE_SECTORS = ("mixed", "other")


def _ratio(a: float, b: float) -> float:
    low, high = sorted((abs(a), abs(b)))
    return high / low if low else float("inf")


def _quantities(a: Report, b: Report) -> tuple[bool, bool]:
    """(some capacity or count agrees, some disagrees) for units both reports state."""
    qa, qb = dict(a.quantities), dict(b.quantities)
    same = differ = False
    for unit in qa.keys() & qb.keys():
        if _ratio(qa[unit], qb[unit]) <= 1.0 + 1e-9:
            same = True
        elif _ratio(qa[unit], qb[unit]) > FAR_QUANTITY:
            differ = True
    return same, differ


def _years(a: Report, b: Report) -> str | None:
    early, late = sorted((a, b), key=lambda r: r.progress)
    ya, yb = early.event_year, late.event_year
    if ya is None or yb is None:
        return None
    if early.progress == late.progress:
        limit = PROMISE_YEARS if early.status == "planned" else REPEAT_YEARS
        if abs(ya - yb) > limit:
            return "years"
        ta, tb = early.target_year, late.target_year
        if ta and tb and abs(ta - tb) > REPEAT_YEARS:
            return "target years"
        return None
    if yb < ya:
        return "delivered before promised"
    if yb - ya > DELIVERY_YEARS:
        return "years"
    return None


def verbatim(a: Report, b: Report) -> bool:
    """The same evidence, word for word: a reprint, whose differing fields are the extraction's noise."""
    return jaccard(a.minhash, b.minhash) >= VERBATIM and len(shingles(a.evidence)) >= VERBATIM_MIN_WORDS


def conflict(a: Report, b: Report) -> str | None:
    """Why ``a`` and ``b`` cannot be one investment, or None.

    For a verbatim reprint only who and how much can disagree: the two
    records were read from the same sentences, so a different region or
    object is the extraction's mistake, not another investment.
    """
    if a.doc_id == b.doc_id:
        return "same document"
    if a.aggregate != b.aggregate and (a.label != b.label or is_generic_object(a.label)):
        return "aggregate and single"      # "20 houses" and "the houses" may be one gift; a sum and a school not
    if (a.sponsor_kind == "state") != (b.sponsor_kind == "state"):
        return "state and non-state"
    found = _who_and_how_much(a, b)
    if found:
        return found
    found = _what_where_when(a, b)
    if found and verbatim(a, b):
        return None
    return found


def _what_where_when(a: Report, b: Report) -> str | None:
    if a.sector != b.sector and a.sector not in LOOSE_SECTORS and b.sector not in LOOSE_SECTORS:
        return "sector"
    if a.region and b.region and a.region != b.region:
        return "region"
    if place_relation(a.place, b.place) == "different":
        return "place"
    if object_relation(a.label, b.label) == "different":
        return "object"
    if _quantities(a, b)[1]:
        return "capacity"
    return _years(a, b)


def _who_and_how_much(a: Report, b: Report) -> str | None:
    if a.sponsor_id.words and b.sponsor_id.words and not a.sponsor_id.matches(b.sponsor_id):
        return "sponsor"
    if a.amount_kzt and b.amount_kzt:
        far = FAR_AMOUNT if not a.aggregate else 1.0 + CLOSE_AMOUNT
        if _ratio(a.amount_kzt, b.amount_kzt) > far:
            return "amount"
    return None


@dataclass(frozen=True)
class Link:
    """Why two reports were taken for one investment; ``score`` ranks competing events."""

    score: float
    reasons: tuple[str, ...]


def link(a: Report, b: Report, embedder: Embedder, beat: float | None = None) -> Link | None:
    """The evidence that ``a`` and ``b`` are one investment, or None when it is not enough.

    Call only for reports without a ``conflict``.  The fields decide first;
    the text model is asked only when a cosine could still make the link,
    and not at all when the link could not score above ``beat`` (the best
    link the caller already has), so most pairs are never embedded.
    """
    reprint = jaccard(a.minhash, b.minhash)
    if reprint >= REPRINT:
        return Link(3.0 + reprint, ("reprint",))
    same_sponsor = a.sponsor_id.matches(b.sponsor_id)
    objects = object_relation(a.label, b.label)
    same_object = objects == "same" and not is_generic_object(a.label)
    # a place read from the page (the record names none) is a figure only beside a record that states it:
    # two records that both only inherit their pages' town say nothing about where either gift is
    same_place = (place_relation(a.place, b.place) == "same" and is_specific_place(a.place)
                  and not (a.place_from_document and b.place_from_document))
    stated_place = same_place and not a.place_from_document and not b.place_from_document
    same_amount = bool(a.amount_kzt and b.amount_kzt and _ratio(a.amount_kzt, b.amount_kzt) <= 1 + CLOSE_AMOUNT)
    same_capacity = _quantities(a, b)[0]
    figures = [name for name, hit in (("place", same_place), ("amount", same_amount), ("capacity", same_capacity))
               if hit]
    if not (same_object or (objects == "compatible" and (same_amount or same_capacity))):
        return None
    if not (figures or same_sponsor):
        return None
    same_time = a.event_year is not None and b.event_year is not None     # and close: no conflict said otherwise
    stated_town = stated_place and is_settlement(a.place)
    if same_sponsor and same_object and stated_place and (same_amount or same_capacity or same_time or stated_town):
        # who, what, where (stated by both) and a figure or the year all agree, or both name the same town or
        # village and nothing they state disagrees: the texts could only confirm it (the text model scores
        # look-alikes of one sponsor, object and town as high as translations, docs/events.md)
        reasons = ("sponsor", "object", *figures, *(["year"] if same_time else []))
        return Link(2.0 + len(figures), reasons)
    progression = same_sponsor and same_object and same_place and a.progress != b.progress
    needed = []
    if same_sponsor:
        if figures:
            needed.append(CONFIRM)
        if same_object and a.region and a.region == b.region:
            needed.append(STRONG)
        if progression:
            needed.append(PROGRESSION)
    else:
        # one report names no sponsor: the place, the object and a figure must agree, or the texts very nearly
        if same_place and same_object and (same_amount or same_capacity):
            needed.append(CONFIRM)
        if same_object and (same_place or same_amount):
            needed.append(UNSIGNED)
    if not needed or (beat is not None and len(figures) + same_sponsor + 1.0 <= beat):
        return None
    cosine = embedder.similarity(a.evidence, b.evidence)
    if cosine < min(needed):
        return None
    reasons = tuple(["sponsor"] * same_sponsor + ["object"] * same_object + figures
                    + ["progress"] * (progression and cosine < CONFIRM) + [f"text {cosine:.2f}"])
    return Link(len(figures) + same_sponsor + cosine, reasons)
