"""The report of an `artlint shards` run: every shard's summary, the totals, the exit code,
one progress line per finished shard, and the summary file written atomically."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from linter.findings import Severity
from linter.shards import storage
from linter.shards.core import SUMMARY_VERSION, ShardSummary, count


@dataclass
class Report:
    """Every shard's summary, and the totals of the run."""

    command: str  # "check" or "fix"
    engine: str
    workers: str
    shards: list[ShardSummary] = field(default_factory=list)
    seconds: float = 0.0

    def totals(self) -> dict[str, Any]:
        keys = ("records", "changed", "fixed", "held", "held_records", "characters",
                "error_count", "bytes")
        totals: dict[str, Any] = {key: sum(getattr(s, key) for s in self.shards) for key in keys}
        totals["errors"] = totals.pop("error_count")
        totals["shards"] = len(self.shards)
        totals["failed"] = sum(s.failed is not None for s in self.shards)
        totals["written"] = sum(s.written for s in self.shards)
        totals["resumed"] = sum(s.resumed for s in self.shards)
        totals["findings"] = sum(self.findings().values())
        totals["removed"] = sum(self.removed().values())
        return totals

    def removed(self) -> dict[str, int]:
        """Characters removed per rule, over every shard."""
        counts: Counter[str] = Counter()
        for shard in self.shards:
            counts.update(shard.removed)
        return dict(sorted(counts.items()))

    def findings(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for shard in self.shards:
            counts.update(shard.findings)
        return dict(sorted(counts.items()))

    def severities(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for shard in self.shards:
            counts.update(shard.severities)
        return {level.value: counts[level.value] for level in Severity if counts[level.value]}

    def as_json(self) -> dict[str, Any]:
        return {
            "version": SUMMARY_VERSION,
            "command": self.command,
            "engine": self.engine,
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "totals": self.totals(),
            "findings": self.findings(),
            "severities": self.severities(),
            "removed": self.removed(),
            "shards": [_sorted(asdict(shard)) for shard in self.shards],
        }

    def exit_code(self, fail_on: Severity, exit_zero: bool = False) -> int:
        """As `artlint check`/`fix`: 2 anything failed; 3 a fix held back for review;
        1 findings at or above ``fail_on``; else 0."""
        totals = self.totals()
        if totals["failed"] or totals["errors"]:
            return 2
        if totals["held"]:
            return 3
        if exit_zero:
            return 0
        failing = any(Severity(level).rank >= fail_on.rank for level in self.severities())
        return 1 if failing else 0


def _sorted(shard: dict[str, Any]) -> dict[str, Any]:
    shard["findings"] = dict(sorted(shard["findings"].items()))
    shard["removed"] = dict(sorted(shard["removed"].items()))
    return shard


def progress_line(done: int, total: int, shard: ShardSummary) -> str:
    """One line per finished shard, for standard error."""
    if shard.failed is not None:
        return f"artlint: [{done}/{total}] {shard.name}: failed: {shard.failed}"
    if shard.resumed:
        return (f"artlint: [{done}/{total}] {shard.name}: done by an earlier run (its "
                "completion marker); skipped")
    changed = f", {shard.changed:,} changed" if shard.target is not None else ""
    return (f"artlint: [{done}/{total}] {shard.name}: {count(shard.records, 'record')}"
            f"{changed}, {count(sum(shard.findings.values()), 'finding')}, "
            f"{count(shard.error_count, 'error')} ({shard.seconds:.1f} s on {shard.worker})")


def write_json(location: str, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON whole (temporary file, fsync, rename; or one put)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    storage.write_small(storage.local(location), text.encode())
