"""Sessions that end, sign-in limits, security headers and the Secure cookie."""
from __future__ import annotations

import pytest

pytest.importorskip("itsdangerous")
from fastapi.testclient import TestClient  # noqa: E402

from csrledger.cli import build_parser  # noqa: E402
from csrledger.store.curation import add_user  # noqa: E402
from csrledger.store.ledger import Ledger  # noqa: E402
from csrledger.web.app import create_app  # noqa: E402
from csrledger.web.security import SignInLimiter  # noqa: E402
from tests.test_web_api import CURATOR, PASSWORD, build_ledger, csrf_of, sign_in  # noqa: E402


@pytest.fixture
def db(ledger_db):
    return build_ledger(ledger_db)


@pytest.fixture
def app(db):
    return create_app(db)


def signed_in(app) -> TestClient:
    client = TestClient(app)
    assert sign_in(client).status_code == 303
    return client


def copy_of(client: TestClient, app) -> TestClient:
    """Another browser holding a copy of the session cookie."""
    thief = TestClient(app)
    thief.cookies.set("csrledger_session", client.cookies["csrledger_session"])
    return thief


def test_sign_out_ends_the_session_even_for_a_copied_cookie(app):
    client = signed_in(app)
    thief = copy_of(client, app)
    assert thief.get("/api/session").json()["user"] == CURATOR
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert client.get("/api/session").json()["user"] is None
    assert thief.get("/api/session").json()["user"] is None
    token = csrf_of(thief)
    assert thief.post("/api/records/1/curation", json={"action": "confirm"},
                      headers={"X-CSRF-Token": token}).status_code == 401


def test_a_password_change_ends_every_session(app, db):
    first, second = signed_in(app), signed_in(app)
    page = first.post("/account/password", data={"csrf_token": csrf_of(first), "current": PASSWORD,
                                                 "new": "a brand new secret", "repeat": "a brand new secret"},
                      follow_redirects=False)
    assert page.status_code == 303
    assert first.get("/api/session").json()["user"] == CURATOR      # the one who changed it signed in afresh
    assert second.get("/api/session").json()["user"] is None
    assert sign_in(TestClient(app), password=PASSWORD).status_code == 401
    assert sign_in(TestClient(app), password="a brand new secret").status_code == 303
    # a reset from the command line (csrledger user add) ends them too
    third = signed_in_with(app, "a brand new secret")
    led = Ledger(db)
    add_user(led.engine, CURATOR, "reset from the shell")
    led.close()
    assert third.get("/api/session").json()["user"] is None


def signed_in_with(app, password: str) -> TestClient:
    client = TestClient(app)
    assert sign_in(client, password=password).status_code == 303
    return client


def test_a_wrong_current_password_changes_nothing(app):
    client = signed_in(app)
    page = client.post("/account/password", data={"csrf_token": csrf_of(client), "current": "wrong one!",
                                                  "new": "another secret", "repeat": "another secret"})
    assert page.status_code == 400 and "wrong" in page.text
    assert client.get("/account").status_code == 200
    assert TestClient(app).get("/account", follow_redirects=False).status_code == 303


def test_failed_sign_ins_are_limited_per_account_and_per_address(db):
    clock = [1000.0]
    limiter = SignInLimiter(per_account=3, per_address=5, window=600, clock=lambda: clock[0])
    app = create_app(db, sign_in_limiter=limiter)
    client = TestClient(app)
    for _ in range(3):
        assert sign_in(client, password="guess").status_code == 401
    refused = sign_in(client, password=PASSWORD)               # even the right password, once locked
    assert refused.status_code == 429 and "too many failed sign-ins" in refused.text
    assert int(refused.headers["retry-after"]) > 0
    # other accounts from the same address: the address limit stops them too
    assert sign_in(client, user="someone", password="guess").status_code == 401
    assert sign_in(client, user="other", password="guess").status_code == 401
    assert sign_in(client, user="third", password="guess").status_code == 429
    clock[0] += 601                                             # the window passes
    assert sign_in(client).status_code == 303


def test_security_headers_on_pages_api_static_and_errors(app):
    client = TestClient(app)
    for path in ("/", "/api/summary", "/static/style.css", "/records/999999", "/api/records/999999"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "strict-transport-security" not in headers


def test_secure_cookie_setting(db, monkeypatch):
    login = TestClient(create_app(db, secure_cookie=True), base_url="https://testserver")
    response = login.get("/api/session")
    assert "secure" in response.headers["set-cookie"].lower()
    assert "max-age=31536000" in response.headers["strict-transport-security"]
    monkeypatch.setenv("CSRLEDGER_SECURE_COOKIE", "1")
    assert "secure" in TestClient(create_app(db), base_url="https://testserver").get(
        "/api/session").headers["set-cookie"].lower()
    monkeypatch.delenv("CSRLEDGER_SECURE_COOKIE")
    assert "secure" not in TestClient(create_app(db)).get("/api/session").headers["set-cookie"].lower()
    assert build_parser().parse_args(["serve", "--secure-cookie"]).secure_cookie is True
