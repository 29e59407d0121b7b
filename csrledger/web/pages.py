"""The HTML pages: dashboard, records, record, documents, sponsors, add, curation, sign-in.

Server-rendered with Jinja2; every page takes the shared filters from the URL
(see ``params``), so a filtered view is a link that can be bookmarked or
sent.  Forms post with the session's CSRF token; writes need a curator.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import Connection
from starlette.datastructures import FormData

from csrledger.store import queries as q
from csrledger.store.curation import (
    EDITABLE,
    SPONSOR_KINDS,
    CurationError,
    add_record,
    audit_entries,
    curate,
    curations_needing_review,
    rejected_records,
    resolve,
)
from csrledger.store.events import after_curation
from csrledger.store.export import FORMATS
from csrledger.store.ledger import Ledger
from csrledger.taxonomy import REGIONS, SECTORS, STATUSES
from csrledger.web.charts import DELIVERED, region_map, year_columns
from csrledger.web.deps import connection, ledger
from csrledger.web.ingest import IngestError, IngestQueue, Job, TooLarge, pasted_document
from csrledger.web.params import Page, Paging, RecordId, link, paging, record_filter
from csrledger.web.render import render
from csrledger.web.security import attempt_sign_in, check_csrf, curator_write, current_user, sign_in, sign_out

router = APIRouter(include_in_schema=False)
ALL = q.RecordFilter(include_state=True, include_rejected=True)


def highlight(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """Split ``text`` into (piece, label) runs; overlapping spans keep the first."""
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for start, end, label in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], label))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def redirect(url: str, request: Request, message: str | None = None) -> RedirectResponse:
    if message:
        request.session["flash"] = message
    return RedirectResponse(url, status_code=303)


def other_currencies(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Sums of the amounts not in tenge, by currency: shown apart, never converted."""
    sums: dict[str, float] = {}
    for r in rows:
        if r["amount"] is not None and r["currency"] not in (None, "KZT"):
            sums[r["currency"]] = sums.get(r["currency"], 0.0) + r["amount"]
    return dict(sorted(sums.items()))


