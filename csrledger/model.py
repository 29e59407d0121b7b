"""Typed data objects that flow through the pipeline.

Every stage takes and returns these; ``to_json`` gives exactly the analysis
format (spec format 2).  Offsets are Python string offsets (code points) into
``Document.text``, end exclusive.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from typing import Any, ClassVar, Self

from csrledger.text.normalize import fold, fold_keep_case
from csrledger.text.words import Word, words_of, words_within


@dataclass(frozen=True)
class Document:
    """One input document, as read from a corpus."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    lang: str | None = None
    source: str = ""            # file the document came from
    line: int | None = None  # line number in that file (JSONL), 1-based


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class TextView:
    """A document prepared once for every stage: language and sentences known; the folded text and
    its words (with their lemmas and bases) computed on first use and then shared."""

    doc: Document
    lang: str
    sentences: tuple[Sentence, ...]
    url_date: dt.date | None = None     # the date a page's address carries ("/2022/11/07/")

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def published(self) -> dt.date | None:
        """The publication date: the document's, else the one its URL carries."""
        return self.doc.published or self.url_date

    @property
    def as_of(self) -> dt.date:
        """The date at which places are resolved: publication date, else today."""
        return self.published or dt.date.today()

    @cached_property
    def folded(self) -> str:
        """``fold(text)``: lower case, spaces, dashes, quotes unified; the same offsets as the text."""
        return fold(self.doc.text)

    @cached_property
    def folded_case(self) -> str:
        """Like :attr:`folded` with letter case kept (rules that need capitals)."""
        return fold_keep_case(self.doc.text)

    @cached_property
    def words(self) -> tuple[Word, ...]:
        """Every word of the document, in order."""
        return tuple(words_of(self.doc.text, self.folded, 0, len(self.doc.text)))

    @cached_property
    def _word_starts(self) -> list[int]:
        return [w.start for w in self.words]

    def words_in(self, start: int, end: int) -> list[Word]:
        """The words inside ``[start, end)`` (a sentence, the gap between two mentions)."""
        return words_within(self.words, self._word_starts, start, end)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """The index of the sentence that holds ``offset`` (of the last one before it, between two)."""
        return bisect_right(self._sentence_starts, offset) - 1


@dataclass
class Mention:
    """A span of the document text.  Subclasses add their normalised value."""

    kind: ClassVar[str] = "mention"
    json_names: ClassVar[dict[str, str]] = {}   # JSON key -> field name, where they differ
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """The mention back from its analysis JSON (as stored in the ledger)."""
        names = {f.name for f in fields(cls)}
        values = {cls.json_names.get(k, k): v for k, v in data.items()}
        return cls(**{k: v for k, v in values.items() if k in names})


@dataclass
class Money(Mention):
    kind: ClassVar[str] = "money"
    value: float = 0.0
    currency: str = "KZT"
    ambiguous: bool = False
    qualifier: str | None = None    # "about", "over", "under", "up_to", "range"
    value_to: float | None = None   # upper bound of a range
    alt: float | None = None        # the other reading when ambiguous


@dataclass
class Quantity(Mention):
    kind: ClassVar[str] = "quantities"
    value: float = 0.0
    unit: str = ""                     # lemma in English: "place", "house", "tree" ...
    qualifier: str | None = None


@dataclass
class DateMention(Mention):
    kind: ClassVar[str] = "dates"
    json_names: ClassVar[dict[str, str]] = {"from": "from_"}
    from_: str | None = None        # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    to: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["from"] = out.pop("from_")
        return out


@dataclass
class Company(Mention):
    kind: ClassVar[str] = "companies"
    name: str = ""                     # canonical, without legal form and quotes
    legal_form: str | None = None
    org_kind: str = "company"          # company, foundation, farm, ngo


@dataclass
class Person(Mention):
    kind: ClassVar[str] = "persons"
    name: str = ""                     # nominative case
    role: str | None = None


@dataclass
class Place(Mention):
    kind: ClassVar[str] = "places"
    json_names: ClassVar[dict[str, str]] = {"kind": "place_kind"}
    name: str = ""                     # English name from the gazetteer
    place_kind: str = "city"           # country, region, city, district, village, locality
    region: str | None = None       # ISO 3166-2:KZ code as of the document date
    place_id: str | None = None     # gazetteer id (KATO code where known)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["kind"] = out.pop("place_kind")
        return out


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int


@dataclass
class Record:
    """One social investment: who gave what, where, for how much, when."""

    sponsor: str | None
    sponsor_kind: str                  # company, person, foundation, state, aggregate
    sector: str
    object: str
    region: str | None = None
    place: str | None = None
    amount: float | None = None
    currency: str | None = None
    status: str = "completed"          # completed, ongoing, planned
    year_from: int | None = None
    year_to: int | None = None
    aggregate: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)   # outputs: {"value", "unit"}
    beneficiaries: str | None = None
    part_of: int | None = None      # index, in the analysis' records, of the aggregate this is a part of

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


MENTION_KINDS: tuple[str, ...] = ("money", "quantities", "dates", "companies", "persons", "places")
MENTION_CLASSES: dict[str, type[Mention]] = {
    cls.kind: cls for cls in (Money, Quantity, DateMention, Company, Person, Place)
}


@dataclass
class Analysis:
    """Everything found in one document."""

    id: str
    lang: str
    money: list[Money] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)

    def mentions(self) -> list[Mention]:
        return [m for kind in MENTION_KINDS for m in getattr(self, kind)]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "lang": self.lang}
        for kind in MENTION_KINDS:
            out[kind] = [m.to_json() for m in getattr(self, kind)]
        out["records"] = [r.to_json() for r in self.records]
        return out
