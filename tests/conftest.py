"""Shared fixtures: where the shared development data lives, tiny documents, and ledgers on both backends."""
from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from csrledger.corpus import read_corpus
from csrledger.model import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev.jsonl"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"
SCORE_PY = SHARED / "tools" / "score.py"
SAMPLE_CORPUS = ROOT / "samples" / "corpus.jsonl"

needs_dev = pytest.mark.skipif(not DEV_CORPUS.exists(), reason="../shared/corpus/dev.jsonl not present")


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def corpus_documents(path: Path) -> list[Document]:
    """The documents of a corpus, read by the project's own reader."""
    return [d for d in read_corpus(path) if isinstance(d, Document)]


# --- ledgers on SQLite and on PostgreSQL ------------------------------------------------------------------

PG_URL = os.environ.get("CSRLEDGER_TEST_PG_URL")
"""A PostgreSQL server for the store and web tests (``make test`` starts one: ``tests/with_postgres.sh``)."""
BACKENDS = ("sqlite", "postgresql")
NO_PG = ("no PostgreSQL test server: CSRLEDGER_TEST_PG_URL is unset (`make test` installs and starts one "
         "through tests/with_postgres.sh; it says why when it cannot)")


class PostgresDatabases:
    """Fresh databases on the test server, each a copy of one template migrated once (fast, isolated)."""

    TEMPLATE = "csrledger_template"

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        self.url = url
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []
        self.counter = itertools.count()
        self.template_ready = False

    def _url(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def _run(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(sql)

    def new(self, migrated: bool = True) -> str:
        """The URL of a new ledger database, at the latest schema (or empty: ``migrated=False``)."""
        from csrledger.store.ledger import open_engine

        name = f"ledger_{os.getpid()}_{next(self.counter)}"
        if not migrated:
            self._run(f"CREATE DATABASE {name}")
            self.names.append(name)
            return self._url(name)
        if not self.template_ready:
            self._run(f"DROP DATABASE IF EXISTS {self.TEMPLATE}")
            self._run(f"CREATE DATABASE {self.TEMPLATE}")
            open_engine(self._url(self.TEMPLATE)).dispose()
            self.template_ready = True
        self._run(f"CREATE DATABASE {name} TEMPLATE {self.TEMPLATE}")
        self.names.append(name)
        return self._url(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        self._run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.names.remove(name)

    def close(self) -> None:
        for name in list(self.names):
            self._run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self._run(f"DROP DATABASE IF EXISTS {self.TEMPLATE}")
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PostgresDatabases | None]:
    if not PG_URL:
        yield None
        return
    databases = PostgresDatabases(PG_URL)
    yield databases
    databases.close()


def _new_ledger(backend: str, folder: Path, databases: PostgresDatabases | None, migrated: bool = True) -> str:
    if backend == "sqlite":
        return str(folder / "ledger.db")
    if databases is None:
        pytest.skip(NO_PG)
    return databases.new(migrated)


@pytest.fixture(params=BACKENDS)
def ledger_db(request, tmp_path, pg_databases) -> Iterator[str]:
    """A new, empty ledger (``--db``): a SQLite file, or a database on the PostgreSQL test server."""
    db = _new_ledger(request.param, tmp_path, pg_databases)
    yield db
    if request.param == "postgresql":
        pg_databases.drop(db)


@pytest.fixture(params=BACKENDS)
def fresh_ledger_db(request, tmp_path, pg_databases) -> Iterator[str]:
    """:func:`ledger_db` before its first migration: an absent file, or an empty database."""
    db = _new_ledger(request.param, tmp_path, pg_databases, migrated=False)
    yield db
    if request.param == "postgresql":
        pg_databases.drop(db)


def is_sqlite(db: str) -> bool:
    return "://" not in db or db.startswith("sqlite")


@pytest.fixture(scope="module", params=BACKENDS)
def module_ledger_db(request, tmp_path_factory, pg_databases) -> Iterator[str]:
    """:func:`ledger_db` shared by the tests of one module."""
    db = _new_ledger(request.param, tmp_path_factory.mktemp("ledger"), pg_databases)
    yield db
    if request.param == "postgresql":
        pg_databases.drop(db)
