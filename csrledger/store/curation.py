"""Curators: confirm, edit, reject or add records, with an audit log.

A curation is stored by the record's stable key and re-applied whenever the
document is analysed again, so a curator's word outlives the machine's.  An
edited record whose machine original no longer appears is kept as the
curator's own record.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from typing import Any, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import Connection, Engine, func, insert, select, update

from csrledger.extract.numbers import MAX_VALUE
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


MAX_AMOUNT = MAX_VALUE
"""The largest amount a curator may enter: the bound the extractors keep (1e16)."""
MAX_TEXT_CHARS = 2000
"""Longest sponsor, object, place or beneficiaries text."""
_TEXT = ("sponsor", "object", "place", "beneficiaries")
_AMOUNT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_CURRENCY = re.compile(r"[A-Za-z]{3}")
_NOT_FINITE = ("inf", "infinity", "nan")
_TRUE, _FALSE = ("1", "true", "on", "yes"), ("", "0", "false", "off", "no")


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and convert submitted record fields (strings from a form, or JSON values).

    Every value is checked for its type as well as its range, so that a
    wrong JSON type or a value a database or JSON cannot hold (Infinity,
    NaN, a NUL character) is a CurationError naming the field, never a
    server error and never stored.
    """
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise CurationError(f"unknown field {name!r}; editable: {', '.join(EDITABLE)}")
        if isinstance(value, str):
            value = value.strip()
            if value == "" and name not in ("object", "aggregate"):
                value = None
        out[name] = _clean(name, value)
    return out


def _clean(name: str, value: Any) -> Any:
    if name == "aggregate":
        return _boolean(value)
    if value is None:
        if name == "object":
            raise CurationError("object cannot be empty")
        if name in ("sector", "status", "sponsor_kind"):
            raise CurationError(f"{name} is required")
        return None
    if name in _TEXT:
        return _text(name, value)
    if name == "amount":
        return _amount(value)
    if name in ("year_from", "year_to"):
        return _year(name, value)
    if not isinstance(value, str):
        raise CurationError(f"{name} must be text, not {_kind(value)}")
    if name == "currency":
        if not _CURRENCY.fullmatch(value):
            raise CurationError("currency must be an ISO 4217 code such as KZT")
        return value.upper()
    choices = {"sector": SECTORS, "status": STATUSES, "sponsor_kind": SPONSOR_KINDS, "region": tuple(REGIONS)}[name]
    if value not in choices:
        if name == "region":
            raise CurationError(f"region must be an ISO 3166-2:KZ code such as KZ-35, not {value[:40]!r}")
        raise CurationError(f"{name} must be one of {', '.join(choices)}")
    return value


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__)


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise CurationError(f"{name} must be text, not {_kind(value)}")
    if name == "object" and not value:
        raise CurationError("object cannot be empty")
    if len(value) > MAX_TEXT_CHARS:
        raise CurationError(f"{name} is {len(value):,} characters long (limit {MAX_TEXT_CHARS:,})")
    if "\x00" in value:
        raise CurationError(f"{name} must not contain NUL characters")
    return value


def _amount(value: Any) -> float:
    """A finite, non-negative amount up to MAX_AMOUNT; "2 500 000" and "2,5e6" are fine."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise CurationError(f"amount must be a number, not {_kind(value)}")
    if isinstance(value, str):
        written = value.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", ".")
        if not _AMOUNT.fullmatch(written):
            finite = "a finite number" if written.lower().lstrip("+-") in _NOT_FINITE else "a number such as 2500000"
            raise CurationError(f"amount must be {finite}, not {value[:40]!r}")
        value = written
    try:
        amount = float(value)
    except OverflowError:       # an int too large for a float
        amount = math.inf
    if not math.isfinite(amount):
        shown = repr(value[:40]) if isinstance(value, str) else "NaN" if math.isnan(amount) else "Infinity"
        raise CurationError(f"amount must be a finite number, not {shown}")
    if amount < 0:
        raise CurationError("amount cannot be negative")
    if amount > MAX_AMOUNT:
        raise CurationError(f"amount must be at most {MAX_AMOUNT:.0e} (10 quadrillion), not {amount:.3g}")
    return amount


def _year(name: str, value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 4:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        shown = value[:40] if isinstance(value, str) else value
        raise CurationError(f"{name} must be a year, not {shown!r}")
    if not 1900 <= value <= 2100:
        raise CurationError(f"{name} must be between 1900 and 2100")
    return value


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise CurationError("aggregate must be true or false")


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
