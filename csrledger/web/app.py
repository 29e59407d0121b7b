"""The web application: ``create_app`` wires pages, API, sessions and error pages; ``serve`` runs it.

Stack: FastAPI + Jinja2 templates, server-rendered pages with a few lines of
vanilla JavaScript, charts as inline SVG (no chart library to fetch), sessions
in a signed cookie (Starlette's SessionMiddleware, itsdangerous).  Everything
is served from the package, so the app works offline.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from csrledger import __version__
from csrledger.store.curation import CurationError
from csrledger.store.ledger import Ledger
from csrledger.store.queries import FilterError
from csrledger.web import account, api, events, pages
from csrledger.web.geojson import BoundaryError, load_boundaries
from csrledger.web.ingest import IngestError, IngestQueue, TooLarge
from csrledger.web.limits import MAX_BODY_BYTES, BodyLimit
from csrledger.web.params import refuse_nul
from csrledger.web.render import render
from csrledger.web.responses import FiniteJSONResponse
from csrledger.web.security import SESSION_HOURS, SecurityHeaders, SignInLimiter

SECURE_COOKIE_ENV = "CSRLEDGER_SECURE_COOKIE"


def secure_cookie_from_env() -> bool:
    return os.environ.get(SECURE_COOKIE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def create_app(db: str | None = None, regions_geojson: Path | None = None,
               secure_cookie: bool | None = None, sign_in_limiter: SignInLimiter | None = None,
               max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """The app on the ledger at ``db`` (default: $CSRLEDGER_DB or ./csrledger.db).

    Sessions are signed with $CSRLEDGER_SECRET when set, else with a random
    key (curators then sign in again after a restart).  ``secure_cookie``
    (default: $CSRLEDGER_SECURE_COOKIE) marks the session cookie Secure and
    sends HSTS, for a deployment behind TLS.  A request body over
    ``max_body_bytes`` is answered 413 before it is read (:mod:`limits`).
    """
    secure = secure_cookie_from_env() if secure_cookie is None else secure_cookie
    app = FastAPI(title="csrledger", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="The ledger of corporate social investments in Kazakhstan: records, documents, "
                              "sponsors, summaries and exports, with the same filters as the web pages. "
                              "A bad parameter or body is a 400 with `detail` saying which and why.",
                  dependencies=[Depends(refuse_nul)], default_response_class=FiniteJSONResponse)
    app.state.ledger = Ledger(db)
    app.state.ingest = IngestQueue(app.state.ledger)
    app.router.on_shutdown.append(app.state.ingest.close)
    app.state.boundaries = load_boundaries(regions_geojson) if regions_geojson else None
    secret = os.environ.get("CSRLEDGER_SECRET") or secrets.token_urlsafe(32)
    app.state.sign_in_limiter = sign_in_limiter or SignInLimiter()
    app.add_middleware(BodyLimit, limit=max_body_bytes)     # innermost: the 413 gets the headers below
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="csrledger_session",
                       max_age=SESSION_HOURS * 3600, same_site="lax", https_only=secure)
    app.add_middleware(SecurityHeaders, secure=secure)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(api.router)
    app.include_router(events.api)
    app.include_router(events.pages)
    app.include_router(pages.router)
    app.include_router(account.router)
    _add_error_handlers(app)
    _document_errors(app)
    return app


ERROR_SCHEMA = {"title": "Error", "type": "object", "required": ["detail"],
                "properties": {"detail": {"type": "string", "description": "what was wrong, naming the parameter"}}}
_ERRORS = {"400": "A parameter or the body is not valid (wrong type, out of range, unknown value)",
           "401": "Not signed in as a curator", "403": "Missing or wrong CSRF token",
           "404": "No such record, document or sponsor", "413": "The text or file is too large",
           "429": "Too many failed sign-ins"}


def _document_errors(app: FastAPI) -> None:
    """Make the OpenAPI schema say what the app answers: 400 with ``{"detail": …}``, not FastAPI's 422.

    Every bad parameter is answered by :func:`_add_error_handlers` with a 400
    (the pages' forms and the API share it), so the generated 422 entries
    would be a schema violation on every bad request.
    """
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        for path, operations in schema.get("paths", {}).items():
            for method, op in operations.items():
                responses = op.setdefault("responses", {})
                responses.pop("422", None)
                codes = ["400"] if op.get("parameters") or op.get("requestBody") else []
                codes += ["404"] if "{" in path else []
                codes += ["401", "403"] if method == "post" else ["401"] if path.startswith("/api/jobs") else []
                codes += ["413"] if method == "post" and path == "/api/documents" else []
                for code in codes:
                    responses[code] = {"description": _ERRORS[code], "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        components["Error"] = ERROR_SCHEMA
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the schema


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return FiniteJSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FilterError)
    @app.exception_handler(CurationError)
    @app.exception_handler(IngestError)
    async def bad_value(request: Request, exc: ValueError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge) -> Response:
        return _error(request, 413, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body", "path"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return _error(request, 400, "; ".join(parts) or "bad request")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = _error(request, exc.status_code, str(exc.detail))
        response.headers.update(getattr(exc, "headers", None) or {})
        return response


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000,
          regions_geojson: Path | None = None, secure_cookie: bool | None = None) -> None:
    """Run the app with uvicorn until interrupted; a bad boundary file stops it with a message."""
    import uvicorn

    try:
        app = create_app(db, regions_geojson, secure_cookie)
    except BoundaryError as exc:
        raise SystemExit(f"csrledger: {exc}") from None
    uvicorn.run(app, host=host, port=port, log_level="info")
