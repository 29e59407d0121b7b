"""Reading the ledger: filtered records, summaries, sponsors, documents, search.

One filter object serves the report, the exports, the web pages and the API,
so every view of the ledger counts the same way.  Rejected records are left
out unless asked for; non-state records are what the totals count, and they
count investments (events), each once, not the reports of them.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, Connection, Label, Select, and_, case, desc, func, or_, select, text

from csrledger.model import MENTION_CLASSES, Analysis, Document, Evidence, Record
from csrledger.store.schema import documents, events, mentions, record_by_id, records
from csrledger.taxonomy import REGIONS, SECTORS, STATUSES

LANGS = ("ru", "en", "kk")
SORTABLE = ("amount_kzt", "year", "sponsor", "sector", "region", "status", "doc_id", "id")


class FilterError(ValueError):
    """A filter value that makes no sense; the message says which and why."""


@dataclass(frozen=True)
class RecordFilter:
    region: str | None = None
    sector: str | None = None
    sponsor: str | None = None
    year: int | None = None
    status: str | None = None
    lang: str | None = None
    q: str | None = None
    doc_id: str | None = None
    include_state: bool = False
    include_rejected: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> RecordFilter:
        """Build from query parameters, rejecting values that cannot match anything sensible."""
        values: dict[str, Any] = {}
        names = {f.name for f in fields(cls)}
        for name in names:
            raw = params.get(name)
            if raw is None or raw == "":
                continue
            values[name] = raw
        if "region" in values and values["region"] not in REGIONS:
            raise FilterError(f"region must be an ISO 3166-2:KZ code ({', '.join(REGIONS)}), not {values['region']!r}")
        if "sector" in values and values["sector"] not in SECTORS:
            raise FilterError(f"sector must be one of {', '.join(SECTORS)}, not {values['sector']!r}")
        if "status" in values and values["status"] not in STATUSES:
            raise FilterError(f"status must be one of {', '.join(STATUSES)}, not {values['status']!r}")
        if "lang" in values and values["lang"] not in LANGS:
            raise FilterError(f"lang must be one of {', '.join(LANGS)}, not {values['lang']!r}")
        if "year" in values:
            try:
                values["year"] = int(values["year"])
            except (TypeError, ValueError):
                raise FilterError(f"year must be a whole number such as 2023, not {values['year']!r}") from None
            if not 1900 <= values["year"] <= 2100:
                raise FilterError(f"year must be between 1900 and 2100, not {values['year']}")
        for flag in ("include_state", "include_rejected"):
            if flag in values:
                values[flag] = str(values[flag]).lower() in ("1", "true", "yes", "on")
        return cls(**values)

    def as_params(self) -> dict[str, Any]:
        """The non-empty filters, for links that keep them."""
        return {k: v for k, v in asdict(self).items() if v not in (None, False, "")}

    def where(self) -> ColumnElement[bool]:
        c = records.c
        conds: list[ColumnElement[bool]] = []
        if not self.include_rejected:
            conds.append(c.review != "rejected")
        if not self.include_state:
            conds.append(c.sponsor_kind != "state")
        for name in ("region", "sector", "status", "lang", "year", "doc_id"):
            value = getattr(self, name)
            if value is not None:
                conds.append(getattr(c, name) == value)
        if self.sponsor:
            conds.append(c.sponsor == self.sponsor)
        if self.q:
            like = f"%{self.q}%"
            conds.append(or_(c.object.ilike(like), c.sponsor.ilike(like), c.place.ilike(like)))
        return and_(*conds) if conds else and_(True)


def record_query(flt: RecordFilter) -> Select[Any]:
    return (select(records, documents.c.url, documents.c.title.label("doc_title"),
                   documents.c.published)
            .join(documents, documents.c.id == records.c.doc_id)
            .where(flt.where()))


def list_records(conn: Connection, flt: RecordFilter, sort: str = "amount_kzt", descending: bool = True,
                 page: int = 1, per_page: int = 50) -> tuple[list[dict[str, Any]], int]:
    if sort not in SORTABLE:
        raise FilterError(f"sort must be one of {', '.join(SORTABLE)}, not {sort!r}")
    if page < 1 or not 1 <= per_page <= 1000:
        raise FilterError("page must be ≥ 1 and per_page between 1 and 1000")
    total = conn.execute(select(func.count()).select_from(records).where(flt.where())).scalar_one()
    column = getattr(records.c, sort)
    order = [desc(column).nulls_last() if descending else column.asc().nulls_last(), records.c.id]
    rows = conn.execute(record_query(flt).order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return [dict(r._mapping) for r in rows], total


def iter_records(conn: Connection, flt: RecordFilter) -> Iterator[dict[str, Any]]:
    """Every matching record, for exports, in a stable order."""
    for row in conn.execute(record_query(flt).order_by(records.c.doc_id, records.c.seq)):
        yield dict(row._mapping)


def get_record(conn: Connection, record_id: int) -> dict[str, Any] | None:
    row = conn.execute(record_query(RecordFilter(include_state=True, include_rejected=True))
                       .where(record_by_id(record_id))).first()
    return dict(row._mapping) if row else None


def get_document(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
    return dict(row._mapping) if row else None


def document_mentions(conn: Connection, doc_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(select(mentions).where(mentions.c.doc_id == doc_id).order_by(mentions.c.start))
    return [dict(r._mapping) for r in rows]


def load_analysis(conn: Connection, doc_id: str) -> tuple[Document, Analysis] | None:
    """A stored document with its mentions and its records as curated (rejected ones left out)."""
    row = get_document(conn, doc_id)
    if row is None:
        return None
    doc = Document(id=row["id"], text=row["text"], title=row["title"], url=row["url"],
                   published=row["published"], lang=row["lang"], source=row["source"] or "")
    analysis = Analysis(id=doc.id, lang=row["lang"])
    for m in document_mentions(conn, doc_id):
        getattr(analysis, m["kind"]).append(MENTION_CLASSES[m["kind"]].from_json(m["data"]))
    record_fields = set(Record.__dataclass_fields__) - {"evidence", "part_of"}   # part_of is not stored
    for r in iter_records(conn, RecordFilter(doc_id=doc_id, include_state=True)):
        analysis.records.append(Record(**{k: r[k] for k in record_fields},
                                       evidence=[Evidence(e["start"], e["end"]) for e in r["evidence"]]))
    return doc, analysis


def list_documents(conn: Connection, page: int = 1, per_page: int = 50,
                   lang: str | None = None) -> tuple[list[dict[str, Any]], int]:
    if lang is not None and lang not in LANGS:
        raise FilterError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    cond = documents.c.lang == lang if lang else and_(True)
    total = conn.execute(select(func.count()).select_from(documents).where(cond)).scalar_one()
    n_records = (select(func.count()).where(records.c.doc_id == documents.c.id)
                 .where(records.c.review != "rejected").scalar_subquery())
    rows = conn.execute(select(documents.c.id, documents.c.title, documents.c.url, documents.c.published,
                               documents.c.lang, n_records.label("records"))
                        .where(cond).order_by(documents.c.published.desc().nulls_last(), documents.c.id)
                        .limit(per_page).offset((page - 1) * per_page))
    return [dict(r._mapping) for r in rows], total


MONEY = ("kzt_completed", "kzt_ongoing", "kzt_planned")
"""Tenge by the status of the investment, kept apart: what was delivered, what is under way, what is promised."""


def event_where(flt: RecordFilter) -> ColumnElement[bool]:
    """The events the filter selects: one that any of its selected records reports.

    Region, sector, year and status are the event's own (its current status,
    the place it is counted in); sponsor, language and text search pick the
    events of the matching records.
    """
    e = events.c
    conds = [e.reports > 0]
    if not flt.include_state:
        conds.append(e.sponsor_kind != "state")
    for name in ("region", "sector", "status", "year"):
        value = getattr(flt, name)
        if value is not None:
            conds.append(getattr(e, name) == value)
    if flt.sponsor or flt.lang or flt.q or flt.doc_id:
        by_records = RecordFilter(sponsor=flt.sponsor, lang=flt.lang, q=flt.q, doc_id=flt.doc_id,
                                  include_state=flt.include_state, include_rejected=flt.include_rejected)
        conds.append(e.id.in_(select(records.c.event_id).where(by_records.where(), records.c.event_id.isnot(None))))
    return and_(*conds)


def _money_columns() -> list[Label[Any]]:
    e = events.c
    return [func.coalesce(func.sum(case((e.status == status, e.counted_kzt), else_=0.0)), 0.0).label(name)
            for name, status in zip(MONEY, ("completed", "ongoing", "planned"), strict=True)]


def _grouped(conn: Connection, flt: RecordFilter, column: ColumnElement[Any],
             limit: int | None = None) -> list[dict[str, Any]]:
    """Rows of events grouped by one of their columns: key, events, records (their reports), tenge by status."""
    query = (select(column.label("key"), func.count().label("events"),
                    func.coalesce(func.sum(events.c.reports), 0).label("records"), *_money_columns())
             .where(event_where(flt)).group_by(column))
    if limit:
        query = query.order_by(*(desc(m) for m in MONEY), desc("events"), column).limit(limit)
    else:
        query = query.order_by(column)
    return [dict(r._mapping) for r in conn.execute(query)]


def summary(conn: Connection, flt: RecordFilter = RecordFilter(), top: int = 10) -> dict[str, Any]:
    """Totals of the selected investments: each event counted once (an aggregate only for what its parts
    do not cover), tenge by status never added into one figure; by region, sector, year, status, sponsor.

    ``reported_kzt`` is what the selected records state, summed over every report, for comparison: the
    difference is money that would have been counted twice.
    """
    c = records.c
    totals = conn.execute(select(func.count(), func.count(func.distinct(c.doc_id)),
                                 func.coalesce(func.sum(c.amount_kzt), 0.0),
                                 func.sum(case((c.amount.isnot(None) & (c.currency != "KZT"), 1), else_=0)))
                          .where(flt.where())).one()
    event_totals = conn.execute(select(func.count(), func.count(events.c.amount_kzt), *_money_columns())
                                .where(event_where(flt))).one()
    by_region = _grouped(conn, flt, events.c.region)
    for row in by_region:
        row["name"] = REGIONS.get(row["key"], "not located")
    top_sponsors = [r for r in _grouped(conn, flt, events.c.sponsor, limit=top + 1) if r["key"]][:top]
    docs_by_lang = [dict(r._mapping) for r in conn.execute(
        select(documents.c.lang.label("key"), func.count().label("documents"))
        .group_by(documents.c.lang).order_by(documents.c.lang))]
    money = conn.execute(select(func.count()).select_from(mentions).where(mentions.c.kind == "money")).scalar()
    per_event = (select(c.event_id, c.currency, func.max(c.amount).label("amount"))
                 .where(flt.where(), c.amount.isnot(None), c.currency != "KZT")
                 .group_by(c.event_id, c.currency).subquery())
    other_currencies = [dict(r._mapping) for r in conn.execute(
        select(per_event.c.currency, func.sum(per_event.c.amount).label("amount"), func.count().label("events"))
        .group_by(per_event.c.currency).order_by(per_event.c.currency))]
    by_lang = [dict(r._mapping) for r in conn.execute(
        select(c.lang.label("key"), func.count().label("records"),
               func.count(func.distinct(c.event_id)).label("events"))
        .where(flt.where()).group_by(c.lang).order_by(c.lang))]
    return {
        "records": totals[0], "documents_with_records": totals[1], "reported_kzt": totals[2],
        "records_other_currency": totals[3] or 0,
        "events": event_totals[0], "events_with_kzt": event_totals[1],
        **dict(zip(MONEY, event_totals[2:], strict=True)),
        "other_currencies": other_currencies,
        "documents": conn.execute(select(func.count()).select_from(documents)).scalar(),
        "money_mentions": money,
        "documents_by_lang": docs_by_lang,
        "by_region": by_region,
        "by_sector": _grouped(conn, flt, events.c.sector),
        "by_year": _grouped(conn, flt, events.c.year),
        "by_status": _grouped(conn, flt, events.c.status),
        "by_lang": by_lang,
        "top_sponsors": top_sponsors,
        "filters": flt.as_params(),
    }


def sponsors(conn: Connection, flt: RecordFilter = RecordFilter(), limit: int = 200) -> list[dict[str, Any]]:
    return [r for r in _grouped(conn, flt, events.c.sponsor, limit=limit + 1) if r["key"]][:limit]


def sponsor_profile(conn: Connection, name: str, flt: RecordFilter = RecordFilter()) -> dict[str, Any] | None:
    """All of one sponsor's records, and its investments (events) by year, region and sector."""
    scoped = RecordFilter(**{**asdict(flt), "sponsor": name})
    rows = list(iter_records(conn, scoped))
    if not rows:
        return None
    money = conn.execute(select(*_money_columns()).where(event_where(scoped))).one()
    return {
        "sponsor": name,
        "records": rows,
        **dict(zip(MONEY, money, strict=True)),
        "events": len({r["event_id"] for r in rows if r["event_id"]}),
        "documents": len({r["doc_id"] for r in rows}),
        "by_year": _grouped(conn, scoped, events.c.year),
        "by_region": _grouped(conn, scoped, events.c.region),
        "by_sector": _grouped(conn, scoped, events.c.sector),
    }


