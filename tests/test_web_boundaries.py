"""Hostile values at the web boundary: a clear 400 (or 413) with the documented error schema, never a 500.

Uses the small ledger of tests/test_web_api.py (our own news items with hand-made records).
"""
from __future__ import annotations

import json

import pytest

pytest.importorskip("itsdangerous")

from fastapi.testclient import TestClient  # noqa: E402

from csrledger.corpus import MAX_DOCUMENT_BYTES  # noqa: E402
from csrledger.web.app import create_app  # noqa: E402
from tests.test_web_api import build_ledger, client, csrf_of, record_id, sign_in  # noqa: E402,F401 - fixture


@pytest.fixture(scope="module")
def shared(module_ledger_db):
    """One signed-in client for the module: every request here is refused, so the ledger stays as built."""
    with TestClient(create_app(build_ledger(module_ledger_db))) as c:
        assert sign_in(c).status_code == 303
        c.headers["X-CSRF-Token"] = csrf_of(c)
        yield c


@pytest.fixture
def curator(shared):
    return shared


def post_json(client, url: str, raw: str):
    """A body as written, so that 1e400 or NaN reach the server as JSON text."""
    return client.post(url, content=raw.encode(), headers={"content-type": "application/json"})


BAD_AMOUNTS = ['"Infinity"', '"inf"', '"-inf"', '"1e400"', '"nan"', '"NaN"', "1e400", "-1e400", "-5", '"-5"',
               '"1e17"', "1e17", "true", "[1]", '{"a": 1}', '"lots"', '"1_000"', '"0x10"', "1" + "0" * 400]


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_bad_amount_is_400_and_never_stored(curator, amount):
    rid = record_id(curator, "polyclinic repair")
    edit = post_json(curator, f"/api/records/{rid}/curation",
                     f'{{"action": "edit", "fields": {{"amount": {amount}}}}}')
    assert edit.status_code == 400 and edit.json()["detail"].startswith("amount ")
    record = curator.get(f"/api/records/{rid}").json()
    assert record["amount"] == 350e6 and record["review"] == "unreviewed" and record["audit"] == []
    add = post_json(curator, "/api/records", '{"doc_id": "pvl-school", "fields": {"sector": "sport", '
                    f'"object": "ice rink", "status": "planned", "amount": {amount}}}}}')
    assert add.status_code == 400 and add.json()["detail"].startswith("amount ")
    assert curator.get("/api/records", params={"q": "ice rink"}).json()["total"] == 0
    assert curator.get("/api/summary").status_code == 200 and curator.get("/api/export/json").status_code == 200


@pytest.mark.parametrize("amount, stored", [("2 500 000", 2.5e6), ("2\u00a0500\u00a0000,5", 2500000.5), (2.5e6, 2.5e6),
                                            ("2.5e6", 2.5e6), (0, 0), ("1e16", 1e16), (10**16, 1e16)])
def test_good_amounts_are_accepted(curator, amount, stored):
    rid = record_id(curator, "sports complex")       # not the record the refusals check
    response = curator.post(f"/api/records/{rid}/curation", json={"action": "edit", "fields": {"amount": amount}})
    assert response.status_code == 200 and response.json()["fields"]["amount"] == stored


@pytest.mark.parametrize("fields, field", [
    ({"sponsor": ["Богатырь Комир"]}, "sponsor"), ({"sponsor": {"name": "x"}}, "sponsor"),
    ({"object": 5}, "object"), ({"object": None}, "object"), ({"place": 7}, "place"),
    ({"beneficiaries": ["children"]}, "beneficiaries"), ({"sector": ["health"]}, "sector"),
    ({"status": 1}, "status"), ({"sponsor_kind": None}, "sponsor_kind"), ({"region": {"code": "KZ-35"}}, "region"),
    ({"region": ["KZ-35"]}, "region"), ({"currency": 398}, "currency"), ({"currency": "12$"}, "currency"),
    ({"year_from": 2020.5}, "year_from"), ({"year_from": True}, "year_from"), ({"year_to": [2020]}, "year_to"),
    ({"year_to": "２０２０"}, "year_to"), ({"aggregate": [1]}, "aggregate"), ({"aggregate": "maybe"}, "aggregate"),
    ({"sponsor": "ТОО\x00Бета"}, "sponsor"), ({"object": "x" * 2001}, "object"),
])
def test_wrong_json_types_in_curation_fields_are_400(curator, fields, field):
    rid = record_id(curator, "polyclinic repair")
    response = curator.post(f"/api/records/{rid}/curation", json={"action": "edit", "fields": fields})
    assert response.status_code == 400 and response.json()["detail"].startswith(field)
    assert curator.get(f"/api/records/{rid}").json()["review"] == "unreviewed"


