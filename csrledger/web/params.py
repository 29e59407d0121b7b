"""Query parameters shared by every view: filters, sorting, paging, and links that keep them.

The filters are parsed by :meth:`RecordFilter.from_params`, so the pages, the
API and the exports accept and reject exactly the same values (a bad value is
a 400 with the message it raises).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import HTTPException, Path, Query, Request

from csrledger.store.queries import LANGS, SORTABLE, RecordFilter
from csrledger.taxonomy import SECTORS, STATUSES

MAX_PAGE = 1_000_000
"""Highest page number accepted: a million pages of 1,000 is far beyond any ledger, and SQLite's
OFFSET must fit in 64 bits."""
MAX_ROW_ID = 2**63 - 1
"""Largest id SQL integers hold; a larger one is a 400, not an overflow inside the database driver."""

RecordId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="the record's id")]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")]


def refuse_nul(request: Request) -> None:
    """Dependency of every route: a NUL character in the path or a parameter is a 400.

    No text of the ledger holds one, and SQLite's full-text search and
    PostgreSQL refuse it with an error that would otherwise be a 500.
    """
    if "\x00" in request.url.path or any("\x00" in k or "\x00" in v for k, v in request.query_params.multi_items()):
        raise HTTPException(400, "the path and the parameters must not contain NUL characters")


def record_filter(
    region: str | None = Query(None, description="ISO 3166-2:KZ code of the region, e.g. KZ-35"),
    sector: str | None = Query(None, description=f"one of {', '.join(SECTORS)}"),
    sponsor: str | None = Query(None, description="exact sponsor name"),
    year: str | None = Query(None, description="the year a record counts in, e.g. 2023"),
    status: str | None = Query(None, description=f"one of {', '.join(STATUSES)}"),
    lang: str | None = Query(None, description=f"document language: {', '.join(LANGS)}"),
    q: str | None = Query(None, description="words in the object, sponsor or place"),
    doc_id: str | None = Query(None, description="records of one document"),
    include_state: str | None = Query(None, description="true to count state-funded records too"),
    include_rejected: str | None = Query(None, description="true to show records a curator rejected"),
) -> RecordFilter:
    """The record filter of a request (FastAPI dependency)."""
    return RecordFilter.from_params({"region": region, "sector": sector, "sponsor": sponsor, "year": year,
                                     "status": status, "lang": lang, "q": q, "doc_id": doc_id,
                                     "include_state": include_state, "include_rejected": include_rejected})


@dataclass(frozen=True)
class Paging:
    sort: str
    descending: bool
    page: int
    per_page: int


def paging(
    sort: str = Query("amount_kzt", description=f"one of {', '.join(SORTABLE)}"),
    desc: bool = Query(True, description="largest first"),
    page: Page = 1,
    per_page: int = Query(50, ge=1, le=1000),
) -> Paging:
    return Paging(sort, desc, page, per_page)


def link(path: str, flt: RecordFilter, **changes: Any) -> str:
    """``path`` with the filter's parameters, changed or removed (value None) by ``changes``."""
    params = {k: ("true" if v is True else v) for k, v in flt.as_params().items()}
    for key, value in changes.items():
        if value is None or value is False or value == "":
            params.pop(key, None)
        else:
            params[key] = "true" if value is True else value
    return f"{path}?{urlencode(params)}" if params else path
