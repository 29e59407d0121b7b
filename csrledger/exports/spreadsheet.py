"""Spreadsheet-safe cells (OWASP CSV injection) and the XLSX workbook.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula; evidence
sentences and curated fields come from the web, so such text is prefixed with
a single quote, as OWASP recommends.  Only text is touched: amounts and years
stay numbers, and the JSON, Parquet and FtM exports keep the exact text.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Columns written as numbers, dates or booleans in XLSX; every other column is text.
INTEGER_COLUMNS = frozenset({"record_id", "year_from", "year_to", "part_of"})
AMOUNT_COLUMNS = frozenset({"amount", "amount_kzt"})
DATE_COLUMNS = frozenset({"published"})
WIDTHS = {"sponsor": 28, "object": 40, "region_name": 18, "place": 16, "amount": 16, "amount_kzt": 16,
          "doc_id": 14, "url": 30, "published": 12, "evidence": 80}


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading ``'``; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: neutralise(value) for key, value in row.items()}


def _date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return neutralise(value)
    return value


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def write_xlsx(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: IO[bytes]) -> int:
    """Records on a 'records' sheet (frozen, filterable header; real dates and numbers) and their
    source documents on a 'documents' sheet; returns the number of records."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from csrledger import __version__

    book = Workbook(write_only=True)
    book.properties.creator = f"csrledger {__version__}"
    sheet = book.create_sheet("records")
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, 1):
        sheet.column_dimensions[_column_letter(index)].width = WIDTHS.get(name, 12)
    bold = Font(bold=True)

    def header(target: Any, names: Sequence[str]) -> None:
        cells = []
        for name in names:
            cell = WriteOnlyCell(target, value=name)
            cell.font = bold
            cells.append(cell)
        target.append(cells)

    def cell(target: Any, name: str, value: Any) -> Any:
        if name in DATE_COLUMNS:
            value = _date(value)
        c = WriteOnlyCell(target, value=neutralise(value))
        if isinstance(value, str):
            c.data_type = "s"   # text is never a formula, whatever it starts with
        elif value is None:
            pass
        elif isinstance(value, dt.date):
            c.number_format = "yyyy-mm-dd"
        elif isinstance(value, bool):
            pass
        elif name in AMOUNT_COLUMNS:
            c.number_format = "#,##0" if float(value).is_integer() else "#,##0.00"
        elif name in INTEGER_COLUMNS:
            c.number_format = "0"
        return c

    header(sheet, columns)
    documents: dict[str, dict[str, Any]] = {}
    count = 0
    for row in rows:
        sheet.append([cell(sheet, name, row.get(name)) for name in columns])
        doc = documents.setdefault(row["doc_id"], {"doc_id": row["doc_id"], "url": row.get("url"),
                                                   "published": row.get("published"), "records": 0})
        doc["records"] += 1
        count += 1
    sheet.auto_filter.ref = f"A1:{_column_letter(len(columns))}{count + 1}"

    doc_columns = ("doc_id", "url", "published", "records")
    doc_sheet = book.create_sheet("documents")
    doc_sheet.freeze_panes = "A2"
    for index, name in enumerate(doc_columns, 1):
        doc_sheet.column_dimensions[_column_letter(index)].width = WIDTHS.get(name, 12)
    header(doc_sheet, doc_columns)
    for doc in documents.values():
        doc_sheet.append([cell(doc_sheet, name, doc[name]) for name in doc_columns])
    doc_sheet.auto_filter.ref = f"A1:D{len(documents) + 1}"

    buffer = io.BytesIO()
    book.save(buffer)
    out.write(buffer.getvalue())
    return count
