"""The driver for `check` and `fix`: discover, read, cache, check or fix (on workers where
that pays), guard, write, and gather the run's findings in an ``output.Summary``.

Every file goes the same way, whatever its format: read whole (``linter.pipeline.read``),
checked or fixed through its source adapter (``linter.sources.check_source`` and
``fix_source``, on workers), guarded (``linter.pipeline.deletion``) and written back.
A record format is streamed in its turn instead (``STREAMED``): JSON Lines record by
record (``linter.pipeline.streams``), Parquet in record batches (``linter.pipeline.tables``).
What the run says as it goes is ``linter.pipeline.notices``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter import files
from linter.config import hierarchy, ignorefile
from linter.config import settings as config
from linter.engine.linter import MAX_FIX_PASSES, Linter
from linter.errors import ArtlintError, InputError
from linter.findings import Severity
from linter.pipeline import cache, deletion, parallel, read
from linter.pipeline.notices import (
    fail,
    hold,
    report_errors,
    shown,
    stderr_console,
    switched_off,
)
from linter.pipeline.parallel import BATCH
from linter.pipeline.safety import Safety
from linter.report import output
from linter.sources import check_source
from linter.sources.base import Fixed

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

EXIT_REVIEW = 3  # `fix`: a fix was held back by the deletion guard (needs review)
# Text the parent reads ahead before it lints: a batch of BATCH files is cut short here,
# so a batch of large files does not hold them all in memory at once.
READ_AHEAD_BYTES = 64 << 20
# Record formats, each read and written by its own streaming module (``check``, ``fix``).
STREAMED = ("jsonl", "parquet")


def with_progress(paths: list[str], enabled: bool) -> Iterator[str]:
    """Yield paths, with a rich progress bar on stderr for long runs on a terminal."""
    show = enabled and len(paths) > 20 and sys.stderr.isatty() and not os.environ.get("CI")
    if not show:
        yield from paths
        return
    from rich.progress import (
        track,  # deferred: rich's progress bar only for a long run on a terminal
    )

    yield from track(paths, description="Linting", transient=True, console=stderr_console())


@dataclass
class Caching:
    """How the run caches results: one folder (the run's), a store per configuration."""

    run: config.Settings
    off: bool
    folder: Path | None

    def open(self, settings: config.Settings) -> Any:

        folder = cache.folder_for(self.run, self.folder, enabled=not self.off)
        fingerprint = cache.source_fingerprint(settings) if folder is not None else ""
        return cache.ResultCache(folder, fingerprint)


def run_groups(
    groups: list[tuple[config.Settings, list[str]]], linters: hierarchy.RunLinters,
    caching: Caching, jobs: int, progress: bool,
    step: Callable[[list[str], Any, Any, Any], None],
) -> None:
    """``step(batch, linter, results, workers)`` over each group's files in batches."""
    switched_off.clear()
    for settings, members in groups:
        linter = linters.of(settings)
        results = caching.open(settings)
        workers = start_workers(linter, jobs, len(members))
        try:
            for batch in batches(with_progress(members, progress)):
                step(batch, linter, results, workers)
        finally:
            workers.close()
            results.close()


def in_order(summary: output.Summary, targets: list[str], groups: int) -> None:
    """Findings and files back in the order of the targets, after several groups."""
    if groups < 2:
        return
    rank = {shown(path): number for number, path in enumerate(targets)}
    last = len(rank)
    summary.findings.sort(key=lambda item: rank.get(item.path, last))
    summary.paths.sort(key=lambda path: rank.get(path, last))


def start_workers(linter: Linter, jobs: int, files_count: int) -> Any:

    if jobs < 0:
        raise ArtlintError(f"--jobs: expected a number of processes, 0 (auto) or more; "
                           f"got `{jobs}`")
    if files_count < parallel.MIN_PARALLEL:
        return parallel.Workers(linter, 1)
    return parallel.Workers(linter, jobs or parallel.default_jobs())


def batches(paths: Iterator[str]) -> Iterator[list[str]]:

    batch: list[str] = []
    for path in paths:
        batch.append(path)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def check_batch(
    batch: list[str], linter: Linter, results: Any, workers: Any, summary: output.Summary,
    safety: Safety, stdin_filename: str,
) -> None:
    """Read a batch, answer what the cache knows, check the rest (on workers if worth it).
    A record format's file is streamed in its turn (``STREAMED``)."""
    for unit in read_ahead(batch, linter, safety, stdin_filename, summary):
        if isinstance(unit, tuple):
            streamer, path = unit
            streamer.check(linter, path, summary, safety, stdin_filename, results)
        else:
            check_sources(unit, results, workers, summary)


def read_ahead(
    batch: list[str], linter: Linter, safety: Safety, stdin_filename: str,
    summary: output.Summary, echo_stdin: bool = False,
) -> Iterator[list[read.Source] | tuple[Any, str]]:
    """The batch as runs of files read whole, each run at most READ_AHEAD_BYTES of text,
    and between them (the module that streams it, the path) for each record format's
    file, to be streamed in its turn (``STREAMED``). ``echo_stdin``: stdin that cannot
    be read goes to stdout as it came (`fix -`)."""
    sources: list[read.Source] = []
    size = 0
    for path in batch:
        fmt = read.format_for(path, linter, stdin_filename)
        if fmt in STREAMED:
            if sources:
                yield sources
                sources, size = [], 0
            yield streamer(fmt), path
            continue
        try:
            source = read.read(path, fmt, safety, stdin_filename)
        except InputError as exc:  # reported, counted as a problem, and skipped
            fail(str(exc))
            summary.problems += 1
            if echo_stdin and path == files.STDIN:
                read.echo_unread(exc)
            continue
        sources.append(source)
        size += len(source.doc.text)
        if size >= READ_AHEAD_BYTES:
            yield sources
            sources, size = [], 0
    if sources:
        yield sources


def streamer(fmt: str) -> Any:
    """The module that streams a record format (one of ``STREAMED``)."""
    if fmt == "jsonl":
        from linter.pipeline import streams  # deferred: JSON Lines files only (start-up)

        return streams
    from linter.pipeline import tables  # deferred: Parquet files only (start-up)

    return tables


def check_sources(
    sources: list[read.Source], results: Any, workers: Any, summary: output.Summary
) -> None:
    known = results.lookup_many([source.doc for source in sources])
    fresh = iter(workers.check([(source.fmt, source.doc)
                                for source, hit in zip(sources, known, strict=True)
                                if hit is None]))
    for source, hit in zip(sources, known, strict=True):
        result = hit
        if result is None:
            result = next(fresh)
            results.store(source.doc, result)
        summary.add_file(source.shown)
        summary.problems += report_errors(result.errors)
        summary.findings += output.located(source.shown, source.doc, result.findings)


def apply_baseline(
    summary: output.Summary, settings: config.Settings, write_to: Path | None
) -> None:
    """Write the findings to a new baseline, or keep only those not in the baseline."""
    if write_to is None and settings["baseline"] is None:
        return
    from linter.pipeline import baseline  # deferred: only with a baseline (start-up)

    if write_to is not None:
        count, kept = baseline.write(write_to, summary.findings, summary.paths)
        others = f"; kept {kept} for files not linted in this run" if kept else ""
        print(f"artlint: wrote {count} baseline entr{'y' if count == 1 else 'ies'} "
              f"({len(summary.findings)} findings) to {write_to}{others}", file=sys.stderr)
        return
    known = settings["baseline"]
    outcome = baseline.apply(known, summary.findings, summary.paths)
    summary.findings = outcome.new
    for line in baseline.describe(outcome, known):
        print(line, file=sys.stderr)


def add_ignores(summary: output.Summary, resolver: hierarchy.Resolver) -> None:
    """Record each finding in the ignore file of its file's configuration
    (linter.config.ignorefile)."""
    by_file: dict[Path, list[output.Located]] = {}
    for item in summary.findings:
        settings = resolver.for_path(item.path)
        path = ignorefile.path_for(settings["ignore-file"], settings.base)
        by_file.setdefault(path, []).append(item)
    if not by_file:
        root = resolver.root
        by_file[ignorefile.path_for(root["ignore-file"], root.base)] = []
    for path, items in by_file.items():
        ignores = ignorefile.load(path)
        added = ignores.add((item.doc, item.finding) for item in items)
        ignores.write()
        print(f"artlint: added {added} entr{'y' if added == 1 else 'ies'} to the ignore file "
              f"{path} ({len(items)} findings)", file=sys.stderr)


def exit_code(
    summary: output.Summary, threshold: Severity, changed: bool = False, exit_zero: bool = False
) -> int:
    """2 if anything failed, else 1 for findings at or above the threshold (or changes)."""
    if summary.problems:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    failing = any(item.finding.severity.rank >= threshold.rank for item in summary.findings)
    return EXIT_FINDINGS if failing or changed else EXIT_OK


def fix_batch(
    batch: list[str], linter: Linter, summary: output.Summary, diff: bool, unsafe: bool,
    safety: Safety, cache: Any, workers: Any, stdin_filename: str,
) -> None:
    """Read a batch, skip what the cache knows is clean, fix the rest (on workers if worth
    it), then guard, write and report file by file in order. A JSON Lines file is
    streamed in its turn (``STREAMED``)."""
    for unit in read_ahead(batch, linter, safety, stdin_filename, summary, echo_stdin=not diff):
        if isinstance(unit, tuple):
            streamer, path = unit
            streamer.fix(linter, path, summary, diff, unsafe, safety, stdin_filename, cache)
        else:
            fix_sources(unit, linter, summary, diff, unsafe, safety, cache, workers)


def fix_sources(
    pending: list[read.Source], linter: Linter, summary: output.Summary,
    diff: bool, unsafe: bool, safety: Safety, cache: Any, workers: Any,
) -> None:

    known = cache.lookup_many([source.doc for source in pending])
    todo = [(source.fmt, source.doc) for source, hit in zip(pending, known, strict=True)
            if hit is None or hit.has_fix(unsafe)]
    fresh = iter(workers.fix(todo, unsafe))
    for source, hit in zip(pending, known, strict=True):
        if hit is not None and not hit.has_fix(unsafe):
            result = Fixed(source.doc.text, 0, {}, remaining=hit)
        else:
            result = next(fresh)
            assert result.remaining is not None  # sources.fix_source fills it
            cache.store(source.doc.with_text(result.text), result.remaining)
        finish_fix(linter, source, result, summary, diff, safety)


def finish_fix(
    linter: Linter, source: read.Source, result: Fixed, summary: output.Summary,
    diff: bool, safety: Safety,
) -> None:
    """Guard, write (or print) and report one file's fix. A fix held back stays on its
    findings (``preview``), for a report that shows what it would do."""
    summary.add_file(source.shown)
    summary.problems += report_errors(result.errors)
    if not result.converged:
        fail(f"{source.shown}: fixes did not settle after {MAX_FIX_PASSES} passes; "
             "review this file")
        summary.problems += 1
    doc = source.doc
    held = deletion.review(doc, result.text, result.touched, safety.max_deletion,
                           safety.force, source.fmt)
    if held is not None:
        hold(source.shown, doc, held, result.touched, safety)
        preview = output.FixPreview(result.text, result.touched)
        summary.findings += _as_it_is(linter, source, preview)
        read.write_back(source, doc.text, summary, diff, safety)  # stdin: echoed as it is
        return
    fixed = doc.with_text(result.text)
    assert result.remaining is not None
    if read.write_back(source, result.text, summary, diff, safety):
        summary.fixed += result.applied  # fixes in a file not written do not count
        summary.findings += [output.Located(source.shown, fixed, f)
                             for f in result.remaining.findings]
    else:  # left as it was: its findings all remain
        summary.findings += _as_it_is(linter, source)


def _as_it_is(linter: Linter, source: read.Source,
              preview: output.FixPreview | None = None) -> list[output.Located]:
    """The findings of a file that keeps its text (a fix held back, or not written)."""
    return [output.Located(source.shown, source.doc, f, preview=preview)
            for f in check_source(linter, source.fmt, source.doc).findings]
