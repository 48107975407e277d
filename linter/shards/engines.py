"""Engines that run `artlint shards`: each is a thin adapter that runs
``linter.shards.core.run_shard(linter, task)`` for every task somewhere, calls ``on_start``
with a description of its workers once they are ready and ``on_done`` with each summary
as it arrives, and returns the summaries in task order (docs/large-corpora.md, "Another
engine").

- ``dask``: tasks on a Dask cluster, a local one or a scheduler's (linter/shards/dask_engine.py).
- ``serial``: one after another in this process (no extra dependency; the reference).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.shards import serial
from linter.shards.core import ShardSummary, ShardTask
from linter.shards.where import OnDone, OnStart, Where

ENGINES = ("dask", "serial")
def run(engine: str, linter: Any, tasks: Sequence[ShardTask], on_start: OnStart,
        on_done: OnDone, where: Where) -> list[ShardSummary]:
    """Run ``tasks`` on ``engine``; every shard's summary, in task order."""
    if engine == "dask":
        from linter.shards import dask_engine  # deferred: Dask loads only when asked for

        return dask_engine.run(linter, tasks, on_start, on_done, where)
    return serial.run(linter, tasks, on_start, on_done)
