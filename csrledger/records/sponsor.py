"""Who gave: the actor of the action, across sentences.

In a sentence the giver nearest before the action wins (a company or person
before a state body or an anonymous crowd), else the first giver after it (a
memorandum "between the akimat and company X": X), else the first actor after it.
Actors are the named companies and people of the analysis (state
officials excepted) and the words of ``data/sponsors.toml``: anaphors
("компания", "the company", "серіктестік", "he") that point back to the last
named actor; the publisher speaking of itself ("we", "the Partnership"), which
is the company whose site the document's URL is; anonymous plural actors
("меценаты", "153 предпринимателя"), which make an aggregate; and state bodies
("акимат", "областной бюджет"), which make state spending.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from urllib.parse import urlparse

from rapidfuzz import fuzz

from csrledger.model import Analysis, Company, Document, Person
from csrledger.records.lexicon import LANGS, Lexicon, load_table
from csrledger.records.objects import is_plural
from csrledger.records.triggers import fund_words
from csrledger.text.morph import ru_lemma, ru_parse
from csrledger.text.normalize import fold
from csrledger.text.words import Word, kk_suffixes

NAMED, OFFICER, COMPANY_ANAPHOR, PERSON_ANAPHOR, SELF, GENERIC, STATE, NOT_ACTOR, SPEAKER = (
    "named", "officer", "company_anaphor", "person_anaphor", "self", "generic", "state", "not_actor", "speaker")
# How many sentences back an action with no actor of its own takes the last one named.
CARRY = 2
# A cue word this close to a name is an apposition ("фонда «Мейірім»"), not a second actor.
APPOSITION_GAP = 4
_COUNT = re.compile(r"\d{1,3}")   # a count of givers, not a year
_CLAUSE_BREAK = re.compile(r"[,;:()—–]")


@dataclass(frozen=True)
class Actor:
    role: str                  # named, company_anaphor, person_anaphor, self, generic, state
    start: int
    end: int
    name: str | None = None    # for named actors
    kind: str = "company"      # company, foundation, person
    org: str = ""              # company, foundation, farm, ngo: what a named organisation is, or the kind
                               # an anaphor names ("фонд", "the farm", "серіктестік"), "" if it does not say


@dataclass(frozen=True)
class Sponsor:
    name: str | None
    kind: str                  # company, foundation, person, state, aggregate, unknown

    @property
    def is_actor(self) -> bool:
        """A known non-state giver, named or not (the publisher speaking of itself)."""
        return self.kind not in ("state", "unknown")


UNKNOWN = Sponsor(None, "unknown")
ANONYMOUS = Sponsor(None, "person")   # "a businessman who asked not to be named gave ...": a giver all the same


@lru_cache(maxsize=1)
def _cues() -> Lexicon:
    return Lexicon.from_table("sponsors")


@lru_cache(maxsize=1)
def _anaphor_kinds() -> Lexicon:
    return Lexicon({kind: [w for lang in LANGS for w in words.get(lang, [])]
                    for kind, words in load_table("sponsors")["anaphor_kinds"].items()})


@lru_cache(maxsize=4)
def _roles(kind: str) -> tuple[str, ...]:
    return tuple(fold(r) for r in load_table("sponsors")["roles"][kind])


@lru_cache(maxsize=10_000)
def _role_says(role: str | None, kinds: tuple[str, ...]) -> bool:
    """Whether a role names one of ``kinds`` of [roles], as written or with its Russian words in their
    dictionary form ("предпринимателю, местному жителю" is a "предприниматель"; Kazakh and English
    roles match as written).  Cached: a text names the same people again and again."""
    folded = fold(role or "")
    text = f"{folded} | {' '.join(ru_lemma(w) for w in re.findall(r'[а-яё]+', folded))}"
    return any(r in text for kind in kinds for r in _roles(kind))


def is_official(person: Person) -> bool:
    return _role_says(person.role, ("state",))


def gives_privately(person: Person) -> bool:
    """A benefactor, entrepreneur, farmer or company officer by the role the text gives them."""
    return _role_says(person.role, ("benefactor", "officer"))


def is_officer(person: Person) -> bool:
    """A director or chairman: acts for the company, which is the giver."""
    return _role_says(person.role, ("officer",))


FOUNDATION_KINDS = ("foundation", "ngo")


def _company_kind(company: Company) -> str:
    return "foundation" if company.org_kind in FOUNDATION_KINDS else "company"


@lru_cache(maxsize=1)
def _speech() -> Lexicon:
    return Lexicon.from_section("sponsors", "speech")


def _beside(words: list[Word], start: int, end: int) -> tuple[int | None, list[int]]:
    """The index of the word right after ``start:end`` and those of the two words right before it."""
    after = bisect_left(words, end, key=attrgetter("start"))
    before = bisect_right(words, start, key=attrgetter("end"))
    return (after if after < len(words) else None), list(range(max(0, before - 2), before))


def _speaks(words: list[Word], start: int, end: int) -> bool:
    """A verb of saying right after the name at ``start:end`` or right before it: its speaker."""
    after, before = _beside(words, start, end)
    if after is not None and _speech().match_at(words, after):
        return True
    return any((hit := _speech().match_at(words, k)) is not None and hit.last == before[-1] for k in before)


@lru_cache(maxsize=3)
def _generic_forms(lang: str) -> frozenset[str]:
    return frozenset(fold(w) for w in load_table("sponsors")[lang]["generic"] if not w.endswith("*"))


def _written_generic(words: list[Word], first: int, last: int, lang: str) -> bool:
    """The words are, as written, a generic givers' word ("philanthropists"), though their base
    ("philanthropist") is an anaphor."""
    return " ".join(w.fold for w in words[first:last + 1]) in _generic_forms(lang)


def _plural(word: Word) -> bool:
    tag = ru_parse(word.fold).tag
    return "plur" in tag and "NOUN" in tag


def _person(p: Person, heads_unnamed: bool = False) -> Actor:
    """``heads_unnamed``: the person's role names an organisation without its name ("глава
    крестьянского хозяйства"), so they, not some company named elsewhere, are the giver."""
    if is_official(p):
        return Actor(STATE, p.start, p.end)
    if is_officer(p) and not heads_unnamed:
        return Actor(OFFICER, p.start, p.end, p.name or p.text, "person")
    return Actor(NAMED, p.start, p.end, p.name or p.text, "person")


