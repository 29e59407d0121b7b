"""JSON responses that are always valid JSON.

Starlette refuses to serialise Infinity and NaN (``allow_nan=False``), so a
single such number in the ledger — written by an earlier version, or by a
tool other than csrledger — made the summary, records, sponsors and audit
endpoints answer 500.  The ledger refuses such amounts now (validation on
every write, migration 0003 and its triggers); this is the last boundary:
a non-finite number is answered as ``null``.
"""
from __future__ import annotations

import json
import math
from typing import Any

from fastapi.responses import JSONResponse


def finite(value: Any) -> Any:
    """``value`` with every non-finite float, at any depth, replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


class FiniteJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except ValueError:          # "Out of range float values are not JSON compliant"
            return json.dumps(finite(content), ensure_ascii=False, allow_nan=False,
                              separators=(",", ":")).encode("utf-8")
