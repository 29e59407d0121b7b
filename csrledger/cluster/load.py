"""``csrledger load``: the Parquet analyses of a cluster batch into the ledger, as ``run`` would store them.

The ledger is written by this one process (its writes take the ledger's
write lock anyway); documents whose stored analysis is current are left
alone, so loading the same parts twice changes nothing.  Rows that carry
an error are reported as ``run`` reports them; an id seen in an earlier
shard is a duplicate, as it is for ``read_corpus`` over the same folder.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csrledger import __version__
from csrledger.cluster.parts import analysis_from_json, document_of, read_parts

if TYPE_CHECKING:
    from csrledger.store.ledger import Ledger

Report = Callable[[str, str], None]
"""``report(message, severity)``: severity ``error`` (a document lost) or ``warning``."""


@dataclass
class LoadCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0


def load_parts(folder: str | os.PathLike[str], ledger: Ledger, report: Report) -> LoadCounts:
    """Store every analysed document of the parts in ``folder`` into ``ledger``."""
    from csrledger.batch import reason, where

    counts = LoadCounts()
    first_seen: dict[str, str] = {}
    for row in read_parts(folder):
        if row["error"]:
            report(row["error"], row["severity"] or "error")
            counts.failed += row["severity"] != "warning"
            continue
        doc = document_of(row)
        if doc.id in first_seen:
            report(f"{where(doc)}: duplicate id {doc.id!r} (first at {first_seen[doc.id]}); skipped", "error")
            counts.failed += 1
            continue
        first_seen[doc.id] = where(doc)
        if row["analyser"] != __version__:
            report(f"{where(doc)}: document {doc.id!r} was analysed by csrledger {row['analyser']}, this is "
                   f"{__version__}: run the batch again with this version; skipped", "error")
            counts.failed += 1
            continue
        if ledger.is_current(doc):
            counts.unchanged += 1
            continue
        try:
            outcome = ledger.store(doc, analysis_from_json(json.loads(row["analysis"]))).outcome
        except Exception as exc:  # noqa: BLE001 - the transaction rolled back; the load goes on
            report(f"{where(doc)}: document {doc.id!r} could not be stored: {reason(exc)}", "error")
            counts.failed += 1
            continue
        setattr(counts, outcome, getattr(counts, outcome) + 1)
    return counts
