"""Restatements: the same investment told twice is one record.

News repeats itself: the headline, the lead and the body state the same gift
with more detail each time.  A new draft record merges into an earlier one
when nothing disagrees (object, giver, amount, count, place, year, done vs
promised); the sentence right after a record that adds an action of the same
sector with no actor of its own elaborates it; and, once the document is read
and every giver known, restatements are merged again and the same giver,
sector and amount twice is one record.
"""
from __future__ import annotations

from dataclasses import dataclass

from csrledger.model import Record
from csrledger.records.objects import is_hypernym
from csrledger.records.status import COMPLETED, PLANNED
from csrledger.text.normalize import fold

# Amounts this close (relative) are the same amount written twice ("491 млн" / "491 614 тыс.").
SAME_AMOUNT = 0.01
MERGE_WINDOW = 32      # drafts a new one may restate: twice the most a real article was seen to make


@dataclass
class Draft:
    """A record under construction, with what is needed to merge restatements into it."""

    record: Record
    label: str                  # the object's label: "kindergarten"
    count: int | None
    sentence: int               # the last sentence that stated it
    place_kind: str | None = None
    first: int = -1             # the first sentence that stated it
    tentative: bool = False     # an event with no giver yet: kept only if a later sentence names one
    alone: bool = False         # an action whose sentence names no actor: it may elaborate the record before
    vague: bool = False         # no object named, only whom it helped ("aid to large families")
    kind: str | None = None  # the action that made it (build, equip, ...)
    status_said: bool = True    # the text gave its status (a cue, a tense); else the judge decides


def _same(a: object, b: object) -> bool:
    return a is None or b is None or a == b


def compatible(old: Draft, new: Draft) -> bool:
    """Could ``new`` be ``old`` stated again?  Same object, and nothing that disagrees."""
    a, b = old.record, new.record
    # a gift told without its object right after a record ("«Береке» салып берді") is that record, whatever
    # sector its other words suggest
    near_vague = new.vague and new.sentence - old.sentence <= 1 and bool(a.sponsor) and a.sponsor == b.sponsor
    same_kind = (a.sector == b.sector or near_vague) and (old.vague or new.vague or is_hypernym(old.label)
                                                          or is_hypernym(new.label))
    if old.label != new.label and not same_kind:
        return False
    if (a.sponsor_kind == "state") != (b.sponsor_kind == "state") and "unknown" not in (a.sponsor_kind, b.sponsor_kind):
        return False    # a giver's gift is not state spending; an unknown giver may turn out to be the state
    if {a.status, b.status} == {COMPLETED, PLANNED}:
        return False
    if a.sponsor and b.sponsor and fold(a.sponsor) != fold(b.sponsor):
        return False
    if (a.amount is not None and b.amount is not None
            and abs(a.amount - b.amount) > SAME_AMOUNT * max(a.amount, b.amount)):
        return False
    place = _same(a.place, b.place) or old.place_kind != new.place_kind
    return place and all(_same(x, y) for x, y in ((old.count, new.count), (a.year_from, b.year_from),
                                                  (a.year_to, b.year_to)))


def elaborates(old: Draft, new: Draft) -> bool:
    """The sentence right after a record, naming no actor, adds detail of the same sector to it
    ("готова инвестировать в массовый спорт. Поддержка ... проведение соревнований ...")."""
    a, b = old.record, new.record
    return (new.alone and old.first < new.sentence <= old.sentence + 1 and (a.sector == b.sector or new.kind == "equip")
            and a.sponsor_kind != "state" and b.amount is None)


def merge(old: Draft, new: Draft) -> None:
    """Fold ``new`` into ``old``: fill what ``old`` lacks, add the evidence."""
    a, b = old.record, new.record
    if a.sponsor is None and (b.sponsor is not None or a.sponsor_kind == "unknown"):
        # the giver named at last decides whether this is one gift or a sum over many givers
        a.sponsor, a.sponsor_kind, a.aggregate = b.sponsor, b.sponsor_kind, b.aggregate
    for name in ("amount", "currency", "place", "region", "year_from", "year_to", "beneficiaries"):
        if getattr(a, name) is None:
            setattr(a, name, getattr(b, name))
    a.evidence.extend(e for e in b.evidence if e not in a.evidence)
    a.quantities.extend(q for q in b.quantities if q not in a.quantities)
    if (old.vague or is_hypernym(old.label)) and not (new.vague or is_hypernym(new.label)):
        old.label, a.object, a.sector, old.vague = new.label, b.object, b.sector, False
    if not old.status_said and new.status_said:
        a.status, old.status_said = b.status, True
    old.count = old.count or new.count
    old.sentence = new.sentence
    old.tentative = old.tentative and new.tentative


def merge_into(drafts: list[Draft], new: Draft, elaborating: bool = True) -> None:
    """Merge ``new`` into the latest draft it restates or elaborates (``elaborating``), else append it.
    Only the latest :data:`MERGE_WINDOW` drafts are looked at, so a document's cost stays linear in its length."""
    for old in reversed(drafts[-MERGE_WINDOW:]):
        if compatible(old, new) or (elaborating and elaborates(old, new)):
            merge(old, new)
            return
    drafts.append(new)


def merge_restatements(drafts: list[Draft]) -> list[Draft]:
    """Once the document is read, restatements again: a draft whose giver a later sentence named
    ("the akimat gives the plot ... the company hands the school over") may now restate an earlier one."""
    kept: list[Draft] = []
    for d in drafts:
        merge_into(kept, d, elaborating=False)
    return kept


def merge_same_amounts(drafts: list[Draft]) -> list[Draft]:
    """The same giver, sector and amount twice is one investment told in other words
    ("renovated the school for 35 mln" / "spent 35 mln on the extension")."""
    kept: list[Draft] = []
    first_of: dict[tuple[object, ...], Draft] = {}    # (amount, giver, sector, kind of giver) -> first draft
    for d in drafts:
        r = d.record
        key = (r.amount, r.sponsor, r.sector, r.sponsor_kind)
        twin = first_of.get(key) if r.amount is not None else None
        if twin:
            merge(twin, d)
        else:
            kept.append(d)
            first_of.setdefault(key, d)
    return kept
