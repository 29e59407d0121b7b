"""Who is signed in, sign-in limits, CSRF protection and the security headers of every answer.

Reading needs no sign-in.  A curator signs in with a password checked
against its argon2 hash.  The signed cookie carries a random session token
whose SHA-256 is a row of the ledger's ``sessions`` table: signing out
deletes the row and a password change deletes all of the curator's, so a
copied cookie stops working too (a signed cookie alone would stay valid
until it expires).  Sessions also end ``SESSION_HOURS`` after sign-in.

Failed sign-ins are limited per account and per client address
(:class:`SignInLimiter`): past the limit, a sign-in is refused with 429
before the password is even checked.

Each session carries a random CSRF token that every POST must echo, in the
form field ``csrf_token`` or the ``X-CSRF-Token`` header, so another site
cannot make a signed-in browser change the ledger.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

from fastapi import HTTPException, Request
from sqlalchemy import Engine, delete, insert, select, update
from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csrledger.store.curation import verify_user
from csrledger.store.schema import sessions

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SESSION_HOURS = 12
TOUCH_EVERY = dt.timedelta(minutes=5)
"""How often a session's ``last_seen`` is written (not on every request)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.ledger.engine
    return engine


def csrf_token(request: Request) -> str:
    """The session's token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def current_user(request: Request) -> str | None:
    """The signed-in curator, if the cookie's session is still open in the ledger."""
    cached = request.scope.get("csrledger.user", False)
    if cached is not False:
        known: str | None = cached      # this request's answer, from an earlier call
        return known
    user = request.session.get("user")
    token = request.session.get("sid")
    if user and isinstance(token, str):
        with _engine(request).connect() as conn:
            row = conn.execute(select(sessions.c.username, sessions.c.created_at, sessions.c.last_seen)
                               .where(sessions.c.id == _digest(token))).first()
        now = _now()
        if row is None or row.username != user or now - row.created_at > dt.timedelta(hours=SESSION_HOURS):
            user = None
        elif now - row.last_seen > TOUCH_EVERY:
            with _engine(request).begin() as conn:
                conn.execute(update(sessions).where(sessions.c.id == _digest(token)).values(last_seen=now))
    else:
        user = None
    if user is None and request.session.get("user"):
        request.session.pop("user", None)     # ended elsewhere: the cookie no longer signs anyone in
        request.session.pop("sid", None)
    request.scope["csrledger.user"] = user
    return user


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def sign_in(request: Request, username: str) -> None:
    """Start a fresh session for ``username`` (a new token, a new CSRF token, a row in the ledger)."""
    request.session.clear()
    token = secrets.token_urlsafe(32)
    now = _now()
    with _engine(request).begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.created_at < now - dt.timedelta(hours=SESSION_HOURS)))
        conn.execute(insert(sessions).values(id=_digest(token), username=username, created_at=now, last_seen=now,
                                             address=client_address(request)[:64]))
    request.session["user"] = username
    request.session["sid"] = token
    request.scope["csrledger.user"] = username
    csrf_token(request)


def sign_out(request: Request) -> None:
    """End this session in the ledger and in the browser."""
    token = request.session.get("sid")
    if isinstance(token, str):
        with _engine(request).begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.id == _digest(token)))
    request.session.clear()
    request.scope["csrledger.user"] = None


def end_sessions(engine: Engine, username: str) -> int:
    """End every session of ``username`` (after a password change); returns how many."""
    with engine.begin() as conn:
        return conn.execute(delete(sessions).where(sessions.c.username == username)).rowcount or 0


class SignInLimiter:
    """Failed sign-ins allowed per account and per client address within a sliding window.

    Past ``per_account`` failures for one name, or ``per_address`` from one
    address, within ``window`` seconds, sign-ins are refused (429) until the
    oldest failure leaves the window; a successful sign-in clears the
    account's count.  Kept in memory: per server process, reset by a restart.
    """

    def __init__(self, per_account: int = 5, per_address: int = 20, window: float = 900.0,
                 clock: Callable[[], float] = time.monotonic):
        self.per_account, self.per_address, self.window, self.clock = per_account, per_address, window, clock
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures[key]
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def retry_after(self, username: str, address: str) -> float:
        """Seconds until a sign-in may be tried again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = []
            for key, limit in ((("account", username.casefold()), self.per_account),
                               (("address", address), self.per_address)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(times[len(times) - limit] + self.window - now)
            return max(waits, default=0.0)

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (("account", username.casefold()), ("address", address)):
                self._failures[key].append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(("account", username.casefold()), None)


def attempt_sign_in(request: Request, engine: Engine, username: str, password: str) -> bool:
    """Check a curator's password under the sign-in limits (429 past them); True if it is right."""
    limiter: SignInLimiter = request.app.state.sign_in_limiter
    address = client_address(request)
    wait = limiter.retry_after(username, address)
    if wait > 0:
        minutes = max(1, math.ceil(wait / 60))
        raise HTTPException(429, f"too many failed sign-ins: try again in {minutes} minute{'s' if minutes > 1 else ''}",
                            headers={"Retry-After": str(math.ceil(wait))})
    if verify_user(engine, username, password):
        limiter.succeeded(username)
        return True
    limiter.failed(username, address)
    return False


async def check_csrf(request: Request) -> None:
    """Dependency of every POST: the request must carry this session's token."""
    expected = request.session.get("csrf")
    sent: str | UploadFile | None = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(expected, sent):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


def require_curator(request: Request) -> str:
    """Dependency of every write: the signed-in curator's name, else 401."""
    user = current_user(request)
    if not user:
        raise HTTPException(401, "sign in as a curator to change the ledger")
    return user


async def curator_write(request: Request) -> str:
    """Dependency of every write: a signed-in curator (401) sending the CSRF token (403)."""
    user = require_curator(request)
    await check_csrf(request)
    return user


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'")
"""Scripts only from the app's own files (no inline script anywhere); inline style attributes are
allowed for the chart bars and legend swatches; no page may be framed (clickjacking)."""


def security_headers(secure: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]
    if secure:
        headers.append((b"strict-transport-security", b"max-age=31536000"))
    return headers


class SecurityHeaders:
    """ASGI middleware adding :func:`security_headers` to every HTTP answer (pages, API, static files, errors)."""

    def __init__(self, app: ASGIApp, secure: bool = False):
        self.app = app
        self.headers = security_headers(secure)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in self.headers if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
