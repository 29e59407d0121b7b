"""Web response times on a generated ledger of 100,000 records.

Builds a temporary SQLite ledger (20,000 documents with 200,000 mentions, 2,000 sponsors, spread
over the 20 regions, the sectors, statuses, languages and 2015-2025) with bulk
inserts, then times the dashboard, the records table (first page, and a
filtered and sorted page) and /api/summary through the ASGI app in-process.
Prints median and p95 milliseconds; the target is under 300 ms each.

The ledger is created by the project's own migrations, so the timings are
those of the schema users get (covering indexes from migration 0002).
"""
from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from sqlalchemy import insert, text

from csrledger.store.ledger import Ledger
from csrledger.store.schema import documents, mentions, records
from csrledger.taxonomy import REGIONS, SECTORS, STATUSES

RECORDS, DOCUMENTS, SPONSORS = 100_000, 20_000, 2_000
MENTIONS_PER_DOC = 10
KINDS = ("money", "quantities", "dates", "companies", "persons", "places")
RUNS = 10
TARGET_MS = 300.0
PAGES = {
    "dashboard /": "/",
    "dashboard filtered": "/?region=KZ-35&year=2023",
    "records first page": "/records",
    "records filtered+sorted": "/records?sector=education&status=completed&sort=year&desc=false&page=3",
    "records sponsor": "/records?sponsor=Sponsor%200042",
    "api summary": "/api/summary",
    "api records filtered": "/api/records?region=KZ-55&lang=kk&sort=sponsor",
}


def generate(path: Path, seed: int = 7) -> None:
    rnd = random.Random(seed)
    ledger = Ledger(str(path))
    regions = list(REGIONS) + [None]
    sponsors = [f"Sponsor {i:04d}" for i in range(SPONSORS)]
    weights = [1 / (i + 1) for i in range(SPONSORS)]          # a few big sponsors, a long tail
    now = dt.datetime(2025, 1, 1)
    docs = []
    for i in range(DOCUMENTS):
        lang = rnd.choice(("ru", "ru", "kk", "en"))
        docs.append({"id": f"doc-{i:05d}", "title": f"News {i}", "url": f"https://example.kz/{i}",
                     "published": dt.date(2015 + i % 11, 1 + i % 12, 1 + i % 28), "lang": lang,
                     "text": f"Компания построила объект номер {i} в регионе. " * 12, "source": "bench",
                     "content_hash": f"{i:064d}", "analysed_at": now})
    rows = []
    for i in range(RECORDS):
        doc = docs[i % DOCUMENTS]
        currency = "KZT" if rnd.random() < 0.9 else "USD"
        amount = round(rnd.lognormvariate(17, 2), -3) if rnd.random() < 0.7 else None
        kind = "state" if rnd.random() < 0.05 else "company"
        year = doc["published"].year
        rows.append({"key": f"{i:024d}", "doc_id": doc["id"], "seq": i // DOCUMENTS,
                     "sponsor": rnd.choices(sponsors, weights)[0], "sponsor_kind": kind,
                     "sector": rnd.choice(SECTORS), "object": f"object {i}", "region": rnd.choice(regions),
                     "place": None, "amount": amount, "currency": currency if amount else None,
                     "amount_kzt": amount if amount and currency == "KZT" else None,
                     "status": rnd.choice(STATUSES), "year_from": year, "year_to": None, "year": year,
                     "aggregate": False, "lang": doc["lang"], "evidence": [{"start": 0, "end": 40}],
                     "quantities": [], "beneficiaries": None, "origin": "machine",
                     "review": "rejected" if rnd.random() < 0.01 else "unreviewed"})
    with ledger.engine.begin() as conn:
        conn.execute(insert(documents), docs)
        conn.execute(text("INSERT INTO documents_fts(doc_id, title, text) SELECT id, title, text FROM documents"))
        for start in range(0, RECORDS, 20_000):
            conn.execute(insert(records), rows[start:start + 20_000])
        # every record its own investment (event), as the events stage would leave unrelated records
        conn.execute(text("UPDATE records SET event_id = 'ev-' || id"))
        conn.execute(text(
            "INSERT INTO events (id, created_at, status, sponsor, sponsor_kind, sector, object, region, place, year, "
            "amount_kzt, counted_kzt, aggregate, reports, documents, first_reported, last_reported) "
            "SELECT r.event_id, :now, r.status, r.sponsor, r.sponsor_kind, r.sector, r.object, r.region, r.place, "
            "r.year, r.amount_kzt, coalesce(r.amount_kzt, 0), r.aggregate, 1, 1, d.published, d.published "
            "FROM records r JOIN documents d ON d.id = r.doc_id WHERE r.review != 'rejected'"), {"now": now})
        for start in range(0, DOCUMENTS, 2_000):
            conn.execute(insert(mentions), [
                {"doc_id": doc["id"], "kind": KINDS[k % len(KINDS)], "start": 10 * k, "end": 10 * k + 8,
                 "text": "mention", "data": {}}
                for doc in docs[start:start + 2_000] for k in range(MENTIONS_PER_DOC)])
        conn.execute(text("ANALYZE"))
    ledger.close()


def time_pages(path: Path) -> float:
    """Print the timings of every page; returns the worst p95 in ms."""
    from fastapi.testclient import TestClient

    from csrledger.web.app import create_app

    worst = 0.0
    with TestClient(create_app(str(path))) as client:
        for name, url in PAGES.items():
            assert client.get(url).status_code == 200, url      # warm-up and sanity
            times = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            worst = max(worst, p95)
            print(f"  {name:26s} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")
    print(f"  worst p95 {worst:.1f} ms (target < {TARGET_MS:.0f} ms): {'OK' if worst < TARGET_MS else 'TOO SLOW'}")
    return worst


def main() -> int:
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        started = time.perf_counter()
        generate(path)
        print(f"generated {RECORDS:,} records in {DOCUMENTS:,} documents, {SPONSORS:,} sponsors "
              f"in {time.perf_counter() - started:.1f} s")
        worst = time_pages(path)
        return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
