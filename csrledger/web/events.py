"""Events on the web: the list of investments, an event with its reports side by side, promises by
sponsor and region, and curators' merges and splits — as pages and under /api/."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from csrledger.store import queries as q
from csrledger.store.event_curation import decisions, event_audit, merge_events, split_record
from csrledger.store.events import EVENT_SORTS, get_event, list_events, promises
from csrledger.store.ledger import Ledger
from csrledger.web.deps import connection, ledger
from csrledger.web.params import Page, RecordId, record_filter
from csrledger.web.render import render
from csrledger.web.security import curator_write

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["events"])
EventId = str


def _event_or_404(conn: Connection, event_id: str) -> dict[str, Any]:
    event = get_event(conn, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return event


def _page_of(conn: Connection, flt: q.RecordFilter, sort: str, page: int, per_page: int,
             repeated: bool) -> tuple[list[dict[str, Any]], int]:
    if sort not in EVENT_SORTS:
        raise q.FilterError(f"sort must be one of {', '.join(EVENT_SORTS)}, not {sort!r}")
    return list_events(conn, flt, sort, page, per_page, 2 if repeated else 1)


@pages.get("/events")
def events_page(request: Request, flt: q.RecordFilter = Depends(record_filter), page: Page = 1,
                sort: str = "counted_kzt", repeated: bool = False,
                conn: Connection = Depends(connection)) -> HTMLResponse:
    rows, total = _page_of(conn, flt, sort, page, 50, repeated)
    return render(request, "events.html", flt=flt, rows=rows, total=total, page=page, sort=sort,
                  repeated=repeated, pages=max(1, -(-total // 50)))


@pages.get("/events/{event_id}")
def event_page(request: Request, event_id: EventId, conn: Connection = Depends(connection)) -> HTMLResponse:
    event = _event_or_404(conn, event_id)
    return render(request, "event.html", e=event, audit=event_audit(conn, event_id),
                  decisions=decisions(conn, [r["key"] for r in event["records"]]))


@pages.get("/promises")
def promises_page(request: Request, flt: q.RecordFilter = Depends(record_filter),
                  conn: Connection = Depends(connection)) -> HTMLResponse:
    return render(request, "promises.html", flt=flt, p=promises(conn, flt))


def _redirect(request: Request, url: str, message: str) -> RedirectResponse:
    request.session["flash"] = message
    return RedirectResponse(url, status_code=303)


@pages.post("/events/{event_id}/merge")
async def merge_page(request: Request, event_id: EventId, user: str = Depends(curator_write),
                     led: Ledger = Depends(ledger)) -> RedirectResponse:
    other = str((await request.form()).get("other", "")).strip()
    try:
        merge_events(led.engine, event_id, other, user)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return _redirect(request, f"/events/{event_id}", f"Event {other} merged into this one.")


@pages.post("/records/{record_id}/split")
async def split_page(request: Request, record_id: RecordId, user: str = Depends(curator_write),
                     led: Ledger = Depends(ledger)) -> RedirectResponse:
    try:
        result = split_record(led.engine, record_id, user)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return _redirect(request, f"/events/{result['event_id']}", f"Record {record_id} is now an investment of its own.")


@api.get(
    "/events",
    summary="Investments (events), each counted once; repeated=true: reported by 2+ records",
    response_model=None,
)
def api_events(flt: q.RecordFilter = Depends(record_filter), page: Page = 1,
               per_page: int = Query(50, ge=1, le=1000), sort: str = "counted_kzt", repeated: bool = False,
               conn: Connection = Depends(connection)) -> dict[str, Any]:
    rows, total = _page_of(conn, flt, sort, page, per_page, repeated)
    return {"total": total, "page": page, "per_page": per_page, "filters": flt.as_params(), "events": rows}


@api.get(
    "/events/{event_id}",
    summary="One event: its reports side by side, status timeline, parts, audit",
    response_model=None,
)
def api_event(event_id: EventId, conn: Connection = Depends(connection)) -> dict[str, Any]:
    event = _event_or_404(conn, event_id)
    return {**event, "audit": event_audit(conn, event_id),
            "decisions": decisions(conn, [r["key"] for r in event["records"]])}


@api.get(
    "/promises",
    summary="Promised investments: delivered, overdue, open, by sponsor and region",
    response_model=None,
)
def api_promises(flt: q.RecordFilter = Depends(record_filter),
                 conn: Connection = Depends(connection)) -> dict[str, Any]:
    return promises(conn, flt)


class MergeIn(BaseModel):
    other: str = Field(description="the id of the event to merge into this one")


@api.post("/events/{event_id}/merge", summary="Merge another event into this one (curators)", response_model=None)
def api_merge(event_id: EventId, body: MergeIn, user: str = Depends(curator_write),
              led: Ledger = Depends(ledger)) -> dict[str, Any]:
    try:
        return merge_events(led.engine, event_id, body.other, user)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


@api.post(
    "/records/{record_id}/split",
    summary="Split a record out of its event into its own (curators)",
    response_model=None,
)
def api_split(record_id: RecordId, user: str = Depends(curator_write), led: Ledger = Depends(ledger)) -> dict[str, Any]:
    try:
        return split_record(led.engine, record_id, user)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
