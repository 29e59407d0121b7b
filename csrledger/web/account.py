"""A curator's own account: change the password (which signs out every other session)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from csrledger.store.curation import CurationError, add_user
from csrledger.store.ledger import Ledger
from csrledger.web.deps import ledger
from csrledger.web.render import render
from csrledger.web.security import attempt_sign_in, curator_write, current_user, sign_in

router = APIRouter(include_in_schema=False)


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request) -> Response:
    user = current_user(request)
    if not user:
        return RedirectResponse("/login?next=/account", status_code=303)
    return render(request, "account.html", error=None)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(request: Request, user: str = Depends(curator_write), led: Ledger = Depends(ledger),
                    current: str = Form(...), new: str = Form(...), repeat: str = Form(...)) -> Response:
    """Check the current password (under the sign-in limits), save the new one, end every session, sign in afresh."""
    error = None
    if not attempt_sign_in(request, led.engine, user, current):
        error = "The current password is wrong."
    elif new != repeat:
        error = "The two new passwords differ."
    else:
        try:
            add_user(led.engine, user, new)     # a new password ends all of the curator's sessions
        except CurationError as exc:
            error = str(exc)
    if error:
        return render(request, "account.html", status_code=400, error=error)
    sign_in(request, user)
    request.session["flash"] = "Password changed; every other session of yours was signed out."
    return RedirectResponse("/account", status_code=303)
