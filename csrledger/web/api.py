"""The JSON API under /api/: documents, records, sponsors, summaries, exports, curation.

Every list takes the same filters as the pages (see ``params.record_filter``);
a bad value is a 400 with a message naming it, an unknown id a 404.  Writes
need a signed-in curator and the session's CSRF token in ``X-CSRF-Token``.
The schema is served at /api/openapi.json and listed at /api.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection, select

from csrledger.store import queries as q
from csrledger.store.curation import (
    add_record,
    audit_entries,
    curate,
    curations_needing_review,
    rejected_records,
    resolve,
)
from csrledger.store.events import after_curation
from csrledger.store.export import FORMATS, export_row, write_rows
from csrledger.store.ledger import Ledger
from csrledger.store.schema import documents
from csrledger.web.deps import connection, ledger
from csrledger.web.ingest import Job, pasted_document
from csrledger.web.params import Page, Paging, RecordId, paging, record_filter
from csrledger.web.responses import FiniteJSONResponse
from csrledger.web.security import csrf_token, curator_write, current_user, require_curator

router = APIRouter(prefix="/api", tags=["ledger"])
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson", "json": "application/json",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def evidence_text(record: dict[str, Any], text: str) -> list[dict[str, Any]]:
    return [{"start": e["start"], "end": e["end"], "text": text[e["start"]:e["end"]]}
            for e in record.get("evidence") or []]


def record_or_404(conn: Connection, record_id: int) -> dict[str, Any]:
    record = q.get_record(conn, record_id)
    if record is None:
        raise HTTPException(404, f"no record {record_id}")
    return record


def document_or_404(conn: Connection, doc_id: str) -> dict[str, Any]:
    doc = q.get_document(conn, doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


@router.get(
    "/summary",
    summary="Totals in tenge and record counts by region, sector, year, status, language, sponsor",
    response_model=None,
)
def api_summary(flt: q.RecordFilter = Depends(record_filter), conn: Connection = Depends(connection)) -> dict[str, Any]:
    return q.summary(conn, flt)


@router.get("/records", summary="Filtered, sorted, paginated records", response_model=None)
def api_records(flt: q.RecordFilter = Depends(record_filter), pg: Paging = Depends(paging),
                conn: Connection = Depends(connection)) -> dict[str, Any]:
    rows, total = q.list_records(conn, flt, pg.sort, pg.descending, pg.page, pg.per_page)
    return {"total": total, "page": pg.page, "per_page": pg.per_page, "filters": flt.as_params(), "records": rows}


@router.get("/records/{record_id}", summary="One record with its evidence sentences and audit log", response_model=None)
def api_record(record_id: RecordId, request: Request, conn: Connection = Depends(connection)) -> dict[str, Any]:
    record = record_or_404(conn, record_id)
    text = conn.execute(select(documents.c.text).where(documents.c.id == record["doc_id"])).scalar() or ""
    return {**record, "evidence_text": evidence_text(record, text),
            "audit": audit_entries(request.app.state.ledger.engine, record["key"])}


@router.get(
    "/documents",
    summary="Documents, newest first; with q, a full-text search (any inflection, word* a prefix)",
    response_model=None,
)
def api_documents(q_: str | None = Query(None, alias="q",
                                         description="full-text search words, in any inflection; word* for a prefix"),
                  lang: str | None = Query(None, description="ru, en or kk"),
                  page: Page = 1, per_page: int = Query(50, ge=1, le=1000),
                  conn: Connection = Depends(connection)) -> dict[str, Any]:
    if q_ and q_.strip():
        rows = q.search_documents(conn, q_, limit=per_page, page=page)
        return {"total": q.count_search(conn, q_), "page": page, "per_page": per_page, "documents": rows}
    rows, total = q.list_documents(conn, page, per_page, lang)
    return {"total": total, "page": page, "per_page": per_page, "documents": rows}


@router.get("/documents/{doc_id:path}", summary="One document: text, mentions and records", response_model=None)
def api_document(doc_id: str, conn: Connection = Depends(connection)) -> dict[str, Any]:
    doc = document_or_404(conn, doc_id)
    records = list(q.iter_records(conn, q.RecordFilter(doc_id=doc_id, include_state=True, include_rejected=True)))
    return {**doc, "mentions": q.document_mentions(conn, doc_id), "records": records}


@router.get("/sponsors", summary="Sponsors ranked by tenge, then record count", response_model=None)
def api_sponsors(flt: q.RecordFilter = Depends(record_filter), limit: int = Query(200, ge=1, le=5000),
                 conn: Connection = Depends(connection)) -> dict[str, Any]:
    return {"sponsors": q.sponsors(conn, flt, limit)}


@router.get(
    "/sponsors/{name:path}",
    summary="All of one sponsor's records, with totals by year, region, sector",
    response_model=None,
)
def api_sponsor(name: str, flt: q.RecordFilter = Depends(record_filter),
                conn: Connection = Depends(connection)) -> dict[str, Any]:
    profile = q.sponsor_profile(conn, name, flt)
    if profile is None:
        raise HTTPException(404, f"no records of sponsor {name!r}")
    return profile


def _export(conn: Connection, flt: q.RecordFilter, fmt: str) -> Response:
    """The filtered records in ``fmt``, with curated values and evidence sentences."""
    if fmt not in FORMATS:
        raise HTTPException(400, f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    texts: dict[str, str] = {}

    def rows() -> Iterator[dict[str, Any]]:
        for record in q.iter_records(conn, flt):
            doc_id = record["doc_id"]
            if doc_id not in texts:
                texts.clear()
                texts[doc_id] = conn.execute(select(documents.c.text).where(documents.c.id == doc_id)).scalar() or ""
            yield export_row(record, texts[doc_id])

    out = io.BytesIO() if fmt == "xlsx" else io.StringIO()
    write_rows(rows(), fmt, out)
    body = out.getvalue()
    return Response(body.encode("utf-8") if isinstance(body, str) else body, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="csrledger-records.{fmt}"'})


@router.get("/export/{fmt}", summary="The filtered records as csv, jsonl, json or xlsx", response_class=Response)
def api_export(fmt: str, flt: q.RecordFilter = Depends(record_filter),
               conn: Connection = Depends(connection)) -> Response:
    return _export(conn, flt, fmt)


@router.get("/audit", summary="Recent curation changes (who, when, before, after)", response_model=None)
def api_audit(request: Request, record_key: str | None = None,
              limit: int = Query(200, ge=1, le=5000)) -> dict[str, Any]:
    return {"entries": audit_entries(request.app.state.ledger.engine, record_key, limit)}


@router.get(
    "/session",
    summary="Who is signed in, and the CSRF token writes must send in X-CSRF-Token",
    response_model=None,
)
def api_session(request: Request) -> dict[str, Any]:
    return {"user": current_user(request), "csrf_token": csrf_token(request)}


class CurationIn(BaseModel):
    action: Literal["confirm", "edit", "reject", "restore"] = Field(
        description="restore undoes a rejection")
    fields: dict[str, Any] = Field(default_factory=dict, description="for edit: the changed fields")


class NewRecordIn(BaseModel):
    doc_id: str
    fields: dict[str, Any] = Field(description="sector, object and status at least")


class NewDocumentIn(BaseModel):
    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")


class ResolutionIn(BaseModel):
    action: Literal["attach", "keep", "dismiss"] = Field(
        description="attach to record_id; keep an edited record as the curator's own; dismiss the curation")
    record_id: int | None = Field(None, ge=1, le=2**63 - 1, description="for attach: a record of the same document")


@router.get(
    "/curations",
    summary="Curations that need review: they matched no record after their document was re-analysed",
    response_model=None,
)
def api_curations(doc_id: str | None = Query(None, description="of one document"),
                  limit: int = Query(500, ge=1, le=5000), conn: Connection = Depends(connection)) -> dict[str, Any]:
    return {"curations": curations_needing_review(conn, doc_id, limit)}


@router.post(
    "/curations/{first_key}/resolve",
    summary="Attach, keep or dismiss a curation that needs review (curators)",
    response_model=None,
)
def api_resolve(first_key: str, body: ResolutionIn, user: str = Depends(curator_write),
                led: Ledger = Depends(ledger)) -> dict[str, Any]:
    try:
        result = resolve(led.engine, first_key, user, body.action, body.record_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    if result.get("record_id"):
        after_curation(led.engine, result["record_id"], led.embedder)
    return result


@router.get(
    "/rejected",
    summary="Records a curator rejected, latest first (undo with the curation action restore)",
    response_model=None,
)
def api_rejected(limit: int = Query(500, ge=1, le=5000), conn: Connection = Depends(connection)) -> dict[str, Any]:
    return {"records": rejected_records(conn, limit)}


@router.post(
    "/records/{record_id}/curation",
    summary="Confirm, edit, reject or restore a record (curators)",
    response_model=None,
)
def api_curate(record_id: RecordId, body: CurationIn, user: str = Depends(curator_write),
               led: Ledger = Depends(ledger)) -> dict[str, Any]:
    try:
        after = curate(led.engine, record_id, user, body.action, dict(body.fields))
        after_curation(led.engine, record_id, led.embedder)
    except LookupError:
        raise HTTPException(404, f"no record {record_id}") from None
    return {"record_id": record_id, "action": body.action, "fields": after}


@router.post("/records", status_code=201, summary="Add a record the machine missed (curators)", response_model=None)
def api_add_record(body: NewRecordIn, user: str = Depends(curator_write),
                   led: Ledger = Depends(ledger)) -> dict[str, Any]:
    try:
        record_id = add_record(led.engine, body.doc_id, user, body.fields)
        after_curation(led.engine, record_id, led.embedder)
    except LookupError:
        raise HTTPException(404, f"no document {body.doc_id!r}") from None
    return {"record_id": record_id}


@router.post("/documents", status_code=201, summary="Analyse a text and store it with its records (curators)",
             responses={202: {"description": "with wait=false: the analysis job, to follow at /api/jobs/{job_id}"}},
             response_model=None)
async def api_add_document(body: NewDocumentIn, request: Request, user: str = Depends(curator_write),
                           wait: bool = Query(True, description="false: answer 202 with the job at once"),
                           ) -> dict[str, Any] | FiniteJSONResponse:
    """The analysis runs as a job off the server's event loop: other requests never wait for it."""
    import asyncio

    job = request.app.state.ingest.submit_document(
        user, pasted_document(body.text, body.title, body.url, body.published, body.id))
    if not wait:
        return FiniteJSONResponse({"job_id": job.id, "url": f"/api/jobs/{job.id}", **job.as_json()}, status_code=202)
    await asyncio.shield(asyncio.wrap_future(job.future))
    if job.state == "failed":
        raise HTTPException(400, job.error or "the document could not be added")
    added = job.added[0]
    return {"doc_id": added.doc_id, "outcome": added.outcome, "records": added.records}


@router.get(
    "/jobs/{job_id}",
    summary="A paste or upload being analysed: state, documents done of total, outcome (curators)",
    response_model=None,
)
def api_job(job_id: str, request: Request, user: str = Depends(require_curator)) -> dict[str, Any]:
    job: Job | None = request.app.state.ingest.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return job.as_json()
