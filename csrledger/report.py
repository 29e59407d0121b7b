"""The ledger's summary as text: documents, money found, records by region,
sector, year and sponsor, with totals in tenge and bar charts."""
from __future__ import annotations

from typing import Any

from csrledger.formatting import bar, kzt, thousands
from csrledger.taxonomy import REGIONS


def _table(title: str, rows: list[dict[str, Any]], label) -> list[str]:
    if not rows:
        return []
    biggest = max((r["kzt"] for r in rows), default=0) or 0
    by_count = biggest == 0
    top = max(r["records"] for r in rows) if by_count else biggest
    lines = ["", f"{title:<34} {'records':>7} {'total, ₸':>21}"]
    for row in rows:
        size = row["records"] if by_count else row["kzt"]
        lines.append(f"  {label(row)[:32]:<32} {row['records']:>7} {thousands(row['kzt']):>21}  {bar(size, top)}")
    return lines


def render_summary(summary: dict[str, Any], db_label: str = "") -> str:
    langs = " · ".join(f"{r['key']} {r['documents']}" for r in summary["documents_by_lang"])
    lines = [
        f"csrledger ledger {db_label}".rstrip(),
        f"Documents: {thousands(summary['documents'])}" + (f" ({langs})" if langs else ""),
        f"Money mentions found: {thousands(summary['money_mentions'])}",
        f"Social-investment records: {thousands(summary['records'])} in "
        f"{thousands(summary['documents_with_records'])} documents",
        f"Total in tenge: {kzt(summary['total_kzt'])} "
        f"(from {thousands(summary['records_with_kzt'])} records with a tenge amount)",
    ]
    if summary["records_other_currency"]:
        lines.append(f"  + {summary['records_other_currency']} records in other currencies, not converted")
    if summary["filters"]:
        lines.append("Filters: " + ", ".join(f"{k}={v}" for k, v in summary["filters"].items()))
    lines += _table("By region", sorted(summary["by_region"], key=lambda r: (-r["kzt"], -r["records"])),
                    lambda r: f"{REGIONS[r['key']]} ({r['key']})" if r["key"] else "not located")
    lines += _table("By sector", sorted(summary["by_sector"], key=lambda r: (-r["kzt"], -r["records"])),
                    lambda r: r["key"])
    lines += _table("By year", summary["by_year"], lambda r: str(r["key"] or "unknown"))
    lines += _table("By status", summary["by_status"], lambda r: r["key"])
    lines += _table("Top sponsors", summary["top_sponsors"], lambda r: r["key"])
    return "\n".join(lines)
