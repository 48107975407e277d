"""The Dask engine: one task per shard on a ``distributed`` cluster.

Without a scheduler address it starts a ``LocalCluster`` of worker processes (one
thread each) on the loopback interface; with one (``tcp://host:8786``) it uses that
cluster's workers, which must have the same artlint (and rules) installed and see the
shards at the same paths. The linter travels to the workers as its configuration
(linter.api); each worker process builds the rules once. ``dask`` is imported only here,
when the engine is used, so the rest of artlint does not pay for it.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import Any

from linter.errors import ArtlintError
from linter.shards.core import ShardSummary, ShardTask, failed, run_shard
from linter.shards.where import Where

INSTALL_HINT = ("the Dask engine needs dask[distributed], which is not installed: "
                "pip install 'artlint[dask]'")


def require() -> ModuleType:
    """The ``distributed`` module, or an ArtlintError that says how to install it."""
    try:
        import distributed  # deferred: Dask only when the dask engine runs
    except ImportError:
        raise ArtlintError(INSTALL_HINT) from None
    return distributed


def run(linter: Any, tasks: Sequence[ShardTask], on_start: Callable[[str], None],
        on_done: Callable[[ShardSummary], None], where: Where) -> list[ShardSummary]:
    distributed = require()
    with _client(distributed, where) as (client, described):
        on_start(described)
        return _gather(distributed, client, linter, tasks, on_done)


@contextlib.contextmanager
def _client(distributed: ModuleType, where: Where) -> Iterator[tuple[Any, str]]:
    if where.scheduler:
        client = _connect(distributed, where)
        with client:
            yield client, f"{len(client.scheduler_info()['workers'])} workers at {where.scheduler}"
        return
    if where.workers < 1:
        raise ArtlintError(f"--workers: expected 1 or more worker processes; got {where.workers}")
    import dask  # deferred: Dask only when the dask engine runs

    # Dask's statistical profiler samples every worker thread's stack every 10 ms; on
    # artlint's pure-Python tasks that costs about a fifth of the time (docs/large-corpora.md).
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = distributed.LocalCluster(
            n_workers=where.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.ERROR)
    with cluster, distributed.Client(cluster) as client:
        yield client, f"local cluster of {where.workers} worker processes"


def _connect(distributed: ModuleType, where: Where) -> Any:
    timeout = where.connect_timeout
    try:
        client = distributed.Client(where.scheduler, timeout=f"{timeout}s")
    except (OSError, ValueError, TypeError) as exc:
        raise ArtlintError(f"--scheduler {where.scheduler}: cannot connect to a Dask "
                           f"scheduler: {exc}") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (TimeoutError, OSError):
        client.close()
        raise ArtlintError(f"--scheduler {where.scheduler}: the scheduler has no workers "
                           f"(waited {timeout:g} s); start some with `dask worker "
                           f"{where.scheduler}`") from None
    return client


def _gather(distributed: ModuleType, client: Any, linter: Any, tasks: Sequence[ShardTask],
            on_done: Callable[[ShardSummary], None]) -> list[ShardSummary]:
    """Submit one task per shard; hand each summary to ``on_done`` as it finishes."""
    run_id = uuid.uuid4().hex[:8]
    futures = {
        client.submit(run_shard, linter, task, key=f"artlint-{run_id}-{index}", pure=False):
        index for index, task in enumerate(tasks)
    }
    summaries: list[ShardSummary | None] = [None] * len(tasks)
    for future in distributed.as_completed(futures):
        index = futures[future]
        summary = _summary(future, tasks[index])
        future.release()
        summaries[index] = summary
        on_done(summary)
    return [summary for summary in summaries if summary is not None]


def _summary(future: Any, task: ShardTask) -> ShardSummary:
    """The task's summary; a task that raised (a worker died, the linter could not be
    rebuilt there) becomes a failed shard."""
    try:
        return future.result()
    except Exception as exc:
        return failed(task, exc)
