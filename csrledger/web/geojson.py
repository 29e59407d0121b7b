"""A user-supplied boundary file (GeoJSON) turned into SVG paths per region.

No boundary geometry of clear licence ships in a package, so csrledger draws
its own tile map unless the user passes ``--regions-geojson FILE``.  Features
are matched to ISO 3166-2:KZ codes by any property that holds a numeric ISO
code (``KZ-35``), a KATO code or P-code (``350000000``, ``KZ35``: the first two
digits name the region), or else a region name in English, Russian or Kazakh
(the gazetteer's names).  Geometry is projected once at start-up
(equirectangular, scaled by the cosine of the mean latitude) and thinned to
the map's resolution, so a request only fills in colours.
"""
from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from csrledger.taxonomy import REGIONS

WIDTH = 640.0
_ISO = re.compile(r"^KZ-(\d\d)$")
_KATO = re.compile(r"^(?:KZ)?(\d\d)(?:\d{7})?$")
_CITY = re.compile(r"\b(city|город|қала|қаласы|г\.)", re.I)
_NOISE = re.compile(r"\(.*?\)|\b(region|oblast|province|city|область|облысы|обл\.|город|қаласы|қала|г\.)", re.I)
CITIES = ("KZ-71", "KZ-75", "KZ-79")


class BoundaryError(ValueError):
    """The boundary file is unreadable or matches too few regions."""


def _norm(name: str) -> str:
    return " ".join(_NOISE.sub(" ", name).lower().replace("і", "i").split())  # Latin i for Kazakh і


Names = tuple[dict[str, list[str]], ...]


def _names() -> Names:
    """Normalised names -> codes, most trusted first: the taxonomy's names, the gazetteer's, former names."""
    canonical: dict[str, list[str]] = {}
    current: dict[str, list[str]] = {}
    former: dict[str, list[str]] = {}
    for code, name in REGIONS.items():
        canonical.setdefault(_norm(name), []).append(code)
    try:
        with (resources.files("csrledger.geo") / "data" / "regions.toml").open("rb") as fh:
            table = tomllib.load(fh)
    except (FileNotFoundError, ModuleNotFoundError, tomllib.TOMLDecodeError):
        table = {}
    for region in table.get("region", []):
        for key in ("en", "ru", "kk", "ru_adj", "former"):
            names = former if key == "former" else current
            for name in region.get(key, []):
                codes = names.setdefault(_norm(name), [])
                if region["code"] not in codes:
                    codes.append(region["code"])
    return canonical, current, former


def match_region(properties: dict[str, Any], names: Names | None = None) -> str | None:
    """The ISO 3166-2:KZ code a feature stands for, from its properties."""
    values = [str(v).strip() for v in properties.values() if isinstance(v, (str, int))]
    for value in values:
        m = _ISO.match(value.upper())
        if m and value.upper() in REGIONS:
            return value.upper()
    for key, value in properties.items():
        m = _KATO.match(str(value).strip().upper())
        if m and ("kato" in key.lower() or "pcode" in key.lower() or len(str(value).strip()) == 9):
            code = f"KZ-{m.group(1)}"
            if code in REGIONS:
                return code
    for table in _names() if names is None else names:
        for value in values:
            codes = table.get(_norm(value), [])
            if len(codes) > 1:           # "Almaty": the region, unless the value says city
                is_city = bool(_CITY.search(value))
                codes = [c for c in codes if (c in CITIES) == is_city] or codes
            if codes:
                return codes[0]
    return None


def _rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon


def load_boundaries(path: Path) -> dict[str, Any]:
    """SVG paths, label centres and the map size for each region found in ``path``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = data["features"] if data.get("type") == "FeatureCollection" else [data]
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise BoundaryError(f"cannot read boundaries from {path}: {exc}") from None
    names = _names()
    rings: dict[str, list[list[list[float]]]] = {}
    for feature in features:
        code = match_region(feature.get("properties") or {}, names)
        if code:
            rings.setdefault(code, []).extend(_rings(feature.get("geometry") or {}))
    if len(rings) < len(REGIONS) // 2:
        raise BoundaryError(f"{path}: only {len(rings)} of {len(REGIONS)} regions matched by KATO, ISO code or name")
    points = [p for rs in rings.values() for ring in rs for p in ring]
    lon0, lon1 = min(p[0] for p in points), max(p[0] for p in points)
    lat0, lat1 = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = WIDTH / ((lon1 - lon0) * kx)
    height = (lat1 - lat0) * scale

    def xy(p: list[float]) -> tuple[float, float]:
        return round((p[0] - lon0) * kx * scale, 1), round((lat1 - p[1]) * scale, 1)

    paths, centres = {}, {}
    for code, region_rings in rings.items():
        parts, best = [], (0.0, (0.0, 0.0))
        for ring in region_rings:
            pts: list[tuple[float, float]] = []
            for p in ring:
                q = xy(p)
                if not pts or abs(q[0] - pts[-1][0]) + abs(q[1] - pts[-1][1]) >= 1.0:
                    pts.append(q)
            if len(pts) < 3:
                continue
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in pts) + "Z")
            area = abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(pts, pts[1:] + pts[:1], strict=True))) / 2
            if area > best[0]:
                best = (area, (sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)))
        paths[code] = "".join(parts)
        centres[code] = best[1]
    return {"paths": paths, "centres": centres, "width": WIDTH, "height": round(height, 1)}
