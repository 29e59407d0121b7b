"""Assembling social-investment records from the mentions of a document.

Sentence by sentence: an action (triggers.py) reaches the nearest object
(objects.py) and the list it heads; the actor (sponsor.py), amount, place,
years, quantities and status (status.py) of the sentence are tied to each
object; sentences about commerce, taxes or labour make nothing (filters.py).
A record that restates an earlier one (the headline, then the body) is merged
into it, so each distinct object or action is one record with all the
sentences that state it as evidence.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import takewhile
from operator import attrgetter
from typing import Any

from csrledger.model import Analysis, Evidence, Money, Place, Record, Sentence, TextView
from csrledger.records.chunks import Chunk, split_chunks
from csrledger.records.facts import SentenceFacts
from csrledger.records.filters import exclusion
from csrledger.records.judge import Judge, Verdict, chunk_features, sentence_features, shipped_judge
from csrledger.records.lexicon import Lexicon, load_table
from csrledger.records.merge import MERGE_WINDOW, SAME_AMOUNT, Draft, merge_into, merge_restatements, merge_same_amounts
from csrledger.records.objects import (
    ObjectMention,
    beneficiary_sector,
    coordinated,
    describing,
    field_sector,
    find_beneficiaries,
    find_goods,
    find_objects,
    is_hypernym,
    is_movable,
    is_separator,
    plural,
    purpose_follows,
    refers_back,
    separators,
    uncountable,
)
from csrledger.records.sponsor import (
    FOUNDATION_KINDS,
    GENERIC,
    UNKNOWN,
    Actor,
    Sponsor,
    SponsorResolver,
    actionless_clauses,
    find_actors,
    gives_privately,
    is_contractor,
)
from csrledger.records.status import COMPLETED, PLANNED, PROMISE, action_status, cue_labels, cue_status
from csrledger.records.triggers import Trigger, find_triggers, passive
from csrledger.text.lang import LANGUAGES
from csrledger.text.morph import ru_parse
from csrledger.text.spans import SpanIndex, Spanned
from csrledger.text.words import Word

# Farthest an action reaches for its object, in words; a weak one ("support", "opened") reaches less far.
MAX_REACH = 16
MAX_REACH_WEAK = 5
# How many sentences after a record a lone amount ("the total cost was ...") still belongs to it,
# and a stated cost ("Its cost is ...", "Құны — ...").
AMOUNT_CARRY = 2
COST_CARRY = 4
# Work under way or promised is not dated this many years before the news: such a year is history.
HISTORY_YEARS = 6
# How many sentences apart a sum and its parts may be stated.
PART_REACH = 2
# Actions that give something by themselves (not building, opening, organising).
GIVING = ("fund", "donate", "transfer", "provide")
# Specific places locate an object better than the region around them.
_PLACE_RANK = {"village": 0, "locality": 0, "city": 0, "district": 1, "region": 2}
_CAPACITY_UNITS = ("place", "seat", "bed", "pupil", "student", "child")
# The judge's probability above which a sentence the rules made nothing of still makes a record.
JUDGED_RECORD = 0.5
# How sure the judge must be of a status to give it to a record whose text says nothing of it.
JUDGED_STATUS = 0.7
# The judge's probability above which a piece of a list that no table names (chunks.py) is a gift,
# in a sentence it gives at least this probability of stating a record (by 5-fold cross-validation on
# train/, 0.6 keeps every true piece that 0.5 finds and drops five false ones).
JUDGED_CHUNK = 0.6
CHUNK_SENTENCE = 0.2
# Words of their own two givers of a list may have between them ("Қостанайлық Allur, сарандық QazTehna").
MAX_GIVER_WORDS = 2
# Words between an amount and the word of source of its giver ("$4.5 million donation from").
MAX_SOURCE_WORDS = 3
# How many words of the text name a judged record's object when no table does.
_PHRASE_WORDS = 8


@lru_cache(maxsize=1)
def _totals() -> Lexicon:
    return Lexicon.from_table("aggregates", ("total",))


@lru_cache(maxsize=1)
def _costs() -> Lexicon:
    return Lexicon.from_table("aggregates", ("cost",))


@lru_cache(maxsize=1)
def _parts() -> Lexicon:
    return Lexicon.from_table("aggregates", ("parts",))


@lru_cache(maxsize=1)
def _serving() -> frozenset[str]:
    return frozenset(load_table("objects")["serving"])


@lru_cache(maxsize=1)
def _source() -> Lexicon:
    return Lexicon.from_section("sponsors", "source")


@lru_cache(maxsize=1)
def _respectively() -> Lexicon:
    return Lexicon.from_table("aggregates", ("respectively",))


# (action, anchor offset, objects): the objects an action reaches (None: a heading or a cost, no action)
_Group = tuple[Trigger | None, int, list[ObjectMention]]


_SEMICOLON = re.compile(";")
_LIST_BREAK = re.compile(r"[,;:]")
_BRACKET_OPENS = re.compile(r"\s*[(\[]\s*(?:[^\W\d]+\.?\s*){0,2}\Z")


def _restatements_dropped(text: str, money: list[Money]) -> list[Money]:
    """"1,2 млрд тенге ($2,6 млн)", "$2 mn (about 900 mn tenge)": an amount in brackets in another
    currency restates the one before it; the record keeps the tenge one."""
    out = list(money)
    for a, b in zip(money, money[1:], strict=False):
        if a.currency != b.currency and _BRACKET_OPENS.match(text, a.end, b.start) and a in out and b in out:
            out.remove(a if b.currency == "KZT" else b)
    return out


def _main_region(places: list[Place]) -> str | None:
    """The region the document is mostly about: its most mentioned region, the first on a tie."""
    counts = Counter(p.region for p in places if p.region)
    if not counts:
        return None
    best = max(counts.values())
    return next(p.region for p in places if p.region and counts[p.region] == best)


def _action_kind(s: SentenceFacts) -> str | None:
    """The kind of the sentence's act of giving, else of its first action."""
    return next((t.kind for t in s.triggers if t.kind in GIVING), s.triggers[0].kind if s.triggers else None)


