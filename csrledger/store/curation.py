"""Curators: confirm, edit, reject or add records, with an audit log.

A curation is stored by the record's stable key and re-applied whenever the
document is analysed again, so a curator's word outlives the machine's.  An
edited record whose machine original no longer appears is kept as the
curator's own record.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import Connection, Engine, func, insert, select, update

from csrledger.store.schema import audit_log, curations, documents, records, users
from csrledger.taxonomy import REGIONS, SECTORS, STATUSES

EDITABLE = ("sponsor", "sponsor_kind", "sector", "object", "region", "place", "amount", "currency",
            "status", "year_from", "year_to", "aggregate", "beneficiaries")
SPONSOR_KINDS = ("company", "person", "foundation", "state", "aggregate", "unknown")
ACTIONS = {"confirm": "confirmed", "edit": "edited", "reject": "rejected", "add": "added"}


class CurationError(ValueError):
    """A curation that cannot be applied: says which field and why."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and convert submitted record fields (strings from a form are fine)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise CurationError(f"unknown field {name!r}; editable: {', '.join(EDITABLE)}")
        if isinstance(value, str):
            value = value.strip()
            if value == "" and name not in ("object",):
                value = None
        if name == "sector" and value not in SECTORS:
            raise CurationError(f"sector must be one of {', '.join(SECTORS)}")
        if name == "status" and value not in STATUSES:
            raise CurationError(f"status must be one of {', '.join(STATUSES)}")
        if name == "sponsor_kind" and value not in SPONSOR_KINDS:
            raise CurationError(f"sponsor_kind must be one of {', '.join(SPONSOR_KINDS)}")
        if name == "region" and value is not None and value not in REGIONS:
            raise CurationError(f"region must be an ISO 3166-2:KZ code such as KZ-35, not {value!r}")
        if name == "amount" and value is not None:
            try:
                value = float(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
            except ValueError:
                raise CurationError(f"amount must be a number, not {value!r}") from None
            if value < 0:
                raise CurationError("amount cannot be negative")
        if name in ("year_from", "year_to") and value is not None:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise CurationError(f"{name} must be a year, not {value!r}") from None
            if not 1900 <= value <= 2100:
                raise CurationError(f"{name} must be between 1900 and 2100")
        if name == "aggregate":
            value = value in (True, "1", "true", "on", "yes")
        if name == "currency" and value is not None:
            value = str(value).upper()
            if len(value) != 3:
                raise CurationError("currency must be an ISO 4217 code such as KZT")
        if name == "object" and not value:
            raise CurationError("object cannot be empty")
        out[name] = value
    return out


def _derived(fields: dict[str, Any], published: Optional[dt.date]) -> dict[str, Any]:
    """Columns computed from the editable ones."""
    out = dict(fields)
    if "amount" in fields or "currency" in fields:
        amount, currency = fields.get("amount"), fields.get("currency")
        out["amount_kzt"] = amount if amount is not None and currency == "KZT" else None
    if "year_from" in fields:
        out["year"] = fields["year_from"] or (published.year if published else None)
    return out


def _record_values(row) -> dict[str, Any]:
    return {name: row._mapping[name] for name in EDITABLE}


def _audit(conn: Connection, user: str, action: str, key: str, doc_id: str,
           before: Optional[dict], after: Optional[dict]) -> None:
    conn.execute(insert(audit_log).values(at=_now(), user=user, action=action, record_key=key,
                                          doc_id=doc_id, before=before, after=after))


def _published(conn: Connection, doc_id: str) -> Optional[dt.date]:
    return conn.execute(select(documents.c.published).where(documents.c.id == doc_id)).scalar()


def curate(engine: Engine, record_id: int, user: str, action: str,
           fields: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """Confirm, edit or reject a stored record; returns its values after the change."""
    if action not in ("confirm", "edit", "reject"):
        raise CurationError(f"action must be confirm, edit or reject, not {action!r}")
    changes = clean_fields(fields or {}) if action == "edit" else {}
    with engine.begin() as conn:
        row = conn.execute(select(records).where(records.c.id == record_id)).first()
        if row is None:
            raise LookupError(f"no record {record_id}")
        before = _record_values(row)
        after = {**before, **changes}
        review = ACTIONS[action]
        if row.origin == "curator":
            review = "rejected" if action == "reject" else "added"
        previous = conn.execute(select(curations.c.review).where(curations.c.record_key == row.key)).scalar()
        if action == "confirm" and previous == "edited":
            review = "edited"
        if {"amount", "currency"} & changes.keys():  # the tenge amount follows from both
            changes.update(amount=after["amount"], currency=after["currency"])
        conn.execute(update(records).where(records.c.id == record_id)
                     .values(review=review, **_derived(changes, _published(conn, row.doc_id))))
        _save_curation(conn, row.key, row.doc_id, review, after, user)
        _audit(conn, user, action, row.key, row.doc_id, before, after)
    return after


def add_record(engine: Engine, doc_id: str, user: str, fields: dict[str, Any]) -> int:
    """A record the machine missed; returns its id."""
    values = clean_fields(fields)
    for required in ("sector", "object", "status"):
        if not values.get(required):
            raise CurationError(f"{required} is required for a new record")
    values.setdefault("sponsor_kind", "company" if values.get("sponsor") else "unknown")
    with engine.begin() as conn:
        doc = conn.execute(select(documents.c.id, documents.c.lang, documents.c.published)
                           .where(documents.c.id == doc_id)).first()
        if doc is None:
            raise LookupError(f"no document {doc_id!r}")
        key = hashlib.sha1(f"{doc_id}\x1fcurator\x1f{_now().isoformat()}\x1f{values}".encode()).hexdigest()[:24]
        full = {name: values.get(name) for name in EDITABLE}
        full["aggregate"] = bool(full["aggregate"])
        new_id = _insert_curator_record(conn, key, doc_id, doc.lang, doc.published, full)
        _save_curation(conn, key, doc_id, "added", full, user)
        _audit(conn, user, "add", key, doc_id, None, full)
    return new_id


def _insert_curator_record(conn: Connection, key: str, doc_id: str, lang: str,
                           published: Optional[dt.date], values: dict[str, Any]) -> int:
    seq = conn.execute(select(func.coalesce(func.max(records.c.seq), -1) + 1)
                       .where(records.c.doc_id == doc_id)).scalar()
    row = {**_derived(values, published), "key": key, "doc_id": doc_id, "seq": seq, "lang": lang,
           "evidence": [], "quantities": [], "origin": "curator", "review": "added"}
    row["aggregate"] = bool(row.get("aggregate"))
    row["sponsor_kind"] = row.get("sponsor_kind") or "unknown"
    return conn.execute(insert(records).values(**row)).inserted_primary_key[0]


def _save_curation(conn: Connection, key: str, doc_id: str, review: str, values: dict, user: str) -> None:
    exists = conn.execute(select(curations.c.record_key).where(curations.c.record_key == key)).first()
    row = {"doc_id": doc_id, "review": review, "fields": values, "user": user, "at": _now()}
    if exists:
        conn.execute(update(curations).where(curations.c.record_key == key).values(**row))
    else:
        conn.execute(insert(curations).values(record_key=key, **row))


def apply_curations(conn: Connection, doc_id: str) -> None:
    """Re-apply every curation of a freshly analysed document (inside its transaction)."""
    published = _published(conn, doc_id)
    lang = conn.execute(select(documents.c.lang).where(documents.c.id == doc_id)).scalar()
    for cur in conn.execute(select(curations).where(curations.c.doc_id == doc_id)).all():
        found = conn.execute(select(records.c.id).where(records.c.key == cur.record_key)).scalar()
        if found is not None:
            values = _derived(dict(cur.fields), published) if cur.review in ("edited", "added") else {}
            conn.execute(update(records).where(records.c.id == found).values(review=cur.review, **values))
        elif cur.review in ("edited", "added"):
            _insert_curator_record(conn, cur.record_key, doc_id, lang, published, dict(cur.fields))


def audit_entries(engine: Engine, record_key: Optional[str] = None, limit: int = 200) -> list[dict[str, Any]]:
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if record_key:
        query = query.where(audit_log.c.record_key == record_key)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


_hasher = PasswordHasher()


def add_user(engine: Engine, username: str, password: str) -> None:
    """Create a curator, or reset the password of an existing one."""
    if not username or len(password) < 8:
        raise CurationError("a curator needs a name and a password of at least 8 characters")
    digest = _hasher.hash(password)
    with engine.begin() as conn:
        exists = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
        if exists:
            conn.execute(update(users).where(users.c.id == exists).values(password_hash=digest))
        else:
            conn.execute(insert(users).values(username=username, password_hash=digest, created_at=_now()))


def verify_user(engine: Engine, username: str, password: str) -> bool:
    with engine.connect() as conn:
        digest = conn.execute(select(users.c.password_hash).where(users.c.username == username)).scalar()
    if digest is None:
        _hasher.hash(password)  # same cost whether or not the user exists
        return False
    try:
        return _hasher.verify(digest, password)
    except (VerifyMismatchError, InvalidHashError):
        return False
