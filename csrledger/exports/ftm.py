"""FollowTheMoney entities (the data model of Aleph and OpenSanctions), as JSON Lines.

Per record: a ``Project`` (what was funded, its amount, dates, place, status
and evidence sentence), its source ``Article`` (as ``proof``), the sponsor as
``Company``, ``Organization``, ``Person``, ``PublicBody`` or ``LegalEntity``,
and a ``ProjectParticipant`` tying the sponsor to the project.  FtM's
``Payment`` is not used: it requires a known beneficiary, which news rarely
names.  Ids are hashes of stable keys, so the same sponsor is one entity
across records and documents and a re-export merges with an earlier one.
Every entity is checked against the FtM schema before it is written.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from csrledger.exports import require

SPONSOR_SCHEMA = {"company": "Company", "foundation": "Organization", "person": "Person",
                  "state": "PublicBody", "unknown": "LegalEntity"}
ID_PREFIX = "csrledger"
LANGUAGES = {"ru": "rus", "en": "eng", "kk": "kaz"}


def _model() -> Any:
    return require("followthemoney", "the FollowTheMoney export").model


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _make(model: Any, schema: str, *key: Any) -> Any:
    entity = model.make_entity(schema)
    entity.make_id(ID_PREFIX, schema, *[str(k) for k in key])
    return entity


def _year(value: Any) -> str | None:
    return str(value) if value is not None else None


def record_entities(record: dict[str, Any], row: dict[str, Any], model: Any = None) -> Iterator[Any]:
    """The entities of one ledger record (``record`` as stored, ``row`` as exported)."""
    model = model or _model()
    article = _make(model, "Article", row["doc_id"])
    article.add("name", row["doc_id"])
    article.add("title", record.get("doc_title"))
    article.add("sourceUrl", row.get("url"))
    article.add("publishedAt", row.get("published"))
    article.add("language", LANGUAGES.get(record.get("lang") or "", record.get("lang")))
    yield article

    project = _make(model, "Project", row["doc_id"], record.get("key") or row["record_id"])
    project.add("name", row["object"])
    project.add("recordId", record.get("key") or str(row["record_id"]))
    project.add("status", row["status"])
    project.add("keywords", row["sector"])
    project.add("amount", row.get("amount"))
    project.add("currency", row.get("currency"))
    project.add("date", row.get("published"))
    project.add("startDate", _year(row.get("year_from")))
    project.add("endDate", _year(row.get("year_to")))
    place = ", ".join(p for p in (row.get("place"), row.get("region_name")) if p)
    project.add("address", place or None)
    if row.get("region"):
        project.add("country", "kz")
    project.add("summary", row.get("evidence") or None)
    project.add("sourceUrl", row.get("url"))
    project.add("proof", article.id)
    if row.get("aggregate"):
        project.add("notes", "aggregate: a sum over several sponsors or projects")
    yield project

    schema = SPONSOR_SCHEMA.get(row.get("sponsor_kind") or "")
    if row.get("sponsor") and schema:
        sponsor = _make(model, schema, _name_key(row["sponsor"]))
        sponsor.add("name", row["sponsor"])
        yield sponsor
        link = _make(model, "ProjectParticipant", project.id, sponsor.id)
        link.add("project", project.id)
        link.add("participant", sponsor.id)
        link.add("role", "sponsor")
        link.add("proof", article.id)
        yield link


def check(entity: Any) -> None:
    """Raise if the entity breaks its FtM schema (a missing required property or a bad value)."""
    data = entity.to_dict()
    entity.schema.validate(data)
    missing = [p for p in entity.schema.required if not data["properties"].get(p)]
    if missing:
        raise ValueError(f"{entity.schema.name} {entity.id} lacks {', '.join(missing)}")


def write_ftm(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]], out: IO[str]) -> int:
    """Write the entities of (record, row) pairs as FtM JSON Lines, each entity once; returns the records."""
    model = _model()
    seen: set[str] = set()
    count = 0
    for record, row in pairs:
        for entity in record_entities(record, row, model):
            if entity.id in seen:   # a sponsor or an article met again: already written
                continue
            check(entity)
            seen.add(entity.id)
            out.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
