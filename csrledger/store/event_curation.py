"""Curators merge and split events; their word outlives re-analysis, new documents and regrouping.

A decision is kept by record key in ``event_decisions``: ``together`` for
every pair of records a merge joins, ``apart`` between a record split off
and the records it leaves.  Re-analysis keeps each record's event, and the
grouping (``csrledger.events.index.choose``) puts a record with a
``together`` partner into that partner's event and never into an event with
an ``apart`` one.  Every change is written to the audit log (action
``event-merge`` or ``event-split``, ``record_key`` the event's id), as record
curations are.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Row, and_, delete, insert, or_, select, update

from csrledger.store.events import refresh
from csrledger.store.locking import write_transaction
from csrledger.store.schema import audit_log, event_decisions, record_by_id, records


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _members(conn: Connection, event_id: str) -> Sequence[Row[Any, Any, Any]]:
    return conn.execute(select(records.c.id, records.c.key, records.c.doc_id)
                        .where(records.c.event_id == event_id).order_by(records.c.id)).all()


def _decide(conn: Connection, kind: str, a: str, b: str, user: str) -> None:
    """Record one decision on a pair, replacing any earlier one on the same pair."""
    a, b = sorted((a, b))
    d = event_decisions.c
    conn.execute(delete(event_decisions).where(d.key_a == a, d.key_b == b))
    conn.execute(insert(event_decisions).values(kind=kind, key_a=a, key_b=b, user=user, at=_now()))


def _audit(conn: Connection, user: str, action: str, event_id: str, doc_id: str, before: dict[str, Any],
           after: dict[str, Any]) -> None:
    conn.execute(insert(audit_log).values(at=_now(), user=user, action=action, record_key=event_id,
                                          first_key=event_id, doc_id=doc_id, before=before, after=after))


def merge_events(engine: Engine, event_id: str, other_id: str, user: str) -> dict[str, Any]:
    """Put every record of ``other_id`` into ``event_id``: one investment, by a curator's word."""
    if event_id == other_id:
        raise ValueError("an event cannot be merged with itself")
    with write_transaction(engine) as conn:
        target, other = _members(conn, event_id), _members(conn, other_id)
        if not target or not other:
            raise LookupError(f"no event {event_id if not target else other_id!r}")
        for a in target:
            for b in other:
                _decide(conn, "together", a.key, b.key, user)
        conn.execute(update(records).where(records.c.event_id == other_id).values(event_id=event_id))
        refresh(conn, [event_id, other_id])
        after = {"event_id": event_id, "records": [r.id for r in (*target, *other)]}
        _audit(conn, user, "event-merge", event_id, target[0].doc_id,
               {"event_id": event_id, "records": [r.id for r in target], "merged": other_id,
                "merged_records": [r.id for r in other]}, after)
        _audit(conn, user, "event-merge", other_id, other[0].doc_id,
               {"event_id": other_id, "records": [r.id for r in other]}, after)
    return after


def split_record(engine: Engine, record_id: int, user: str) -> dict[str, Any]:
    """Take one record out of its event into an event of its own: another investment, by a curator's word."""
    with write_transaction(engine) as conn:
        row = conn.execute(select(records.c.id, records.c.key, records.c.doc_id, records.c.event_id)
                           .where(record_by_id(record_id))).first()
        if row is None or row.event_id is None:
            raise LookupError(f"no record {record_id} in an event")
        others = [m for m in _members(conn, row.event_id) if m.id != record_id]
        if not others:
            raise ValueError(f"record {record_id} is alone in its event: there is nothing to split it from")
        new_id = "ev-" + hashlib.sha1(f"{row.key}\x1fsplit".encode()).hexdigest()[:12]
        for m in others:
            _decide(conn, "apart", row.key, m.key, user)
        conn.execute(update(records).where(records.c.id == record_id).values(event_id=new_id))
        refresh(conn, [row.event_id, new_id])
        before = {"event_id": row.event_id, "records": [record_id] + [m.id for m in others]}
        _audit(conn, user, "event-split", row.event_id, row.doc_id, before,
               {"event_id": row.event_id, "records": [m.id for m in others], "split": new_id})
        _audit(conn, user, "event-split", new_id, row.doc_id, before, {"event_id": new_id, "records": [record_id]})
    return {"event_id": new_id, "left": row.event_id}


def decisions(conn: Connection, keys: list[str]) -> list[dict[str, Any]]:
    """The curators' decisions that name any of these record keys."""
    d = event_decisions.c
    rows = conn.execute(select(event_decisions).where(or_(d.key_a.in_(keys), d.key_b.in_(keys)))
                        .order_by(d.id))
    return [dict(r._mapping) for r in rows]


def event_audit(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(select(audit_log).where(and_(audit_log.c.record_key == event_id,
                                                     audit_log.c.action.like("event-%")))
                        .order_by(audit_log.c.id.desc()))
    return [dict(r._mapping) for r in rows]

