"""Checking and fixing JSON Lines shards, one shard per task: the engine-agnostic core of
`artlint shards` (docs/large-corpora.md).

``run_shard`` does one shard from start to end in whatever process runs it: it streams
the records through ``linter.pipeline.records`` (the CLI's JSON Lines path), writes the fixed
shard atomically (a hidden temporary file beside the target, fsynced, renamed) and
returns a ``ShardSummary``: counts and messages, never the records. An engine
(linter.shards.engines) only has to run ``run_shard`` over the tasks somewhere and hand each
summary back; ``plan`` and ``Report`` are the client's side.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import socket
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from linter import files, writes
from linter.engine.linter import MAX_TIMEOUTS
from linter.errors import ArtlintError, InputError
from linter.pipeline.records import LineResult
from linter.sources import gzipped, jsonl

SHARD_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
SUMMARY_NAME = "artlint-summary.json"
MAX_MESSAGES = 100  # messages kept per shard; the count is always exact
SUMMARY_VERSION = 1


@dataclass(frozen=True)
class ShardTask:
    """One shard to check (``target`` None) or fix into ``target`` (which may be
    ``source`` itself, when the user asked to fix in place). Paths are absolute."""

    source: str
    name: str  # as shown in messages and the summary
    target: str | None = None
    max_record_size: int | None = files.DEFAULT_MAX_FILE_SIZE


@dataclass
class ShardSummary:
    """What one shard's run found and did."""

    name: str
    source: str
    target: str | None = None
    records: int = 0
    changed: int = 0  # records a fix changed
    fixed: int = 0  # fixes applied
    held: int = 0  # records whose fix the deletion guard held back
    findings: dict[str, int] = field(default_factory=dict)  # rule id -> count
    severities: dict[str, int] = field(default_factory=dict)  # severity -> count
    error_count: int = 0  # records not read, rules that failed
    messages: list[str] = field(default_factory=list)  # the first MAX_MESSAGES of them
    skipped: dict[str, int] = field(default_factory=dict)  # switched-off rule -> records
    failed: str | None = None  # why the shard was not processed (nothing was written)
    written: bool = False  # the target was written
    bytes: int = 0  # uncompressed bytes read
    seconds: float = 0.0
    worker: str = ""  # host:pid that ran it

    def note(self, message: str, error: bool = True) -> None:
        self.error_count += error
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(message)


# --------------------------------------------------------------------------------------
# One shard (runs on a worker)
# --------------------------------------------------------------------------------------


def run_shard(linter: Any, task: ShardTask) -> ShardSummary:
    """Check or fix one shard with ``linter`` (a ``linter.api.ArticleLinter``)."""
    summary = ShardSummary(task.name, task.source, task.target,
                           worker=f"{socket.gethostname()}:{os.getpid()}")
    started = time.perf_counter()
    try:
        _process(linter, task, summary)
    except (OSError, EOFError, zlib.error, _Stale, InputError) as exc:
        summary.failed = f"{_reason(exc)}; nothing written"
        summary.written = False
    for rule, records in sorted(summary.skipped.items()):
        summary.note(f"{task.name}: rule `{rule}` timed out {MAX_TIMEOUTS} times and was "
                     f"switched off; it skipped {count(records, 'record')} (fix the rule, "
                     "or --ignore it)")
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def failed(task: ShardTask, exc: BaseException) -> ShardSummary:
    """The summary of a task that raised instead of returning one (an artlint bug, a
    worker that died, a linter that could not be rebuilt there): engines report it so."""
    return ShardSummary(task.name, task.source, task.target,
                        failed=f"task failed: {type(exc).__name__}: {exc}")


