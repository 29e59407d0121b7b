"""What a ledger holds, without row ids and timestamps: two ledgers with the same state are equal.

Works on any backend (a SQLite path or a database URL), so a PostgreSQL ledger can be compared with a
SQLite one built from the same corpus.
"""
from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, inspect, text

from csrledger.store.ledger import _url


def ledger_state(db: str) -> dict:
    engine = create_engine(_url(db))
    try:
        with engine.connect() as con:
            def rows(sql: str) -> list[tuple]:
                return [tuple(r) for r in con.execute(text(sql))]

            state = {
                "documents": rows("SELECT id, content_hash, lang FROM documents ORDER BY id"),
                "records": rows(
                    "SELECT key, doc_id, seq, sponsor, sector, object, amount, currency, amount_kzt, status, review, "
                    "origin FROM records ORDER BY doc_id, seq"),
                "mentions": rows("SELECT doc_id, kind, start, \"end\" FROM mentions "
                                 "ORDER BY doc_id, kind, start, \"end\""),
                "curations": rows("SELECT record_key, review, state FROM curations ORDER BY record_key"),
                "fts": rows("SELECT doc_id FROM documents_fts ORDER BY doc_id"),
                "totals": rows("SELECT count(*), coalesce(sum(amount_kzt), 0) FROM records "
                               "WHERE review != 'rejected'")[0],
            }
            if inspect(con).has_table("events"):
                state["events"] = rows("SELECT id, counted_kzt, reports FROM events ORDER BY id")
            return state
    finally:
        engine.dispose()


def integrity(db: str) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def copy_ledger(source: str, target: str) -> None:
    """A consistent copy of a ledger (SQLite's backup API: the WAL is included)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
