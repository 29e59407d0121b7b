"""How the collector behaves towards the sites it reads (apart from fetch.py, so that the command
line can show its defaults without loading an HTTP client)."""
from __future__ import annotations

from dataclasses import dataclass

from csrledger import __version__
from csrledger.corpus.readers import MAX_DOCUMENT_BYTES

USER_AGENT = f"csrledger/{__version__} (ledger of social investments in Kazakhstan; collects news politely)"


@dataclass(frozen=True)
class FetchPolicy:
    """How the collector behaves towards the sites it reads."""

    user_agent: str = USER_AGENT
    delay: float = 1.0           # seconds between two requests to one host
    timeout: float = 30.0        # seconds for one answer, first to last byte
    max_bytes: int = MAX_DOCUMENT_BYTES
    retries: int = 2             # more attempts after a server error or a network failure
    backoff: float = 1.0         # seconds before the first retry, doubled for each next one
    max_redirects: int = 5
