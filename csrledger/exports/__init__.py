"""Export formats beyond the core CSV/JSON writers: spreadsheets made safe, Parquet, FollowTheMoney.

Parquet and FollowTheMoney need the optional ``exports`` extra
(``pip install 'csrledger[exports]'``); they are imported only when asked for,
so ``import csrledger`` and the other exports stay light.
"""
from __future__ import annotations

import importlib
from types import ModuleType

EXTRA = "exports"


class MissingExtra(RuntimeError):
    """An optional package is not installed; the message names the extra that brings it."""


def require(module: str, what: str) -> ModuleType:
    """Import ``module`` or say which extra to install, instead of a bare ImportError."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.split(".")[0]
        raise MissingExtra(
            f"{what} needs the optional package {package!r}: install it with "
            f"pip install 'csrledger[{EXTRA}]'") from exc
