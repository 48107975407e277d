"""``artlint shards``: JSON Lines and Parquet shards, one per task, on a distributed engine.

Owns the engine-agnostic core (``core``), where shards are read and written (``storage``:
local paths and fsspec URLs), completion markers (``markers``), the client's plan
(``planning``) and report (``report``), and the engines that run it (``engines``,
``serial``, ``dask_engine``).

May import: ``linter.pipeline`` and everything below it. Nothing above.
"""
