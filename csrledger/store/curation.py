"""Curators: confirm, edit, reject, restore or add records, with an audit log.

A curation is stored with the key of the record it names and with an
*anchor*: what that record is (its evidence sentence, sponsor, object,
amount, currency, sector).  Whenever the document is analysed again — a
changed text, a new extractor — the curation is re-attached to the record
with the same key, else to the record that matches its anchor tolerantly
(rapidfuzz; see :func:`match_score`), and the move is audited.  A curation
that matches nothing is kept and shown as *needs review* until a curator
attaches it to a record, keeps an edited record as their own, or dismisses
it: it is never dropped silently, and never becomes a second record beside
one the matcher missed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from sqlalchemy import Connection, Engine, Row, RowMapping, delete, func, insert, or_, select, update

from csrledger.extract.numbers import MAX_VALUE
from csrledger.store.locking import write_transaction
from csrledger.store.schema import audit_log, curations, documents, record_by_id, records, sessions, users
from csrledger.taxonomy import REGIONS, SECTORS, STATUSES

EDITABLE = ("sponsor", "sponsor_kind", "sector", "object", "region", "place", "amount", "currency",
            "status", "year_from", "year_to", "aggregate", "beneficiaries")
SPONSOR_KINDS = ("company", "person", "foundation", "state", "aggregate", "unknown")
ACTIONS = {"confirm": "confirmed", "edit": "edited", "reject": "rejected", "add": "added"}
CURATOR_ACTIONS = ("confirm", "edit", "reject", "restore")


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


def _derived(fields: dict[str, Any], published: dt.date | None) -> dict[str, Any]:
    """Columns computed from the editable ones."""
    out = dict(fields)
    if "amount" in fields or "currency" in fields:
        amount, currency = fields.get("amount"), fields.get("currency")
        out["amount_kzt"] = amount if amount is not None and currency == "KZT" else None
    if "year_from" in fields:
        out["year"] = fields["year_from"] or (published.year if published else None)
    return out


def _record_values(row: Row[Any]) -> dict[str, Any]:
    return {name: row._mapping[name] for name in EDITABLE}


# --- anchors: what a curated record is, so it can be found again -------------------------------

SYSTEM_USER = "csrledger"
"""The name on audit entries the ledger writes itself (re-attachments, curations flagged for review)."""
ANCHOR_FIELDS = ("sponsor", "object", "amount", "currency", "sector")


def evidence_sentence(evidence: Sequence[Mapping[str, int]] | None, doc_text: str) -> str:
    """The record's evidence as text (several spans joined by ' … ')."""
    return " … ".join(doc_text[e["start"]:e["end"]].strip() for e in evidence or [])


def anchor_of(row: Mapping[str, Any] | RowMapping, doc_text: str) -> dict[str, Any]:
    """What a stored record is, independent of offsets: its evidence sentence and main fields."""
    return {"evidence": evidence_sentence(row.get("evidence"), doc_text),
            **{name: row.get(name) for name in ANCHOR_FIELDS}}


def _text_similarity(a: str | None, b: str | None) -> float:
    """0..1: how alike two sentences are, tolerant of reworded and reordered words."""
    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b, processor=default_process),
               fuzz.token_sort_ratio(a, b, processor=default_process)) / 100


def _name_similarity(a: str | None, b: str | None) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return fuzz.token_sort_ratio(a, b, processor=default_process) / 100


