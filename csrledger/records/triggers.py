"""Actions that make a social investment: built, funded, donated, handed over...

The action words live in ``data/triggers.toml`` per language and are matched
through lemmas (Russian), case endings (Kazakh nouns) and stems (verbs).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from csrledger.records.lexicon import Lexicon, load_table
from csrledger.text.words import Word


@dataclass(frozen=True)
class Trigger:
    kind: str           # build, repair, fund, donate, equip, organise, open, ...
    first: int          # word indices, inclusive
    last: int
    start: int
    end: int
    needs_money: bool   # ambiguous word: an action only next to an amount
    weak: bool          # an event, not a gift by itself: needs a known non-state actor
    instrumental: bool  # "provide X with Y": the gift is in the instrumental


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return Lexicon.from_table("triggers")


def passive(words: list[Word], trigger: Trigger) -> bool:
    """An English action with an auxiliary just before it ("was built", "has been opened") or
    its agent just after it ("sponsored by")."""
    table = load_table("triggers")["passive"]
    after = words[trigger.last + 1:trigger.last + 2]
    return (any(w.fold in table["en"] for w in words[max(0, trigger.first - 2):trigger.first])
            or any(w.fold in table["agent"] for w in after))


@lru_cache(maxsize=1)
def fund_words() -> frozenset[str]:
    """Words for money itself ("средства", "funds", "қаражат")."""
    table = load_table("triggers")["funds"]
    return frozenset(word for lang in ("ru", "en", "kk") for word in table[lang])


@lru_cache(maxsize=1)
def _reporting() -> frozenset[str]:
    return frozenset(load_table("triggers")["reporting"]["words"])


def find_triggers(words: list[Word], has_money: bool, has_goods: bool = False) -> list[Trigger]:
    """Actions in a sentence; words that need money are dropped when it names neither an amount nor
    funds (nor, for some, a thing given: ``has_goods``), and a byline's verb ("передает Kazinform") is none."""
    kinds = load_table("triggers")["kinds"]
    has_money = has_money or any(w.keys & fund_words() for w in words)
    out = []
    for hit in _lexicon().find(words):
        props = kinds.get(hit.label, {})
        if (props.get("needs_money") and not has_money and not (has_goods and props.get("or_goods"))) or (
                hit.first == hit.last and words[hit.first].fold in _reporting()):
            continue
        out.append(Trigger(hit.label, hit.first, hit.last, hit.start, hit.end, bool(props.get("needs_money")),
                           bool(props.get("weak")), bool(props.get("instrumental"))))
    return out
