"""The ledger's summary as text: documents, money found, investments by region,
sector, year and sponsor, with tenge delivered, under way and promised kept
apart and each investment counted once."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csrledger.formatting import bar, kzt, thousands
from csrledger.taxonomy import REGIONS

COLUMNS = (("kzt_completed", "delivered, ₸"), ("kzt_ongoing", "under way, ₸"), ("kzt_planned", "promised, ₸"))


def _table(title: str, rows: list[dict[str, Any]], label: Callable[[dict[str, Any]], str]) -> list[str]:
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


def _money(value: Any) -> str:
    return kzt(value) if value else "—"


def render_events(rows: list[dict[str, Any]], total: int) -> str:
    """One line per event: id, status, reports, counted tenge, sponsor, object, where."""
    lines = [f"{total} events" + (f" (first {len(rows)})" if total > len(rows) else "")]
    for e in rows:
        where = ", ".join(x for x in (e["place"], e["region"]) if x) or "not located"
        lines.append(f"{e['id']}  {e['status']:<9} {e['reports']:>2} reports  {_money(e['counted_kzt']):>22}  "
                     f"{(e['sponsor'] or 'sponsor unknown')[:30]} · {e['object'][:40]} · {where}")
    return "\n".join(lines)


def render_event(event: dict[str, Any]) -> str:
    """The event and its reports side by side, in date order: its status timeline."""
    lines = [f"Event {event['id']}: {event['sponsor'] or 'sponsor unknown'} · {event['object']} · "
             f"{', '.join(x for x in (event['place'], event['region']) if x) or 'not located'}",
             f"Status now: {event['status']}" + (f" · promise {event['promise']}" if event["promise"] else "")
             + (f" (due {event['promised_year']})" if event["promised_year"] else ""),
             f"Counted: {_money(event['counted_kzt'])} (amount {_money(event['amount_kzt'])})",
             "", f"{'date':<10}  {'status':<9}  {'lang':<4}  {'amount as stated':>22}  document"]
    for r in event["records"]:
        stated = f"{thousands(r['amount'])} {r['currency']}" if r["amount"] is not None else "—"
        date = r["published"].isoformat() if r["published"] else "undated"
        lines.append(f"{date:<10}  {r['status']:<9}  {r['lang']:<4}  {stated:>22}  {r['doc_id']}"
                     + (f"  {r['url']}" if r["url"] else "") + ("  (rejected)" if r["review"] == "rejected" else ""))
        lines.append(f"{'':<10}  {r['evidence_text'][:160]}")
    for part in event["parts"]:
        lines.append(f"  part: {part['id']} {part['object']} {_money(part['amount_kzt'])}")
    if event["aggregate_event"]:
        lines.append(f"  part of: {event['aggregate_event']}")
    return "\n".join(lines)


def render_promises(data: dict[str, Any]) -> str:
    """Promises by sponsor and region: delivered, overdue (due in a past year, no delivery), open."""
    c = data["counts"]
    lines = [f"Promises as of {data['as_of']}: {c['delivered']} delivered, {c['overdue']} overdue, {c['open']} open"]
    for title, key in (("By sponsor", "by_sponsor"), ("By region", "by_region")):
        lines += ["", f"{title:<30} {'delivered':>9} {'overdue':>8} {'open':>6} {'overdue, ₸':>20} {'open, ₸':>20}"]
        for g in data[key]:
            label = (REGIONS.get(g["key"], g["key"]) if key == "by_region" else g["key"]) or "unknown"
            lines.append(f"  {str(label)[:28]:<28} {g['delivered']:>9} {g['overdue']:>8} {g['open']:>6} "
                         f"{thousands(g['kzt_overdue']):>20} {thousands(g['kzt_open']):>20}")
    lines.append("")
    for e in data["promises"]:
        due = f"due {e['promised_year']}" if e["promised_year"] else "no date"
        lines.append(f"{e['promise']:<9} {due:<8} {e['id']}  {(e['sponsor'] or 'sponsor unknown')[:30]} · "
                     f"{e['object'][:40]} · {e['region'] or 'not located'}  {_money(e['counted_kzt'])}")
    return "\n".join(lines)