class _Assembler:
    def __init__(self, view: TextView, analysis: Analysis, judge: Judge | None):
        self.view, self.analysis, self.judge = view, analysis, judge
        self.text = view.text
        self.resolver = SponsorResolver(view.doc, analysis)
        self.mentions: dict[str, SpanIndex[Any]] = {   # each sentence takes its own mentions
            kind: SpanIndex(getattr(analysis, kind))
            for kind in ("money", "places", "dates", "quantities", "companies", "persons")}
        self.main_region = _main_region(analysis.places)
        self.drafts: list[Draft] = []
        self.verdicts: dict[int, Verdict] = {}   # sentence start -> what the judge said of it
        self.block_status: str | None = None
        self.context_sector: str | None = None
        self.context_beneficiary: str | None = None
        # (sentence index, givers listed without their amount): a list of donors cut by the sentence splitter
        self.donors: tuple[int, list[Actor]] | None = None

    # -- per sentence -------------------------------------------------------------------------

    def run(self) -> list[Record]:
        sentences = [self._prepare(index, span) for index, span in enumerate(self.view.sentences)]
        contractors = [(c.start, c.end) for s in sentences
                       for c in self.mentions["companies"].inside(s.span.start, s.span.end)
                       if is_contractor(s.words, c.start, c.end)]
        self.resolver.find_main([a for s in sentences if s.triggers for a in s.actors],
                                [(s.span.start, s.span.end) for s in sentences if s.excluded] + contractors)
        for sent in sentences:
            if sent.words:
                before = len(self.drafts)
                self._records_of(sent)
                if self.judge is not None:   # a sentence's records are new drafts or merged into recent ones
                    recent = self.drafts[max(0, before - MERGE_WINDOW):]
                    made = any(e.start == sent.span.start for d in recent for e in d.record.evidence)
                    self._judged(sent, self.judge, made)
                self.resolver.observe(sent.index, sent.actors, bool(sent.triggers))
        # a gift no giver signs ("При школе открыта новая площадка", "В селе построили школу") is kept in a page
        # that reports a giver's gift already or whose actions name givers in general ("за счёт меценатов",
        # "демеушілер есебінен"); elsewhere (general news of openings, state building) it is dropped
        signed = (any(not d.tentative and d.record.sponsor_kind not in ("unknown", "state") for d in self.drafts)
                  or any(a.role == GENERIC for s in sentences if s.triggers for a in s.actors))
        if not signed:
            self.drafts = [d for d in self.drafts
                           if not d.tentative and not (d.record.sponsor_kind == "unknown" and d.record.amount is None)]
        for d in self.drafts:   # an officer named before we knew whom they act for
            company = self.resolver.employer.get(d.record.sponsor or "")
            if company and d.record.sponsor_kind == "person":
                d.record.sponsor, d.record.sponsor_kind = company.name, company.kind
        self.drafts = [d for d in merge_same_amounts(merge_restatements(self.drafts)) if self._plausible_giver(d)]
        self._link_parts()
        _specify(self.drafts, [o for s in sentences for o in s.objects])
        published = self.view.published
        for d in self.drafts:
            r = d.record
            verdict = self.verdicts.get(r.evidence[0].start)
            if not d.status_said and verdict is not None and verdict.p_status >= JUDGED_STATUS:
                r.status = verdict.status       # the text said nothing of it: the judge's reading
            if (published and r.status != COMPLETED and r.year_from is not None
                    and r.year_from < published.year - HISTORY_YEARS):
                r.year_from = r.year_to = None  # "здание школы 1974 года": history, not this work's year
            if r.year_from is None and published and r.status != PLANNED:
                r.year_from = published.year    # undated: the year the news reports it
            elif r.status == COMPLETED and (r.year_to or r.year_from or 0) > self.view.as_of.year:
                r.status = PLANNED              # "в 2026–2027 годах построит"
        return [d.record for d in self.drafts]

    def _link_parts(self) -> None:
        """Each part of a sum names its aggregate, so that no total counts the money twice: "7 млрд,
        в том числе 3,2 млрд на ... и 2,5 млрд на ..." (a parts word after the sum), or the parts
        first and "всего 7 млрд" after them.  Parts of one giver, together no more than the sum."""
        for k, whole in enumerate(self.drafts):
            w = whole.record
            if w.amount is None:
                continue
            ahead = []    # drafts are in the order of their first sentences: the later ones in reach follow k
            for j in range(k + 1, len(self.drafts)):
                if self.drafts[j].first - whole.sentence > PART_REACH:
                    break
                if self._parts_said(whole, self.drafts[j]):
                    ahead.append((j, self.drafts[j]))
            behind = [(j, d) for j, d in enumerate(self.drafts[:k])
                      if whole.first - d.sentence <= PART_REACH and d.first != whole.first] if w.aggregate else []
            left = w.amount * (1 + SAME_AMOUNT)
            for _, part in ahead or behind:
                r = part.record
                if (r.part_of is None and r.amount is not None and r.currency == w.currency and r.amount < w.amount
                        and r.amount <= left and r.sponsor in (None, w.sponsor) and not r.aggregate):
                    r.part_of, w.aggregate = k, True
                    left -= r.amount

    def _parts_said(self, whole: Draft, part: Draft) -> bool:
        """A parts word ("в том числе", "of which", "оның ішінде") between the sum and the part's amount."""
        after, before = self._amount_of(whole), self._amount_of(part)
        if (after is None or before is None or after.end > before.start
                or self.view.sentence_index(before.start) - self.view.sentence_index(after.end) > PART_REACH):
            return False
        return bool(_parts().find(self.view.words_in(after.end, before.start)))

    def _amount_of(self, draft: Draft) -> Money | None:
        """The mention of the record's amount in its evidence."""
        r = draft.record
        in_text_order = sorted(r.evidence, key=lambda e: e.start)
        return next((m for e in in_text_order for m in self.mentions["money"].inside(e.start, e.end)
                     if m.value == r.amount and m.currency == r.currency), None)

    def _plausible_giver(self, draft: Draft) -> bool:
        """A person gives as a benefactor, entrepreneur or officer, with an organisation named beside
        them, or with an amount an act of giving states ("donated 5 mln"); not "a monument to X",
        "X paid the bill", nor the patient whose treatment "needs 1.5 mln"."""
        record = draft.record
        if record.sponsor_kind != "person" or record.sponsor is None or (   # unnamed: "the entrepreneur"
                record.amount is not None and draft.kind in GIVING):
            return True
        if any(p.name == record.sponsor and gives_privately(p) for p in self.analysis.persons):
            return True
        return any(e.start <= c.start < e.end for e in record.evidence for c in self.analysis.companies)

    def _prepare(self, index: int, span: Sentence) -> SentenceFacts:
        words = self.view.words_in(span.start, span.end)
        lang = span.lang if span.lang in LANGUAGES else self.view.lang
        within = self.mentions
        money = _restatements_dropped(self.text, within["money"].inside(span.start, span.end))
        sent = SentenceFacts(index, span, lang, words, money, within["places"].inside(span.start, span.end),
                             within["dates"].inside(span.start, span.end),
                             within["quantities"].inside(span.start, span.end),
                             find_actors(self.text, words, within["companies"].inside(span.start, span.end),
                                         within["persons"].inside(span.start, span.end), lang))
        sent.heading = self.text[span.start:span.end].rstrip().endswith(":")
        hits = find_beneficiaries(words)
        sent.beneficiaries = [h.label for h in hits]
        sent.sector_hint = beneficiary_sector(hits)
        sent.field = field_sector(words)
        sent.excluded = exclusion(words, [(a.start, a.end) for a in sent.actors if a.role == "named"])
        sent.objects = [o for o in find_objects(self.text, span.start, words, lang)   # not "детского дома"
                        if not any(h.start <= o.start and o.end <= h.end and h.end - h.start > o.end - o.start
                                   for h in hits)]
        goods = any(not o.target and is_movable(o.label) for o in sent.objects)
        triggers = find_triggers(words, bool(money), goods) if words else []
        actions = {i for t in triggers for i in range(t.first, t.last + 1)}
        # what a relative clause says of something else is not the action's: neither its giver nor its time
        hidden = {k for clause in actionless_clauses(self.text, words, actions) for k in clause}
        if hidden:
            starts = [w.start for w in words]
            sent.actors = [a for a in sent.actors if bisect_right(starts, a.start) - 1 not in hidden]
        # a semicolon closes a describing clause ("equipment, including monitors; wheelchairs; a playground")
        ends = {k - 1 for k in range(1, len(words)) if ";" in self.text[words[k - 1].end:words[k].start]}
        described = describing(words, sent.objects, actions | ends)
        sent.objects = [o for k, o in enumerate(sent.objects) if k not in described]
        names = [(x.start, x.end) for x in sent.actors if x.role == "named"]
        sent.triggers = [t for t in triggers
                         if not any(a < t.end and t.start < b for a, b in names)   # "Samruk Fund"
                         and not _listed(self.text, words, t, sent.objects) and not _bare_infinitive(words, t, lang)]
        sent.total = bool(_totals().find(words))
        sent.cues = cue_labels([w for k, w in enumerate(words) if k not in hidden] if hidden else words)
        return sent

    def _records_of(self, s: SentenceFacts) -> None:
        if s.sector_hint:
            self.context_sector = s.sector_hint
            self.context_beneficiary = s.beneficiaries[0]
        if s.heading and not s.objects and (PLANNED in s.cues or PROMISE in s.cues):
            self.block_status = PLANNED
            return
        if not (s.triggers or s.money or s.heading) or s.excluded:
            return
        if any(t.kind in GIVING for t in s.triggers):      # "80 килограмм ет таратты": goods given by measure
            actions = {i for t in s.triggers for i in range(t.first, t.last + 1)}
            goods = find_goods(self.text, s.words, s.objects, actions,
                               s.sector_hint or self.context_sector or "social_support")
            s.objects = sorted(s.objects + goods, key=lambda o: o.start)
        groups = self._groups(s)
        if groups:
            money = list(s.money)
            pairing = _Pairing(_alternating(s), [a for a in s.actors if a.role == "named"])
            for trigger, anchor, objects in groups:
                self._object_records(s, trigger, anchor, objects, money, pairing)
        elif s.triggers and s.money:
            self._money_records(s)
        elif s.triggers:
            if not self._fill_sponsor(s):
                self._aid_record(s)
        elif s.money and self.donors and s.index - self.donors[0] <= AMOUNT_CARRY:
            self._pair_donors(s, self.donors[1], s.span.start)
        elif s.money:
            self._fill_amount(s)

    # -- which objects an action reaches -----------------------------------------------------

    def _groups(self, s: SentenceFacts) -> list[_Group]:
        """(action, anchor offset, objects) for each action and the list of objects it reaches."""
        objects = [o for o in s.objects if not refers_back(o) and (not o.generic or s.money)]
        blockers = {i for t in s.triggers for i in range(t.first, t.last + 1)}
        position = {id(o): k for k, o in enumerate(objects)}
        firsts = [o.first for o in objects]
        longest = max((o.last - o.first for o in objects), default=0)
        used: set[int] = set()
        groups: list[_Group] = []
        for trigger in s.triggers:
            passive_voice = passive(s.words, trigger)
            backward = s.lang != "en" or passive_voice
            reach = MAX_REACH_WEAK if trigger.weak else MAX_REACH
            # only the objects within reach are looked at: a sentence of many actions stays linear
            near = range(bisect_left(firsts, trigger.first - reach - longest),
                         bisect_right(firsts, trigger.last + reach))
            within = [(k, objects[k]) for k in near if k not in used]
            free = [(k, o) for k, o in within
                    if (o.activity or o.generic or not trigger.first <= o.first <= trigger.last)
                    and (backward or o.last >= trigger.first) and self._distance(trigger, o) <= reach
                    and (o.instrumental or not trigger.instrumental)]
            if not free and trigger.instrumental:   # "мектепті жабдықпен қамтамасыз етті": the gift unnamed
                supplied = [(k, replace(o, label=f"supplies for {o.label}")) for k, o in within
                            if not o.generic and self._distance(trigger, o) <= reach]
                if supplied:
                    k, obj = min(supplied, key=lambda ko: self._distance(trigger, ko[1]))
                    used.add(k)
                    groups.append((trigger, trigger.start, [obj]))
                continue
            if not free:
                continue
            # on a tie the object after the action, unless it is passive ("the kindergarten was renovated")
            k, _ = min(free, key=lambda ko: (ko[1].target, self._distance(trigger, ko[1]),
                                             (ko[1].first < trigger.first) != passive_voice))
            group = [o for o in coordinated(self.text, s.words, objects, k, blockers, s.lang)
                     if position[id(o)] not in used]
            used.update(position[id(o)] for o in group)
            groups.append((trigger, trigger.start, group))
        # An activity heading ("Landscaping of the city in 2023:"), or an object with its cost.
        standing = [o for k, o in enumerate(objects) if k not in used and o.activity and (s.heading or s.money)]
        if not standing and not s.triggers and s.money:
            standing = [o for o in objects if not o.generic][:1]
        if standing:
            k = position[id(standing[0])]
            groups.append((None, standing[0].start, [o for o in coordinated(self.text, s.words, objects, k, blockers,
                                                                            s.lang)
                                                     if position[id(o)] not in used]))
        if any(not o.target for _, _, g in groups for o in g):   # gifts named: recipients are no gifts
            groups = [(t, a, [o for o in g if not o.target]) for t, a, g in groups]
        return _spelled_out([(t, a, _distinct(g)) for t, a, g in groups if g], self.text, len(s.money))

    @staticmethod
    def _distance(trigger: Trigger, obj: ObjectMention) -> int:
        if obj.first > trigger.last:
            return obj.first - trigger.last
        return max(0, trigger.first - obj.last)

    # -- building records ----------------------------------------------------------------------

    def _object_records(self, s: SentenceFacts, trigger: Trigger | None, anchor: int,
                        objects: list[ObjectMention], money: list[Money], pairing: _Pairing) -> None:
        sponsor = self.resolver.resolve(s.index, s.actors, anchor)
        tentative = trigger is not None and trigger.weak and not sponsor.is_actor
        kind = trigger.kind if trigger else None
        status = action_status(s.words, trigger, s.lang, s.cues) or self.block_status
        co_givers = self._co_givers(s, pairing.named, anchor, sponsor) if not money else []
        if co_givers:   # "Allur, QazTehna және Qarmet компаниялары ... аударды": a record for each giver
            for giver in co_givers:
                for obj in objects:
                    self._add(s, giver, [obj], None, status, False, False, kind)
            return
        if len(objects) > 1 and len(money) == 1:
            self._add(s, sponsor, objects, money.pop(), status, True, tentative, kind)
            return
        if len(objects) > 1 and any(o.goods for o in objects):   # "50 tonnes of hay and 300 food parcels": one delivery
            self._add(s, sponsor, objects, money.pop() if money else None, status, False, tentative, kind)
            return
        for obj in objects:
            amount = pairing.alternate.get(obj.start)
            if amount in money:
                money.remove(amount)
            else:
                amount = self._take_amount(s, obj, money)
            self._add(s, sponsor, [obj], amount, status,
                      s.total or obj.generic or bool(obj.count and obj.count > 1), tentative, kind)

    def _co_givers(self, s: SentenceFacts, named: list[Actor], anchor: int, sponsor: Sponsor) -> list[Sponsor]:
        """The givers of a list that ends with the actor of the action, if there are several
        (``named``: the sentence's named actors, in text order)."""
        named = named[:bisect_right(named, anchor, key=attrgetter("end"))]
        if len(named) < 2 or named[-1].name != sponsor.name:
            return []
        chain = [named[-1]]
        for actor in reversed(named[:-1]):
            if not self._listed_together(s, actor, chain[0]):
                break
            chain.insert(0, actor)
        givers = list(dict.fromkeys(Sponsor(a.name, a.kind) for a in chain))
        return givers if len(givers) > 1 else []

    def _listed_together(self, s: SentenceFacts, left: Actor, right: Actor) -> bool:
        """Two names joined by a comma or a list word, with at most a word or two of their own
        between ("Қостанайлық Allur, сарандық QazTehna")."""
        gap = [w for w in s.words if left.end <= w.start and w.end <= right.start]
        joins = {i for h in separators().find(gap) for i in range(h.first, h.last + 1)}
        comma = re.search(r"[,;]", self.text[left.end:right.start]) is not None
        return (comma or bool(joins)) and len(gap) - len(joins) <= MAX_GIVER_WORDS

    def _take_amount(self, s: SentenceFacts, obj: ObjectMention, money: list[Money]) -> Money | None:
        """The amount of ``obj``: one that says it pays for it ("2,5 млрд тенге — на покупку
        квартир"), else the nearest not yet given to another object of the sentence.  A semicolon
        parts them: "... потрачено 92 млн; на третий – по созданию центра – выделил 185 млн": 185."""
        def apart(m: Money, o: ObjectMention) -> bool:
            low, high = (o.end, m.start) if m.start >= o.end else (m.end, o.start)
            return ";" in self.text[low:high]

        def paid_for(m: Money) -> ObjectMention | None:
            if not purpose_follows(s.words, m.end):
                return None
            return next((o for o in s.objects if o.start >= m.end and not apart(m, o)), None)
        own = [m for m in money if paid_for(m) == obj]
        free = own or [m for m in money if paid_for(m) in (None, obj)]
        if not free:
            return None
        best = min(free, key=lambda m: (apart(m, obj), abs(m.start - obj.end) if m.start >= obj.end
                                        else obj.start - m.end + 1))
        money.remove(best)
        return best

    def _money_records(self, s: SentenceFacts) -> None:
        """An action with amounts and no object: each named giver with the amount after it; a cost
        with no giver of its own ("Стоимость строительства — 900 млн") is the cost of a record before."""
        if not any(a.role == "named" for a in s.actors) and _costs().find(s.words) and self._fill_amount(s):
            return
        trigger = s.triggers[0]
        named = [a for a in s.actors if a.role == "named"]
        beneficiary = s.beneficiaries[0] if s.beneficiaries else self.context_beneficiary
        label = f"aid to {beneficiary}" if beneficiary else "donation"
        sector = s.sector_hint or s.field or self.context_sector or self._last_sector()
        if sector is None and not beneficiary:
            if not (PROMISE in s.cues or self._to_a_foundation(s, trigger)):
                return  # money changing hands with nothing social named so far: a purchase, a deal
            sector = "mixed"   # under a memorandum, or given to a foundation: social, field unsaid
        sector = sector or "other"
        status = action_status(s.words, trigger, s.lang, s.cues) or self.block_status
        if len(named) >= 2 and len(s.money) >= 2:
            self._pair_donors(s, [], s.span.start, label, sector, status)
            return
        sponsor = self.resolver.resolve(s.index, s.actors, trigger.start)
        last = self.drafts[-1] if self.drafts else None
        if (last and last.sentence >= s.index - AMOUNT_CARRY and last.record.amount is None
                and (last.record.sponsor in (None, sponsor.name) or not s.actors)):
            self._fill_sponsor(s)   # "Проект финансирует ТОО «X», стоимость – ...": giver and cost
            self._fill_amount(s)    # "The company funded the construction, which cost ..."
            return
        if sponsor is UNKNOWN or not s.actors:
            return
        self._add_plain(s, sponsor, label, sector, s.money[0], status,
                        s.total or sponsor.kind == "aggregate" or trigger.kind == "collect")

    def _to_a_foundation(self, s: SentenceFacts, trigger: Trigger) -> bool:
        """A foundation named after the action receives its money ("contributed 2 bn to the X fund")."""
        return any(c.org_kind in FOUNDATION_KINDS and c.start > trigger.end
                   for c in self.mentions["companies"].inside(s.span.start, s.span.end))

    def _pair_donors(self, s: SentenceFacts, pending: list[Actor], start: int, label: str | None = None,
                     sector: str | None = None, status: str | None = None) -> None:
        """"X перевело 70 млн, Y — 50 млн, Z — 5 млн": each giver with the amount after it;
        givers still waiting for theirs (``pending``) come first."""
        last = self.drafts[-1].record if self.drafts else None
        label = label or (last.object if last else "donation")
        sector = sector or (last.sector if last else "other")
        status = status or (last.status if last else None)
        sourced = [] if pending else self._sourced(s)
        for paid, actor in sourced:     # "$24.2 million from X, a $4.5 million donation from Y"
            self._add_plain(s, Sponsor(actor.name, actor.kind), label, sector, paid, status, False)
        if sourced:
            return
        givers = [(start, a) for a in pending] + [(a.start, a) for a in s.actors if a.role == "named"]
        if (not pending and len(givers) == len(s.money) and _respectively().find(s.words)
                and givers[-1][1].end <= s.money[0].start):
            for (_, a), share in zip(givers, s.money, strict=True):   # "X and Y gave 10 bn and 6 bn respectively"
                self._add_plain(s, Sponsor(a.name, a.kind), label, sector, share, status, False)
            return
        unpaid = []
        for (pos, a), nxt in zip(givers, givers[1:] + [(None, None)], strict=False):   # givers may be none
            amount = next((m for m in s.money if m.start >= max(pos, a.end)
                           and (nxt[0] is None or m.start < nxt[0])), None)
            if amount:
                self._add_plain(s, Sponsor(a.name, a.kind), label, sector, amount, status, False)
            else:
                unpaid.append(a)
        self.donors = (s.index, unpaid) if unpaid else None

    @staticmethod
    def _sourced(s: SentenceFacts) -> list[tuple[Money, Actor]]:
        """Each amount with the named giver a word of source brings in right after it ("$4.5 million
        donation from Beeline"), if every amount of the sentence has one; else none."""
        named = [a for a in s.actors if a.role == "named"]
        named_starts = [a.start for a in named]
        word_starts = [w.start for w in s.words]
        pairs = []
        for k, m in enumerate(s.money):
            stop = s.money[k + 1].start if k + 1 < len(s.money) else s.span.end
            i = bisect_left(named_starts, m.end)
            if i == len(named) or named[i].start >= stop:
                return []
            actor = named[i]
            between = s.words[bisect_left(word_starts, m.end):bisect_left(word_starts, actor.start)]
            if len(between) > MAX_SOURCE_WORDS or not any(_source().match_at(between, j) for j in range(len(between))):
                return []
            pairs.append((m, actor))
        return pairs

    def _fill_sponsor(self, s: SentenceFacts) -> bool:
        """"... в АО «X», которое финансирует работы": the giver of the record just before."""
        named = [a for a in s.actors if a.role == "named"]
        last = self.drafts[-1] if self.drafts else None
        if named and last and last.sentence >= s.index - 1 and last.record.sponsor is None:
            last.record.sponsor, last.record.sponsor_kind = named[0].name, named[0].kind
            last.tentative = False
            last.record.evidence.append(Evidence(s.span.start, s.span.end))
            return True
        return False

    def _aid_record(self, s: SentenceFacts) -> None:
        """"Фонд помог многодетным семьям": a gift with no object named, known by whom it helped."""
        trigger = next((t for t in s.triggers if t.kind in GIVING), None)
        if trigger is None or not s.beneficiaries:
            return
        sponsor = self.resolver.resolve(s.index, s.actors, trigger.start)
        if sponsor.is_actor:
            status = action_status(s.words, trigger, s.lang, s.cues) or self.block_status
            draft = self._draft(s, sponsor, f"aid to {s.beneficiaries[0]}", f"aid to {s.beneficiaries[0]}",
                                s.sector_hint or "social_support", None, status, False, [])
            draft.vague, draft.kind = True, trigger.kind
            merge_into(self.drafts, draft)

    def _judged(self, s: SentenceFacts, judge: Judge, made: bool) -> None:
        """Records the rules did not make, where the learned judge says the sentence states them:
        the pieces of a list no table names (:meth:`_chunked`), else one record of the sentence
        (a gift told in other words).  Sector from the judge; giver, amount, place, years by the rules.
        ``made``: whether the rules made a record of the sentence."""
        published = self.view.published
        verdict = judge.judge(s, sentence_features(s, made=made,
                                                   published_year=published.year if published else None))
        if verdict is not None:
            self.verdicts[s.span.start] = verdict
        if s.excluded or not (s.triggers or s.heading) or (verdict is not None and verdict.p_record < CHUNK_SENTENCE):
            chunked = False     # (a recording judge gives no verdict: training sees every piece)
        else:
            chunked = self._chunked(s, made, judge)
        if verdict is None or made or chunked or s.excluded or verdict.p_record < JUDGED_RECORD:
            return
        trigger = s.triggers[0] if s.triggers else None
        sponsor = self.resolver.resolve(s.index, s.actors, trigger.start if trigger else s.span.end)
        tenge = [m for m in s.money if m.currency == "KZT"] or s.money
        obj = next((o for o in s.objects if not o.target and not o.generic), None)
        label = obj.label if obj else (f"aid to {s.beneficiaries[0]}" if s.beneficiaries
                                       else _phrase_after(self.text, s, trigger))
        status = action_status(s.words, trigger, s.lang, s.cues) or self.block_status
        if obj is not None and not obj.generic:
            sector = obj.sector
        else:   # generic projects or no object: whom it helps, the field named, else the judge's reading
            sector = s.sector_hint or s.field or (obj.sector if obj else verdict.sector)
        named = [a for a in s.actors if a.role == "named"]
        givers = (self._co_givers(s, named, trigger.start, sponsor) if trigger and not tenge else []) or [sponsor]
        for giver in givers:   # "Allur, QazTehna және Qarmet компаниялары ... аударды": each of them
            draft = self._draft(s, giver, label, label, sector, tenge[0] if tenge else None, status,
                                s.total or (obj is not None and obj.generic), [])
            draft.vague, draft.kind = obj is None, _action_kind(s)
            merge_into(self.drafts, draft)

    def _chunked(self, s: SentenceFacts, made: bool, judge: Judge) -> bool:
        """A record for each piece of the sentence that holds no object the tables know and that
        the judge reads as a gift ("... пожарное депо", "кабинет Монтессори для интерната")."""
        known = [o for o in s.objects if not o.target]
        trigger = s.triggers[0] if s.triggers else None
        semicolons = [m.start() for m in _SEMICOLON.finditer(self.text, s.span.start, s.span.end)]
        found = False
        for chunk in split_chunks(self.text, s.words):
            if any(chunk.start <= o.start < chunk.end for o in known) or self._for_whom(s, chunk):
                continue
            verdict = judge.judge_chunk(s, chunk, chunk_features(s, chunk, made=made))
            if verdict is None or verdict.p_object < JUDGED_CHUNK:
                continue
            label = self._chunk_label(s, chunk, trigger)
            if label is None:
                continue
            sponsor = self.resolver.resolve(s.index, s.actors, trigger.start if trigger else chunk.start)
            money = [m for m in s.money if chunk.start <= m.start < chunk.end] or self._clause_amount(s, chunk,
                                                                                                   semicolons)
            status = action_status(s.words, trigger, s.lang, s.cues) or self.block_status
            sector = beneficiary_sector(find_beneficiaries(s.words[chunk.first:chunk.last + 1])) or verdict.sector
            draft = self._draft(s, sponsor, label, label, sector, money[0] if money else None, status, False, [])
            draft.kind = _action_kind(s)
            place = self._place_in(s.places, chunk)
            if place is not None:
                draft.record.region, draft.record.place, draft.place_kind = place.region, place.name, place.place_kind
            merge_into(self.drafts, draft)
            found = True
        return found

    def _clause_amount(self, s: SentenceFacts, chunk: Chunk, semicolons: list[int]) -> list[Money]:
        """The one amount of the piece's clause between semicolons (``semicolons``: their offsets in
        the sentence, in order; "по оснащению центра – закуплено оборудование на 64 млн; ..."), unless
        a record of the sentence has it already."""
        k = bisect_left(semicolons, chunk.start)
        start = semicolons[k - 1] + 1 if k else s.span.start
        j = bisect_left(semicolons, chunk.end)
        end = semicolons[j] if j < len(semicolons) else s.span.end
        if not k and j == len(semicolons):
            return []       # no semicolon around it: the sentence is one clause, its amounts are the rules'
        starts = [m.start for m in s.money]
        inside = s.money[bisect_left(starts, start):bisect_left(starts, end)]
        taken = {(d.record.amount, d.record.currency) for d in self.drafts[-MERGE_WINDOW:]
                 if any(e.start == s.span.start for e in d.record.evidence)}
        return inside if len(inside) == 1 and (inside[0].value, inside[0].currency) not in taken else []

    @staticmethod
    def _for_whom(s: SentenceFacts, chunk: Chunk) -> bool:
        """A piece that opens with its beneficiaries ("малообеспеченным семьям района") names whom a
        gift helped, not the gift."""
        hits = find_beneficiaries(s.words[chunk.first:chunk.last + 1])
        return bool(hits) and hits[0].first == 0

    def _chunk_label(self, s: SentenceFacts, chunk: Chunk, trigger: Trigger | None) -> str | None:
        """The piece's words after the action, organisation and place it may hold ("подарило посёлку
        Талгар батуты": "батуты"): what was given, as the text says it."""
        end = chunk.end
        spans: tuple[Spanned, ...] = (*s.actors, *s.places,   # and the organisations it names, recipients too
                                      *self.mentions["companies"].inside(chunk.start, chunk.end))
        ends = [m.end for m in spans if chunk.start <= m.start and m.end < chunk.end]
        if trigger and chunk.start <= trigger.start < chunk.end:
            if self.text[trigger.end:chunk.end].strip():
                ends.append(trigger.end)
            else:
                end = trigger.start       # "... батуттар сыйлады": the action closes the piece
        label = self.text[max([chunk.start, *(e for e in ends if e < end)]):end].strip(" ,«»\"'“”")
        return label or None

    def _fill_amount(self, s: SentenceFacts) -> bool:
        """"The total cost of the action was ...": the amount of the record just before, or of the
        record last stated a few sentences back when the sentence names a cost ("Құны — 1,2 млрд")."""
        carry = COST_CARRY if _costs().find(s.words) else AMOUNT_CARRY
        recent = [d for d in self.drafts if d.sentence >= s.index - carry]
        last = max(recent, key=lambda d: d.sentence) if carry == COST_CARRY and recent else (
            self.drafts[-1] if self.drafts else None)
        if not (last and last.sentence >= s.index - carry and last.record.amount is None):
            return False
        last.record.amount, last.record.currency = s.money[0].value, s.money[0].currency
        if all(e.start != s.span.start for e in last.record.evidence):
            last.record.evidence.append(Evidence(s.span.start, s.span.end))
        last.sentence = s.index
        return True

    def _last_sector(self) -> str | None:
        return self.drafts[-1].record.sector if self.drafts else None

    def _add(self, s: SentenceFacts, sponsor: Sponsor, objects: list[ObjectMention], amount: Money | None,
             status: str | None, aggregate: bool, tentative: bool, kind: str | None) -> None:
        sectors = {o.sector for o in objects}
        goods = [o.sector for o in objects if o.goods]
        sector = sectors.pop() if len(sectors) == 1 else goods[0] if goods else "mixed"
        if (sector == "employment" and s.sector_hint) or (sector in ("social_support", "mixed")
                                                          and s.sector_hint == "emergency"):
            sector = s.sector_hint   # supplements for doctors are health, coal or repairs for flood victims emergency
        if sector == "mixed" and s.field:
            sector = s.field         # "по линии образования реализовано семь проектов": education projects
        if len(objects) == 1:
            obj = objects[0]
            label = obj.label
            if obj.label in _serving():   # "автобус музыкальной школе": the school's sector; in a list, of the
                served = [o for o in s.objects if o.target and o.sector != "mixed"]   # recipient in its own item
                own = [o for o in served if not _LIST_BREAK.search(self.text, min(o.end, obj.end),
                                                                    max(o.start, obj.start))]
                sector = (own or served)[0].sector if served else sector
            quantities = self._quantities(s, obj)
            text = self._describe(obj, quantities)
        else:
            label = text = ", ".join(o.label for o in objects)
            quantities = []
        draft = self._draft(s, sponsor, label, text, sector, amount, status, aggregate, quantities)
        draft.count = objects[0].count if len(objects) == 1 else None
        draft.tentative = tentative
        draft.kind = kind
        merge_into(self.drafts, draft)

    def _add_plain(self, s: SentenceFacts, sponsor: Sponsor, label: str, sector: str, amount: Money,
                   status: str | None,
                   aggregate: bool) -> None:
        """A gift with no object named ("aid to flood victims", "donation")."""
        draft = self._draft(s, sponsor, label, label, sector, amount, status, aggregate, [])
        draft.vague = True
        draft.kind = _action_kind(s)
        merge_into(self.drafts, draft)

    def _draft(self, s: SentenceFacts, sponsor: Sponsor, label: str, text: str, sector: str,
               amount: Money | None, status: str | None, aggregate: bool, quantities: list[dict[str, Any]]) -> Draft:
        """A record of sentence ``s``; with no ``status`` the text gave, completed until the judge says."""
        place = self._place(s)
        year_from, year_to = self._years(s)
        record = Record(
            sponsor=sponsor.name, sponsor_kind=sponsor.kind, sector=sector, object=text,
            region=place.region if place else self.main_region, place=place.name if place else None,
            amount=amount.value if amount else None, currency=amount.currency if amount else None,
            status=status or COMPLETED, year_from=year_from, year_to=year_to,
            aggregate=aggregate or sponsor.kind == "aggregate",
            evidence=[Evidence(s.span.start, s.span.end)], quantities=quantities,
            beneficiaries=", ".join(dict.fromkeys(s.beneficiaries)) or None)
        return Draft(record, label, None, s.index, place_kind=place.place_kind if place else None,
                     alone=not s.actors and bool(s.triggers), first=s.index, status_said=status is not None)

    def _quantities(self, s: SentenceFacts, obj: ObjectMention) -> list[dict[str, Any]]:
        later = bisect_right(s.objects, obj.start, key=attrgetter("start"))    # objects are in text order
        stop = s.objects[later].start if later < len(s.objects) else s.span.end
        near = s.quantities[bisect_left(s.quantities, obj.start - 30, key=attrgetter("start")):]
        out = [{"value": q.value, "unit": q.unit} for q in takewhile(lambda q: q.start < stop, near)]
        if obj.count and not any(q["value"] == obj.count for q in out):
            out.insert(0, {"value": obj.count, "unit": obj.label})
        return out

    @staticmethod
    def _describe(obj: ObjectMention, quantities: list[dict[str, Any]]) -> str:
        text = obj.label
        if obj.count and obj.count > 1:
            text = f"{obj.label} ({obj.count})" if uncountable(obj.label) else f"{obj.count} {plural(obj.label)}"
        capacity = next((q for q in quantities if q["unit"] in _CAPACITY_UNITS), None)
        if capacity:
            text += f" for {capacity['value']:g} {plural(capacity['unit'])}"
        return text

    def _place(self, s: SentenceFacts) -> Place | None:
        return self._place_in(s.places, s.span)

    @staticmethod
    def _place_in(places: list[Place], span: Spanned) -> Place | None:
        """The most specific located place inside ``span`` (anything with ``start`` and ``end``)."""
        located = [p for p in places if p.region and p.place_kind in _PLACE_RANK
                   and span.start <= p.start and p.end <= span.end]
        if not located:
            return None
        return min(located, key=lambda p: (_PLACE_RANK[p.place_kind], p.start))

    def _years(self, s: SentenceFacts) -> tuple[int | None, int | None]:
        for d in s.dates:
            if d.from_ and d.from_[:4].isdigit():
                return int(d.from_[:4]), int(d.to[:4]) if d.to and d.to[:4].isdigit() else None
        return None, None


