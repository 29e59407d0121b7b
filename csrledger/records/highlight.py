"""Show a document with what the records stand on: sponsors, objects, amounts, places.

``render_terminal`` colours the spans with ANSI codes (or brackets them when
colour is off) and lists the records below; ``render_html`` writes a
self-contained page with ``<mark>`` highlights and the records beside the text.
Both show the same spans, chosen by :func:`spans`.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from csrledger.model import Analysis, Document, Record
from csrledger.records.objects import find_objects
from csrledger.records.triggers import find_triggers
from csrledger.text.normalize import fold
from csrledger.text.words import words_of

# class -> (ANSI colour, bracket pair when colour is off, legend)
STYLES = {
    "sponsor": ("\033[1;34m", "[[", "]]", "sponsor"),
    "object": ("\033[1;32m", "{{", "}}", "object"),
    "action": ("\033[4m", "<<", ">>", "action"),
    "amount": ("\033[1;33m", "$(", ")$", "amount"),
    "place": ("\033[1;35m", "@(", ")@", "place"),
}
_RESET = "\033[0m"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    cls: str


def spans(doc: Document, analysis: Analysis) -> list[Span]:
    """Non-overlapping highlight spans inside the evidence of the records, left to right."""
    text, folded = doc.text, fold(doc.text)
    found: list[Span] = []
    for start, end in sorted({(e.start, e.end) for r in analysis.records for e in r.evidence}):
        words = words_of(text, folded, start, end)
        inside = [m for m in analysis.money if start <= m.start < end]
        found += [Span(m.start, m.end, "amount") for m in inside]
        found += [Span(c.start, c.end, "sponsor") for c in analysis.companies if start <= c.start < end]
        found += [Span(p.start, p.end, "sponsor") for p in analysis.persons if start <= p.start < end]
        found += [Span(p.start, p.end, "place") for p in analysis.places if start <= p.start < end]
        found += [Span(o.start, o.end, "object") for o in find_objects(text, start, words, analysis.lang)]
        found += [Span(t.start, t.end, "action") for t in find_triggers(words, bool(inside))]
    kept: list[Span] = []
    for span in sorted(found, key=lambda s: (s.start, -(s.end - s.start))):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _amount(r: Record) -> str:
    if r.amount is None:
        return "—"
    return f"{r.amount:,.0f} {r.currency or ''}".replace(",", " ").strip()


def record_line(r: Record) -> str:
    years = "–".join(str(y) for y in (r.year_from, r.year_to) if y) or "—"
    where = ", ".join(x for x in (r.place, r.region) if x) or "—"
    flag = " (aggregate)" if r.aggregate else ""
    return (f"{r.sponsor or '(unnamed)'} [{r.sponsor_kind}] · {r.sector} · {r.object}{flag} · "
            f"{_amount(r)} · {where} · {r.status} · {years}")


def render_terminal(doc: Document, analysis: Analysis, color: bool = True) -> str:
    """The text with highlights, then the legend and one line per record."""
    text, out, pos = doc.text, [], 0
    for span in spans(doc, analysis):
        ansi, left, right, _ = STYLES[span.cls]
        out.append(text[pos:span.start])
        piece = text[span.start:span.end]
        out.append(f"{ansi}{piece}{_RESET}" if color else f"{left}{piece}{right}")
        pos = span.end
    out.append(text[pos:])
    legend = "  ".join((f"{a}{name}{_RESET}" if color else f"{lft}{name}{rgt}")
                       for a, lft, rgt, name in STYLES.values())
    lines = [f"{doc.id}  {doc.title or ''}".rstrip(), "", "".join(out), "", legend, "",
             f"Records ({len(analysis.records)}):"]
    lines += [f"  {n}. {record_line(r)}" for n, r in enumerate(analysis.records, 1)]
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,sans-serif;margin:0;display:flex;gap:2em;padding:1.5em;color:#222}
main{flex:3;white-space:pre-wrap;line-height:1.55;max-width:60em}
aside{flex:2;font-size:.92em}
mark{padding:0 .1em;border-radius:3px}
mark.sponsor{background:#cfe0ff} mark.object{background:#c9f2c9} mark.action{background:none;text-decoration:underline}
mark.amount{background:#ffe7a3} mark.place{background:#f3d0f3}
ol li{margin-bottom:.8em} .meta{color:#555}
"""


def render_html(doc: Document, analysis: Analysis) -> str:
    """A self-contained page: highlighted text, and the records in a side panel."""
    text, body, pos = doc.text, [], 0
    for span in spans(doc, analysis):
        body.append(html.escape(text[pos:span.start]))
        body.append(f'<mark class="{span.cls}">{html.escape(text[span.start:span.end])}</mark>')
        pos = span.end
    body.append(html.escape(text[pos:]))
    items = []
    for r in analysis.records:
        quotes = " … ".join(text[e.start:e.end] for e in r.evidence)
        items.append(f"<li><b>{html.escape(r.object)}</b><div class=meta>{html.escape(record_line(r))}</div>"
                     f"<details><summary>evidence</summary>{html.escape(quotes)}</details></li>")
    legend = " ".join(f'<mark class="{cls}">{cls}</mark>' for cls in STYLES)
    title = html.escape(doc.title or doc.id)
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title><style>{_CSS}</style>"
            f"</head><body><main><h2>{title}</h2>{''.join(body)}</main><aside><p>{legend}</p>"
            f"<h3>Records ({len(analysis.records)})</h3><ol>{''.join(items)}</ol></aside></body></html>")
