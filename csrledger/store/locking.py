"""Write transactions that take the ledger's write lock first.

SQLite's default (deferred) transaction reads first and asks for the write
lock only at its first write.  Two processes that both read "this document
is not stored yet" then both write: in WAL mode the second fails at once
with "database is locked" (its snapshot is stale), or, had it waited, would
insert a row the first one already inserted (a UNIQUE failure).
``BEGIN IMMEDIATE`` takes the write lock before the first read, so a second
writer waits (up to the busy timeout) and then reads what the first one
committed.  Readers are never blocked (WAL).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Connection, Engine

BUSY_TIMEOUT_MS = 120_000
"""How long a writer waits for another's transaction (a long migration, a big document) before failing."""


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` that holds the write lock from its first statement on SQLite."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn
