"""Money mentions: amount, currency, qualifier, ranges — in Russian, English, Kazakh.

An amount is a :mod:`numbers` number (figures, words, scale words, compounds)
with a currency written after it ("7 млрд тенге", "35 миллион теңгеге",
"250 млн. астам АҚШ доллары") or before it ("$75 million", "USD 3,000,000").
Two amounts joined by a dash or "от … до" / "from … to" form a range, the
first taking the second's scale ("5–10 млн тенге" = 5 to 10 million).
Qualifiers ("более", "about", "астам", "дейін") are kept on the mention.

Enumerations often write the currency once: "X перевело 70 миллионов, Y — 50
миллионов тенге".  A scaled amount (a million or more) without a currency is
money when a sentence next to it names one, nothing but punctuation, a
function word or a verb follows it (so "1 млн деревьев" stays a count), and no count
word ("население", "people") stands just before it.  A figure in parentheses
right after an amount restates it and is not counted twice.  Farther from
the currency, a money verb just before the amount ("собрал более 491 млн")
makes it money in the currency the document uses most.

Every value (``value``, ``value_to``, ``alt``) is finite and at most
``numbers.MAX_VALUE`` in its currency; a larger amount, such as a range
whose first figure takes a large scale, is dropped as implausible.
"""
from __future__ import annotations

import bisect
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from csrledger.extract.numbers import (
    Number,
    find_numbers,
    group_label,
    merged_sections,
    merged_words,
    named_alternation,
    plausible,
    qualifier_after,
    qualifier_before,
    qualifier_label,
    tables,
)
from csrledger.model import Money, TextView
from csrledger.text.morph import ru_parse

_DATA = Path(__file__).parent / "data" / "money.toml"
_ELIDED_MIN_SCALE = 1e6      # "70 миллионов" may elide its currency, "70" may not
_CONTEXT_SENTENCES = (0, -1, 1)   # where an elided currency is looked for, nearest first
_RUSSIAN_WORD = re.compile(r"[а-я]+")   # no Kazakh-only letters: pymorphy3 can judge it
_NOT_COUNTED_POS = frozenset({"VERB", "INFN", "PRTS", "ADVB", "PREP", "CONJ", "PRCL"})
_BEFORE_WINDOW = 12          # characters searched before an amount for "$", "USD"


