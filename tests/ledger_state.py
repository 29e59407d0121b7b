"""What a ledger holds, without row ids and timestamps: two ledgers with the same state are equal."""
from __future__ import annotations

import sqlite3


def ledger_state(db: str) -> dict:
    con = sqlite3.connect(db)
    try:
        state = {
            "documents": con.execute("SELECT id, content_hash, lang FROM documents ORDER BY id").fetchall(),
            "records": con.execute(
                "SELECT key, doc_id, seq, sponsor, sector, object, amount, currency, amount_kzt, status, review, origin "
                "FROM records ORDER BY doc_id, seq").fetchall(),
            "mentions": con.execute("SELECT doc_id, kind, start, \"end\" FROM mentions "
                                    "ORDER BY doc_id, kind, start, \"end\"").fetchall(),
            "curations": con.execute("SELECT record_key, review, state FROM curations ORDER BY record_key").fetchall(),
            "fts": con.execute("SELECT doc_id FROM documents_fts ORDER BY doc_id").fetchall(),
        }
        totals = con.execute("SELECT count(*), coalesce(sum(amount_kzt), 0) FROM records "
                             "WHERE review != 'rejected'").fetchone()
        state["totals"] = totals
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone():
            state["events"] = con.execute("SELECT id, counted_kzt, reports FROM events ORDER BY id").fetchall()
        return state
    finally:
        con.close()


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
