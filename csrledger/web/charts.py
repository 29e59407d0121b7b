"""Chart data for the dashboard: region map tiles, colour classes, year columns.

Charts are drawn as inline SVG by the templates (see ``_charts.html``): no
JavaScript library, nothing fetched at run time, and a page that prints and
reads the same with scripts off.  This module only computes geometry and
colours; the markup and its escaping stay in Jinja.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from csrledger.formatting import compact, thousands
from csrledger.taxonomy import REGIONS

TILE = 64   # px, tile side
GAP = 4


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    with (resources.files("csrledger.web") / "data" / "tilemap.toml").open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Legend:
    colour: str
    label: str


DELIVERED = "kzt_completed"
"""The money the charts show: tenge of completed investments (promises are never added to it)."""


@dataclass(frozen=True)
class Scale:
    """Quantile classes of the non-zero values; zero/absent gets the empty colour."""

    limits: tuple[float, ...]          # upper bound of each class but the last
    colours: tuple[str, ...]
    empty: str
    metric: str                        # "kzt" or "records"

    def colour(self, value: float) -> str:
        if not value:
            return self.empty
        for limit, colour in zip(self.limits, self.colours, strict=False):   # one colour more than limits
            if value <= limit:
                return colour
        return self.colours[len(self.limits)]

    def is_dark(self, colour: str) -> bool:
        """Whether labels on this colour need light ink."""
        palette = _table()["scale"]["colours"]
        return colour in palette and palette.index(colour) >= len(palette) // 2 + 1

    def legend(self) -> list[Legend]:
        fmt: Callable[[float], str] = compact if self.metric == "kzt" else thousands
        items = [Legend(self.empty, "none")]
        lower = 0.0
        for i, limit in enumerate(self.limits):
            items.append(Legend(self.colours[i], f"{fmt(lower)} – {fmt(limit)}" if i else f"≤ {fmt(limit)}"))
            lower = limit
        items.append(Legend(self.colours[-1], f"> {fmt(lower)}" if self.limits else "any"))
        return items


def scale_for(values: list[float], metric: str) -> Scale:
    table = _table()["scale"]
    colours = table["colours"]
    positive = sorted(v for v in values if v)
    classes = min(len(colours), len(set(positive)))
    limits: list[float] = []
    for i in range(1, classes):
        limit = positive[round(i * len(positive) / classes) - 1]
        if (not limits or limit > limits[-1]) and limit < positive[-1]:
            limits.append(limit)
    n = len(limits) + 1
    used = tuple(colours[round(i * (len(colours) - 1) / (n - 1))] if n > 1 else colours[-1] for i in range(n))
    return Scale(tuple(limits), used, table["empty"], metric)


@dataclass(frozen=True)
class RegionShape:
    """One region drawn on the map: a tile (x, y) or a boundary path."""

    code: str
    name: str
    label: str
    value: str                         # short figure printed on a tile
    x: float
    y: float
    path: str | None
    fill: str
    title: str
    href: str
    selected: bool
    dark: bool


@dataclass(frozen=True)
class RegionMap:
    width: float
    height: float
    shapes: list[RegionShape]
    legend: list[Legend]
    metric: str
    unlocated: dict[str, Any]          # records with no region: count and tenge


def region_map(by_region: list[dict[str, Any]], selected: str | None, link: Callable[[str], str],
               boundaries: dict[str, Any] | None = None) -> RegionMap:
    """The map of the 20 regions coloured by tenge delivered (by record count when none is known).

    ``boundaries`` (from :func:`csrledger.web.geojson.load_boundaries`) gives a
    real choropleth; without it the built-in tile layout is used.
    """
    rows = {r["key"]: r for r in by_region}
    metric = "kzt" if any(r[DELIVERED] for r in by_region if r["key"]) else "records"
    values = {code: float((rows.get(code) or {}).get(DELIVERED if metric == "kzt" else "records") or 0)
              for code in REGIONS}
    scale = scale_for(list(values.values()), metric)
    tiles = _table()["tiles"]
    shapes = []
    for code, name in REGIONS.items():
        row = rows.get(code) or {"records": 0, DELIVERED: 0.0}
        title = f"{name}: {thousands(row['records'])} records, {compact(row[DELIVERED])} delivered"
        tile = tiles[code]
        if boundaries:
            path = boundaries["paths"].get(code)
            x, y = boundaries["centres"].get(code, (0.0, 0.0))
        else:
            path = None
            x, y = tile["col"] * (TILE + GAP), tile["row"] * (TILE + GAP)
        fill = scale.colour(values[code])
        figure = compact(row[DELIVERED], "").strip() if metric == "kzt" else thousands(row["records"])
        shapes.append(RegionShape(code, name, tile["label"], figure if values[code] else "", x, y, path, fill,
                                  title, link(code),
                                  code == selected, scale.is_dark(fill)))
    if boundaries:
        width, height = boundaries["width"], boundaries["height"]
    else:
        width = (max(t["col"] for t in tiles.values()) + 1) * (TILE + GAP)
        height = (max(t["row"] for t in tiles.values()) + 1) * (TILE + GAP)
    none = rows.get(None) or {"records": 0, DELIVERED: 0.0}
    return RegionMap(width, height, shapes, scale.legend(), metric,
                     {"records": none["records"], "kzt": none[DELIVERED]})


@dataclass(frozen=True)
class Column:
    label: str
    value: float
    records: int
    x: float
    height: float
    href: str
    title: str


def year_columns(by_year: list[dict[str, Any]], link: Callable[[int], str],
                 height: float = 120.0, step: float = 34.0) -> list[Column]:
    """Columns of tenge delivered per year (record counts when none is known), oldest first."""
    rows = sorted((r for r in by_year if r["key"] is not None), key=lambda r: r["key"])
    metric = DELIVERED if any(r[DELIVERED] for r in rows) else "records"
    top = max((float(r[metric]) for r in rows), default=0.0) or 1.0
    return [Column(str(r["key"]), float(r[metric]), r["records"], i * step,
                   max(1.0, float(r[metric]) / top * height) if r[metric] else 0.0, link(r["key"]),
                   f"{r['key']}: {thousands(r['records'])} records, {compact(r[DELIVERED])} delivered")
            for i, r in enumerate(rows)]
