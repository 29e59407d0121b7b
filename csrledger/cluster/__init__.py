"""The cluster batch: a sharded corpus analysed on Dask workers into Parquet parts, then loaded.

``csrledger cluster CORPUS -o PARTS`` (``engine.run_batch``) and ``csrledger
load PARTS`` (``load.load_parts``); what a worker does with one shard is
``parts.analyse_shard``.  Needs the ``cluster`` extra (dask, distributed)
and pyarrow (the ``exports`` extra).  See docs/cluster.md.
"""
