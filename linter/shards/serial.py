"""The serial engine: every shard in this process, one after another. The smallest
adapter over linter.shards.core, and the reference the other engines must agree with."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from linter.shards.core import ShardSummary, ShardTask, failed, run_shard


def run(linter: Any, tasks: Sequence[ShardTask], on_start: Callable[[str], None],
        on_done: Callable[[ShardSummary], None]) -> list[ShardSummary]:
    on_start("this process")
    summaries = []
    for task in tasks:
        try:
            summary = run_shard(linter, task)
        except Exception as exc:  # as a Dask task that raised: one failed shard
            summary = failed(task, exc)
        on_done(summary)
        summaries.append(summary)
    return summaries