@dataclass(frozen=True)
class _Pairing:
    """What every action of a sentence asks when it pairs givers and amounts with its objects."""

    alternate: dict[int, Money]     # _alternating
    named: list[Actor]              # the named actors, in text order


def _alternating(s: SentenceFacts) -> dict[int, Money]:
    """Amounts and objects that alternate through a sentence pair up in order: "3,2 млрд — на школу,
    2,5 млрд — на больницу" (each amount before its object), "a school for 3.2 bn and a hospital for
    2.5 bn" (after it).  Object start -> its amount; empty unless the sentence alternates throughout."""
    objects = [o for o in s.objects if not o.target]
    if len(objects) < 2 or len(s.money) != len(objects):
        return {}
    items = sorted([(o.start, "o", o) for o in objects] + [(m.start, "m", m) for m in s.money], key=lambda t: t[0])
    kinds = "".join(k for _, k, _ in items)
    if kinds not in ("mo" * len(objects), "om" * len(objects)):
        return {}
    # They alternate, so the k-th object (in text order) pairs with the k-th amount, whichever comes first.
    ordered = sorted(objects, key=lambda o: o.start)
    amounts = sorted(s.money, key=lambda m: m.start)
    return {o.start: m for o, m in zip(ordered, amounts, strict=True)}


