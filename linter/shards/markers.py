"""Completion markers: how `artlint shards fix --out` resumes (docs/large-corpora.md,
"Resuming").

When a shard's fixed copy is in place, the worker writes a marker for it,
``OUT/.artlint-done/NAME.json``, holding:

- ``key``: what produced the output (artlint's and the rules' fingerprint, the fix
  options, the fields, the record size limit): another configuration redoes the shard;
- ``input``: the input's identity when it was read (``storage.stamp``: size and
  modification time, or a store's ETag), not a content hash: a hash would mean reading
  every finished shard again on every resume (a terabyte to skip a terabyte), while a
  stat (or a HEAD request) is enough to see that a file was rewritten;
- ``output``: the identity of the output written, so a marker never vouches for an
  output that was since removed or replaced;
- ``summary``: the shard's counts, so a resumed run reports the same totals.

Order makes it crash-safe: the output is committed (renamed, or put whole) before the
marker is written, and the marker itself is written whole (renamed, or put). A crash
between the two leaves an output without marker: the shard is redone. On a local file
system a worker holds a lock (flock) on ``NAME.lock`` while it checks the marker and does
the shard, so two runs sharing ``--out`` do each shard once: the second waits, then finds
the marker. On an object store there is no lock: both may do a shard, and each put is
whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from linter.shards import storage

FOLDER = ".artlint-done"
VERSION = 1

try:
    import fcntl
except ImportError:  # not POSIX: no lock, a shard may be done twice by two runs
    fcntl = None  # type: ignore[assignment]


def location(out: str, name: str) -> str:
    """Where the marker of shard ``name`` goes below ``--out``."""
    return storage.join(out, f"{FOLDER}/{name}.json")


def run_key(*parts: object) -> str:
    """The key of what a run writes: a hash of what decides the output's bytes."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()


def valid(marker: str, key: str, source: str, target: str) -> dict[str, Any] | None:
    """The summary a valid marker holds, or None: no marker, or one for another key, another
    input, or an output that is no longer the one written."""
    data = storage.read_small(marker)
    if data is None:
        return None
    try:
        found = json.loads(data)
        if found.get("version") != VERSION or found.get("key") != key:
            return None
        if found.get("input") != storage.stamp(source):
            return None
        if found.get("output") != storage.stamp(target):
            return None
    except (ValueError, AttributeError, FileNotFoundError):
        return None
    summary: dict[str, Any] = found["summary"]
    return summary


def write(marker: str, key: str, source_stamp: storage.Stamp, target: str,
          summary: dict[str, Any]) -> None:
    """Record that ``target`` is the finished output for the input as stamped."""
    data = {"version": VERSION, "key": key, "input": source_stamp,
            "output": storage.stamp(target), "summary": summary}
    storage.write_small(marker, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())


@contextlib.contextmanager
def claimed(marker: str) -> Iterator[None]:
    """Hold the shard's lock (local ``--out`` only) while the body runs; waits for another
    run that holds it."""
    if storage.is_url(marker) or fcntl is None:
        yield
        return
    lock = Path(marker).with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        with contextlib.suppress(OSError):  # a file system without locks: go on unlocked
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # drops the lock
