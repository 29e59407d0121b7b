"""Exports of ledger records: CSV, JSON Lines, JSON, XLSX, Parquet and FollowTheMoney.

Exports carry the curated values (the records table holds them) and, for
every record, the sentence that states it, so each figure stays traceable;
``event_id`` names the real investment a record reports (the same in every
document and language) and ``part_of`` the record id of the aggregate it is
a part of (FORMATS.md section 4), so a reader can count each once.
Amounts are numbers (a whole amount is written ``1800000000``, not
``1800000000.0``); CSV and XLSX cells that a spreadsheet would run as a
formula are neutralised (``csrledger.exports.spreadsheet``).  Parquet and FtM
need the optional ``exports`` extra and are imported only when asked for.
"""
from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from csrledger.taxonomy import REGIONS

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from csrledger.store.queries import RecordFilter

COLUMNS = ("record_id", "sponsor", "sponsor_kind", "sector", "object", "region", "region_name", "place",
           "amount", "currency", "amount_kzt", "status", "year_from", "year_to", "aggregate", "review",
           "doc_id", "url", "published", "evidence", "event_id", "part_of")
FORMATS = ("csv", "jsonl", "json", "xlsx")          # the row formats (also served by the web API)
EXPORT_FORMATS = (*FORMATS, "parquet", "ftm")        # everything `csrledger export` writes
BINARY_FORMATS = ("xlsx", "parquet")
BOM = "\ufeff"


def _number(value: Any) -> Any:
    """A whole float as an int, so that text formats say 1800000000 rather than 1800000000.0;
    a non-finite one (stored by some other writer) as nothing, so no export is invalid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def export_row(record: dict[str, Any], doc_text: str) -> dict[str, Any]:
    """One flat row: the record's fields, its document and its evidence sentences."""
    evidence = " … ".join(doc_text[e["start"]:e["end"]].strip() for e in record.get("evidence") or [])
    published: Any = record.get("published")
    return {
        "record_id": record["id"], "sponsor": record["sponsor"], "sponsor_kind": record["sponsor_kind"],
        "sector": record["sector"], "object": record["object"], "region": record["region"],
        "region_name": REGIONS.get(record["region"] or "", ""), "place": record["place"],
        "amount": _number(record["amount"]), "currency": record["currency"],
        "amount_kzt": _number(record["amount_kzt"]),
        "status": record["status"], "year_from": record["year_from"], "year_to": record["year_to"],
        "aggregate": bool(record["aggregate"]), "review": record["review"], "doc_id": record["doc_id"],
        "url": record.get("url"), "published": published.isoformat() if hasattr(published, "isoformat") else published,
        "evidence": evidence,
        "event_id": record.get("event_id"), "part_of": record.get("part_of"),
    }


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: IO[Any], *, bom: bool = False) -> int:
    """Write rows in ``fmt`` to a text stream (a binary stream for xlsx and parquet); returns the count.

    ``bom`` starts a CSV with a byte-order mark, which Excel needs to read it as UTF-8.
    """
    if fmt not in EXPORT_FORMATS or fmt == "ftm":
        raise ValueError(f"format must be one of {', '.join(f for f in EXPORT_FORMATS if f != 'ftm')}, not {fmt!r}")
    if fmt == "xlsx":
        from csrledger.exports.spreadsheet import write_xlsx

        return write_xlsx(rows, COLUMNS, out)
    if fmt == "parquet":
        from csrledger.exports.parquet import write_parquet

        return write_parquet(rows, out)
    count = 0
    if fmt == "csv":
        from csrledger.exports.spreadsheet import safe_row

        if bom:
            out.write(BOM)
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(safe_row(row))
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


def iter_export(conn: Connection, flt: RecordFilter) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(stored record, export row) pairs for every record the filter selects, in a stable order."""
    from csrledger.store.queries import get_document, iter_records

    texts: dict[str, str] = {}
    for record in iter_records(conn, flt):
        if record["doc_id"] not in texts:
            texts.clear()   # records come grouped by document: keep one text in memory
            document = get_document(conn, record["doc_id"])
            texts[record["doc_id"]] = document["text"] if document else ""
        yield record, export_row(record, texts[record["doc_id"]])


def export_records(conn: Connection, flt: RecordFilter, fmt: str, out: IO[Any], *, bom: bool = False) -> int:
    """Write the filtered records of the ledger in any export format; returns the count."""
    pairs = iter_export(conn, flt)
    if fmt == "ftm":
        from csrledger.exports.ftm import write_ftm

        return write_ftm(pairs, out)
    return write_rows((row for _record, row in pairs), fmt, out, bom=bom)


def check_format(fmt: str) -> None:
    """Fail before any file is opened: an unknown format, or a missing optional package."""
    from csrledger.exports import require

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    if fmt == "parquet":
        require("pyarrow.parquet", "the Parquet export")
    elif fmt == "ftm":
        require("followthemoney", "the FollowTheMoney export")


def export_to_path(conn: Connection, flt: RecordFilter, fmt: str, output: str, *, bom: bool = False) -> int:
    """Export to a file (written beside it and renamed when complete, so a failure leaves no
    half-written file) or to standard output when ``output`` is ``-``."""
    check_format(fmt)
    binary = fmt in BINARY_FORMATS
    if output == "-":
        if not binary:
            return export_records(conn, flt, fmt, sys.stdout, bom=bom)
        buffer = io.BytesIO()   # Parquet needs a seekable stream; a pipe is not one
        count = export_records(conn, flt, fmt, buffer)
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return count
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if binary:
            with open(partial, "wb") as fh:
                count = export_records(conn, flt, fmt, fh)
        else:
            with open(partial, "w", encoding="utf-8", newline="") as fh:
                count = export_records(conn, flt, fmt, fh, bom=bom)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return count