def _spelled_out(groups: list[_Group], text: str, amounts: int) -> list[_Group]:
    """"направили на благотворительность 2 млрд: построены спортплощадки, отремонтированы
    школы": the objects after the colon say what the generic total paid for — one group."""
    if amounts != 1 or len(groups) < 2 or not all(o.generic for o in groups[0][2]):
        return groups
    colon = text.find(":", groups[0][2][-1].end, groups[1][2][0].start)
    if colon < 0:
        return groups
    return [(groups[0][0], groups[0][1], [o for _, _, g in groups[1:] for o in g])]


def _specify(drafts: list[Draft], objects: list[ObjectMention]) -> None:
    """A record of a kind of facility ("учебное заведение возведут ...") is of the kind of its sector
    the document names most ("школа", three times), when one kind is named most: the page's school."""
    named = Counter((o.sector, o.label) for o in objects if not (o.generic or is_hypernym(o.label)))
    for d in drafts:
        if not is_hypernym(d.label):
            continue
        ranked = sorted(((n, label) for (sector, label), n in named.items() if sector == d.record.sector), reverse=True)
        if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
            d.record.object = d.record.object.replace(d.label, ranked[0][1])
            d.label = ranked[0][1]


def _distinct(objects: list[ObjectMention]) -> list[ObjectMention]:
    """One object per label ("landscaping ... with 7,100 green spaces" is one landscaping), and
    generic ones ("according to the project") only when nothing specific is named."""
    specific = [o for o in objects if not o.generic]
    seen: dict[str, ObjectMention] = {}
    for o in specific or objects:
        seen.setdefault(o.label, o)
    return list(seen.values())


