"""The date a page's address carries: news sites file articles under their day.

"https://365info.kz/2022/11/07/..." or ".../20221107-..." says the page was
published on 7 November 2022.  Documents often come without a date, and
the records stage needs one to tell a promise from its delivery; a date
read from the URL stands in for a missing ``published`` only.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

_SLASHED = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?=[/_-]|$|\.html?)")
_GLUED = re.compile(r"(?<![\d])((?:19|20)\d{2})(\d{2})(\d{2})(?![\d])")
EARLIEST = dt.date(1991, 1, 1)


def date_in_url(url: str | None, today: dt.date | None = None) -> dt.date | None:
    """The publication date the path of ``url`` carries, if a plausible one (a month at least)."""
    if not url:
        return None
    try:
        path = urlparse(url).path
    except ValueError:
        return None
    today = today or dt.date.today()
    for pattern in (_SLASHED, _GLUED):
        for m in pattern.finditer(path):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
            try:
                found = dt.date(year, month, day)
            except ValueError:
                continue
            if EARLIEST <= found <= today:
                return found
    return None