def search_documents(conn: Connection, query: str, limit: int = 50, page: int = 1) -> list[dict[str, Any]]:
    """Full-text search over titles and texts, best first (FTS5 on SQLite, tsvector on PostgreSQL).

    The words are matched in any inflection — Russian lemmas, Kazakh stems,
    English singulars, indexed beside the words (``store/search.py``) —
    case-folded in every script; ``word*`` is a prefix search.  ``page``
    counts pages of ``limit`` results; :func:`count_search` gives the total.
    Other databases get a plain substring search.
    """
    from csrledger.store.search import fts_query, make_snippet, pg_tsquery

    query = query.strip()
    if not query:
        return []
    offset = (max(1, page) - 1) * limit
    if conn.dialect.name == "sqlite":
        match = fts_query(query)
        if not match:
            return []
        rows = [dict(r._mapping) for r in conn.execute(text(
            "SELECT f.doc_id AS id, d.title, d.url, d.published, d.lang, "
            "snippet(documents_fts, 2, '[', ']', ' … ', 16) AS snippet "
            "FROM documents_fts f JOIN documents d ON d.id = f.doc_id "
            "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n OFFSET :o"), {"q": match, "n": limit, "o": offset})]
        for row in rows:
            if "[" not in (row["snippet"] or ""):   # matched through a base form: mark the inflected word
                body = conn.execute(select(documents.c.text).where(documents.c.id == row["id"])).scalar() or ""
                row["snippet"] = make_snippet(body, query)
        return rows
    if conn.dialect.name == "postgresql":
        match = pg_tsquery(query)
        if not match:
            return []
        rows = [dict(r._mapping) for r in conn.execute(text(
            "SELECT d.id, d.title, d.url, d.published, d.lang, d.text "
            "FROM documents_fts f JOIN documents d ON d.id = f.doc_id, to_tsquery('simple', :q) q "
            "WHERE f.vector @@ q ORDER BY ts_rank(f.vector, q) DESC, d.id LIMIT :n OFFSET :o"),
            {"q": match, "n": limit, "o": offset})]
        for row in rows:
            row["snippet"] = make_snippet(row.pop("text"), query)
        return rows
    like = f"%{query}%"
    found = conn.execute(select(documents.c.id, documents.c.title, documents.c.url, documents.c.published,
                                documents.c.lang, func.substr(documents.c.text, 1, 200).label("snippet"))
                         .where(or_(documents.c.text.ilike(like), documents.c.title.ilike(like)))
                         .order_by(documents.c.id).limit(limit).offset(offset))
    return [dict(r._mapping) for r in found]


def count_search(conn: Connection, query: str) -> int:
    """How many documents :func:`search_documents` finds in all."""
    from csrledger.store.search import fts_query, pg_tsquery

    query = query.strip()
    if not query:
        return 0
    if conn.dialect.name == "sqlite":
        match = fts_query(query)
        if not match:
            return 0
        return conn.execute(text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"),
                            {"q": match}).scalar() or 0
    if conn.dialect.name == "postgresql":
        match = pg_tsquery(query)
        if not match:
            return 0
        return conn.execute(text("SELECT count(*) FROM documents_fts WHERE vector @@ to_tsquery('simple', :q)"),
                            {"q": match}).scalar() or 0
    like = f"%{query}%"
    return conn.execute(select(func.count()).select_from(documents)
                        .where(or_(documents.c.text.ilike(like), documents.c.title.ilike(like)))).scalar() or 0
