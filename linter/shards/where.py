"""Where and how an engine runs shard tasks: the cluster to use and the callbacks it calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linter.shards.core import ShardSummary

OnStart = Callable[[str], None]
OnDone = Callable[[ShardSummary], None]


@dataclass(frozen=True)
class Where:
    """Where an engine runs the tasks: a scheduler's address, or a local cluster of
    ``workers`` processes."""

    scheduler: str = ""
    workers: int = 0
    connect_timeout: float = 10.0
