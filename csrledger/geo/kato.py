"""Import of the official KATO classifier into the user's gazetteer.

``import_kato`` reads the Bureau of National Statistics' workbook (.xlsx) or
a CSV of it (kato, name_ru, name_kk columns, as in ``refdata/KATO``) and keeps
a compact JSON table of towns and villages with their region; the
default gazetteer picks it up from :func:`kato_path` when present.  KATO codes
are hierarchical: the first two digits are the region's ISO 3166-2:KZ number,
``AB0000000`` is a region, ``ABCD00000`` a district, ``ABCDEF000`` a rural or
town administration, anything else a settlement.
"""
from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from csrledger.geo.gazetteer import Gazetteer, GeoEntry
from csrledger.geo.keys import name_keys, translit

# Classifier abbreviations in front of or behind a name ("г.Семей", "Семей Г.А.", "с.о.").
_ABBR = re.compile(r"(?i)(^|\s)(г\.а\.|қ\.ә\.|с\.о\.|а\.о\.|п\.а\.|к\.ә\.|г\.|қ\.|с\.|а\.|п\.|к\.)\s*"
                  r"|\s*\b(г\.а|қ\.ә|с\.о|а\.о)\.?$")
_CITY_PREFIX = re.compile(r"(?i)^\s*(г\.|қ\.)|\s(қ\.|қаласы)$")
_AREA_SUFFIX = re.compile(r"(?i)\b(район|ауданы|область|облысы)\b")


def kato_path() -> Path:
    """Where the imported KATO table lives: $CSRLEDGER_HOME/gazetteer/kato.json, else ~/.local/share/csrledger/."""
    home = os.environ.get("CSRLEDGER_HOME")
    base = Path(home) if home else Path.home() / ".local" / "share" / "csrledger"
    return base / "gazetteer" / "kato.json"


def clean_name(raw: str) -> str:
    """A KATO name without classifier abbreviations ("г.Семей" → "Семей", "Абай с.о." → "Абай")."""
    name = _ABBR.sub(" ", raw)
    return re.sub(r"\s+", " ", name).strip(" .")


def _level(code: str) -> str:
    if code[2:] == "0000000":
        return "oblast"
    if code[4:] == "00000":
        return "district"
    if code[6:] == "000":
        return "sub_district"
    return "settlement"


def _rows_csv(path: Path) -> Iterator[tuple[str, str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            yield row["kato"].strip().zfill(9), row.get("name_ru", ""), row.get("name_kk", "")


def _rows_xlsx(path: Path) -> Iterator[tuple[str, str, str]]:
    """The BNS workbook: a header row with a code column (te/код/kato) and Kazakh and Russian name columns."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).active
    if sheet is None:
        raise ValueError(f"{path}: the workbook has no worksheet")
    rows = sheet.iter_rows(values_only=True)
    cols: dict[str, int] = {}
    for row in rows:
        heads = [str(c or "").strip().lower() for c in row]
        for i, h in enumerate(heads):
            if h in ("te", "код", "kato", "като") and "code" not in cols:
                cols["code"] = i
            elif ("rus" in h or "рус" in h) and "ru" not in cols:
                cols["ru"] = i
            elif ("kaz" in h or "каз" in h or "қаз" in h) and "kk" not in cols:
                cols["kk"] = i
        if len(cols) == 3:
            break
        cols.clear()
    if len(cols) != 3:
        raise ValueError(f"{path}: no KATO header (code, Kazakh and Russian name columns) found")
    for row in rows:
        code = str(row[cols["code"]] or "").strip()
        if code.isdigit():
            yield code.zfill(9), str(row[cols["ru"]] or ""), str(row[cols["kk"]] or "")


def read_kato(path: Path) -> list[dict[str, Any]]:
    """KATO towns and villages, each with its region code.

    Districts are left to the built-in table (it knows their adjective forms),
    rural administrations repeat their main village's name.
    """
    rows = _rows_xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _rows_csv(path)
    out = []
    for code, ru, kk in rows:
        level = _level(code)
        if level in ("oblast", "district"):
            continue
        kind = "city" if _CITY_PREFIX.search(ru) or _CITY_PREFIX.search(kk) else "village"
        if level == "sub_district" and kind != "city" or _AREA_SUFFIX.search(ru):
            continue
        out.append({"kato": code, "kind": kind, "region": f"KZ-{code[:2]}",
                    "ru": clean_name(ru), "kk": clean_name(kk)})
    return out


def import_kato(path: Path, target: Path | None = None) -> int:
    """Store the KATO classifier at ``path`` as the user's gazetteer table; return the units stored."""
    units = read_kato(Path(path))
    target = target or kato_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(units, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(target)
    from csrledger.geo.gazetteer import default_gazetteer

    default_gazetteer.cache_clear()
    return len(units)


def add_kato(gaz: Gazetteer, path: Path) -> int:
    """Add the imported KATO villages and towns the built-in data lacks; return how many."""
    known = {(nf.keys, nf.entry.region) for forms in gaz.index.values() for nf in forms}
    added = 0
    for unit in json.loads(path.read_text(encoding="utf-8")):
        names = [n for n in dict.fromkeys((unit["ru"], unit["kk"])) if n]   # in order, whatever the hash seed
        keys = [name_keys(n) for n in names]
        if any((k, unit["region"]) in known for k in keys):
            continue
        entry = GeoEntry(unit["kato"], translit(unit["kk"] or unit["ru"]), unit["kind"], unit["region"],
                         frozenset({"kato"}))
        gaz.add(entry, names)
        added += 1
    return added