def _listed(text: str, words: list[Word], trigger: Trigger, objects: list[ObjectMention]) -> bool:
    """A nominal action inside a list of objects ("roads, repairs and lighting") is an item of it."""
    before = objects[bisect_right(objects, trigger.start, key=attrgetter("end")) - 1] if objects else None
    after = bisect_left(objects, trigger.end, key=attrgetter("start"))      # objects are in text order
    return bool((before and before.end <= trigger.start and is_separator(text, words, before.end, trigger.start))
                or (after < len(objects) and is_separator(text, words, trigger.end, objects[after].start)))


def _bare_infinitive(words: list[Word], trigger: Trigger, lang: str) -> bool:
    """A Russian infinitive with no intention around it ("знают, как возводить") is not an action."""
    if lang != "ru" or "INFN" not in ru_parse(words[trigger.first].fold).tag:
        return False
    return cue_status(words) != PLANNED


def _phrase_after(text: str, s: SentenceFacts, trigger: Trigger | None) -> str:
    """The words that follow the action (or open the sentence), up to a clause break: what was given,
    as the text says it, when no table names it."""
    start = trigger.end if trigger else s.span.start
    words = [w for w in s.words if w.start >= start][:_PHRASE_WORDS]
    out: list[Word] = []
    for w in words:
        if out and re.match(r"[,;:.!?()«»\"—–-]", text[out[-1].end:w.start].strip() or w.text):
            break
        out.append(w)
    return text[out[0].start:out[-1].end] if out else text[s.span.start:s.span.end][:60]


def assemble_records(view: TextView, analysis: Analysis, judge: Judge | None = None) -> list[Record]:
    """The social-investment records of one analysed document; ``judge`` defaults to the shipped model."""
    return _Assembler(view, analysis, judge or shipped_judge()).run()