def _same_amount(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    x, y = a.get("amount"), b.get("amount")
    if x is None and y is None:
        return 1.0
    if x is None or y is None or (a.get("currency") or "KZT") != (b.get("currency") or "KZT"):
        return 0.0
    return 1.0 if math.isclose(x, y, rel_tol=1e-9) else 0.0


@dataclass(frozen=True)
class Match:
    score: float
    accepted: bool
    text: float


def match_score(anchor: Mapping[str, Any] | None, fields: Mapping[str, Any],
                candidate: Mapping[str, Any]) -> Match:
    """How well a machine record (``candidate``: an anchor) matches a curation.

    The curation is known by its anchor (the machine record it was made on)
    and by its curated ``fields``; each field counts by the better of the
    two, so a record the machine now reads as the curator corrected it is
    still found.  Accepted when the evidence sentences are alike and the
    record mostly agrees (score ≥ 0.72: a line added elsewhere, a reworded
    sentence, a new extractor reading the amount differently), or, whatever
    the sentence, when sponsor, object, sector and a stated amount all agree
    (the same gift restated elsewhere in the text).
    """
    sides = [side for side in (anchor, fields) if side]
    text = _text_similarity((anchor or {}).get("evidence"), candidate.get("evidence"))
    obj = max((_name_similarity(s.get("object"), candidate.get("object")) for s in sides), default=0.0)
    sponsor = max((_name_similarity(s.get("sponsor"), candidate.get("sponsor")) for s in sides), default=0.0)
    amount = max((_same_amount(s, candidate) for s in sides), default=0.0)
    sector = max((1.0 if s.get("sector") == candidate.get("sector") else 0.0 for s in sides), default=0.0)
    score = 0.5 * text + 0.2 * obj + 0.1 * sponsor + 0.15 * amount + 0.05 * sector
    by_text = text >= 0.55 and score >= 0.72
    by_fields = (obj >= 0.85 and sponsor >= 0.85 and sector == 1.0 and amount == 1.0
                 and candidate.get("amount") is not None)
    return Match(score, by_text or by_fields, text)


def match_curations(curations_: Sequence[Mapping[str, Any]],
                    candidates: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Curation index -> candidate index, one to one.

    ``curations_`` have ``record_key``, ``review``, ``fields`` and ``anchor``;
    ``candidates`` are the document's new machine records as anchors with a
    ``key``.  The same key attaches first; then the accepted pairs, best
    score first.  A record the curator added attaches only by its fields (it
    has no sentence): the machine now finds it, and it must not be counted
    twice.
    """
    assigned: dict[int, int] = {}
    by_key = {c["key"]: i for i, c in enumerate(candidates)}
    for i, cur in enumerate(curations_):
        j = by_key.get(cur["record_key"])
        if cur["review"] != "added" and j is not None and j not in assigned.values():
            assigned[i] = j
    pairs = []
    for i, cur in enumerate(curations_):
        if i in assigned:
            continue
        anchor = None if cur["review"] == "added" else cur.get("anchor")
        for j, cand in enumerate(candidates):
            match = match_score(anchor, cur.get("fields") or {}, cand)
            if match.accepted:
                pairs.append((-match.score, i, j))
    taken = set(assigned.values())
    for _, i, j in sorted(pairs):
        if i not in assigned and j not in taken:
            assigned[i] = j
            taken.add(j)
    return assigned


def _audit(conn: Connection, user: str, action: str, key: str, doc_id: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None, first_key: str | None = None) -> None:
    conn.execute(insert(audit_log).values(at=_now(), user=user, action=action, record_key=key,
                                          doc_id=doc_id, before=before, after=after, first_key=first_key or key))


def _published(conn: Connection, doc_id: str) -> dt.date | None:
    return conn.execute(select(documents.c.published).where(documents.c.id == doc_id)).scalar()


def _doc_text(conn: Connection, doc_id: str) -> str:
    return conn.execute(select(documents.c.text).where(documents.c.id == doc_id)).scalar() or ""


def _curation(conn: Connection, key: str) -> Row[Any] | None:
    return conn.execute(select(curations).where(curations.c.record_key == key)).first()


def curate(engine: Engine, record_id: int, user: str, action: str,
           fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """Confirm, edit, reject or restore (undo a rejection of) a stored record; returns its values after."""
    if action not in ("confirm", "edit", "reject", "restore"):
        raise CurationError(f"action must be confirm, edit, reject or restore, not {action!r}")
    changes = clean_fields(fields or {}) if action == "edit" else {}
    with write_transaction(engine) as conn:
        row = conn.execute(select(records).where(record_by_id(record_id))).first()
        if row is None:
            raise LookupError(f"no record {record_id}")
        before = _record_values(row)
        existing = _curation(conn, row.key)
        if action == "restore":
            return _restore(conn, row, existing, user, before)
        after = {**before, **changes}
        review = ACTIONS[action]
        if row.origin == "curator":
            review = "rejected" if action == "reject" else "added"
        if action == "confirm" and existing is not None and existing.review == "edited":
            review = "edited"
        if {"amount", "currency"} & changes.keys():  # the tenge amount follows from both
            changes.update(amount=after["amount"], currency=after["currency"])
        conn.execute(update(records).where(records.c.id == record_id)
                     .values(review=review, **_derived(changes, _published(conn, row.doc_id))))
        anchor = existing.anchor if existing is not None and existing.anchor else (
            None if row.origin == "curator" else anchor_of(row._mapping, _doc_text(conn, row.doc_id)))
        first_key = _save_curation(conn, row.key, row.doc_id, review, after, user, anchor)
        _audit(conn, user, action, row.key, row.doc_id, before, after, first_key)
    return after


def _restore(conn: Connection, row: Row[Any], existing: Row[Any] | None, user: str,
             before: dict[str, Any]) -> dict[str, Any]:
    """Undo a rejection: the record counts again, with the curator's edits if it had any."""
    if row.review != "rejected":
        raise CurationError("only a rejected record can be restored")
    first_key = existing.first_key if existing is not None else row.key
    if row.origin == "curator":
        review = "added"
    else:
        anchor = (existing.anchor if existing is not None else None) or {}
        fields = dict(existing.fields) if existing is not None else {}
        edited = any(fields.get(k) != anchor.get(k) for k in ANCHOR_FIELDS if k in fields and anchor)
        review = "edited" if edited else "unreviewed"
    conn.execute(update(records).where(records.c.id == row.id).values(review=review))
    if review == "unreviewed":
        conn.execute(delete(curations).where(curations.c.record_key == row.key))
    else:
        conn.execute(update(curations).where(curations.c.record_key == row.key)
                     .values(review=review, user=user, at=_now()))
    _audit(conn, user, "restore", row.key, row.doc_id, before, before, first_key)
    return before


def add_record(engine: Engine, doc_id: str, user: str, fields: dict[str, Any]) -> int:
    """A record the machine missed; returns its id."""
    values = clean_fields(fields)
    for required in ("sector", "object", "status"):
        if not values.get(required):
            raise CurationError(f"{required} is required for a new record")
    values.setdefault("sponsor_kind", "company" if values.get("sponsor") else "unknown")
    with write_transaction(engine) as conn:
        doc = conn.execute(select(documents.c.id, documents.c.lang, documents.c.published)
                           .where(documents.c.id == doc_id)).first()
        if doc is None:
            raise LookupError(f"no document {doc_id!r}")
        key = _new_key(doc_id, values)
        full = {name: values.get(name) for name in EDITABLE}
        full["aggregate"] = bool(full["aggregate"])
        new_id = _insert_curator_record(conn, key, doc_id, doc.lang, doc.published, full)
        _save_curation(conn, key, doc_id, "added", full, user, None)
        _audit(conn, user, "add", key, doc_id, None, full)
    return new_id


def _new_key(doc_id: str, values: Mapping[str, Any]) -> str:
    return hashlib.sha1(f"{doc_id}\x1fcurator\x1f{_now().isoformat()}\x1f{secrets.token_hex(8)}\x1f{values}"
                        .encode()).hexdigest()[:24]


def _insert_curator_record(conn: Connection, key: str, doc_id: str, lang: str,
                           published: dt.date | None, values: dict[str, Any]) -> int:
    seq = conn.execute(select(func.coalesce(func.max(records.c.seq), -1) + 1)
                       .where(records.c.doc_id == doc_id)).scalar()
    row = {**_derived(values, published), "key": key, "doc_id": doc_id, "seq": seq, "lang": lang,
           "evidence": [], "quantities": [], "origin": "curator", "review": "added"}
    row["aggregate"] = bool(row.get("aggregate"))
    row["sponsor_kind"] = row.get("sponsor_kind") or "unknown"
    # a single-row insert into a table with an autoincrement key: its primary key is always there
    primary_key = conn.execute(insert(records).values(**row)).inserted_primary_key
    assert primary_key is not None
    new_id: int = primary_key[0]
    return new_id


def _save_curation(conn: Connection, key: str, doc_id: str, review: str, values: dict[str, Any], user: str,
                   anchor: dict[str, Any] | None) -> str:
    """Insert or update the record's curation; returns its identity (``first_key``)."""
    existing = _curation(conn, key)
    row = {"doc_id": doc_id, "review": review, "fields": values, "user": user, "at": _now(),
           "state": "attached", "note": None}
    if existing is not None:
        conn.execute(update(curations).where(curations.c.record_key == key)
                     .values(**row, anchor=existing.anchor or anchor))
        return existing.first_key or key
    conn.execute(insert(curations).values(record_key=key, first_key=key, anchor=anchor, **row))
    return key


def apply_curations(conn: Connection, doc_id: str) -> dict[str, int]:
    """Re-attach every curation of a freshly analysed document (inside its transaction).

    Each curation goes back to the record it names — by key, else by its
    anchor (see :func:`match_curations`) — and a re-attachment is audited.
    A curation that matches no record is kept and marked ``needs_review``
    with a note (never dropped, and never turned into a second record beside
    one the matcher missed); a record a curator added is inserted again
    unless the machine now finds it.  Returns counts by outcome.
    """
    published = _published(conn, doc_id)
    lang = conn.execute(select(documents.c.lang).where(documents.c.id == doc_id)).scalar_one()
    body = _doc_text(conn, doc_id)
    machine = conn.execute(select(records).where(records.c.doc_id == doc_id, records.c.origin == "machine")
                           .order_by(records.c.seq)).all()
    candidates = [{**anchor_of(r._mapping, body), "key": r.key, "id": r.id} for r in machine]
    curs = conn.execute(select(curations).where(curations.c.doc_id == doc_id)
                        .order_by(curations.c.at, curations.c.first_key)).all()
    items = [{"record_key": c.record_key, "review": c.review, "fields": dict(c.fields or {}),
              "anchor": c.anchor} for c in curs]
    assigned = match_curations(items, candidates)
    counts = {"attached": 0, "reattached": 0, "added": 0, "needs_review": 0}
    for i, cur in enumerate(curs):
        first_key = cur.first_key or cur.record_key
        if i in assigned:
            cand = candidates[assigned[i]]
            review = "edited" if cur.review == "added" else cur.review
            values = _derived(dict(cur.fields), published) if review == "edited" else {}
            conn.execute(update(records).where(records.c.id == cand["id"]).values(review=review, **values))
            new_anchor = {k: cand[k] for k in ("evidence", *ANCHOR_FIELDS)}
            moved = cand["key"] != cur.record_key or cur.state != "attached" or review != cur.review
            conn.execute(update(curations).where(curations.c.record_key == cur.record_key).values(
                record_key=cand["key"], review=review, state="attached", note=None, anchor=new_anchor,
                first_key=first_key))
            if moved:
                _audit(conn, SYSTEM_USER, "reattach", cand["key"], doc_id,
                       {"key": cur.record_key, **(cur.anchor or {})}, {"key": cand["key"], **new_anchor}, first_key)
                counts["reattached"] += 1
            else:
                counts["attached"] += 1
        elif cur.review == "added":
            _insert_curator_record(conn, cur.record_key, doc_id, lang, published, dict(cur.fields))
            counts["added"] += 1
        else:
            best = max((match_score(cur.anchor, cur.fields or {}, c).score for c in candidates), default=0.0)
            note = (f"after the document was analysed again ({_now():%Y-%m-%d}), no record matches the one "
                    f"this curation names (closest match {best:.0%}); attach it to a record, keep it, or dismiss it")
            if cur.state != "needs_review":
                _audit(conn, SYSTEM_USER, "needs_review", cur.record_key, doc_id,
                       {"key": cur.record_key, **(cur.anchor or {})}, None, first_key)
            conn.execute(update(curations).where(curations.c.record_key == cur.record_key)
                         .values(state="needs_review", note=note, first_key=first_key))
            counts["needs_review"] += 1
    return counts


def _curation_dict(row: Row[Any]) -> dict[str, Any]:
    out = dict(row._mapping)
    out["anchor"] = out.get("anchor") or {}
    return out


def curations_needing_review(conn: Connection, doc_id: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Curations that matched no record after a re-analysis, oldest first."""
    query = (select(curations).where(curations.c.state == "needs_review")
             .order_by(curations.c.doc_id, curations.c.at).limit(limit))
    if doc_id is not None:
        query = query.where(curations.c.doc_id == doc_id)
    return [_curation_dict(r) for r in conn.execute(query)]


def count_needing_review(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(curations)
                        .where(curations.c.state == "needs_review")).scalar() or 0


def rejected_records(conn: Connection, limit: int = 500) -> list[dict[str, Any]]:
    """Records a curator rejected, latest first, so a rejection can be found and undone."""
    query = (select(records.c.id, records.c.key, records.c.doc_id, records.c.sponsor, records.c.object,
                    records.c.amount, records.c.currency, records.c.sector, records.c.origin,
                    curations.c.user, curations.c.at)
             .join(curations, curations.c.record_key == records.c.key, isouter=True)
             .where(records.c.review == "rejected")
             .order_by(curations.c.at.desc().nulls_last(), records.c.id).limit(limit))
    return [dict(r._mapping) for r in conn.execute(query)]


RESOLUTIONS = ("attach", "keep", "dismiss")


def resolve(engine: Engine, first_key: str, user: str, action: str, record_id: int | None = None) -> dict[str, Any]:
    """A curator's answer to a curation that needs review.

    ``attach``: to a record of the same document (``record_id``) that no other
    curation holds; ``keep``: an edited record becomes the curator's own;
    ``dismiss``: the curation is removed.  Each is audited.
    """
    if action not in RESOLUTIONS:
        raise CurationError(f"action must be one of {', '.join(RESOLUTIONS)}, not {action!r}")
    with write_transaction(engine) as conn:
        cur = conn.execute(select(curations).where(curations.c.first_key == first_key,
                                                   curations.c.state == "needs_review")).first()
        if cur is None:
            raise LookupError(f"no curation {first_key!r} needs review")
        before = {"key": cur.record_key, "review": cur.review, **(cur.anchor or {})}
        published = _published(conn, cur.doc_id)
        if action == "dismiss":
            conn.execute(delete(curations).where(curations.c.record_key == cur.record_key))
            _audit(conn, user, "dismiss", cur.record_key, cur.doc_id, before, None, first_key)
            return {"action": action}
        if action == "keep":
            if cur.review != "edited":
                raise CurationError(f"only an edited record can be kept as the curator's own, not a {cur.review} one")
            key = _new_key(cur.doc_id, cur.fields)
            lang = conn.execute(select(documents.c.lang).where(documents.c.id == cur.doc_id)).scalar_one()
            new_id = _insert_curator_record(conn, key, cur.doc_id, lang, published, dict(cur.fields))
            conn.execute(update(curations).where(curations.c.record_key == cur.record_key).values(
                record_key=key, review="added", state="attached", note=None, user=user, at=_now()))
            _audit(conn, user, "keep", key, cur.doc_id, before, dict(cur.fields), first_key)
            return {"action": action, "record_id": new_id}
        if record_id is None:
            raise CurationError("attach needs record_id: a record of the same document")
        row = conn.execute(select(records).where(record_by_id(record_id))).first()
        if row is None or row.doc_id != cur.doc_id or row.origin != "machine":
            raise CurationError(f"record {record_id} is not a machine record of document {cur.doc_id!r}")
        if _curation(conn, row.key) is not None:
            raise CurationError(f"record {record_id} already has a curation")
        values = _derived(dict(cur.fields), published) if cur.review == "edited" else {}
        conn.execute(update(records).where(records.c.id == row.id).values(review=cur.review, **values))
        anchor = anchor_of(row._mapping, _doc_text(conn, cur.doc_id))
        conn.execute(update(curations).where(curations.c.record_key == cur.record_key).values(
            record_key=row.key, state="attached", note=None, anchor=anchor, user=user, at=_now()))
        _audit(conn, user, "attach", row.key, cur.doc_id, before, {"key": row.key, **anchor}, first_key)
        return {"action": action, "record_id": row.id}


def _record_label(entry: Mapping[str, Any] | RowMapping) -> dict[str, Any]:
    """Which record an audit entry is about: key, sponsor, object, amount (from after, else before)."""
    values = entry.get("after") or entry.get("before") or {}
    return {"key": entry["record_key"], "sponsor": values.get("sponsor"), "object": values.get("object"),
            "amount": values.get("amount"), "currency": values.get("currency")}


def audit_entries(engine: Engine, record_key: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """The audit log, newest first; for one record, its whole history across re-attachments."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        if record_key:
            first = conn.execute(select(curations.c.first_key).where(curations.c.record_key == record_key)).scalar()
            query = query.where(or_(audit_log.c.record_key == record_key,
                                    audit_log.c.first_key == (first or record_key)))
        return [{**dict(r._mapping), "record": _record_label(r._mapping)} for r in conn.execute(query)]


_hasher = PasswordHasher()


def add_user(engine: Engine, username: str, password: str) -> None:
    """Create a curator, or reset the password of an existing one (which ends all of its sessions)."""
    if not username or len(password) < 8:
        raise CurationError("a curator needs a name and a password of at least 8 characters")
    digest = _hasher.hash(password)
    with write_transaction(engine) as conn:
        exists = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
        if exists:
            conn.execute(update(users).where(users.c.id == exists).values(password_hash=digest))
            conn.execute(delete(sessions).where(sessions.c.username == username))   # a new password ends them all
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
