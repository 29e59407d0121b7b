"""The request-body limit: 413 before the body is read (a declared length) or as soon as a streamed body passes it."""
from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("itsdangerous")

from fastapi.testclient import TestClient  # noqa: E402
from starlette.types import Message, Receive, Scope, Send  # noqa: E402

from csrledger.web.app import create_app  # noqa: E402
from csrledger.web.limits import BodyLimit  # noqa: E402
from tests.test_web_api import build_ledger, csrf_of, sign_in  # noqa: E402

LIMIT = 10_000


@pytest.fixture(scope="module")
def curator(module_ledger_db):
    with TestClient(create_app(build_ledger(module_ledger_db), max_body_bytes=LIMIT)) as c:
        assert sign_in(c).status_code == 303
        c.headers["X-CSRF-Token"] = csrf_of(c)
        yield c


def test_a_declared_length_over_the_limit_is_413(curator):
    big = curator.post("/api/documents", json={"text": "ы" * LIMIT})
    assert big.status_code == 413 and "too large" in big.json()["detail"]
    assert big.headers["x-content-type-options"] == "nosniff"     # the security headers still apply
    page = curator.post("/add", data={"csrf_token": csrf_of(curator), "text": "ы" * LIMIT})
    assert page.status_code == 413


def test_a_chunked_body_over_the_limit_is_413(curator):
    def chunks():
        for _ in range(20):
            yield ("ы" * 1000).encode()

    response = curator.post("/api/documents", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "too large" in response.json()["detail"]


def test_a_body_under_the_limit_is_read(curator):
    made = curator.post("/api/documents", json={"text": "ТОО «Альфа» построило школу.", "id": "small"})
    assert made.status_code in (201, 202), made.text


def test_a_bad_content_length_is_400(curator):
    response = curator.post("/api/documents", content=b"{}", headers={"content-length": "x",
                                                                     "content-type": "application/json"})
    assert response.status_code == 400


def _call(app: BodyLimit, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[list[Message], int]:
    """Run ``app`` on a POST whose body arrives in ``chunks``; what it sent, and how many chunks were read."""
    sent: list[Message] = []
    read = 0

    async def receive() -> Message:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {"type": "http", "method": "POST", "path": "/api/documents", "headers": headers}
    asyncio.run(app(scope, receive, send))
    return sent, read


async def _reads_everything(scope: Scope, receive: Receive, send: Send) -> None:
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def test_the_body_is_not_read_past_the_limit():
    app = BodyLimit(_reads_everything, limit=100)
    sent, read = _call(app, [(b"content-length", b"1000000")], [b"x" * 100] * 10_000)
    assert sent[0]["status"] == 413 and read == 0          # refused on the header alone
    sent, read = _call(app, [], [b"x" * 40] * 10_000)       # chunked: stops at the third chunk
    assert sent[0]["status"] == 413 and read == 3
    sent, read = _call(app, [], [b"x" * 40, b"x" * 40])
    assert sent[0]["status"] == 200 and read == 2
