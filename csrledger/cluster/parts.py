"""Shards in, Parquet analyses out: what one cluster worker does with one shard, engine-agnostic.

A shard is one file of the corpus (JSONL, a WARC/ARC archive, a page),
read by ``csrledger.corpus.read_corpus`` and analysed by
``csrledger.pipeline.analyse`` exactly as ``csrledger extract`` does, so the
analyses are the same whatever runs them.  Each shard becomes one Parquet
file, ``part-NNNNN.parquet`` (NNNNN: the shard's place in corpus order), one
row per document in input order: the document as read (so ``csrledger
load`` stores it as ``csrledger run`` would) and its analysis as the exact
JSON line of format 2.  A document that could not be read or analysed is a
row with ``error`` set, so nothing fails silently on a remote worker.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csrledger import __version__
from csrledger.model import MENTION_CLASSES, MENTION_KINDS, Analysis, Document, Evidence, Record

if TYPE_CHECKING:
    import pyarrow as pa

PART = "part-{:05d}.parquet"


def parquet_schema() -> pa.Schema:
    """The columns of a part (pyarrow is imported only here: it is the ``exports`` extra)."""
    import pyarrow as pa

    columns: list[tuple[str, pa.DataType]] = [
        ("shard", pa.string()),            # the shard's path as given
        ("seq", pa.int32()),               # the item's place in its shard
        ("id", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("published", pa.date32()),
        ("lang", pa.string()),             # as the input gave it (null: detected; the analysis says which)
        ("source", pa.string()),
        ("line", pa.int32()),
        ("analysis", pa.string()),         # format 2, the line ``csrledger extract`` writes
        ("error", pa.string()),            # why this item has no analysis
        ("severity", pa.string()),         # error (the document is lost) or warning (kept, or a file ignored)
        ("analyser", pa.string()),         # the csrledger version that analysed it
    ]
    return pa.schema(columns)


@dataclass(frozen=True)
class Shard:
    """One file of the corpus and its place in corpus order."""

    index: int
    path: str
    id_prefix: str = ""       # a page's folder inside the corpus, so its id is what read_corpus gives


def list_shards(corpus: str | os.PathLike[str]) -> list[Shard]:
    """The files of a corpus in the order ``read_corpus`` reads them (a file alone is one shard).

    Folders are walked depth first in name order, hidden entries, links to
    folders and files of no corpus kind skipped, as the reader does.  A page
    (``.txt``, ``.html``) inside a folder keeps its id: its path from the folder.
    """
    from csrledger.corpus.readers import KINDS

    root = Path(corpus)
    if not root.exists():
        raise FileNotFoundError(f"corpus not found: {corpus}")
    if not root.is_dir():
        return [Shard(0, str(root))]
    files: list[Shard] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d)))
        relative = Path(folder).relative_to(root).as_posix()
        for name in sorted(n for n in names if not n.startswith(".")):
            kind = KINDS.get(os.path.splitext(name.lower().removesuffix(".gz"))[1])
            if kind is None:
                continue
            prefix = f"{relative}/" if kind in ("txt", "html") and relative != "." else ""
            files.append(Shard(0, os.path.join(folder, name), prefix))
    ordered = sorted(files, key=lambda s: Path(s.path).relative_to(root).parts)
    return [Shard(i, s.path, s.id_prefix) for i, s in enumerate(ordered)]


def shard_rows(shard: Shard, time_limit: float | None = None) -> Iterator[dict[str, Any]]:
    """The rows of one shard: each document with its analysis, or the problem with it."""
    from csrledger.batch import analyse_safely, guarded
    from csrledger.corpus import ReadError, read_corpus

    problems: list[str] = []
    seq = 0
    for item in guarded(read_corpus(shard.path), problems.append, shard.path):
        if isinstance(item, ReadError):
            yield _row(shard, seq, None, None, str(item), item.severity)
            seq += 1
            continue
        doc = replace(item, id=shard.id_prefix + item.id) if shard.id_prefix else item
        analysis = analyse_safely(doc, problems.append, time_limit)
        error = problems.pop() if analysis is None and problems else None
        yield _row(shard, seq, doc, analysis, error, "error" if error else None)
        seq += 1
    for message in problems:        # the reader itself stopped
        yield _row(shard, seq, None, None, message, "error")
        seq += 1


def _row(shard: Shard, seq: int, doc: Document | None, analysis: Analysis | None, error: str | None,
         severity: str | None) -> dict[str, Any]:
    line = None
    if analysis is not None:
        line = json.dumps(analysis.to_json(), ensure_ascii=False, allow_nan=False)
    return {"shard": shard.path, "seq": seq, "id": doc and doc.id, "text": doc and doc.text,
            "title": doc and doc.title, "url": doc and doc.url, "published": doc and doc.published,
            "lang": doc and doc.lang, "source": doc and doc.source, "line": doc and doc.line,
            "analysis": line, "error": error, "severity": severity, "analyser": __version__}


@dataclass(frozen=True)
class PartSummary:
    """What a worker reports back: small, so the client never receives the analyses themselves."""

    index: int
    shard: str
    documents: int
    failed: int
    seconds: float
    worker: str             # host:pid of the process that analysed it


def analyse_shard(shard: Shard, output: str, time_limit: float | None = None) -> PartSummary:
    """Analyse one shard and write its part into the folder ``output`` (which every worker must see)."""
    import socket
    import time

    import pyarrow as pa
    import pyarrow.parquet as pq

    start = time.perf_counter()
    rows = list(shard_rows(shard, time_limit))
    target = Path(output) / PART.format(shard.index)
    partial = target.with_name(f".{target.name}.partial")
    pq.write_table(pa.Table.from_pylist(rows, schema=parquet_schema()), partial, compression="zstd")
    partial.replace(target)       # a part is whole or absent: a re-run after a crash rewrites it
    documents = sum(1 for r in rows if r["id"] is not None)
    failed = sum(1 for r in rows if r["severity"] == "error")
    return PartSummary(shard.index, shard.path, documents, failed, time.perf_counter() - start,
                       f"{socket.gethostname()}:{os.getpid()}")


def read_parts(folder: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The rows of every part in a folder, in corpus order (part number, then place in the shard)."""
    import pyarrow.parquet as pq

    parts = sorted(Path(folder).glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(f"no part-*.parquet analyses in {folder}")
    for part in parts:
        table = pq.read_table(part, schema=parquet_schema())
        for batch in table.to_batches(max_chunksize=256):
            yield from batch.to_pylist()


def document_of(row: dict[str, Any]) -> Document:
    """The document of a row, exactly as the reader gave it."""
    published = row["published"]
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    return Document(id=row["id"], text=row["text"], title=row["title"], url=row["url"], published=published,
                    lang=row["lang"], source=row["source"] or "", line=row["line"])


def analysis_from_json(data: dict[str, Any]) -> Analysis:
    """An analysis back from its format-2 JSON (``analysis.to_json()`` gives the same JSON again)."""
    analysis = Analysis(id=data["id"], lang=data["lang"])
    for kind in MENTION_KINDS:
        getattr(analysis, kind).extend(MENTION_CLASSES[kind].from_json(m) for m in data.get(kind, []))
    names = {f.name for f in fields(Record)} - {"evidence"}
    for r in data.get("records", []):
        analysis.records.append(Record(**{k: v for k, v in r.items() if k in names},
                                       evidence=[Evidence(e["start"], e["end"]) for e in r.get("evidence", [])]))
    return analysis
