"""What one sentence offers to the records: its words, mentions, actors, actions and objects.

Prepared once by the assembler; the rules and the learned judge read the same facts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from csrledger.model import DateMention, Money, Place, Quantity, Sentence
from csrledger.records.objects import ObjectMention
from csrledger.records.sponsor import Actor
from csrledger.records.triggers import Trigger
from csrledger.text.words import Word


@dataclass
class SentenceFacts:
    index: int
    span: Sentence
    lang: str
    words: list[Word]
    money: list[Money]
    places: list[Place]
    dates: list[DateMention]
    quantities: list[Quantity]
    actors: list[Actor]
    triggers: list[Trigger] = field(default_factory=list)
    objects: list[ObjectMention] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    sector_hint: str | None = None
    field: str | None = None          # the sector of the field the sentence names ("по линии образования")
    total: bool = False
    heading: bool = False
    cues: frozenset[str] = frozenset()    # status cues (status.cue_labels)
    excluded: str | None = None    # "commercial", "tax", "labour", "penalty": not a social investment
