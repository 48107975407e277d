"""Checking and fixing shards (JSON Lines, gzipped or not, or Parquet), one shard per
task: the engine-agnostic core of `artlint shards` (docs/large-corpora.md).

``run_shard`` does one shard from start to end in whatever process runs it: it streams
the records through ``linter.pipeline.records`` (the CLI's JSON Lines path), or a Parquet
shard's record batches through ``linter.pipeline.tables``, writes the fixed shard whole
(``linter.shards.storage``: a temporary file renamed, or one put on an object store),
then its completion marker (``linter.shards.markers``), and returns a ``ShardSummary``:
counts and messages, never the records. A shard whose valid marker says it is done is
skipped, its summary taken from the marker. An engine (linter.shards.engines) only has to
run ``run_shard`` over the tasks somewhere and hand each summary back;
``linter.shards.planning`` and ``Report`` are the client's side.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import socket
import time
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, BinaryIO

from linter import files
from linter.engine.linter import MAX_TIMEOUTS
from linter.errors import InputError
from linter.pipeline import tables
from linter.pipeline.records import LineResult
from linter.shards import markers, storage
from linter.sources import gzipped, jsonl, parquet

SUMMARY_NAME = "artlint-summary.json"
MAX_MESSAGES = 100  # messages kept per shard; the count is always exact
SUMMARY_VERSION = 1


@dataclass(frozen=True)
class ShardTask:
    """One shard to check (``target`` None) or fix into ``target`` (which may be
    ``source`` itself, when the user asked to fix in place). Locations are absolute paths
    or URLs (linter.shards.storage)."""

    source: str
    name: str  # as shown in messages and the summary
    target: str | None = None
    max_record_size: int | None = files.DEFAULT_MAX_FILE_SIZE
    marker: str | None = None  # its completion marker (linter.shards.markers), fix --out only
    key: str = ""  # what decides the output's bytes (markers.run_key)
    rerun: bool = False  # do it even if its marker says it is done


@dataclass
class ShardSummary:
    """What one shard's run found and did."""

    name: str
    source: str
    target: str | None = None
    records: int = 0
    changed: int = 0  # records a fix changed
    fixed: int = 0  # fixes applied
    held: int = 0  # record fields whose fix the deletion guard held back
    held_records: int = 0  # records with a field held back (left as they were)
    characters: int = 0  # characters of article text read (every field linted)
    removed: dict[str, int] = field(default_factory=dict)  # rule id -> characters removed
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
    rule_errors: int = 0  # rule failures (a marker is not written: a rerun may differ)
    resumed: bool = False  # done by an earlier run (its marker); the counts are that run's

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
    _ = linter.engine  # build the rules (or refuse to) before anything is written
    if task.marker is None:
        _attempt(linter, task, summary)
    else:
        with markers.claimed(task.marker):
            done = None if task.rerun else _done_before(task)
            if done is not None:
                return done
            stamp = _attempt(linter, task, summary)
            _mark(task, summary, stamp)
    for rule, records in sorted(summary.skipped.items()):
        summary.note(f"{task.name}: rule `{rule}` timed out {MAX_TIMEOUTS} times and was "
                     f"switched off; it skipped {count(records, 'record')} (fix the rule, "
                     "or --ignore it)")
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _attempt(linter: Any, task: ShardTask, summary: ShardSummary) -> storage.Stamp | None:
    """Do the shard; the input's stamp as read (None when it failed)."""
    try:
        return _process(linter, task, summary)
    except (OSError, EOFError, zlib.error, _Stale, InputError) as exc:
        summary.failed = f"{_reason(exc)}; nothing written"
        summary.written = False
    return None


def _done_before(task: ShardTask) -> ShardSummary | None:
    """The summary an earlier run left in the shard's valid marker, else None."""
    assert task.marker is not None and task.target is not None
    try:
        found = markers.valid(task.marker, task.key, task.source, task.target)
    except OSError:  # the input is gone or unreadable: do the shard and say so
        return None
    if found is None:
        return None
    try:
        summary = ShardSummary(**found)
    except TypeError:  # a marker from another version of the summary
        return None
    if not _well_typed(summary):
        return None
    summary.resumed = True
    return summary


_BLANK = ShardSummary("", "")


def _well_typed(summary: ShardSummary) -> bool:
    """Every count a count, every table a table: a marker is read from --out, which the
    run does not own."""
    for name, blank in vars(_BLANK).items():
        value = getattr(summary, name)
        if blank is not None and type(value) is not type(blank):
            return False
    return all(isinstance(v, int) for table in (summary.findings, summary.severities,
                                                summary.removed, summary.skipped)
               for v in table.values())


