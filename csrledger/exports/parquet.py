"""Parquet export (pyarrow): one typed table of records, streamed in row groups.

Types are fixed by a schema rather than guessed from the first rows, so an
export whose first records have no amount or year still gets float64 amounts,
int32 years and a date32 publication date; low-cardinality codes are
dictionary-encoded (categories in pandas).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from csrledger.exports import require

BATCH = 10_000


def schema() -> Any:
    """The Parquet schema of the records table (the export's columns, in order)."""
    pa = require("pyarrow", "the Parquet export")
    code = pa.dictionary(pa.int32(), pa.string())
    from csrledger import __version__

    return pa.schema([
        ("record_id", pa.int64()), ("sponsor", pa.string()), ("sponsor_kind", code), ("sector", code),
        ("object", pa.string()), ("region", code), ("region_name", code), ("place", pa.string()),
        ("amount", pa.float64()), ("currency", code), ("amount_kzt", pa.float64()), ("status", code),
        ("year_from", pa.int32()), ("year_to", pa.int32()), ("aggregate", pa.bool_()), ("review", code),
        ("doc_id", pa.string()), ("url", pa.string()), ("published", pa.date32()), ("evidence", pa.string()),
        ("event_id", pa.string()), ("part_of", pa.int64()),
    ], metadata={"producer": f"csrledger {__version__}",
                 "amount": "in units of currency; amount_kzt only for tenge (no exchange rate is guessed)"})


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    published = out.get("published")
    if isinstance(published, str):
        out["published"] = dt.date.fromisoformat(published)
    for name in ("amount", "amount_kzt"):
        if out.get(name) is not None:
            out[name] = float(out[name])
    out["region_name"] = out.get("region_name") or None
    return out


def write_parquet(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    """Write export rows to a binary stream as Parquet; returns the number of rows."""
    pa = require("pyarrow", "the Parquet export")
    pq = require("pyarrow.parquet", "the Parquet export")
    table_schema = schema()
    count = 0
    with pq.ParquetWriter(out, table_schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(_typed(row))
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
            count += len(batch)
    return count
