"""The cluster batch on Dask distributed: one task per shard, each writing its Parquet part.

Dask was chosen over PySpark by measuring both here (``docs/cluster.md``):
the work is a Python function per shard, which Dask runs in its own Python
worker processes with no JVM between them, starting in about a second.

The client only lists the shards and collects a small summary per shard;
the workers read the shards and write the parts themselves, so both the
corpus and the output folder must be paths every worker sees (a shared
filesystem on a real cluster).
"""
from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from csrledger import __version__
from csrledger.cluster.parts import PART, PartSummary, Shard, analyse_shard, list_shards

if TYPE_CHECKING:
    from distributed import Client

RETRIES = 2
"""A shard whose worker died (killed, out of memory) is given to another worker this many times."""


class ClusterError(RuntimeError):
    """The cluster cannot run the batch (no workers, another csrledger version); the message says which."""


def _installed_version() -> str:
    """Run on each worker: the csrledger it imports."""
    return __version__


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (``tcp://host:8786``), else of a local cluster of
    ``workers`` processes, one thread each (the analysis holds the GIL)."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def check_workers(client: Client) -> int:
    """The number of workers, after checking that each runs this csrledger version."""
    versions: dict[str, str] = client.run(_installed_version)
    if not versions:
        raise ClusterError("the scheduler has no workers: start some with `dask worker SCHEDULER_ADDRESS`")
    other = {address: v for address, v in versions.items() if v != __version__}
    if other:
        raise ClusterError(f"workers run another csrledger version than this client ({__version__}): "
                           + ", ".join(f"{a} has {v}" for a, v in sorted(other.items())))
    return len(versions)


def clear_parts(output: Path) -> None:
    """Remove the parts of an earlier batch, so that ``load`` reads only this one's."""
    for old in output.glob("part-*.parquet"):
        old.unlink()


def run_batch(corpus: str | os.PathLike[str], output: str | os.PathLike[str], scheduler: str | None = None,
              workers: int = 2, time_limit: float | None = None,
              done: Callable[[PartSummary], None] = lambda summary: None) -> list[PartSummary]:
    """Analyse every shard of ``corpus`` on the cluster into ``output/part-NNNNN.parquet``.

    ``done`` is called with each shard's summary as it finishes (any order);
    the summaries are returned in corpus order.
    """
    from dask.distributed import as_completed

    shards: list[Shard] = list_shards(corpus)
    target = Path(output)
    target.mkdir(parents=True, exist_ok=True)
    clear_parts(target)
    with dask_client(scheduler, workers) as client:
        check_workers(client)
        batch = uuid.uuid4().hex[:12]
        futures = client.map(analyse_shard, shards, output=str(target.resolve()), time_limit=time_limit,
                             key=[f"csrledger-{batch}-shard-{s.index}" for s in shards], retries=RETRIES)
        summaries = []
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            summary: PartSummary = future.result()
            done(summary)
            summaries.append(summary)
    missing = [s.path for s in shards if not (target / PART.format(s.index)).exists()]
    if missing:
        raise ClusterError(f"no analyses were written for {len(missing)} shard(s), e.g. {missing[0]}")
    return sorted(summaries, key=lambda s: s.index)
