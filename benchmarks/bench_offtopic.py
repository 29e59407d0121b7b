"""False alarms on general news: records per 100 documents that are not about CSR.

Runs the whole pipeline over the Wikinews texts of NEREL and the factRuEval-2016
test documents (../shared/refdata, Russian general news; measurement only,
nothing is tuned to them). Almost none of these articles report a social
investment, so every record found is a likely false alarm; the figure is
tracked to keep precision honest outside CSR news. Also checks that the
offsets contract holds on every mention.
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from csrledger.model import Document
from csrledger.pipeline import analyse

REFDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "refdata"


def documents() -> list[Document]:
    paths = sorted((REFDATA / "NEREL").glob("*/*.txt")) + sorted((REFDATA / "factRuEval-2016" / "testset").glob("*.txt"))
    return [Document(id=p.stem, text=p.read_text(encoding="utf-8", errors="replace"), lang="ru") for p in paths]


def main() -> int:
    docs = documents()
    if not docs:
        print("../shared/refdata not present: skipped")
        return 0
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    for doc in docs:
        analysis = analyse(doc)
        bad = [m for m in analysis.mentions() if doc.text[m.start:m.end] != m.text]
        if bad:
            print(f"offsets broken in {doc.id}: {bad[0]}")
            return 1
        kinds.update(r.sponsor_kind for r in analysis.records)
    elapsed = time.perf_counter() - started
    scored = sum(n for kind, n in kinds.items() if kind != "state")
    print(f"{len(docs)} general-news documents (NEREL Wikinews + factRuEval test) in {elapsed:.1f} s")
    print(f"records per 100 documents: {100 * scored / len(docs):.1f} (state spending, not counted: "
          f"{kinds['state']}); by sponsor kind: {dict(kinds.most_common())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
