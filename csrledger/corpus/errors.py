"""What a reader yields instead of a document when the input is bad."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ReadError:
    """One problem with one document or file; the run goes on.

    ``severity="error"`` means the document was skipped (the CLI counts it as
    failed); ``"warning"`` means it was kept with a field dropped, or a file
    was deliberately ignored.
    """

    source: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"
