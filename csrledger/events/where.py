"""Where a document is: the main place of a page, for its records that name no town.

A page about a new school in Rudny names Rudny in its headline or lede and
then speaks of "the school"; the records stage gives the records of the
later sentences only the region, or nothing.  For comparing reports across
documents such a record is taken to be in the document's main place — the
settlement or district the page names first and most — when the page has one
clearly (no other place is named as prominently) and it lies in the record's
region.  The record itself is not changed: only the events stage reads the
place this way (``Report.place_from_document`` says it did).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from csrledger.events.keys import place_key, place_relation

LEDE = 300
"""Characters of a page's opening (headline and lede): a place named there is what the page is about."""
LEDE_WEIGHT = 2
SPECIFIC_KINDS = frozenset({"city", "village", "town", "settlement", "locality", "district"})


@dataclass(frozen=True)
class MainPlace:
    """The page's main settlement or district (``place``, ``None`` when it has none clearly) and region."""

    place: str | None
    region: str | None


def main_place(mentions: Iterable[Mapping[str, Any]]) -> MainPlace:
    """The main place of a page from its place mentions (``name``, ``kind``, ``region``, ``start``).

    Each specific place (a settlement or district) scores the times it is
    named, plus ``LEDE_WEIGHT`` when it is named in the page's opening; the
    best is the main place only when no *different* place (another
    settlement, another district; a district and a settlement in it are not
    rivals) scores as much.  The main region is the main place's, or the
    region named most when it is named strictly more often than any other.
    """
    score: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    name_of: dict[str, str] = {}
    region_of: dict[str, str | None] = {}
    regions: dict[str, int] = defaultdict(int)
    for m in mentions:
        name, kind, region, start = m.get("name"), m.get("kind"), m.get("region"), int(m.get("start") or 0)
        if region:
            regions[region] += 1
        if not name or kind not in SPECIFIC_KINDS:
            continue
        key = place_key(name)
        if not key:
            continue
        score[key] += 1
        first[key] = min(start, first.get(key, start))
        name_of.setdefault(key, name)
        region_of.setdefault(key, region)
    region = None
    ranked_regions = sorted(regions.items(), key=lambda kv: -kv[1])
    if ranked_regions and (len(ranked_regions) == 1 or ranked_regions[0][1] > ranked_regions[1][1]):
        region = ranked_regions[0][0]
    if not score:
        return MainPlace(None, region)
    for key, start in first.items():
        if start < LEDE:
            score[key] += LEDE_WEIGHT
    ranked = sorted(score, key=lambda k: (-score[k], first[k], k))
    best = ranked[0]
    rivals = [k for k in ranked[1:] if place_relation(name_of[best], name_of[k]) == "different"]
    if rivals and score[rivals[0]] >= score[best]:
        return MainPlace(None, region)
    return MainPlace(name_of[best], region_of[best] or region)


def placed(place: str | None, region: str | None, main: MainPlace | None) -> tuple[str | None, str | None, bool]:
    """(place, region, taken from the document) of a record, given its document's main place.

    A record that names a settlement or district keeps it.  One that names
    none (or only its region) is in the page's main place when that lies in
    the record's region (or the record has none); a record without a region
    takes the page's main region.
    """
    from csrledger.events.keys import is_specific_place

    if main is None or is_specific_place(place):
        return place, region, False
    if main.place and (region is None or main.region == region):
        return main.place, region or main.region, True
    if region is None and main.region:
        return place, main.region, True
    return place, region, False
