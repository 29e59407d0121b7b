"""Who is signed in, and CSRF protection for every state-changing request.

Reading needs no sign-in.  A curator signs in with a password checked
against its argon2 hash; the session lives in a signed cookie.  Each session
carries a random CSRF token that every POST must echo, in the form field
``csrf_token`` or the ``X-CSRF-Token`` header, so another site cannot make a
signed-in browser change the ledger.
"""
from __future__ import annotations

import hmac
import secrets
from typing import Optional

from fastapi import HTTPException, Request

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def csrf_token(request: Request) -> str:
    """The session's token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def current_user(request: Request) -> Optional[str]:
    return request.session.get("user")


def sign_in(request: Request, username: str) -> None:
    """Start a fresh session for ``username`` (a new CSRF token too)."""
    request.session.clear()
    request.session["user"] = username
    csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


async def check_csrf(request: Request) -> None:
    """Dependency of every POST: the request must carry this session's token."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
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