def with_shares(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with ``share``: their tenge delivered (or record count when none) as % of the largest."""
    key = DELIVERED if any(r[DELIVERED] for r in rows) else "records"
    top = max((r[key] for r in rows), default=0) or 1
    return [{**r, "share": round(100 * r[key] / top, 1)} for r in rows]


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, flt: q.RecordFilter = Depends(record_filter),
              conn: Connection = Depends(connection)) -> HTMLResponse:
    data = q.summary(conn, flt)
    boundaries = request.app.state.boundaries
    return render(request, "dashboard.html", flt=flt, s=data,
                  map=region_map(data["by_region"], flt.region, lambda code: link("/", flt, region=code), boundaries),
                  years=year_columns(data["by_year"], lambda year: link("/", flt, year=year)),
                  sectors=with_shares(sorted(data["by_sector"],
                                             key=lambda r: [-r[m] for m in q.MONEY] + [-r["events"]])),
                  sponsors=with_shares(data["top_sponsors"]))


@router.get("/records", response_class=HTMLResponse)
def records_page(request: Request, flt: q.RecordFilter = Depends(record_filter), pg: Paging = Depends(paging),
                 conn: Connection = Depends(connection)) -> HTMLResponse:
    rows, total = q.list_records(conn, flt, pg.sort, pg.descending, pg.page, pg.per_page)
    pages = max(1, -(-total // pg.per_page))

    def here(**changes: Any) -> str:
        keep: dict[str, str | int | None] = {"sort": pg.sort, "desc": "true" if pg.descending else "false",
                                             "per_page": pg.per_page}
        keep.update(changes)
        if keep["sort"] == "amount_kzt" and keep["desc"] == "true":
            keep.update(sort=None, desc=None)
        if keep["per_page"] == 50:
            keep["per_page"] = None
        return link("/records", flt, **keep)

    return render(request, "records.html", flt=flt, pg=pg, rows=rows, total=total, pages=pages, here=here,
                  formats=FORMATS)


@router.get("/records/new", response_class=HTMLResponse)
def new_record_form(request: Request, doc_id: str, conn: Connection = Depends(connection)) -> Response:
    doc = q.get_document(conn, doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    if not current_user(request):
        return redirect(f"/login?next={quote(request.url.path + '?' + request.url.query)}", request)
    return render(request, "record_new.html", doc=doc, values={}, error=None, choices=_choices())


@router.post("/records/new", response_class=HTMLResponse)
async def new_record(request: Request, user: str = Depends(curator_write), led: Ledger = Depends(ledger)) -> Response:
    form = await request.form()
    doc_id = str(form.get("doc_id", ""))
    values = _form_fields(form)
    try:
        record_id = add_record(led.engine, doc_id, user, values)
        after_curation(led.engine, record_id, led.embedder)
    except LookupError:
        raise HTTPException(404, f"no document {doc_id!r}") from None
    except CurationError as exc:
        with led.engine.connect() as conn:
            doc = q.get_document(conn, doc_id)
        return render(request, "record_new.html", status_code=400, doc=doc, values=values, error=str(exc),
                      choices=_choices())
    return redirect(f"/records/{record_id}", request, "Record added.")


def _choices() -> dict[str, Any]:
    return {"sectors": SECTORS, "statuses": STATUSES, "regions": REGIONS, "kinds": SPONSOR_KINDS}


def _form_fields(form: FormData) -> dict[str, Any]:
    """The editable fields a form sent (an unticked checkbox means false)."""
    values: dict[str, Any] = {name: form.get(name) for name in EDITABLE if name in form}
    values["aggregate"] = form.get("aggregate") in ("1", "on", "true")
    return values


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record_page(request: Request, record_id: RecordId, conn: Connection = Depends(connection)) -> HTMLResponse:
    record = q.get_record(conn, record_id)
    if record is None:
        raise HTTPException(404, f"no record {record_id}")
    return _record_view(request, conn, record)


def _record_view(request: Request, conn: Connection, record: dict[str, Any], error: str | None = None,
                 values: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    doc = q.get_document(conn, record["doc_id"]) or {"text": ""}
    spans = [(e["start"], e["end"], "evidence") for e in record["evidence"] or []]
    others: list[dict[str, Any]] = []
    if record["sponsor"]:
        others, _ = q.list_records(conn, q.RecordFilter(sponsor=record["sponsor"], include_state=True),
                                   per_page=21)
        others = [r for r in others if r["id"] != record["id"]][:20]
    return render(request, "record.html", status_code=status_code, r=record, doc=doc,
                  pieces=highlight(doc["text"], spans), others=others,
                  audit=audit_entries(request.app.state.ledger.engine, record["key"]),
                  error=error, values=values or record, choices=_choices())


@router.post("/records/{record_id}/curate", response_class=HTMLResponse)
async def curate_record(request: Request, record_id: RecordId, user: str = Depends(curator_write),
                        led: Ledger = Depends(ledger)) -> Response:
    form = await request.form()
    action = str(form.get("action", ""))
    fields = _form_fields(form) if action == "edit" else None
    try:
        curate(led.engine, record_id, user, action, fields)
        after_curation(led.engine, record_id, led.embedder)
    except LookupError:
        raise HTTPException(404, f"no record {record_id}") from None
    except CurationError as exc:
        with led.engine.connect() as conn:
            record = q.get_record(conn, record_id)
            if record is None:      # deleted meanwhile
                raise HTTPException(404, f"no record {record_id}") from None
            return _record_view(request, conn, record, str(exc), {**record, **(fields or {})}, 400)
    done = {"confirm": "confirmed", "edit": "saved", "reject": "rejected", "restore": "restored"}[action]
    return redirect(f"/records/{record_id}", request, f"Record {done}.")


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, q_: str | None = Query(None, alias="q"), lang: str | None = None,
                   page: Page = 1, conn: Connection = Depends(connection)) -> HTMLResponse:
    if q_ and q_.strip():
        rows, total = q.search_documents(conn, q_, 50, page), q.count_search(conn, q_)
    else:
        rows, total = q.list_documents(conn, page, 50, lang or None)
    return render(request, "documents.html", rows=rows, total=total, query=q_ or "", lang=lang or "", page=page,
                  pages=max(1, -(-(total or 0) // 50)))


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, conn: Connection = Depends(connection)) -> HTMLResponse:
    doc = q.get_document(conn, doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    records = list(q.iter_records(conn, q.RecordFilter(doc_id=doc_id, include_state=True, include_rejected=True)))
    spans = [(e["start"], e["end"], f"r{r['id']}") for r in records if r["review"] != "rejected"
             for e in r["evidence"] or []]
    mentions = q.document_mentions(conn, doc_id)
    pending = curations_needing_review(conn, doc_id)
    return render(request, "document.html", doc=doc, records=records, mentions=mentions,
                  pieces=highlight(doc["text"], spans), pending=pending,
                  doc_records=_attachable(conn, pending))


def _attachable(conn: Connection, pending: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per document of ``pending``: its machine records no curation holds (what a curation may attach to)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for doc_id in {c["doc_id"] for c in pending}:
        rows = q.iter_records(conn, q.RecordFilter(doc_id=doc_id, include_state=True, include_rejected=True))
        out[doc_id] = [r for r in rows if r["origin"] == "machine" and r["review"] == "unreviewed"]
    return out


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, conn: Connection = Depends(connection)) -> HTMLResponse:
    pending = curations_needing_review(conn)
    return render(request, "review.html", pending=pending, doc_records=_attachable(conn, pending),
                  rejected=rejected_records(conn))


@router.post("/review/{first_key}", response_class=HTMLResponse)
async def resolve_review(request: Request, first_key: str, user: str = Depends(curator_write),
                         led: Ledger = Depends(ledger)) -> RedirectResponse:
    form = await request.form()
    action = str(form.get("action", ""))
    raw_id = str(form.get("record_id", "") or "")
    if raw_id and not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 19):
        raise HTTPException(400, "record_id must be a record number")
    try:
        result = resolve(led.engine, first_key, user, action, int(raw_id) if raw_id else None)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    if result.get("record_id"):
        after_curation(led.engine, result["record_id"], led.embedder)
    done = {"attach": "attached", "keep": "kept as a curator's record", "dismiss": "dismissed"}[action]
    target = f"/records/{result['record_id']}" if result.get("record_id") else "/review"
    return redirect(target, request, f"Curation {done}.")


@router.get("/records/key/{key}")
def record_by_key(key: str, conn: Connection = Depends(connection)) -> RedirectResponse:
    """The record a key names now (audit entries link here: ids change when a document is re-analysed)."""
    from sqlalchemy import select

    from csrledger.store.schema import curations
    from csrledger.store.schema import records as records_table

    found = conn.execute(select(records_table.c.id).where(records_table.c.key == key)).scalar()
    if found is None:   # the key of a curation that moved: follow it to its record now
        current = conn.execute(select(curations.c.record_key).where(curations.c.first_key == key)).scalar()
        found = current and conn.execute(select(records_table.c.id).where(records_table.c.key == current)).scalar()
    if not found:
        raise HTTPException(404, f"no record has the key {key!r} now (see the audit log)")
    return RedirectResponse(f"/records/{found}", status_code=303)


@router.get("/sponsors", response_class=HTMLResponse)
def sponsors_page(request: Request, flt: q.RecordFilter = Depends(record_filter),
                  conn: Connection = Depends(connection)) -> HTMLResponse:
    return render(request, "sponsors.html", flt=flt, rows=with_shares(q.sponsors(conn, flt, 500)))


@router.get("/sponsors/{name:path}", response_class=HTMLResponse)
def sponsor_page(request: Request, name: str, flt: q.RecordFilter = Depends(record_filter),
                 conn: Connection = Depends(connection)) -> HTMLResponse:
    profile = q.sponsor_profile(conn, name, flt)
    if profile is None:
        raise HTTPException(404, f"no records of sponsor {name!r}")
    return render(request, "sponsor.html", flt=flt, p=profile, foreign=other_currencies(profile["records"]),
                  years=year_columns(profile["by_year"], lambda year: link("/records", flt, sponsor=name, year=year)),
                  regions=with_shares(profile["by_region"]), sectors=with_shares(profile["by_sector"]))


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request) -> Response:
    if not current_user(request):
        return redirect("/login?next=/add", request)
    return render(request, "add.html", result=None, error=None, values={})


@router.post("/add", response_class=HTMLResponse)
async def add_documents(request: Request, user: str = Depends(curator_write),
                        text: str = Form(""), title: str = Form(""), url: str = Form(""),
                        published: str = Form(""), doc_id: str = Form(""),
                        file: UploadFile | None = File(None)) -> Response:
    """Check what was sent, start its analysis as a job and show the job (the analysis runs off this request)."""
    values = {"text": text, "title": title, "url": url, "published": published, "doc_id": doc_id}
    queue: IngestQueue = request.app.state.ingest
    try:
        if file is not None and file.filename:
            job = queue.submit_upload(user, file.filename, await file.read())
        else:
            job = queue.submit_document(user, pasted_document(text, title, url, published, doc_id))
    except IngestError as exc:
        status = 413 if isinstance(exc, TooLarge) else 400
        return render(request, "add.html", status_code=status, result=None, error=str(exc), values=values)
    return redirect(f"/add/jobs/{job.id}", request)


JOB_WAIT_SECONDS = 5.0
"""How long a job's page waits for the job to end before showing its progress (without holding the server)."""


@router.get("/add/jobs/{job_id}", response_class=HTMLResponse)
async def add_job(request: Request, job_id: str) -> Response:
    """A job's outcome (the document itself when one was added), or its progress, refreshed every 2 s."""
    import asyncio

    if not current_user(request):
        return redirect(f"/login?next={quote('/add/jobs/' + job_id)}", request)
    job: Job | None = request.app.state.ingest.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r} (jobs are kept until the server restarts)")
    if job.future is not None and not job.future.done():
        try:
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(job.future)), JOB_WAIT_SECONDS)
        except TimeoutError:
            pass
    if job.state in ("queued", "running"):
        return render(request, "add_job.html", job=job)
    if job.state == "failed":
        return render(request, "add.html", status_code=400, result=None, error=job.error, values={})
    if len(job.added) == 1 and not job.errors:
        added = job.added[0]
        return redirect(f"/documents/{quote(added.doc_id)}", request,
                        f"Document {added.outcome}: {added.records} records found.")
    return render(request, "add.html", result={"added": job.added, "errors": job.errors}, error=None, values={})


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> HTMLResponse:
    return render(request, "audit.html", entries=audit_entries(request.app.state.ledger.engine, limit=200))


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def login(request: Request, username: str = Form(...), password: str = Form(...), next: str = Form("/"),
          led: Ledger = Depends(ledger)) -> Response:
    if not attempt_sign_in(request, led.engine, username, password):
        return render(request, "login.html", status_code=401, next=_safe_next(next), error="Wrong name or password.")
    sign_in(request, username)
    return redirect(_safe_next(next), request, f"Signed in as {username}.")


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> RedirectResponse:
    sign_out(request)
    return redirect("/", request, "Signed out.")


def _safe_next(target: str) -> str:
    """Only local paths: a sign-in link must not send the curator to another site."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    return render(request, "api.html", schema=request.app.openapi())