def _mark(task: ShardTask, summary: ShardSummary, stamp: storage.Stamp | None) -> None:
    """Write the marker of a shard done completely (none when it failed, or a rule failed
    or was switched off: a rerun may give other bytes)."""
    if stamp is None or summary.failed is not None or summary.rule_errors or summary.skipped:
        return
    assert task.marker is not None and task.target is not None
    try:
        markers.write(task.marker, task.key, stamp, task.target, asdict(summary))
    except OSError as exc:  # the output stands; the next run redoes the shard
        summary.note(f"{task.name}: cannot write its completion marker "
                     f"({exc.strerror or exc}); the next run will do it again", error=False)


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


def _process(linter: Any, task: ShardTask, summary: ShardSummary) -> storage.Stamp:
    before = storage.stamp(task.source)
    sink = None
    if task.target is not None:
        sink = _Sink(task.target, storage.mode_of(task.source))
    try:
        with _open(task.source) as source:
            if is_table(task.source):
                _stream_table(linter, task, source, sink, summary)
            else:
                _stream(linter, task, source, sink, summary)
        if storage.stamp(task.source) != before:
            raise _Stale
        if sink is not None:
            summary.written = sink.commit(task.source, before, changed=summary.changed > 0)
    finally:
        if sink is not None:
            sink.discard()
    return before


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


def is_table(location: str) -> bool:
    """A Parquet shard (linter.sources.parquet), read in record batches."""
    return location.lower().endswith(".parquet")


def _stream_table(linter: Any, task: ShardTask, source: BinaryIO, sink: _Sink | None,
                  summary: ShardSummary) -> None:
    """Every row of a Parquet shard through the linter, batch by batch, on to ``sink``."""
    try:
        table = parquet.open_table(source, linter.fields)
    except parquet.TableError as exc:
        raise InputError(task.name, str(exc)) from None
    writer = parquet.Writer(sink.stream, table) if sink is not None else None
    fix = linter.fix_options if task.target is not None else None
    for batch in tables.lint_batches(linter.engine, table, task.source, fix):
        summary.bytes += batch.out.nbytes
        for row in batch.rows:
            summary.records += 1
            _count(LineResult(b"", row.fields), f"{task.name}:{row.number}", summary)
        if writer is not None:
            writer.write(batch.out)
    if writer is not None:
        writer.close()


@contextlib.contextmanager
def _open(location: str) -> Iterator[BinaryIO]:
    with storage.open_input(location) as handle:
        if gzipped(location) and not is_table(location):
            with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                yield unzipped  # type: ignore[misc]
        else:
            yield handle


def _count(line: LineResult, where: str, summary: ShardSummary) -> None:
    if line.problem is not None:
        summary.note(f"{where}: {line.problem}")
        return
    summary.changed += line.changed
    summary.held_records += any(item.result.held is not None for item in line.fields)
    for item in line.fields:
        result = item.result
        summary.characters += len(item.original)
        for rule, lost in result.removed.items():
            summary.removed[rule] = summary.removed.get(rule, 0) + lost
        summary.fixed += result.applied
        summary.rule_errors += len(result.errors)
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
    """The fixed shard, streamed to a staged file (storage.Staged) for the target."""

    def __init__(self, target: str, mode: int) -> None:
        self.target = target
        self.mode = mode
        self._open()
        # As the CLI writes a fixed .gz file: no name or time in the header.
        self.stream: Any = (gzip.GzipFile(fileobj=self.staged.handle, mode="wb", mtime=0)
                            if gzipped(target) and not is_table(target) else self.staged.handle)

    def _open(self) -> None:
        self.staged = storage.Staged(self.target, self.mode)

    def write(self, data: bytes) -> None:
        self.stream.write(data)

    def commit(self, source: str, before: storage.Stamp, changed: bool) -> bool:
        """Put the fixed shard in place; True if the target was written. An unchanged
        shard is copied as it is (an in-place one is left alone)."""
        in_place = _same(self.target, source)
        if not changed:
            self.discard()
            if in_place:
                return False
            self._open_copy(source, before)
        elif in_place and storage.stamp(source) != before:
            raise _Stale
        if self.stream is not self.staged.handle:
            self.stream.close()  # writes the gzip trailer; leaves the handle open
        self.staged.commit()
        return True

    def _open_copy(self, source: str, before: storage.Stamp) -> None:
        self._open()
        self.stream = self.staged.handle
        with storage.open_input(source) as original:
            shutil.copyfileobj(original, self.stream, 1 << 20)
        if storage.stamp(source) != before:
            raise _Stale

    def discard(self) -> None:
        if self.stream is not self.staged.handle:
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()
        self.staged.discard()


def _same(one: str, other: str) -> bool:
    if storage.is_url(one) or storage.is_url(other):
        return one == other
    return os.path.realpath(one) == os.path.realpath(other)


def count(n: int, noun: str) -> str:
    """``3 records``, ``1 record``, ``2 fixes``."""
    plural = noun + ("es" if noun.endswith(("s", "x")) else "s")
    return f"{n:,} {noun if n == 1 else plural}"
