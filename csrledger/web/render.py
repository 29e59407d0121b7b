"""Template rendering: the Jinja environment, its filters, and the per-request context."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from csrledger.formatting import compact, kzt, money, thousands
from csrledger.store.queries import LANGS
from csrledger.taxonomy import REGIONS, SECTORS, STATUSES
from csrledger.web.params import link
from csrledger.web.security import csrf_token, current_user

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
env = templates.env


def plain(value: Any) -> str:
    """A value for an input field or the audit log: whole numbers without '.0', nothing for None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def web_url(value: Any) -> str:
    """A document's URL if it is http(s), else nothing: stored URLs must not become javascript: links."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def shown(value: Any) -> str:
    """A stored value for people: numbers with thousands separators, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and abs(value) >= 10000:
        return thousands(value, 0 if float(value).is_integer() else 2)
    return plain(value)


env.filters.update(kzt=kzt, compact=compact, thousands=thousands, money=money,
                   region_name=lambda code: REGIONS.get(code or "", "—"),
                   path=lambda value: quote(str(value), safe=""),
                   plain=plain, shown=shown, web_url=web_url,
                   label=lambda value: str(value or "—").replace("_", " "))
env.globals.update(link=link, REGIONS=REGIONS, SECTORS=SECTORS, STATUSES=STATUSES, LANGS=LANGS)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page with the signed-in user, the CSRF token and any one-time message."""
    context.update(user=current_user(request), csrf=csrf_token(request), flash=request.session.pop("flash", None))
    return templates.TemplateResponse(request, name, context, status_code=status_code)
