"""Write transactions that take the ledger's write lock first.

SQLite's default (deferred) transaction reads first and asks for the write
lock only at its first write.  Two processes that both read "this document
is not stored yet" then both write: in WAL mode the second fails at once
with "database is locked" (its snapshot is stale), or, had it waited, would
insert a row the first one already inserted (a UNIQUE failure).
``BEGIN IMMEDIATE`` takes the write lock before the first read, so a second
writer waits (up to the busy timeout) and then reads what the first one
committed.  Readers are never blocked (WAL).

PostgreSQL's default transactions (READ COMMITTED) have the same race: two
writers both find a document missing and the second fails on its primary
key, or both group records into events from what each saw before the
other's commit.  So a write transaction there first takes one
transaction-level advisory lock, held to its commit or rollback: writers
take turns as on SQLite, readers never wait (MVCC), and a crashed writer's
lock goes with its connection.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

BUSY_TIMEOUT_MS = 120_000
"""How long a writer waits for another's transaction (a long migration, a big document) before failing."""
WRITE_LOCK_KEY = 0x637372_6C6564
"""The advisory lock of a ledger's writers on PostgreSQL (any constant the database's other users do not take)."""


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` that holds the ledger's write lock from its first statement."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        yield conn