class _Stale(Exception):
    """The shard changed while it was read."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, _Stale):
        return "the shard changed while it was read"
    if isinstance(exc, InputError):
        return exc.reason
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    return f"cannot read: {exc}"


def _process(linter: Any, task: ShardTask, summary: ShardSummary) -> None:
    _ = linter.engine  # build the rules (or refuse to) before anything is written
    before = os.stat(task.source)
    sink = _Sink(task.target, before.st_mode) if task.target is not None else None
    try:
        with _open(task.source) as source:
            _stream(linter, task, source, sink, summary)
        if _stamp(os.stat(task.source)) != _stamp(before):
            raise _Stale
        if sink is not None:
            summary.written = sink.commit(task.source, before, changed=summary.changed > 0)
    finally:
        if sink is not None:
            sink.discard()


def _stream(linter: Any, task: ShardTask, source: BinaryIO, sink: _Sink | None,
            summary: ShardSummary) -> None:
    """Every record through the linter and on to ``sink``, in order."""
    large = 0  # the last record over the size limit (it comes in chunks)
    for number, raw, too_large in jsonl.read_records(source, task.max_record_size):
        summary.bytes += len(raw)
        out = raw
        if too_large and number != large:
            large = number
            summary.records += 1
            summary.note(f"{task.name}:{number}: record over the size limit; kept as it is "
                         "(raise --max-record-size to lint it)")
        elif not too_large and raw.strip():
            summary.records += 1
            line = linter.lint_line(raw, fix=task.target is not None, path=task.source)
            _count(line, f"{task.name}:{number}", summary)
            out = line.out
        if sink is not None:
            sink.write(out)


def _stamp(info: os.stat_result) -> tuple[int, int]:
    return info.st_size, info.st_mtime_ns


@contextlib.contextmanager
def _open(path: str) -> Iterator[BinaryIO]:
    with files.open_regular(path) as handle:  # never waits on a FIFO
        if gzipped(path):
            with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                yield unzipped  # type: ignore[misc]
        else:
            yield handle


def _count(line: LineResult, where: str, summary: ShardSummary) -> None:
    if line.problem is not None:
        summary.note(f"{where}: {line.problem}")
        return
    summary.changed += line.changed
    for item in line.fields:
        result = item.result
        summary.fixed += result.applied
        for error in result.errors:
            if error.skipped:  # reported once per shard, by run_shard
                summary.skipped[error.rule] = summary.skipped.get(error.rule, 0) + 1
            else:
                summary.note(f"{where}: rule `{error.rule}` failed: {error.message}")
        if result.held is not None:
            summary.held += 1
            summary.note(f"{where} ({item.path}): needs review: fix held back: it "
                         f"{result.held}; record left as it is", error=False)
        for finding in result.findings:
            summary.findings[finding.rule] = summary.findings.get(finding.rule, 0) + 1
            level = finding.severity.value
            summary.severities[level] = summary.severities.get(level, 0) + 1


class _Sink:
    """The fixed shard, streamed to a hidden temporary file beside the target."""

    def __init__(self, target: str, mode: int) -> None:
        self.target = Path(os.path.realpath(target))
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.mode = mode & 0o7777
        self._open()
        # As the CLI writes a fixed .gz file: no name or time in the header.
        self.stream: Any = (gzip.GzipFile(fileobj=self.temp.handle, mode="wb", mtime=0)
                            if gzipped(target) else self.temp.handle)

    def _open(self) -> None:
        self.temp = writes.TempFile(self.target, mode=self.mode)

    def write(self, data: bytes) -> None:
        self.stream.write(data)

    def commit(self, source: str, before: os.stat_result, changed: bool) -> bool:
        """Put the fixed shard in place; True if the target was written. An unchanged
        shard is copied as it is (an in-place one is left alone)."""
        in_place = self.target == Path(os.path.realpath(source))
        if not changed:
            self.discard()
            if in_place:
                return False
            self._open_copy(source, before)
        elif in_place and _stamp(os.stat(source)) != _stamp(before):
            raise _Stale
        if self.stream is not self.temp.handle:
            self.stream.close()  # writes the gzip trailer; leaves the handle open
        self.temp.commit()
        return True

    def _open_copy(self, source: str, before: os.stat_result) -> None:
        self._open()
        self.stream = self.temp.handle
        with open(source, "rb") as original:
            shutil.copyfileobj(original, self.stream)
            if _stamp(os.fstat(original.fileno())) != _stamp(before):
                raise _Stale

    def discard(self) -> None:
        if self.stream is not self.temp.handle:
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()
        self.temp.discard()


# --------------------------------------------------------------------------------------
# The client's side: which shards, where they go, and the report
# --------------------------------------------------------------------------------------


def sweep_targets(tasks: Iterable[ShardTask]) -> None:
    """Remove what dead workers left in the folders written to (``--out``)."""
    folders = {Path(os.path.realpath(task.target)).parent for task in tasks if task.target}
    for folder in sorted(folders):
        writes.sweep_stale_temps(folder, again=True)


def is_shard(path: Path) -> bool:
    return path.name.lower().endswith(SHARD_SUFFIXES)


def find(inputs: Iterable[str]) -> list[tuple[Path, str]]:
    """(absolute path, name) of every shard: a file named is taken whatever its name
    (its name: the file name); a folder is searched for *.jsonl, *.ndjson (and .gz)
    below it, hidden folders skipped (names relative to the folder)."""
    found: list[tuple[Path, str]] = []
    for raw in inputs:
        path = Path(os.path.abspath(raw))
        if path.is_file():
            found.append((path, path.name))
        elif path.is_dir():
            found += [(item, item.relative_to(path).as_posix()) for item in _below(path)]
        elif path.exists():
            raise ArtlintError(f"{raw}: cannot read {files.special_kind(path.stat().st_mode)}: "
                               "shards must be regular files")
        else:
            raise ArtlintError(f"{raw}: no such file or folder")
    if not found:
        raise ArtlintError(f"no JSON Lines shards ({', '.join('*' + s for s in SHARD_SUFFIXES)})"
                           f" in {', '.join(inputs)}")
    return found


def _below(folder: Path) -> list[Path]:
    return sorted(
        item for item in folder.rglob("*")
        if item.is_file() and is_shard(item) and not item.name.startswith(".")
        and not any(part.startswith(".") for part in item.relative_to(folder).parent.parts)
    )


def plan(inputs: Iterable[str], out: Path | None = None, in_place: bool = False,
         max_record_size: int | None = files.DEFAULT_MAX_FILE_SIZE) -> list[ShardTask]:
    """The tasks of a run: check only (no ``out``, not ``in_place``), fix into ``out``
    (same names below it), or fix in place. Raises ArtlintError for a plan that would
    overwrite an input or write two shards to one place."""
    found = find(list(inputs))
    sources = {path for path, _ in found}
    if len(sources) < len(found):
        raise ArtlintError("a shard is named twice in the inputs")
    if out is None:
        target = (lambda path, name: str(path)) if in_place else (lambda path, name: None)
        return [ShardTask(str(path), name, target(path, name), max_record_size)
                for path, name in found]
    root = Path(os.path.abspath(out))
    real_sources = {os.path.realpath(path) for path in sources}
    if root.exists() and not root.is_dir():
        raise ArtlintError(f"--out {out}: exists and is not a folder")
    tasks: list[ShardTask] = []
    seen: dict[Path, str] = {}
    for path, name in found:
        target = root / name
        if os.path.realpath(target) in real_sources:
            raise ArtlintError(f"--out {out}: would overwrite the input shard {path}; choose "
                               "another folder (or use --in-place to rewrite the shards)")
        if target in seen:
            raise ArtlintError(f"--out {out}: two shards would be written to {target} "
                               f"({seen[target]} and {path}); give their folder instead")
        seen[target] = str(path)
        tasks.append(ShardTask(str(path), name, str(target), max_record_size))
    return tasks


def count(n: int, noun: str) -> str:
    """``3 records``, ``1 record``, ``2 fixes``."""
    plural = noun + ("es" if noun.endswith(("s", "x")) else "s")
    return f"{n:,} {noun if n == 1 else plural}"
