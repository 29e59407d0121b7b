"""The ledger's summary as text: documents, money found, investments by region,
sector, year and sponsor, with tenge delivered, under way and promised kept
apart and each investment counted once."""
from __future__ import annotations

from typing import Any

from csrledger.formatting import bar, kzt, thousands
from csrledger.taxonomy import REGIONS

COLUMNS = (("kzt_completed", "delivered, ₸"), ("kzt_ongoing", "under way, ₸"), ("kzt_planned", "promised, ₸"))


def _table(title: str, rows: list[dict[str, Any]], label) -> list[str]:
    if not rows:
        return []
    by_count = not any(r["kzt_completed"] for r in rows)
    top = max((r["events"] if by_count else r["kzt_completed"]) for r in rows) or 1
    lines = ["", f"{title:<30} {'events':>6}" + "".join(f" {name:>18}" for _, name in COLUMNS)]
    for row in rows:
        size = row["events"] if by_count else row["kzt_completed"]
        money = "".join(f" {thousands(row[key]):>18}" for key, _ in COLUMNS)
        lines.append(f"  {label(row)[:28]:<28} {row['events']:>6}{money}  {bar(size, top, 16)}")
    return lines


def _order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: tuple(-r[key] for key, _ in COLUMNS) + (-r["events"],))


def render_summary(summary: dict[str, Any], db_label: str = "") -> str:
    langs = " · ".join(f"{r['key']} {r['documents']}" for r in summary["documents_by_lang"])
    counted = summary["kzt_completed"] + summary["kzt_ongoing"] + summary["kzt_planned"]
    lines = [
        f"csrledger ledger {db_label}".rstrip(),
        f"Documents: {thousands(summary['documents'])}" + (f" ({langs})" if langs else ""),
        f"Money mentions found: {thousands(summary['money_mentions'])}",
        f"Social investments: {thousands(summary['events'])}, each counted once, from "
        f"{thousands(summary['records'])} records in {thousands(summary['documents_with_records'])} documents",
        f"Delivered (completed): {kzt(summary['kzt_completed'])}",
        f"Under way (ongoing):   {kzt(summary['kzt_ongoing'])}",
        f"Promised (planned):    {kzt(summary['kzt_planned'])}",
    ]
    if summary["reported_kzt"] > counted:
        lines.append(f"  (the records state {kzt(summary['reported_kzt'])} in all: repeated reports and parts "
                     "of aggregates are counted once)")
    if summary["records_other_currency"]:
        lines.append(f"  + {summary['records_other_currency']} records in other currencies, not converted")
    if summary["filters"]:
        lines.append("Filters: " + ", ".join(f"{k}={v}" for k, v in summary["filters"].items()))
    lines += _table("By region", _order(summary["by_region"]),
                    lambda r: f"{REGIONS[r['key']]} ({r['key']})" if r["key"] else "not located")
    lines += _table("By sector", _order(summary["by_sector"]), lambda r: r["key"])
    lines += _table("By year", summary["by_year"], lambda r: str(r["key"] or "unknown"))
    lines += _table("By status", summary["by_status"], lambda r: r["key"])
    lines += _table("Top sponsors", summary["top_sponsors"], lambda r: r["key"])
    return "\n".join(lines)