def test_form_edit_with_infinity_is_400_and_not_stored(client):
    sign_in(client)
    rid = record_id(client, "polyclinic repair")
    form = {"csrf_token": csrf_of(client), "action": "edit", "sector": "health", "object": "polyclinic repair",
            "status": "ongoing", "sponsor_kind": "company", "amount": "Infinity", "currency": "KZT"}
    response = client.post(f"/records/{rid}/curate", data=form)
    assert response.status_code == 400 and "amount must be a finite number" in response.text
    assert client.get(f"/api/records/{rid}").json()["amount"] == 350e6


HUGE = "9" * 30
BAD_URLS = [
    f"/api/records?page={HUGE}", "/api/records?page=9223372036854775807", "/api/records?per_page=1&page=1000001",
    f"/records?page={HUGE}", f"/api/documents?page={HUGE}", f"/documents?page={HUGE}",
    f"/api/records/{HUGE}", "/api/records/9223372036854775808", "/api/records/0", "/api/records/-1",
    f"/records/{HUGE}", "/api/documents?q=%00", "/api/documents?q=school%00", "/documents?q=%00",
    "/api/records?q=%00", "/records?sponsor=%00", "/api/summary?sponsor=%00", "/api/sponsors/%00",
    "/api/documents/a%00b", "/api/audit?record_key=%00", "/?region=%00",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_parameters_are_400_never_500(shared, url):
    response = shared.get(url)
    assert response.status_code == 400, response.text[:200]
    if url.startswith("/api/"):
        assert set(response.json()) == {"detail"} and response.json()["detail"]


@pytest.mark.parametrize("url, body", [
    (f"/api/records/{HUGE}/curation", {"action": "confirm"}),
    ("/api/records/0/curation", {"action": "confirm"}),
])
def test_bad_record_id_in_a_write_is_400(curator, url, body):
    assert curator.post(url, json=body).status_code == 400
    assert curator.post(url.replace("/api", "").replace("curation", "curate"), data={"action": "confirm"}).status_code == 400


def test_bounds_still_let_real_pages_through(shared):
    assert shared.get("/api/records", params={"page": 1_000_000}).json()["records"] == []
    assert shared.get("/api/records/9223372036854775807").status_code == 404


def test_openapi_documents_the_400_the_app_answers(shared):
    schema = shared.get("/api/openapi.json").json()
    assert "422" not in json.dumps(schema) and "HTTPValidationError" not in schema["components"]["schemas"]
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            if op.get("parameters") or op.get("requestBody"):
                error = op["responses"]["400"]["content"]["application/json"]["schema"]
                assert error == {"$ref": "#/components/schemas/Error"}, (method, path)
    page = schema["paths"]["/api/records"]["get"]["parameters"]
    assert next(p for p in page if p["name"] == "page")["schema"]["maximum"] == 1_000_000
    record = schema["paths"]["/api/records/{record_id}"]["get"]
    assert record["parameters"][0]["schema"]["maximum"] == 2**63 - 1 and "404" in record["responses"]


def test_pasted_documents_are_checked(curator):
    assert curator.post("/api/documents", json={"text": "Текст.", "id": "x" * 201}).status_code == 400
    assert post_json(curator, "/api/documents", '{"text": "Текст.", "id": "a\\ud800"}').status_code == 400
    made = post_json(curator, "/api/documents", '{"text": "ТОО «Альфа» \\ud800 построило школу.", "id": "s1", '
                     '"title": "Школа \\udfff"}')
    assert made.status_code == 201
    doc = curator.get("/api/documents/s1").json()
    assert doc["text"] == "ТОО «Альфа» \ufffd построило школу." and doc["title"] == "Школа \ufffd"
    big = curator.post("/api/documents", json={"text": "ы" * (MAX_DOCUMENT_BYTES // 2 + 1)})
    assert big.status_code == 413 and "too large" in big.json()["detail"]
