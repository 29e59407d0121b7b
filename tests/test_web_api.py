"""The JSON API: every endpoint, the shared filters, errors (400/404), CSRF, sign-in, curation, exports.

The ledger is built from our own short news items with hand-made records, so
these tests do not depend on the extractors' current quality.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("itsdangerous")
from fastapi.testclient import TestClient  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from csrledger.model import Analysis, Document, Evidence, Record  # noqa: E402
from csrledger.store.curation import add_user  # noqa: E402
from csrledger.store.ledger import Ledger  # noqa: E402
from csrledger.web.app import create_app  # noqa: E402

CURATOR, PASSWORD = "aigerim", "correct horse battery"

# (id, lang, published, url, title, text, [(sentence, sponsor, sector, object, region, place, amount, currency, status)])
NEWS = [
    ("pvl-school", "ru", dt.date(2023, 9, 1), "https://example.kz/news/pvl-school", "Новая школа в Экибастузе",
     "В Экибастузе открылась школа на 600 мест. ТОО «Богатырь Комир» построило школу за 2,4 млрд тенге. "
     "Также компания передала 20 компьютеров.",
     [("ТОО «Богатырь Комир» построило школу за 2,4 млрд тенге.", "Богатырь Комир", "education",
       "school for 600 places", "KZ-55", "Ekibastuz", 2.4e9, "KZT", "completed"),
      ("Также компания передала 20 компьютеров.", "Богатырь Комир", "education", "20 computers", "KZ-55",
       "Ekibastuz", None, None, "completed")]),
    ("krg-clinic", "ru", dt.date(2022, 4, 12), "https://example.kz/news/krg-clinic", "Поликлиника в Темиртау",
     "АО «Темиртау Металл» выделило 350 млн тенге на ремонт поликлиники в Темиртау. Работы завершатся в 2023 году.",
     [("АО «Темиртау Металл» выделило 350 млн тенге на ремонт поликлиники в Темиртау.", "Темиртау Металл",
       "health", "polyclinic repair", "KZ-35", "Temirtau", 350e6, "KZT", "ongoing")]),
    ("atr-park", "en", dt.date(2024, 6, 5), "https://example.kz/en/atr-park", "A new park in Atyrau",
     "Caspian Oil Services will fund a city park in Atyrau worth USD 3,000,000. Construction starts in 2025.",
     [("Caspian Oil Services will fund a city park in Atyrau worth USD 3,000,000.", "Caspian Oil Services",
       "environment", "city park", "KZ-23", "Atyrau", 3e6, "USD", "planned")]),
    ("shym-sport", "kk", dt.date(2023, 11, 20), None, "Шымкентте спорт кешені салынды",
     "Шымкентте «Оңтүстік Құрылыс» ЖШС 120 млн теңгеге спорт кешенін салды. Кешенге 300 бала қатысады.",
     [("Шымкентте «Оңтүстік Құрылыс» ЖШС 120 млн теңгеге спорт кешенін салды.", "Оңтүстік Құрылыс", "sport",
       "sports complex", "KZ-79", "Shymkent", 120e6, "KZT", "completed")]),
    ("pvl-housing", "ru", dt.date(2024, 2, 2), "https://example.kz/news/pvl-housing", "Жильё для многодетных",
     "ТОО «Богатырь Комир» приобрело 10 квартир для многодетных семей Павлодара на 180 млн тенге.",
     [("ТОО «Богатырь Комир» приобрело 10 квартир для многодетных семей Павлодара на 180 млн тенге.",
       "Богатырь Комир", "housing", "10 apartments for large families", "KZ-55", "Pavlodar", 180e6, "KZT",
       "completed")]),
]


def news_items():
    """(Document, Analysis) pairs for the sample news."""
    for doc_id, lang, published, url, title, text, recs in NEWS:
        doc = Document(id=doc_id, text=text, title=title, url=url, published=published, lang=lang, source="test")
        records = []
        for sentence, sponsor, sector, obj, region, place, amount, currency, status in recs:
            start = text.index(sentence)
            records.append(Record(sponsor=sponsor, sponsor_kind="company", sector=sector, object=obj, region=region,
                                  place=place, amount=amount, currency=currency, status=status,
                                  evidence=[Evidence(start, start + len(sentence))]))
        yield doc, Analysis(id=doc_id, lang=lang, records=records)


def build_ledger(db: str | Path) -> str:
    """A ledger (a file or a database URL) with the sample news and one curator; returns it."""
    ledger = Ledger(str(db))
    for doc, analysis in news_items():
        ledger.store(doc, analysis)
    add_user(ledger.engine, CURATOR, PASSWORD)
    ledger.close()
    return str(db)


def csrf_of(client: TestClient) -> str:
    return client.get("/api/session").json()["csrf_token"]


def sign_in(client: TestClient, user: str = CURATOR, password: str = PASSWORD):
    return client.post("/login", data={"username": user, "password": password, "next": "/",
                                       "csrf_token": csrf_of(client)}, follow_redirects=False)


@pytest.fixture
def client(ledger_db):
    with TestClient(create_app(build_ledger(ledger_db))) as c:
        yield c


@pytest.fixture
def curator(client):
    assert sign_in(client).status_code == 303
    client.headers["X-CSRF-Token"] = csrf_of(client)
    return client


def record_id(client, obj: str) -> int:
    rows = client.get("/api/records", params={"q": obj, "include_state": "true"}).json()["records"]
    return next(r["id"] for r in rows if r["object"] == obj)


# --- reading -----------------------------------------------------------------------------------------------

def test_summary_totals_count_tenge_only(client):
    s = client.get("/api/summary").json()
    assert s["records"] == 6
    assert s["kzt_completed"] + s["kzt_ongoing"] + s["kzt_planned"] == 2.4e9 + 350e6 + 120e6 + 180e6
    assert s["records_other_currency"] == 1
    assert {r["key"]: r["records"] for r in s["by_region"]} == {"KZ-23": 1, "KZ-35": 1, "KZ-55": 3, "KZ-79": 1}
    assert s["top_sponsors"][0]["key"] == "Богатырь Комир"


@pytest.mark.parametrize("params, expected", [
    ({}, 6),
    ({"region": "KZ-55"}, 3),
    ({"sector": "education"}, 2),
    ({"sponsor": "Богатырь Комир"}, 3),
    ({"year": "2023"}, 3),
    ({"status": "planned"}, 1),
    ({"lang": "kk"}, 1),
    ({"lang": "en", "region": "KZ-23"}, 1),
    ({"region": "KZ-55", "sector": "health"}, 0),
    ({"q": "park"}, 1),
])
def test_record_filters(client, params, expected):
    body = client.get("/api/records", params=params).json()
    assert body["total"] == expected == len(body["records"])
    summary = client.get("/api/summary", params=params).json()
    assert summary["records"] == expected


@pytest.mark.parametrize("params, message", [
    ({"region": "KZ-99"}, "region must be"),
    ({"sector": "banking"}, "sector must be"),
    ({"status": "done"}, "status must be"),
    ({"lang": "de"}, "lang must be"),
    ({"year": "twenty"}, "year must be a whole number"),
    ({"year": "1200"}, "year must be between"),
    ({"sort": "object"}, "sort must be"),
    ({"page": "0"}, "page"),
    ({"per_page": "5000"}, "per_page"),
    ({"page": "x"}, "page"),
])
def test_bad_filter_is_400_with_message(client, params, message):
    for path in ("/api/records", "/api/summary", "/api/sponsors", "/api/export/csv"):
        if "sort" in params or "page" in params or "per_page" in params:
            if path != "/api/records":
                continue
        response = client.get(path, params=params)
        assert response.status_code == 400, path
        assert message in response.json()["detail"]


def test_sorting_and_paging(client):
    body = client.get("/api/records", params={"sort": "amount_kzt", "desc": "true", "per_page": 2}).json()
    assert [r["amount_kzt"] for r in body["records"]] == [2.4e9, 350e6]
    page2 = client.get("/api/records", params={"sort": "amount_kzt", "desc": "true", "per_page": 2, "page": 2}).json()
    assert [r["amount_kzt"] for r in page2["records"]] == [180e6, 120e6]
    asc = client.get("/api/records", params={"sort": "year", "desc": "false"}).json()["records"]
    assert [r["year"] for r in asc] == sorted(r["year"] for r in asc)


def test_record_detail_has_evidence_and_404(client):
    rid = record_id(client, "polyclinic repair")
    body = client.get(f"/api/records/{rid}").json()
    assert body["evidence_text"][0]["text"].startswith("АО «Темиртау Металл» выделило 350 млн")
    assert body["url"] == "https://example.kz/news/krg-clinic" and body["audit"] == []
    assert client.get("/api/records/99999").status_code == 404
    assert client.get("/api/records/abc").status_code == 400


def test_documents_list_search_detail(client):
    docs = client.get("/api/documents").json()
    assert docs["total"] == 5 and docs["documents"][0]["id"] == "atr-park"   # newest first
    assert client.get("/api/documents", params={"lang": "kk"}).json()["total"] == 1
    assert client.get("/api/documents", params={"lang": "xx"}).status_code == 400
    found = client.get("/api/documents", params={"q": "поликлиники"}).json()["documents"]
    assert [d["id"] for d in found] == ["krg-clinic"]
    doc = client.get("/api/documents/pvl-school").json()
    assert len(doc["records"]) == 2 and doc["text"].startswith("В Экибастузе")
    assert client.get("/api/documents/no-such-doc").status_code == 404


def test_sponsors_and_profile(client):
    sponsors = client.get("/api/sponsors").json()["sponsors"]
    top = sponsors[0]
    assert (top["key"], top["records"], top["kzt_completed"] + top["kzt_ongoing"] + top["kzt_planned"]) == (
        "Богатырь Комир", 3, 2.4e9 + 180e6)
    profile = client.get("/api/sponsors/Богатырь Комир").json()
    assert profile["documents"] == 2 and {r["key"] for r in profile["by_year"]} == {2023, 2024}
    scoped = client.get("/api/sponsors/Богатырь Комир", params={"year": 2024}).json()
    assert len(scoped["records"]) == 1
    assert client.get("/api/sponsors/Nobody Ltd").status_code == 404


def test_openapi_describes_every_endpoint(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/summary", "/api/records", "/api/records/{record_id}", "/api/documents",
                 "/api/documents/{doc_id}", "/api/sponsors", "/api/sponsors/{name}", "/api/export/{fmt}",
                 "/api/audit", "/api/session", "/api/records/{record_id}/curation"):
        assert path in paths, path
    assert not any(not p.startswith("/api/") for p in paths)   # pages stay out of the API schema


# --- exports -----------------------------------------------------------------------------------------------

def test_exports_parse_back_with_filters(client):
    text = client.get("/api/export/csv", params={"region": "KZ-55"})
    assert text.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text.text)))
    assert len(rows) == 3 and {r["region_name"] for r in rows} == {"Pavlodar"}
    assert any(r["evidence"].startswith("ТОО «Богатырь Комир» построило школу") for r in rows)
    data = json.loads(client.get("/api/export/json", params={"sector": "health"}).text)
    assert [r["object"] for r in data] == ["polyclinic repair"]
    book = load_workbook(io.BytesIO(client.get("/api/export/xlsx").content), read_only=True)
    sheet = list(book["records"].iter_rows(values_only=True))
    assert sheet[0][0] == "record_id" and len(sheet) == 7
    assert client.get("/api/export/pdf").status_code == 400


# --- writes: sign-in, CSRF, curation, audit --------------------------------------------------------------------

def test_writes_need_sign_in(client):
    rid = record_id(client, "city park")
    headers = {"X-CSRF-Token": csrf_of(client)}
    assert client.post(f"/api/records/{rid}/curation", json={"action": "confirm"}, headers=headers).status_code == 401
    assert client.post("/api/documents", json={"text": "Текст."}, headers=headers).status_code == 401
    assert client.post("/api/records", json={"doc_id": "atr-park", "fields": {}}, headers=headers).status_code == 401


def test_writes_need_csrf_token(curator):
    rid = record_id(curator, "city park")
    del curator.headers["X-CSRF-Token"]
    assert curator.post(f"/api/records/{rid}/curation", json={"action": "confirm"}).status_code == 403
    wrong = curator.post(f"/api/records/{rid}/curation", json={"action": "confirm"}, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403 and "CSRF" in wrong.json()["detail"]
    form = curator.post(f"/records/{rid}/curate", data={"action": "confirm"}, follow_redirects=False)
    assert form.status_code == 403


def test_login_rejects_wrong_password_and_needs_csrf(client):
    assert sign_in(client, password="wrong password").status_code == 401
    no_token = client.post("/login", data={"username": CURATOR, "password": PASSWORD}, follow_redirects=False)
    assert no_token.status_code == 403
    assert client.get("/api/session").json()["user"] is None


def test_edit_is_audited_and_exported(curator):
    rid = record_id(curator, "polyclinic repair")
    response = curator.post(f"/api/records/{rid}/curation",
                            json={"action": "edit", "fields": {"amount": "400 000 000", "status": "completed"}})
    assert response.status_code == 200 and response.json()["fields"]["amount"] == 400e6
    record = curator.get(f"/api/records/{rid}").json()
    assert record["review"] == "edited" and record["amount_kzt"] == 400e6
    entry = record["audit"][0]
    assert entry["user"] == CURATOR and entry["action"] == "edit"
    assert entry["before"]["amount"] == 350e6 and entry["after"]["amount"] == 400e6
    rows = list(csv.DictReader(io.StringIO(curator.get("/api/export/csv", params={"sector": "health"}).text)))
    assert float(rows[0]["amount_kzt"]) == 400e6 and rows[0]["review"] == "edited"
    assert curator.get("/api/audit").json()["entries"][0]["record_key"] == record["key"]


def test_bad_edit_is_400_and_unknown_record_404(curator):
    rid = record_id(curator, "city park")
    bad = curator.post(f"/api/records/{rid}/curation", json={"action": "edit", "fields": {"sector": "banking"}})
    assert bad.status_code == 400 and "sector" in bad.json()["detail"]
    assert curator.post(f"/api/records/{rid}/curation", json={"action": "destroy"}).status_code == 400
    assert curator.post("/api/records/99999/curation", json={"action": "confirm"}).status_code == 404


def test_reject_leaves_totals(curator):
    rid = record_id(curator, "sports complex")
    assert curator.post(f"/api/records/{rid}/curation", json={"action": "reject"}).status_code == 200
    assert curator.get("/api/summary").json()["records"] == 5
    assert curator.get("/api/records", params={"include_rejected": "true"}).json()["total"] == 6


def test_add_missing_record(curator):
    response = curator.post("/api/records", json={"doc_id": "pvl-school", "fields": {
        "sponsor": "Богатырь Комир", "sector": "education", "object": "school buses", "status": "planned",
        "region": "KZ-55", "amount": "50000000", "currency": "KZT"}})
    assert response.status_code == 201
    record = curator.get(f"/api/records/{response.json()['record_id']}").json()
    assert record["origin"] == "curator" and record["amount_kzt"] == 50e6
    missing = curator.post("/api/records", json={"doc_id": "pvl-school", "fields": {"object": "x"}})
    assert missing.status_code == 400
    assert curator.post("/api/records", json={"doc_id": "nope", "fields": {
        "sector": "sport", "object": "x", "status": "planned"}}).status_code == 404


def test_add_document_is_analysed_and_stored(curator):
    text = ("ТОО «Жетысу Агро» построило детский сад на 120 мест в Талдыкоргане за 450 млн тенге. "
            "Объект сдан в эксплуатацию.")
    response = curator.post("/api/documents", json={"text": text, "id": "zht-kindergarten",
                                                    "published": "2024-05-01", "title": "Детсад"})
    assert response.status_code == 201 and response.json()["outcome"] == "added"
    doc = curator.get("/api/documents/zht-kindergarten").json()
    assert doc["text"] == text and doc["published"] == "2024-05-01"
    assert curator.post("/api/documents", json={"text": "  "}).status_code == 400
    assert curator.post("/api/documents", json={"text": "Текст.", "published": "May"}).status_code == 400
