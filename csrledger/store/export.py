"""Exports of ledger records: CSV, JSON Lines, JSON and XLSX.

Exports carry the curated values (the records table holds them) and, for
every record, the sentence that states it, so each figure stays traceable.
"""
from __future__ import annotations

import csv
import io
import json
from typing import IO, Any, Iterable

from csrledger.taxonomy import REGIONS

COLUMNS = ("record_id", "sponsor", "sponsor_kind", "sector", "object", "region", "region_name", "place",
           "amount", "currency", "amount_kzt", "status", "year_from", "year_to", "aggregate", "review",
           "doc_id", "url", "published", "evidence")
FORMATS = ("csv", "jsonl", "json", "xlsx")


def export_row(record: dict[str, Any], doc_text: str) -> dict[str, Any]:
    """One flat row: the record's fields, its document and its evidence sentences."""
    evidence = " … ".join(doc_text[e["start"]:e["end"]].strip() for e in record.get("evidence") or [])
    published = record.get("published")
    return {
        "record_id": record["id"], "sponsor": record["sponsor"], "sponsor_kind": record["sponsor_kind"],
        "sector": record["sector"], "object": record["object"], "region": record["region"],
        "region_name": REGIONS.get(record["region"] or "", ""), "place": record["place"],
        "amount": record["amount"], "currency": record["currency"], "amount_kzt": record["amount_kzt"],
        "status": record["status"], "year_from": record["year_from"], "year_to": record["year_to"],
        "aggregate": bool(record["aggregate"]), "review": record["review"], "doc_id": record["doc_id"],
        "url": record.get("url"), "published": published.isoformat() if hasattr(published, "isoformat") else published,
        "evidence": evidence,
    }


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: IO) -> int:
    """Write rows in ``fmt`` to a text stream (a binary stream for xlsx); returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "xlsx":
        return _write_xlsx(rows, out)
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        out.write("[")
        for row in rows:
            out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("\n]\n")
    return count


def _write_xlsx(rows: Iterable[dict[str, Any]], out: IO) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("records")
    sheet.append(list(COLUMNS))
    count = 0
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    out.write(buffer.getvalue())
    return count