def _in_role(text: str, p: Person, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a word of the role stated right beside the person's name."""
    if not p.role:
        return False
    reach = len(p.role) + APPOSITION_GAP
    beside = p.end <= start <= p.end + reach or p.start - reach <= start and end <= p.start
    return beside and fold(text[start:end]) in fold(p.role)


def _speaking(actor: Actor, words: list[Word]) -> Actor:
    """A named person next to a verb of saying speaks of the action; the giver is someone else.
    One a school is named after is no actor at all."""
    if actor.role != NAMED:
        return actor
    if _named_after(words, actor.start, actor.end):
        return Actor(NOT_ACTOR, actor.start, actor.end)
    if _speaks(words, actor.start, actor.end):
        return Actor(SPEAKER, actor.start, actor.end, actor.name, actor.kind)
    return actor


@lru_cache(maxsize=4)
def _flanking(table: str, side: str) -> Lexicon:
    """The words of ``data/sponsors.toml`` [``table``] that stand ``side`` ("before", "after") a name."""
    return Lexicon({side: load_table("sponsors")[table][side]})


def _named_after(words: list[Word], start: int, end: int) -> bool:
    after, before = _beside(words, start, end)
    return ((after is not None and _flanking("named_after", "after").match_at(words, after) is not None)
            or any((hit := _flanking("named_after", "before").match_at(words, k)) is not None
                   and hit.last == before[-1] for k in before))


def is_contractor(words: list[Word], start: int, end: int) -> bool:
    """The name at ``start:end`` is that of the works' contractor (``[contractor]``)."""
    after, before = _beside(words, start, end)
    following = range(after, min(after + 2, len(words))) if after is not None else range(0)
    if any(_flanking("contractor", "after").match_at(words, k) for k in following):
        return True
    starts = range(max(0, before[0] - 2), before[-1] + 1) if before else range(0)   # phrases of up to 3 words
    return any((hit := _flanking("contractor", "before").match_at(words, k)) is not None and hit.last in before
               for k in starts)


def _counted(text: str, words: list[Word], i: int) -> bool:
    """A count right before a word ("153 предпринимателя"); a year ("In 2025 the company") is not one."""
    if i == 0 or not _COUNT.fullmatch(words[i - 1].fold):
        return False
    return not text[words[i - 1].end:words[i].start].strip()


@lru_cache(maxsize=1)
def _recipient_words() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    table = load_table("sponsors")["recipients"]
    return tuple(tuple(p.split()) for p in table["before"]), frozenset(table["not_after"])


def _given_to(words: list[Word], starts: list[int], start: int) -> bool:
    """An actor after "to" ("donated ... to the Demeu fund") receives; "thanks to X" names the giver.
    (``starts``: the words' start offsets.)"""
    k = bisect_left(starts, start)
    phrases, not_after = _recipient_words()
    for phrase in phrases:
        n = len(phrase)
        if k >= n and tuple(w.fold for w in words[k - n:k]) == phrase:
            return k == n or words[k - n - 1].fold not in not_after
    return False


def _recipient(words: list[Word], starts: list[int], actor: Actor, lang: str) -> bool:
    """A named actor after "to" (:func:`_given_to`), a Kazakh actor in the dative ("Серік Жаңабергеновке
    пәтер сыйлады"), or named before a kind word in the dative ("«Демеу» корпоративтік қорына
    аударды"), receives: it does not give.  In log time: a sentence may name thousands of actors."""
    if actor.role == NAMED and _given_to(words, starts, actor.start):
        return True
    if lang != "kk":
        return False
    end = actor.end
    endings = load_table("objects")["target"]["kk"]
    k = bisect_left(starts, end)     # the first word after the actor; the one before may hold its end
    if k and end <= words[k - 1].end and any(e in endings for e in kk_suffixes(words[k - 1])):
        return True
    for w in words[k:k + 2]:   # the kind word, perhaps after an adjective of its own
        if _cues().match_at([w], 0) is not None and any(e in endings for e in kk_suffixes(w)):
            return True
    return False


@lru_cache(maxsize=1)
def _possessives() -> tuple[frozenset[str], frozenset[str]]:
    table = load_table("sponsors")["self_possessive"]
    return frozenset(table["words"]), frozenset(table["places"])


def _possessive_alone(words: list[Word], first: int, last: int) -> bool:
    """A possessive self-word ("нашей", "our") before a place ("нашей области"), not the publisher."""
    possessive, places = _possessives()
    if first != last or not words[first].keys & possessive or last + 1 >= len(words):
        return False
    return bool(words[last + 1].keys & places)


def find_actors(text: str, words: list[Word], companies: list[Company], persons: list[Person],
                lang: str) -> list[Actor]:
    """Actors of one sentence, in text order (``companies``/``persons`` are those inside it)."""
    named = [Actor(NOT_ACTOR if is_contractor(words, c.start, c.end) else NAMED, c.start, c.end, c.name or c.text,
                   _company_kind(c), c.org_kind) for c in companies]
    people = [p for p in persons   # not the founder inside "Фонд Булата Утемуратова"
              if not any(c.start <= p.start and p.end <= c.end for c in companies)]
    hits = _cues().find(words)
    heads = {id(p) for p in people for hit in hits if _in_role(text, p, hit.start, hit.end)}
    named += [_speaking(_person(p, id(p) in heads), words) for p in people]
    names = [a for a in named if a.role == NAMED and a.kind != "person"]
    cues = []
    for hit in hits:
        if any(a.start - APPOSITION_GAP <= hit.end <= a.end for a in named) or any(
                a.end <= hit.start <= a.end + APPOSITION_GAP for a in names):
            continue    # "фонда «Мейірім»", "«Қазмырыш» корпорациясы": the name itself
        if hit.first == hit.last and words[hit.first].fold in fund_words():
            continue    # "allocated funds": money, not a foundation
        if any(_in_role(text, p, hit.start, hit.end) for p in people):
            continue    # "Иванов, глава крестьянского хозяйства, построил": the farm is his role, no actor
        role = hit.label
        if role == SELF and _possessive_alone(words, hit.first, hit.last):
            continue    # "не имеющая отношения к нашей области": no giver
        if role == COMPANY_ANAPHOR and (_written_generic(words, hit.first, hit.last, lang)
                                        or (lang == "ru" and _plural(words[hit.last]))
                                        or (lang == "kk" and is_plural(words[hit.last], lang))   # демеушілер
                                        or _counted(text, words, hit.first)):
            role = GENERIC
        if role != NOT_ACTOR:
            kind = _anaphor_kinds().match_at(words, hit.first) if role == COMPANY_ANAPHOR else None
            cues.append(Actor(role, hit.start, hit.end, org=kind.label if kind else ""))
    starts = [w.start for w in words]
    return sorted((a for a in named + cues if a.role != NOT_ACTOR and not _recipient(words, starts, a, lang)),
                  key=lambda a: a.start)


@lru_cache(maxsize=1)
def _relative() -> Lexicon:
    return Lexicon.from_section("sponsors", "relative")


def actionless_clauses(text: str, words: list[Word], actions: set[int]) -> list[range]:
    """The word indices of the relative clauses with no action of their own (word indices in
    ``actions``), in text order and not overlapping: "в больнице, где и сейчас живут сотрудники
    подрядчиков" names no giver and no time of the action; "школа, которую построила компания X" and
    "a memorandum, under which PKOP allocated" do.  A clause ends at the next comma, semicolon, colon,
    dash or bracket.  Linear in the sentence's length, however many clauses it opens."""
    hits = _relative().find(words)
    if not hits:
        return []
    n = len(words)
    stops = [n] * (n + 1)           # stops[k]: the first word from k on that follows a clause break
    for k in range(n - 1, 0, -1):
        stops[k] = k if _CLAUSE_BREAK.search(text, words[k - 1].end, words[k].start) else stops[k + 1]
    acted = list(accumulate((k in actions for k in range(n)), initial=0))
    clauses: list[range] = []
    for hit in hits:
        end = stops[hit.last + 1]
        if acted[end] - acted[hit.last + 1]:
            continue
        if clauses and hit.first < clauses[-1].stop:
            clauses[-1] = range(clauses[-1].start, max(clauses[-1].stop, end))
        else:
            clauses.append(range(hit.first, end))
    return clauses


def _squash(name: str) -> str:
    table = load_table("sponsors")["translit"]
    return "".join(table.get(ch, ch) for ch in fold(name) if ch.isalnum())


def _initials(name: str) -> str:
    return "".join(_squash(part)[:1] for part in re.split(r"[\s\-]+", name) if part)


def _domain_labels(url: str | None) -> list[str]:
    host = urlparse(url or "").hostname or ""
    return [p for p in host.split(".")[:-1] if p not in ("www", "m", "test", "en", "ru", "kk")]


def url_company(url: str | None, companies: list[Company]) -> Company | None:
    """The company whose own site the URL is (its domain is its name or initials)."""
    labels = [label.split("-") for label in _domain_labels(url)]
    if not labels:
        return None
    names: set[str] = set()
    for company in companies:
        name = company.name or company.text
        if name in names:     # each name once: a long text names its companies often
            continue
        names.add(name)
        squashed, initials = _squash(name), _initials(name)
        words = [_squash(w) for w in re.split(r"[\s\-]+", name) if w]
        for parts in labels:
            lab = "".join(parts)
            if lab == squashed or (len(initials) >= 2 and lab == initials):
                return company
            if len(parts) > 1 and not _word_by_word(parts, words):
                continue    # kyzylorda-tany.kz, a regional paper, is not «Қызылорда Тұз»
            if len(lab) >= 5 and (squashed.startswith(lab) or lab.startswith(squashed)
                                  or fuzz.ratio(lab, squashed) >= 80):
                return company
    return None


def _word_by_word(parts: list[str], words: list[str]) -> bool:
    """Each word of a hyphenated domain spells the name's word in the same place."""
    return len(parts) <= len(words) and all(fuzz.ratio(p, w) >= 80 for p, w in zip(parts, words, strict=False))


class _Latest:
    """Of some actors (in text order), the last in that order that ends at or before an offset, in log
    time: a sentence of a thousand actions asks it a thousand times."""

    def __init__(self, actors: list[Actor]):
        order = sorted(range(len(actors)), key=lambda k: actors[k].end)
        self.actors, self.ends = actors, [actors[k].end for k in order]
        self.latest = list(accumulate(order, max))   # of the first n by end, the last in text order

    def at(self, offset: int) -> Actor | None:
        n = bisect_right(self.ends, offset)
        return self.actors[self.latest[n - 1]] if n else None


class _SentenceActors:
    """The questions a sentence's actions ask of its actors, each answered in log time."""

    def __init__(self, actors: list[Actor]):
        self.actors = actors
        speaking = [a for a in actors if a.role != SPEAKER]
        self.before = _Latest(speaking)
        self.givers = _Latest([a for a in speaking if a.role not in (STATE, GENERIC)])
        self.companies = _Latest([a for a in actors if a.role == NAMED and a.kind != "person"])
        self.after, self.after_starts = speaking, [a.start for a in speaking]   # in text order
        self.givers_after = [a for a in speaking if a.role not in (STATE, GENERIC)]
        self.givers_after_starts = [a.start for a in self.givers_after]

    def first_after(self, offset: int) -> Actor | None:
        k = bisect_left(self.after_starts, offset)
        return self.after[k] if k < len(self.after) else None

    def first_giver_after(self, offset: int) -> Actor | None:
        k = bisect_left(self.givers_after_starts, offset)
        return self.givers_after[k] if k < len(self.givers_after) else None


class SponsorResolver:
    """Remembers the actors named so far in a document and resolves each action's actor."""

    def __init__(self, doc: Document, analysis: Analysis):
        companies = analysis.companies
        site = url_company(doc.url, companies)
        self.site = Sponsor(site.name or site.text, _company_kind(site)) if site else None
        self.companies, self.persons = analysis.companies, analysis.persons
        self.main: Sponsor | None = self.site   # see find_main
        self.last_company: Sponsor | None = None
        self.last_org: dict[str, Sponsor] = {}         # organisation kind -> the last one named
        self.last_any: Sponsor | None = None
        self.last_benefactor: Sponsor | None = None    # the last person named as an entrepreneur, a patron
        self._benefactors = {p.name or p.text for p in analysis.persons if gives_privately(p)}
        self.recent: list[tuple[int, Sponsor]] = []   # (sentence index, named actor)
        self.publisher: Sponsor | None = None          # set once the text speaks of itself ("we")
        self.employer: dict[str, Sponsor] = {}        # officer's name -> the company they act for
        self._sentence: _SentenceActors | None = None  # the actors of the sentence being read

    def _of_sentence(self, actors: list[Actor]) -> _SentenceActors:
        if self._sentence is None or self._sentence.actors is not actors:
            self._sentence = _SentenceActors(actors)
        return self._sentence

    def find_main(self, acting: list[Actor], aside: Sequence[tuple[int, int]] = ()) -> None:
        """The document's main giver: of the actors of its actions, the one named most often
        (at least twice; companies first on a tie), unless the page is a company's own site.
        An acting "the Company" makes every named company an actor: a report names its
        company in the title and then only says "the Company".  With no such actor, the
        organisation (or twice-named person, no officer) the text names most outside the spans
        ``aside`` (sentences of commerce, taxes: a salt works opening its own plant gives no school;
        the names of contractors): a list of projects under a programme rarely repeats who pays for each."""
        companies = Counter(Sponsor(c.name or c.text, _company_kind(c)) for c in self.companies)
        counts = companies + Counter(Sponsor(p.name or p.text, "person") for p in self.persons if not is_official(p))
        actors = {Sponsor(a.name, a.kind) for a in acting if a.role == NAMED}
        if any(a.role == COMPANY_ANAPHOR for a in acting):
            actors |= set(companies)
        ranked = sorted(((n, s) for s, n in counts.items() if s in actors and n >= 2),
                        key=lambda ns: (-ns[0], ns[1].kind == "person"))
        outside = Counter(Sponsor(c.name or c.text, _company_kind(c)) for c in self.companies
                          if not any(a <= c.start < b for a, b in aside))
        outside += Counter(Sponsor(p.name or p.text, "person") for p in self.persons
                           if not (is_official(p) or is_officer(p)) and not any(a <= p.start < b for a, b in aside))
        named = sorted(((n, s) for s, n in outside.items() if s.kind != "person" or n >= 2),
                       key=lambda ns: (-ns[0], ns[1].kind == "person"))
        self.main = self.site or (ranked[0][1] if ranked else None) or (named[0][1] if named else None)

    def observe(self, index: int, actors: list[Actor], acting: bool) -> None:
        """Remember the named actors of sentence ``index`` for later anaphors; those of a
        sentence with an action (``acting``) may also carry over to the next actions."""
        for a in actors:
            if a.role == SELF and self.publisher is None:
                self.publisher = self.site or Sponsor(None, "company")
            if a.role == SPEAKER:    # "he" may point back to the speaker
                self.last_any = Sponsor(a.name, a.kind)
                continue
            if a.role == NAMED:
                sponsor = Sponsor(a.name, a.kind)
                self.last_any = sponsor
                if a.kind != "person":
                    self.last_company = self.last_org[a.org] = sponsor
                elif a.name in self._benefactors:
                    self.last_benefactor = sponsor
            elif a.role == OFFICER:
                sponsor = self._of(a, actors)   # remembers whom the officer acts for
            elif acting and a.role in (COMPANY_ANAPHOR, SELF, STATE):
                sponsor = self._of(a, actors)   # "компания направит ...": the company it names
            else:
                continue
            if acting and (sponsor.name or sponsor.kind == "state"):
                self.recent.append((index, sponsor))   # state too: "за счёт бюджета построят ... В 2024 году начнётся"

    def _of(self, actor: Actor, actors: list[Actor]) -> Sponsor:
        if actor.role == NAMED:
            assert actor.name is not None   # named actors and officers carry their name (_person, find_actors)
            return self.employer.get(actor.name) or Sponsor(actor.name, actor.kind)
        if actor.role == OFFICER:
            assert actor.name is not None
            company = self._company_of(actor, actors)
            if company.name:
                self.employer[actor.name] = company
                return company
            return Sponsor(actor.name, actor.kind)
        if actor.role == STATE:
            return Sponsor(None, "state")
        if actor.role == GENERIC:
            return Sponsor(None, "aggregate")
        if actor.role == SELF:
            return self.site or self.last_company or self.main or Sponsor(None, "company")
        if actor.role == PERSON_ANAPHOR:   # "Предприниматель, который попросил не называть его имени": the first
            earlier = self._of_sentence(actors).before.at(actor.start)   # giver, "his" name: the giver
            if earlier is None or earlier.role == PERSON_ANAPHOR:
                return self.last_any or self.main or UNKNOWN
            return self._of(earlier, actors)
        return self._company_of(actor, actors)

    def _company_of(self, actor: Actor, actors: list[Actor]) -> Sponsor:
        """The company an anaphor or an officer points to: named before it in the sentence, else before."""
        same = self._of_sentence(actors).companies.at(actor.start)
        if same:    # "генеральный директор ТОО «X» Иванов": X
            return Sponsor(same.name, same.kind)
        if actor.org == "benefactor":   # not whoever was named last: often the one helped
            return self.last_benefactor or self.last_company or self.site or self.main or ANONYMOUS
        return (self.last_org.get(actor.org) or self.last_company or self.site or self.main or self.last_any
                or UNKNOWN)   # "the fund" is the last fund named, even if a company came after it

    def resolve(self, index: int, actors: list[Actor], anchor: int) -> Sponsor:
        """The sponsor of an action at character ``anchor`` in sentence ``index``."""
        sentence = self._of_sentence(actors)
        giver = sentence.givers.at(anchor)
        if giver:       # "ТОО «X», работающее по госпрограмме, построило ...": X, not the state
            return self._of(giver, actors)
        nearest = sentence.before.at(anchor) or sentence.first_giver_after(anchor) or sentence.first_after(anchor)
        if nearest:
            return self._of(nearest, actors)
        # the latest actor of the sentences just before (``recent`` is in sentence order)
        latest = next(((i, s) for i, s in reversed(self.recent) if i < index), None)
        if latest and latest[0] >= index - CARRY:
            return latest[1]
        return self.main or self.publisher or UNKNOWN
