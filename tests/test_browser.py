"""A real browser (Debian's chromium, driven by Playwright) walks an analyst's and a curator's path.

Loads the dashboard, filters by region on the map, opens a record, signs in,
edits it, and sees the change and its audit entry.  Screenshots of each step
go to tests/screenshots/ (git-ignored).  Skipped when /usr/bin/chromium is
absent (`make browser` installs it).
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (make browser)")]


@pytest.fixture
def base_url(tmp_path):
    """The app on a sample ledger, served by uvicorn in a thread on a free local port."""
    uvicorn = pytest.importorskip("uvicorn")
    pytest.importorskip("itsdangerous")
    from csrledger.web.app import create_app
    from tests.test_web_api import build_ledger

    app = create_app(build_ledger(tmp_path / "ledger.db"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser.new_page(viewport={"width": 1360, "height": 900})
        browser.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_filter_open_sign_in_edit_and_audit(base_url, page):
    from tests.test_web_api import CURATOR, PASSWORD

    page.goto(base_url + "/")
    assert page.get_by_test_id("record-count").inner_text() == "6"
    shot(page, "1-dashboard")

    page.locator('a[data-region="KZ-35"]').click()                    # the Karaganda tile
    page.wait_for_url("**/?region=KZ-35")
    assert page.get_by_test_id("record-count").inner_text() == "1"
    assert page.locator("select[name=region]").input_value() == "KZ-35"
    shot(page, "2-dashboard-karaganda")

    page.get_by_test_id("record-count").click()                       # the records table, filter kept
    page.wait_for_url("**/records?region=KZ-35")
    page.get_by_role("link", name="polyclinic repair").click()
    assert page.locator("mark").first.inner_text().startswith("АО «Темиртау Металл» выделило 350 млн тенге")
    assert page.get_by_test_id("source-url").get_attribute("href") == "https://example.kz/news/krg-clinic"
    shot(page, "3-record")

    page.get_by_role("link", name="Sign in as a curator").click()
    page.fill("input[name=username]", CURATOR)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_test_id("user").inner_text() == CURATOR
    assert "/records/" in page.url                                    # back on the record

    form = page.get_by_test_id("edit-form")
    form.locator("input[name=object]").fill("polyclinic repair and new X-ray room")
    form.locator("input[name=amount]").fill("400000000")
    form.get_by_test_id("save").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("object").inner_text() == "polyclinic repair and new X-ray room"
    assert page.get_by_test_id("review").inner_text() == "edited"
    audit = page.get_by_test_id("audit").inner_text()
    assert CURATOR in audit and "edit" in audit and "polyclinic repair and new X-ray room" in audit
    shot(page, "4-record-edited")

    page.goto(base_url + "/audit")
    assert "polyclinic repair and new X-ray room" in page.inner_text("main")
    shot(page, "5-audit-log")
