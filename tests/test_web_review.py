"""Curations that need review, and rejected records, on the web pages, the API and `csrledger show`."""
from __future__ import annotations

import dataclasses
import re

import pytest

pytest.importorskip("itsdangerous")
from fastapi.testclient import TestClient  # noqa: E402

from csrledger.cli import main  # noqa: E402
from csrledger.store.ledger import Ledger  # noqa: E402
from csrledger.web.app import create_app  # noqa: E402
from tests.test_web_api import build_ledger, csrf_of, news_items, record_id, sign_in  # noqa: E402


@pytest.fixture
def db(ledger_db):
    return build_ledger(ledger_db)


@pytest.fixture
def curator(db):
    with TestClient(create_app(db)) as client:
        assert sign_in(client).status_code == 303
        client.headers["X-CSRF-Token"] = csrf_of(client)
        yield client


def reanalyse_without_the_clinic_sentence(db: str) -> None:
    """The clinic article loses its curated sentence (the document is edited at the source)."""
    doc, analysis = next((d, a) for d, a in news_items() if d.id == "krg-clinic")
    text = "Работы в поликлинике Темиртау завершатся в 2023 году."
    led = Ledger(db)
    led.store(dataclasses.replace(doc, text=text), dataclasses.replace(analysis, records=[]))
    led.close()


def test_needs_review_everywhere_and_resolved_through_the_api(curator, db, capsys):
    clinic = record_id(curator, "polyclinic repair")
    assert curator.post(f"/api/records/{clinic}/curation",
                        json={"action": "edit", "fields": {"amount": 360e6}}).status_code == 200
    reanalyse_without_the_clinic_sentence(db)
    pending = curator.get("/api/curations").json()["curations"]
    assert len(pending) == 1 and pending[0]["review"] == "edited" and pending[0]["doc_id"] == "krg-clinic"
    assert pending[0]["anchor"]["object"] == "polyclinic repair"
    assert curator.get("/api/curations", params={"doc_id": "pvl-school"}).json()["curations"] == []
    page = curator.get("/documents/krg-clinic").text
    assert 'data-testid="needs-review"' in page and "polyclinic repair" in page
    review = curator.get("/review").text
    assert "polyclinic repair" in review and 'data-testid="keep"' in review
    # csrledger show lists it too
    assert main(["show", "krg-clinic", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "needs review" in out and "polyclinic repair" in out
    key = pending[0]["first_key"]
    assert curator.post(f"/api/curations/{key}/resolve", json={"action": "attach"}).status_code == 400
    assert curator.post(f"/api/curations/{key}/resolve", json={"action": "fly"}).status_code == 400
    assert curator.post("/api/curations/nope/resolve", json={"action": "dismiss"}).status_code == 404
    kept = curator.post(f"/api/curations/{key}/resolve", json={"action": "keep"})
    assert kept.status_code == 200
    assert curator.get(f"/api/records/{kept.json()['record_id']}").json()["amount_kzt"] == 360e6
    assert curator.get("/api/curations").json()["curations"] == []
    audit = curator.get("/api/audit").json()["entries"]
    assert audit[0]["action"] == "keep" and audit[0]["record"]["object"] == "polyclinic repair"


def test_resolving_through_the_page_needs_a_curator(db):
    with TestClient(create_app(db)) as client:
        clinic = record_id(client, "polyclinic repair")
        sign_in(client)
        token = csrf_of(client)
        client.post(f"/records/{clinic}/curate", data={"action": "reject", "csrf_token": token})
        reanalyse_without_the_clinic_sentence(db)
        key = client.get("/api/curations").json()["curations"][0]["first_key"]
        client.post("/logout", data={"csrf_token": token})
        assert client.post(f"/review/{key}", data={"action": "dismiss", "csrf_token": csrf_of(client)},
                           follow_redirects=False).status_code == 401
        sign_in(client)
        done = client.post(f"/review/{key}", data={"action": "dismiss", "csrf_token": csrf_of(client)},
                           follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == "/review"
        assert 'data-testid="no-review"' in client.get("/review").text


def test_rejected_records_are_listed_and_restored(curator):
    school = record_id(curator, "school for 600 places")
    total = curator.get("/api/summary").json()["reported_kzt"]
    curator.post(f"/api/records/{school}/curation", json={"action": "reject"})
    rejected = curator.get("/api/rejected").json()["records"]
    assert [r["id"] for r in rejected] == [school]
    assert "school for 600 places" in curator.get("/review").text
    assert 'data-testid="restore"' in curator.get(f"/records/{school}").text
    page_token = re.search(r'name="csrf_token" value="([^"]+)"', curator.get("/review").text).group(1)
    done = curator.post(f"/records/{school}/curate", data={"action": "restore", "csrf_token": page_token},
                        follow_redirects=False)
    assert done.status_code == 303
    assert curator.get("/api/summary").json()["reported_kzt"] == total
    assert curator.get("/api/rejected").json()["records"] == []
    assert curator.post(f"/api/records/{school}/curation", json={"action": "restore"}).status_code == 400


def test_audit_names_the_record_and_links_by_key(curator):
    school = record_id(curator, "school for 600 places")
    curator.post(f"/api/records/{school}/curation", json={"action": "confirm"})
    entry = curator.get("/api/audit").json()["entries"][0]
    assert entry["record"] == {"key": entry["record_key"], "sponsor": "Богатырь Комир",
                               "object": "school for 600 places", "amount": 2.4e9, "currency": "KZT"}
    page = curator.get("/audit").text
    assert 'data-testid="audit-record"' in page and "school for 600 places" in page
    link = curator.get(f"/records/key/{entry['record_key']}", follow_redirects=False)
    assert link.status_code == 303 and link.headers["location"] == f"/records/{school}"
    assert curator.get("/records/key/unknown", follow_redirects=False).status_code == 404
