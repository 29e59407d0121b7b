"""Request-scoped access to the ledger (FastAPI dependencies)."""
from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy import Connection

from csrledger.store.ledger import Ledger


def ledger(request: Request) -> Ledger:
    led: Ledger = request.app.state.ledger
    return led


def connection(request: Request) -> Iterator[Connection]:
    """A read connection for the length of one request."""
    with request.app.state.ledger.engine.connect() as conn:
        yield conn
