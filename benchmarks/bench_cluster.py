"""The cluster batch on a local Dask cluster of 2 workers against one process: throughput per worker.

The corpus is ``../shared/train/corpus.jsonl`` repeated (each copy with its own ids) in 8 JSONL shards.
The single process runs the same per-shard function (``analyse_shard``: read, analyse, write the Parquet
part) over every shard; the cluster runs it on 2 worker processes.  Both are warmed up first (each process
loads the dictionaries once, a worker in the thread that runs its tasks), each round starts new processes
(no round inherits the caches of another), and the best of several rounds is kept, so that another job on
the machine costs as little as it can.  Reported: the cluster's start-up, the throughput of one process
and per worker (documents/s), and the CPU seconds per document in each (what the cluster adds in work,
whatever else runs on the machine).  Target: per worker within 20 % of one process.  On a machine busy
with other jobs two workers cannot each have a core, so a control is measured too: two plain processes at
once, each with half the shards — what a cluster without any cost of its own would reach under the same
load.  The analyses must be identical.  Skipped when the training corpus is absent or fewer than 2 cores
are free.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

from csrledger.cluster.engine import check_workers, dask_client
from csrledger.cluster.parts import PartSummary, Shard, analyse_shard, list_shards, read_parts
from csrledger.model import Document

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "corpus.jsonl"
COPIES = int(os.environ.get("CSRLEDGER_BENCH_COPIES", "4"))
ROUNDS = int(os.environ.get("CSRLEDGER_BENCH_ROUNDS", "3"))
SHARDS = 8
WORKERS = 2
TARGET = 0.8


def write_shards(folder: Path) -> int:
    """The training articles COPIES times (each copy beside its original), cut into SHARDS files in order.

    Every copy of an article lands in the shard of the article, so a worker meets an article's repeats as
    the single process does: the per-word caches favour neither side.
    """
    rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [dict(row, id=f"{row['id']}-c{copy}") for row in rows for copy in range(COPIES)]
    size = -(-len(docs) // SHARDS)
    folder.mkdir()
    for i in range(SHARDS):
        with open(folder / f"shard-{i:02d}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in docs[i * size:(i + 1) * size])
    return len(docs)


def warm_up() -> float:
    """Load what the first analysis loads (dictionaries, gazetteer, judge); its CPU seconds so far."""
    from csrledger.pipeline import analyse

    analyse(Document(id="warm", text="ТОО «Алтын Дала» построило школу в Павлодаре за 120 млн тенге.", lang="ru"))
    return time.process_time()


def cpu_seconds() -> float:
    return time.process_time()


def _plain(shards: list[Shard], output: str, barrier: object, times: object) -> None:
    """A plain process: warm up, wait for the others, analyse its shards, report when and its CPU seconds."""
    warm_up()
    barrier.wait()  # type: ignore[attr-defined]
    started, cpu = time.perf_counter(), time.process_time()
    for shard in shards:
        analyse_shard(shard, output)
    times.put((started, time.perf_counter(), time.process_time() - cpu))  # type: ignore[attr-defined]


def plain_processes(shards: list[Shard], output: Path, count: int) -> tuple[float, float]:
    """Best wall seconds of ``count`` new processes at once, each over its share of the shards (warmed up
    first, nothing else shared), and their CPU seconds in that round."""
    ctx = multiprocessing.get_context("spawn")
    best = (float("inf"), 0.0)
    for _ in range(ROUNDS):
        barrier, times = ctx.Barrier(count), ctx.Queue()
        procs = [ctx.Process(target=_plain, args=(shards[i::count], str(output), barrier, times))
                 for i in range(count)]
        for proc in procs:
            proc.start()
        spans = [times.get() for _ in procs]
        for proc in procs:
            proc.join()
        wall = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
        best = min(best, (wall, sum(cpu for _, _, cpu in spans)))
    return best


def cluster(shards: list[Shard], output: Path) -> tuple[float, float, float, list[PartSummary]]:
    """Start-up seconds (cluster and warm-up) of the first round, the best batch's wall seconds, the workers'
    CPU seconds in it and its summaries; each round on a new cluster, as each plain round has new processes."""
    startup, best = 0.0, (float("inf"), 0.0, [])
    for round_number in range(ROUNDS):
        started = time.perf_counter()
        with dask_client(None, WORKERS) as client:
            check_workers(client)
            client.gather([client.submit(warm_up, workers=[w], pure=False, allow_other_workers=False)
                           for w in client.scheduler_info()["workers"]])   # in the thread that runs the tasks
            startup = startup or time.perf_counter() - started
            before = client.run(cpu_seconds)
            wall = time.perf_counter()
            futures = client.map(analyse_shard, shards, output=str(output), key=[
                f"bench-{round_number}-{s.index}" for s in shards])
            summaries = client.gather(futures)
            seconds = time.perf_counter() - wall
            after = client.run(cpu_seconds)
        if seconds < best[0]:
            best = (seconds, sum(after[w] - before[w] for w in after), summaries)
    return startup, *best


def main() -> None:
    if not TRAIN.exists():
        print(f"skipped: {TRAIN} not present")
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores < WORKERS:
        print(f"skipped: {cores} core available, the benchmark needs {WORKERS}")
        return
    with tempfile.TemporaryDirectory() as folder:
        corpus, one, many, pair = (Path(folder) / name for name in ("corpus", "one", "many", "pair"))
        for made in (one, many, pair):
            made.mkdir()
        docs = write_shards(corpus)
        shards = list_shards(corpus)
        load = os.getloadavg()[0]
        print(f"corpus: {TRAIN.name} x {COPIES}: {docs:,} documents in {SHARDS} shards; {cores} cores, "
              f"load average {load:.1f} at the start; best of {ROUNDS} rounds")
        single_s, single_cpu = plain_processes(shards, one, 1)
        pair_s, _ = plain_processes(shards, pair, WORKERS)
        startup, cluster_s, cluster_cpu, summaries = cluster(shards, many)
        same = [r["analysis"] for r in read_parts(one)] == [r["analysis"] for r in read_parts(many)]
    per_process = docs / single_s
    per_worker = docs / cluster_s / WORKERS
    ratio = per_worker / per_process
    print(f"one process: {single_s:,.1f} s, {per_process:,.1f} documents/s, "
          f"{single_cpu / docs * 1000:,.1f} ms CPU per document")
    print(f"Dask, {WORKERS} workers: start-up {startup:,.1f} s (cluster and warm-up), batch {cluster_s:,.1f} s, "
          f"{docs / cluster_s:,.1f} documents/s = {per_worker:,.1f} per worker, "
          f"{cluster_cpu / docs * 1000:,.1f} ms CPU per document; shards on "
          f"{len({s.worker for s in summaries})} workers")
    control = docs / pair_s / WORKERS
    print(f"control, 2 plain processes at once: {pair_s:,.1f} s, {control:,.1f} documents/s per process")
    print(f"per worker {ratio:.0%} of one process (target ≥ {TARGET:.0%}: {'met' if ratio >= TARGET else 'NOT met'}); "
          f"{per_worker / control:.0%} of a plain process under the same load; "
          f"{single_cpu / cluster_cpu:.0%} in CPU per document; analyses {'identical' if same else 'DIFFERENT'}")
    if not same:
        raise SystemExit("the cluster's analyses differ from one process's")


if __name__ == "__main__":
    main()
