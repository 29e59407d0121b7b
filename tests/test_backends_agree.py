"""SQLite and PostgreSQL give the same ledger for the same corpus: report, dashboard, API, search, exports.

The sample corpus is analysed and stored by ``csrledger run`` into a SQLite file and into a PostgreSQL
database; every view a user reads must then say the same, figure for figure.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from csrledger.cli import main
from csrledger.web.app import create_app
from tests.conftest import NO_PG, PG_URL, SAMPLE_CORPUS
from tests.ledger_state import ledger_state

pytestmark = pytest.mark.skipif(not PG_URL, reason=NO_PG)

API = ["/api/summary", "/api/summary?region=KZ-55", "/api/summary?sector=education&include_state=true",
       "/api/summary?lang=kk", "/api/summary?q=школ", "/api/sponsors", "/api/records?per_page=1000",
       "/api/records?sort=sponsor&descending=false&per_page=20&page=2", "/api/events?per_page=200",
       "/api/events?promises=true", "/api/documents?per_page=100"]
PAGES = ["/", "/?sector=education", "/records?per_page=100", "/sponsors", "/promises"]
SEARCHES = ["школа", "балабақша", "school*", "детский сад", "Kazakhstan", "компания 2023"]
"""Found alike; ranked by each database's own measure (FTS5's bm25, ts_rank), so compared as sets."""
CSRF = re.compile(r'(name="csrf[-_]token" (?:content|value)=)"[^"]*"')


def timeless(value):
    """An answer without ``created_at``: when each ledger made its events, the one thing that differs."""
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k != "created_at"}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory, pg_databases) -> dict[str, str]:
    dbs = {"sqlite": str(tmp_path_factory.mktemp("agree") / "ledger.db"), "postgresql": pg_databases.new()}
    for db in dbs.values():
        assert main(["run", str(SAMPLE_CORPUS), "--db", db]) == 0
    yield dbs
    pg_databases.drop(dbs["postgresql"])


def test_the_stored_ledgers_are_the_same(ledgers):
    sqlite, postgres = (ledger_state(db) for db in ledgers.values())
    assert sqlite["totals"][0] > 30 and sqlite["events"]
    assert postgres == sqlite


def test_report_prints_the_same_totals(ledgers, capsys):
    printed = []
    for db in ledgers.values():
        for flags in ([], ["--sector", "education"], ["--include-state"], ["--lang", "kk"]):
            capsys.readouterr()
            assert main(["report", "--db", db, *flags]) == 0
            printed.append(capsys.readouterr().out.replace(f"({db})", "(ledger)"))
    half = len(printed) // 2
    assert "Social investments: 7" in printed[0] and printed[:half] == printed[half:]


def test_api_and_dashboard_say_the_same(ledgers):
    answers = {}
    for backend, db in ledgers.items():
        with TestClient(create_app(db)) as client:
            answers[backend] = ({url: timeless(client.get(url).json()) for url in API},
                                {url: CSRF.sub(r"\1", client.get(url).text) for url in PAGES})
    (sqlite_api, sqlite_pages), (pg_api, pg_pages) = answers["sqlite"], answers["postgresql"]
    assert sqlite_api["/api/summary"]["kzt_completed"] > 0
    for url in API:
        assert pg_api[url] == sqlite_api[url], url
    for url in PAGES:
        assert pg_pages[url] == sqlite_pages[url], url


def test_search_finds_the_same_documents(ledgers):
    found = {}
    for backend, db in ledgers.items():
        with TestClient(create_app(db)) as client:
            found[backend] = {}
            for query in SEARCHES:
                answer = client.get("/api/documents", params={"q": query, "per_page": 100}).json()
                found[backend][query] = (answer["total"], sorted(d["id"] for d in answer["documents"]))
    assert found["sqlite"]["школа"][0] >= 5 and found["sqlite"]["балабақша"][0] >= 1
    assert found["postgresql"] == found["sqlite"]


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_exports_are_the_same(ledgers, tmp_path, fmt):
    outputs = []
    for backend, db in ledgers.items():
        out = tmp_path / f"{backend}.{fmt}"
        assert main(["export", "--db", db, "--format", fmt, "-o", str(out), "--include-state"]) == 0
        outputs.append(out)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        sqlite, postgres = (pq.read_table(p) for p in outputs)
        assert sqlite.num_rows > 30 and postgres.equals(sqlite)
    else:
        assert Path(outputs[0]).read_bytes() == Path(outputs[1]).read_bytes()
