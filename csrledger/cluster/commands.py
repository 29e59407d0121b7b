"""``csrledger cluster`` and ``csrledger load``: the command-line side of the cluster batch."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from csrledger.cluster.parts import PartSummary

EXTRA = "pip install 'csrledger[cluster]'"


def cmd_cluster(args: argparse.Namespace) -> int:
    """Analyse a sharded corpus on a Dask cluster into Parquet parts; 1 when any document failed."""
    try:
        from csrledger.cluster.engine import ClusterError, run_batch
    except ImportError as exc:
        raise SystemExit(f"csrledger cluster needs the cluster extra ({exc.name} is missing): {EXTRA}") from None

    def done(summary: PartSummary) -> None:
        print(f"{summary.shard}: {summary.documents:,} documents, {summary.failed:,} failed, "
              f"{summary.seconds:,.1f} s", file=sys.stderr)

    try:
        summaries = run_batch(args.corpus, args.output, args.scheduler, args.workers, args.time_limit or None, done)
    except FileNotFoundError as exc:
        raise SystemExit(f"csrledger: {exc}") from None
    except ClusterError as exc:
        raise SystemExit(f"csrledger cluster: {exc}") from None
    documents = sum(s.documents for s in summaries)
    failed = sum(s.failed for s in summaries)
    print(f"{len(summaries):,} shards, {documents:,} documents analysed into {args.output} ({failed:,} failed); "
          f"store them with: csrledger load {args.output}", file=sys.stderr)
    return 1 if failed else 0


def cmd_load(args: argparse.Namespace) -> int:
    """Store the parts of a batch into the ledger; 1 when any document failed."""
    from csrledger.cluster.load import load_parts
    from csrledger.store.ledger import Ledger

    def report(message: str, severity: str) -> None:
        print(f"{severity}: {message}", file=sys.stderr)

    ledger = Ledger(args.db)
    try:
        counts = load_parts(args.analyses, ledger, report)
    except FileNotFoundError as exc:
        raise SystemExit(f"csrledger load: {exc}") from None
    finally:
        ledger.close()
    print(f"{counts.added:,} added, {counts.updated:,} updated, {counts.unchanged:,} unchanged, "
          f"{counts.failed:,} failed", file=sys.stderr)
    return 1 if counts.failed else 0


def add_commands(sub: Any, db_help: str, add_time_limit: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``cluster`` and ``load`` on the main parser's subcommands."""
    p = sub.add_parser("cluster", help="analyse a sharded corpus on a Dask cluster into Parquet analyses")
    p.add_argument("corpus", help="a folder of shards (.jsonl, .warc.gz, … optionally .gz), or one file")
    p.add_argument("-o", "--output", required=True,
                   help="folder for the part-NNNNN.parquet analyses (on a real cluster: one every worker sees)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    p.add_argument("--workers", type=_positive, default=2, metavar="N",
                   help="worker processes of the local cluster (default 2; ignored with --scheduler)")
    add_time_limit(p)
    p.set_defaults(func=cmd_cluster)

    p = sub.add_parser("load", help="store the Parquet analyses of `csrledger cluster` into the ledger")
    p.add_argument("analyses", help="the folder `csrledger cluster -o` wrote")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=cmd_load)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
