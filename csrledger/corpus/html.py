"""HTML pages: main text by trafilatura, title/date/url from the page's metadata.

trafilatura drops navigation and footers and reads the date with htmldate
(meta tags, ``<time>``, URL, then the text); when it finds no main text the
whole visible text is kept, so a bare page is still analysed.  trafilatura
takes ~0.4 s to import, so it is imported on the first page, not by JSONL runs.
"""
from __future__ import annotations

import datetime as dt
import re

from csrledger.model import Document

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_TITLE_WINDOW = 300


def html_document(page: str, doc_id: str, source: str) -> Document | None:
    """A Document from a page's HTML, or None when it has no text at all."""
    import trafilatura
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import Document as Extracted

    result = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    # None or, with as_dict left False, an Extracted (the annotation also admits the dict of as_dict=True)
    if isinstance(result, Extracted) and result.text:
        text, meta = result.text, result
    else:
        text, meta = trafilatura.html2txt(page), extract_metadata(page)
    if not text or not text.strip():
        return None
    title = (meta.title or "").strip() or None
    if title and title not in text[:_TITLE_WINDOW]:
        text = f"{title}\n\n{text}"       # the headline is part of the analysed text, as in JSONL corpora
    return Document(id=doc_id, text=text, title=title, url=meta.url or None,
                    published=_date(meta.date), lang=_lang(page), source=source)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _lang(page: str) -> str | None:
    match = _HTML_LANG.search(page[:4096])
    return match.group(1).lower() if match else None
