"""``artlint shards``: JSON Lines shards, one per task, on a distributed engine.

Owns the engine-agnostic core (``core``) and the engines that run it (``engines``,
``serial``, ``dask_engine``).

May import: ``linter.pipeline`` and everything below it. Nothing above.
"""
