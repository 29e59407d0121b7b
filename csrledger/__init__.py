"""csrledger: a ledger of corporate social investments in Kazakhstan, from news in ru/en/kk.

The public Python API (``analyse``, ``Ledger``, ``Analysis`` ...) is imported
on first use, so ``import csrledger`` stays cheap; see ``csrledger.api``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"   # the one place the version is written (pyproject.toml reads it from here)

__all__ = ["__version__", "analyse", "Ledger", "LedgerRecord", "Totals", "Filters", "Analysis", "Document", "Record"]
_API = tuple(name for name in __all__ if name != "__version__")

if TYPE_CHECKING:
    from csrledger.api import Analysis, Document, Filters, Ledger, LedgerRecord, Record, Totals, analyse


def __getattr__(name: str) -> Any:
    if name in _API:
        from csrledger import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'csrledger' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
