"""schemathesis against the app's own OpenAPI schema: no server error, every status and body as documented.

Requests are generated from /api/openapi.json by hypothesis, anonymous and
as a signed-in curator (session cookie and CSRF token), so the writes run
their validation too.  ``CSRLEDGER_API_FUZZ_EXAMPLES`` sets the examples per
operation (``make bench`` runs the long version).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from csrledger.web.app import create_app  # noqa: E402
from tests.test_web_api import build_ledger, csrf_of, sign_in  # noqa: E402

EXAMPLES = int(os.environ.get("CSRLEDGER_API_FUZZ_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

_folder = tempfile.TemporaryDirectory(prefix="csrledger-fuzz-")
app = create_app(build_ledger(Path(_folder.name) / "ledger.db"))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def curator_headers() -> dict[str, str]:
    client = TestClient(app)
    assert sign_in(client).status_code == 303
    token = csrf_of(client)
    return {"Cookie": f"csrledger_session={client.cookies['csrledger_session']}", "X-CSRF-Token": token}


CURATOR = curator_headers()


@schema.parametrize()
@FUZZ
def test_anonymous_requests(case):
    case.call_and_validate(checks=CHECKS)


@schema.include(method="POST").parametrize()
@FUZZ
def test_curator_requests(case):
    case.call_and_validate(headers=CURATOR, checks=CHECKS)