@dataclass(frozen=True)
class _Vocab:
    after: re.Pattern[str]
    before: re.Pattern[str]
    range_dash: re.Pattern[str]
    range_words: re.Pattern[str]
    range_open: re.Pattern[str]
    followers: frozenset[str]
    count_cues: frozenset[str]
    money_cues: re.Pattern[str]
    currencies: tuple[str, ...]


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    """The money tables of all languages, compiled once."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    after = merged_sections(data, "after")
    before = merged_sections(data, "before")
    currencies = tuple(sorted(set(after) | set(before)))
    joins = "|".join(map(re.escape, merged_words(data, "range_join")))
    opens = "|".join(map(re.escape, merged_words(data, "range_open")))
    symbol = "(?:" + "|".join(p for pats in before.values() for p in pats) + ") ?"   # "$5-$10 million"
    return _Vocab(
        after=re.compile(r"\.? ?(?:\([^()\n]{1,60}\) ?)?"
                         rf"(?:(?:{tables().qualifier_after}) )?(?:{named_alternation(after)})(?![\w$])"),
        before=re.compile(rf"(?<![\w$])(?:{named_alternation(before)}) ?\Z"),
        range_dash=re.compile(rf" ?- ?(?:{symbol})?\Z"),
        range_words=re.compile(rf" (?:{joins}) (?:{symbol})?\Z"),
        range_open=re.compile(rf"(?<!\w)(?:{opens}) (?:{symbol})?\Z"),
        followers=frozenset(merged_words(data, "elided_followers")),
        count_cues=frozenset(merged_words(data, "count_cues")),
        money_cues=re.compile("|".join(merged_words(data, "money_cues"))),
        currencies=currencies,
    )


_DIGIT_NEXT = re.compile(r" ?\d")


def _year_like(folded: str, n: Number) -> bool:
    """Four plain digits of a plausible year ("2026", not "2 026" or "2,026")."""
    digits = folded[n.start:n.end]
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100


def _is_range(folded: str, first: Number, second: Number) -> bool:
    """A dash between two amounts, or "от/from" first and "до/to" between them."""
    v = vocab()
    if second.start - first.end > 6:
        return False
    if v.range_dash.match(folded, first.end, second.start):
        return True
    return bool(v.range_words.match(folded, first.end, second.start)
                and v.range_open.search(folded, max(0, first.start - 16), first.start))


def _explicit(text: str, folded: str, first: Number, last: Number, floor: int) -> Money | None:
    """The amount ``first``..``last`` with a currency written next to it, if any.

    ``floor``: end of the previous mention, whose currency cannot serve again ("17 USD 25").
    """
    v = vocab()
    after = v.after.match(folded, last.end)
    if (after and _DIGIT_NEXT.match(folded, after.end()) and v.before.search(folded, after.start(), after.end())
            and (folded.startswith(".", after.start()) or _year_like(folded, last))):
        after = None    # "2024–2026. KZT 120 billion": after a sentence end or a year, the code opens the next amount
    before = None if after else v.before.search(folded, max(floor, first.start - _BEFORE_WINDOW), first.start)
    found = after or before
    if found is None:
        return None
    currency = group_label(found, v.currencies) or "KZT"
    start = before.start() if before else first.start
    end = after.end() if after else last.end
    if text[end - 1] == ".":   # "тг.", "долл." at the end of a sentence: the dot is the sentence's
        end -= 1
    qualifier = qualifier_label(after)
    if after and qualifier is None:
        qualifier = qualifier_after(folded, end)[0]
    qualifier = qualifier or qualifier_before(folded, start)
    value, value_to = first.value, None
    if last is not first:
        qualifier, value_to = "range", last.value
        if first.scale == 1 and last.scale > 1:
            value *= last.scale
    return Money(text=text[start:end], start=start, end=end, value=value, currency=currency,
                 ambiguous=first.alt is not None, qualifier=qualifier, value_to=value_to,
                 alt=first.alt)


def _free_follow(folded: str, end: int) -> bool:
    """Punctuation, a function word or a Russian verb follows: the amount counts no noun."""
    stripped = folded[end:end + 40].lstrip(" ")
    if not stripped or stripped[0] in "\n,.;:)\"'-!?":
        return True
    word = re.match(r"\w+", stripped)
    if not word:
        return False
    w = word.group()
    if w in vocab().followers:
        return True
    russian = _RUSSIAN_WORD.fullmatch(w) is not None
    return russian and ru_parse(w).tag.POS in _NOT_COUNTED_POS


def _words_before(folded: str, start: int) -> list[str]:
    return re.findall(r"\w+", folded[max(0, start - 40):start])[-3:]


def _counted(folded: str, start: int) -> bool:
    """A count word shortly before: "население … 1,2 млн"."""
    return any(w in vocab().count_cues for w in _words_before(folded, start))


def _cued(folded: str, start: int) -> bool:
    """A money verb shortly before: "собрал более 491 млн"."""
    return any(vocab().money_cues.fullmatch(w) for w in _words_before(folded, start))


def _restates(folded: str, n: Number, found: list[Money]) -> bool:
    """"USD 3,000,000 (three million)": the bracketed figure repeats the amount."""
    head = folded[:n.start].rstrip(" ")
    if not head.endswith("("):
        return False
    before = head[:-1].rstrip(" ")
    return any(m.end == len(before) for m in found)


def _elided(view: TextView, folded: str, pending: list[Number], found: list[Money]) -> list[Money]:
    """Scaled amounts whose currency is written once for the whole enumeration."""
    if not found or not view.sentences:
        return []
    starts = [s.start for s in view.sentences]

    def index(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    currency_of: dict[int, str] = {}
    for m in found:
        currency_of.setdefault(index(m.start), m.currency)
    counts = Counter(m.currency for m in found)
    main_currency = counts.most_common(1)[0][0]
    out: list[Money] = []
    for n in pending:
        if n.scale < _ELIDED_MIN_SCALE or not _free_follow(folded, n.end):
            continue
        if _counted(folded, n.start) or _restates(folded, n, found):
            continue
        si = index(n.start)
        currency = next((currency_of[si + d] for d in _CONTEXT_SENTENCES if si + d in currency_of), None)
        if currency is None and _cued(folded, n.start):
            currency = main_currency
        if currency is None:
            continue
        out.append(Money(text=view.text[n.start:n.end], start=n.start, end=n.end, value=n.value,
                         currency=currency, ambiguous=n.alt is not None,
                         qualifier=qualifier_before(folded, n.start), alt=n.alt))
    return out


def extract_money(view: TextView) -> list[Money]:
    """Money mentions of a document, sorted by start, not overlapping."""
    text = view.text
    folded = view.folded
    nums = find_numbers(folded, view.lang)
    found: list[Money] = []
    pending: list[Number] = []
    i = 0
    while i < len(nums):
        first = nums[i]
        money = None
        floor = found[-1].end if found else 0
        if i + 1 < len(nums) and _is_range(folded, first, nums[i + 1]):
            money = _explicit(text, folded, first, nums[i + 1], floor)
        money = money or _explicit(text, folded, first, first, floor)
        if money is None:
            pending.append(first)
            i += 1
            continue
        found.append(money)
        while i < len(nums) and nums[i].start < money.end:
            i += 1
    found.extend(_elided(view, folded, pending, found))
    return sorted((m for m in found if _plausible(m)), key=lambda m: m.start)


def _plausible(money: Money) -> bool:
    return all(v is None or plausible(v) for v in (money.value, money.value_to, money.alt))
