"""Date mentions normalised to ``from``/``to`` ("YYYY", "YYYY-MM", "YYYY-MM-DD").

Regular expressions built from per-language month names, year words and
prepositions (data/dates.toml) rather than dateparser, which misreads
Russian years and finds only the year in Kazakh.  Each rule reads one shape:
full dates ("5 мая 2023 года", "May 5, 2023", "2023 жылғы 5 мамыр",
"05.05.2023"), months ("в мае", "May 2023"), periods ("в первом полугодии
2023", "first quarter of 2023"), year ranges ("2026–2028 годов", "с 2020 по
2022 год", "2017-2023 жылдары"), single years with their cue ("в 2023 году",
"since 2008" → open end, "by the end of 2022" → open start, "2008 жылдан
бері") and relative years ("в прошлом году", "биыл") resolved against the
publication date; unresolvable relative years keep ``from``/``to`` empty,
and so does one that would leave 1900..9999 ("next year" of a page dated
9999-12-31 is no year ISO dates can write).  When rules overlap, the longest
mention wins.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from csrledger.extract.numbers import (
    alternation,
    group_label,
    merged_sections,
    merged_words,
    named_alternation,
)
from csrledger.model import DateMention, TextView

_DATA = Path(__file__).parent / "data" / "dates.toml"
_YEAR = r"(?:19|20)\d{2}"
_MAX_RANGE_YEARS = 50
_MAX_SHORT_RANGE_YEARS = 10   # "2022-23" is a range, "2023-45" is not
_REACH = 48                   # characters a date mention extends beyond its digits
_DIGITS = re.compile(r"\d+")
_YEARS = range(1900, 10000)   # what a resolved relative year may be

Span = tuple[str | None, str | None]
Handler = Callable[[re.Match[str], dt.date | None], Span | None]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    read: Handler
    needs_digit: bool = True   # scanned only near digits, which most of a text is not


def _lead(*tables: dict[str, list[str]] | list[str]) -> str:
    """A lookahead on the first letters of the words: the scan skips other positions fast."""
    words = [w for t in tables for w in (t if isinstance(t, list) else [x for v in t.values() for x in v])]
    assert all(w[0].isalnum() for w in words), "table words start with a letter or digit"
    return "(?=[" + "".join(sorted({w[0] for w in words})) + "])"


def _keyed(section: dict[str, list[str]], prefix: str) -> dict[str, list[str]]:
    """Table keys like "5" or "-1" as regex group names: m5, rm1."""
    return {prefix + k.replace("-", "m"): v for k, v in section.items()}


def _number(label: str | None) -> int:
    """The number a group name carries: "m5" → 5, "rm1" → -1 (see :func:`_keyed`)."""
    return int((label or "x0")[1:].replace("m", "-"))


_MONTH_NAMES = tuple(f"m{i}" for i in range(1, 13))
_ORDINAL_NAMES = tuple(f"o{i}" for i in range(1, 5))
_RELATIVE_NAMES = ("rm2", "rm1", "r0", "r1", "r2")


def _month(m: re.Match[str]) -> int:
    return _number(group_label(m, _MONTH_NAMES))


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _both(value: str | None) -> Span | None:
    return (value, value) if value else None


def _read_ymd(m: re.Match[str], published: dt.date | None) -> Span | None:
    month = int(m.group("mo")) if m.groupdict().get("mo") else _month(m)
    year = m.group("y")
    if year is None:
        if published is None:
            return None
        year = published.year
    return _both(_day(int(year), month, int(m.group("d"))))


def _read_month(m: re.Match[str], published: dt.date | None) -> Span | None:
    year = m.groupdict().get("y") or (published.year if published else None)
    return _both(f"{int(year):04d}-{_month(m):02d}") if year else None


def _read_period(m: re.Match[str], published: dt.date | None) -> Span | None:
    n = _number(group_label(m, _ORDINAL_NAMES))
    months = 6 if m.group("half") else 3
    if n * months > 12:
        return None
    year = m.group("y")
    return f"{year}-{(n - 1) * months + 1:02d}", f"{year}-{n * months:02d}"


def _read_range(m: re.Match[str], published: dt.date | None) -> Span | None:
    y1, raw2 = int(m.group("y")), m.group("y2")
    y2 = int(raw2) if len(raw2) == 4 else y1 // 100 * 100 + int(raw2)
    if not 0 < y2 - y1 <= (_MAX_RANGE_YEARS if len(raw2) == 4 else _MAX_SHORT_RANGE_YEARS):
        return None
    return str(y1), str(y2)


def _read_year(m: re.Match[str], published: dt.date | None) -> Span | None:
    groups = m.groupdict()
    if not (groups.get("yw") or any(groups.get(k) for k in ("since", "until", "at"))):
        return None
    year = m.group("y")
    if groups.get("since") or groups.get("since_post"):
        return year, None
    if groups.get("until") or groups.get("until_post"):
        return None, year
    return year, year


def _read_relative(m: re.Match[str], published: dt.date | None) -> Span | None:
    if published is None:
        return None, None
    year = published.year + _number(group_label(m, _RELATIVE_NAMES))
    if year not in _YEARS:
        return None, None
    return str(year), str(year)


@lru_cache(maxsize=1)
def rules() -> tuple[_Rule, ...]:
    """The date rules, most specific first, compiled once from data/dates.toml."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    month_table, ordinal_table = merged_sections(data, "months"), merged_sections(data, "ordinals")
    relative_table = merged_sections(data, "relative")
    months = named_alternation(_keyed(month_table, "m"))
    months_in = named_alternation(_keyed(merged_sections(data, "months_in"), "m"))
    ordinals = named_alternation(_keyed(ordinal_table, "o"))
    periods = named_alternation(merged_sections(data, "periods"))
    relative = named_alternation(_keyed(relative_table, "r"))
    cue_words = [w for k in ("year_in", "year_since", "year_until") for w in merged_words(data, k)]
    yw = rf"(?:{alternation(merged_words(data, 'year_words'))})(?!\w)"
    year_in, since, until = (alternation(merged_words(data, k)) for k in ("year_in", "year_since", "year_until"))
    since_after = alternation(merged_words(data, "since_after"))
    until_after = alternation(merged_words(data, "until_after"))
    range_from, range_to = alternation(merged_words(data, "range_from")), alternation(merged_words(data, "range_to"))
    join = alternation(merged_words(data, "period_join"))
    year = rf"(?<![\d.,-])(?P<y>{_YEAR})(?!\d|[.,]\d)"
    opt_yw = rf"(?: ?{yw})?"
    day = r"(?<![\d.,])(?P<d>\d{1,2})"
    day_suffix = r"(?:-?(?:ші|шы|і|ы|го|е|th|st|nd|rd))?"
    specs: list[tuple[str, Handler] | tuple[str, Handler, bool]] = [
        (rf"(?<![\d.])(?P<y>{_YEAR})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})(?!\d)", _read_ymd),
        (rf"{day}[./](?P<mo>\d{{1,2}})[./](?P<y>{_YEAR})(?!\d){opt_yw}", _read_ymd),
        (rf"{day}{day_suffix} (?:{months})(?!\w)(?:,? {year}{opt_yw})?", _read_ymd),
        (rf"{_lead(month_table)}(?<!\w)(?:{months}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,? {year})?", _read_ymd),
        (rf"{year} ?{yw} (?P<d>\d{{1,2}}){day_suffix} (?:{months})(?!\w)", _read_ymd),
        (rf"{_lead(month_table)}(?<!\w)(?:{months}),? {year}{opt_yw}", _read_month),
        (rf"{year} ?{yw} (?:{months})(?!\w)", _read_month),
        (rf"{_lead(merged_words(data, 'year_in'))}(?<!\w)(?:{year_in}) (?:{months_in})(?!\w)", _read_month, False),
        (rf"{_lead(ordinal_table)}(?<!\w)(?:{ordinals}) (?:{periods})(?: (?:{join}))? {year}{opt_yw}", _read_period),
        (rf"{year} ?{yw} (?:{ordinals}) (?:{periods})", _read_period),
        (rf"{_lead(merged_words(data, 'range_from'))}(?<!\w)(?:{range_from}) {year}{opt_yw} "
         rf"(?:{range_to}) (?P<y2>{_YEAR})(?!\d){opt_yw}", _read_range),
        (rf"{year} ?{yw} (?P<y2>{_YEAR}) ?{yw} (?:{until_after})(?!\w)", _read_range),
        (rf"{year} ?- ?(?P<y2>(?:19|20)?\d{{2}})(?!\d|[.,]\d){opt_yw}", _read_range),
        (rf"{_lead(cue_words)}(?<!\w)(?:(?P<since>{since})|(?P<until>{until})|(?P<at>{year_in})) {year}"
         rf"(?: ?{yw})?", _read_year),
        (rf"{year} ?(?P<yw>{yw})(?: (?:(?P<since_post>{since_after})|(?P<until_post>{until_after}))(?!\w))?",
         _read_year),
        (rf"{_lead(relative_table)}(?<!\w)(?:{relative})(?!\w)", _read_relative, False),
    ]
    return tuple(_Rule(re.compile(spec[0]), *spec[1:]) for spec in specs)


def _windows(folded: str) -> list[tuple[int, int]]:
    """Stretches of text around digits, merged: where the digit rules can match."""
    out: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(folded):
        start, end = max(0, m.start() - _REACH), min(len(folded), m.end() + _REACH)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def extract_dates(view: TextView) -> list[DateMention]:
    """Date mentions of a document, sorted by start, not overlapping."""
    folded = view.folded
    published = view.published
    found: list[tuple[int, int, int, Span]] = []
    near_digits = _windows(folded)
    whole = [(0, len(folded))]
    for rank, rule in enumerate(rules()):
        for start, end in near_digits if rule.needs_digit else whole:
            for m in rule.pattern.finditer(folded, start, end):
                span = rule.read(m, published)
                if span is not None:
                    found.append((-(m.end() - m.start()), m.start(), rank, span))
    taken = bytearray(len(folded))
    out: list[DateMention] = []
    for neg_len, start, _, (from_, to) in sorted(found):
        end = start - neg_len
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            out.append(DateMention(text=view.text[start:end], start=start, end=end, from_=from_, to=to))
    return sorted(out, key=lambda d: d.start)
