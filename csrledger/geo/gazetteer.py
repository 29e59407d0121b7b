"""The Kazakhstan gazetteer: regions, districts, towns, villages and their names.

Built-in data (``geo/data/*.toml``) is written for this project; an imported
KATO table (see :mod:`csrledger.geo.kato`) adds the villages.  Each place
keeps its *current* region; :meth:`Gazetteer.region_of` walks the region
history (``since`` / ``was`` in regions.toml) back to the document date, so
Zhezkazgan is Karaganda (KZ-35) before 2022-06-08 and Ulytau (KZ-62) after.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from csrledger.geo.keys import ADJ_PREFIX, adj_stem, name_key, name_keys
from csrledger.text.tokens import tokenize

DATA = Path(__file__).parent / "data"
# How many first letters of a lower-case word are checked before its keys are computed.
LOWER_PREFIX = 4


@dataclass(frozen=True)
class GeoEntry:
    """One place: ``region`` is the region containing it today (None outside Kazakhstan)."""

    id: str
    name: str                      # English canonical name
    kind: str                      # country, region, city, district, village
    region: str | None
    flags: frozenset[str] = frozenset()   # bare, person_like, weak, kato, lower (its names are written in lower case)


@dataclass(frozen=True)
class NameForm:
    """One written name of a place, as a sequence of token keys."""

    keys: tuple[str, ...]
    form: str                      # "bare" (a noun name), "adj" (Russian adjective), "abbr" (exact, case-sensitive)
    entry: GeoEntry
    surface: str = ""              # the abbreviation as written, for "abbr"


@dataclass(frozen=True)
class Succession:
    """Region ``code`` exists from ``since``; before that its territory was in ``was``."""

    code: str
    since: dt.date
    was: str


@dataclass
class Gazetteer:
    """Places by id, their names indexed by the key of the first word, and the region history."""

    entries: dict[str, GeoEntry] = field(default_factory=dict)
    index: dict[str, list[NameForm]] = field(default_factory=lambda: defaultdict(list))
    successions: dict[str, Succession] = field(default_factory=dict)
    lower_keys: set[str] = field(default_factory=set)   # first keys of names written in lower case
    lower_prefixes: set[str] = field(default_factory=set)   # and their first letters, to skip other words fast

    def add(self, entry: GeoEntry, names: list[str], form: str = "bare") -> None:
        """Register ``entry`` under each of ``names`` (nominative, any script)."""
        self.entries.setdefault(entry.id, entry)
        for name in names:
            if form == "abbr":
                keys: tuple[str, ...] = (name_key(name),)
            elif form == "adj":
                words = [t.text for t in tokenize(name)]
                stem = adj_stem(words[-1])
                if stem is None:
                    raise ValueError(f"not a Russian toponymic adjective: {name!r}")
                keys = tuple(name_key(w) for w in words[:-1]) + (stem,)
            else:
                keys = name_keys(name)
            if not keys:
                continue
            nf = NameForm(keys, form, entry, name if form == "abbr" else "")
            if "lower" in entry.flags:
                self.lower_keys.add(keys[0])
                self.lower_prefixes.add(keys[0].removeprefix(ADJ_PREFIX)[:LOWER_PREFIX])
            bucket = self.index[keys[0]]
            if nf not in bucket:
                bucket.append(nf)

    def lookup(self, key: str) -> list[NameForm]:
        return self.index.get(key, [])

    def region_of(self, entry: GeoEntry, as_of: dt.date | None = None) -> str | None:
        """The region that contained ``entry`` at ``as_of`` (today when None)."""
        return self.code_as_of(entry.region, as_of)

    def code_as_of(self, code: str | None, as_of: dt.date | None = None) -> str | None:
        """The region whose territory today's ``code`` was part of at ``as_of``."""
        as_of = as_of or dt.date.today()
        seen = set()
        while code in self.successions and code not in seen:
            seen.add(code)
            succ = self.successions[code]
            if as_of >= succ.since:
                break
            code = succ.was
        return code


def _split(field_: str) -> list[str]:
    return [n.strip() for n in field_.split(",") if n.strip()]


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as fh:
        return tomllib.load(fh)


def _add_regions(gaz: Gazetteer) -> None:
    for reg in _load("regions.toml")["region"]:
        kind = reg.get("kind", "region")
        flags = frozenset({"bare"}) if kind == "city" else frozenset()
        entry = GeoEntry(reg["code"], reg["name"], kind, reg["code"], flags)
        gaz.add(entry, reg.get("en", []) + reg.get("ru", []) + reg.get("kk", []) + reg.get("former", []))
        if reg.get("alone"):
            gaz.add(GeoEntry(reg["code"], reg["name"], kind, reg["code"], frozenset({"bare"})), reg["alone"])
        # lower case in text
        people = GeoEntry(reg["code"], reg["name"], kind, reg["code"], frozenset({"bare", "lower"}))
        gaz.add(people, reg.get("ru_people", []))
        gaz.add(people, reg.get("ru_adj_alone", []), form="adj")
        gaz.add(entry, reg.get("ru_adj", []), form="adj")
        gaz.add(entry, reg.get("abbr", []), form="abbr")
        if "since" in reg:
            gaz.successions[reg["code"]] = Succession(reg["code"], reg["since"], reg["was"])


def _add_districts(gaz: Gazetteer) -> None:
    for code, table in _load("districts.toml").items():
        for line in table["districts"]:
            ru, kk, en, *rest = line.split("|")
            entry = GeoEntry(f"{code}/d/{_slug(en)}", f"{en} District", "district", code)
            names = [ru.lstrip("="), kk, en] + (_split(rest[0]) if rest else [])
            gaz.add(entry, [n for n in names if adj_stem(n)], form="adj")
            gaz.add(entry, [n for n in names if not adj_stem(n)])


def _add_settlements(gaz: Gazetteer) -> None:
    data = _load("settlements.toml")
    person_like = set(data.pop("person_like"))
    weak = set(data.pop("weak"))
    for code, table in data.items():
        for kind, key in (("city", "towns"), ("village", "villages")):
            for line in table.get(key, []):
                en, ru, kk = (_split(part) for part in line.split("|"))
                flags = {f for f, names in (("person_like", person_like), ("weak", weak)) if en[0] in names}
                entry = GeoEntry(f"{code}/s/{_slug(en[0])}", en[0], kind, code, frozenset(flags))
                gaz.add(entry, en + ru + kk)


def _add_foreign(gaz: Gazetteer) -> None:
    for kind, table in _load("foreign.toml").items():
        for line in table:
            names = _split(line.replace("|", ","))
            gaz.add(GeoEntry(f"xx/{_slug(names[0])}", names[0], kind, None, frozenset({"bare"})), names)


def build_gazetteer(kato: Path | None = None) -> Gazetteer:
    """The built-in gazetteer, plus the villages of an imported KATO table when given."""
    gaz = Gazetteer()
    _add_regions(gaz)
    _add_districts(gaz)
    _add_settlements(gaz)
    _add_foreign(gaz)
    if kato is not None and kato.exists():
        from csrledger.geo.kato import add_kato

        add_kato(gaz, kato)
    return gaz


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer every extractor shares: built once, with the user's KATO import if present."""
    from csrledger.geo.kato import kato_path

    return build_gazetteer(kato_path())
