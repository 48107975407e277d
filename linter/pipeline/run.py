"""The driver for `check` and `fix`: discover, read, cache, check or fix (on workers where
that pays), guard, write, and gather the run's findings in an ``output.Summary``.

Plain text is read and written here; a file in another format (Markdown, HTML, JSON
Lines, gzip, or stdin named as one) is handed to ``linter.pipeline.sources`` in its
turn. What the run says as it goes is ``linter.pipeline.notices``.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter import files, writes
from linter import sources as readers
from linter.config import hierarchy, ignorefile
from linter.config import settings as config
from linter.document import Document
from linter.engine.linter import MAX_FIX_PASSES, FixResult, Linter
from linter.errors import ArtlintError, InputError
from linter.findings import Severity
from linter.pipeline import baseline, cache, deletion, parallel
from linter.pipeline import sources as adapted
from linter.pipeline.cache import unfixed
from linter.pipeline.notices import (
    fail,
    hold,
    print_diff,
    report_errors,
    shown,
    stderr_console,
    switched_off,
)
from linter.pipeline.parallel import BATCH
from linter.pipeline.safety import Safety
from linter.report import output

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

EXIT_REVIEW = 3  # `fix`: a fix was held back by the deletion guard (needs review)


def read(path: str, safety: Safety | None = None) -> Document:
    limit = (safety or Safety()).max_file_size
    if path == files.STDIN:
        data = files.read_stream(sys.stdin.buffer, shown(path), limit)
        return Document.from_bytes(data, shown(path))
    return files.read(path, limit)


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
    """Read a batch, answer what the cache knows, check the rest (on workers if worth it)."""
    docs: list[tuple[str, Document]] = []
    for path in batch:
        if readers.handled(path, linter, stdin_filename):  # Markdown, HTML, JSONL, gzip
            check_docs(docs, results, workers, summary)
            docs = []
            adapted.check_one(linter, path, summary, safety, stdin_filename, results)
            continue
        try:
            docs.append((path, read(path, safety)))
        except InputError as exc:
            fail(str(exc))
            summary.problems += 1
    check_docs(docs, results, workers, summary)


def check_docs(
    docs: list[tuple[str, Document]], results: Any, workers: Any, summary: output.Summary
) -> None:
    known = results.lookup_many([doc for _, doc in docs])
    fresh = iter(workers.check([doc for (_, doc), hit in zip(docs, known, strict=True)
                                if hit is None]))
    for (path, doc), hit in zip(docs, known, strict=True):
        result = hit
        if result is None:
            result = next(fresh)
            results.store(doc, result)
        summary.files += 1
        summary.paths.append(shown(path))
        summary.problems += report_errors(result.errors)
        summary.findings += [output.Located(shown(path), doc, f) for f in result.findings]


def apply_baseline(
    summary: output.Summary, settings: config.Settings, write_to: Path | None
) -> None:
    """Write the findings to a new baseline, or keep only those not in the baseline."""

    if write_to is not None:
        count = baseline.write(write_to, summary.findings)
        print(f"artlint: wrote {count} baseline entr{'y' if count == 1 else 'ies'} "
              f"({len(summary.findings)} findings) to {write_to}", file=sys.stderr)
        return
    known = settings["baseline"]
    if known is None:
        return
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
    it), then guard, write and report file by file in order."""
    pending: list[tuple[str, Document, Any]] = []
    for path in batch:
        if readers.handled(path, linter, stdin_filename):  # Markdown, HTML, JSONL, gzip
            fix_docs(pending, linter, summary, diff, unsafe, safety, cache, workers)
            pending = []
            adapted.fix_one(linter, path, summary, diff, unsafe, safety, stdin_filename, cache)
            continue
        try:
            if path == files.STDIN:
                doc, stamp = read(path, safety), None
            else:
                doc, stamp = files.read_stamped(path, safety.max_file_size)
        except InputError as exc:
            fail(str(exc))
            summary.problems += 1
            continue
        pending.append((path, doc, stamp))
    fix_docs(pending, linter, summary, diff, unsafe, safety, cache, workers)


def fix_docs(
    pending: list[tuple[str, Document, Any]], linter: Linter, summary: output.Summary,
    diff: bool, unsafe: bool, safety: Safety, cache: Any, workers: Any,
) -> None:

    known = cache.lookup_many([doc for _, doc, _ in pending])
    todo = [doc for (_, doc, _), hit in zip(pending, known, strict=True)
            if hit is None or hit.has_fix(unsafe)]
    fresh = iter(workers.fix(todo, unsafe))
    for (path, doc, stamp), hit in zip(pending, known, strict=True):
        if hit is not None and not hit.has_fix(unsafe):
            result = unfixed(doc, hit)
        else:
            result = next(fresh)
            cache.store_fixed(result)
        finish_fix(linter, path, doc, stamp, result, summary, diff, safety)


def finish_fix(
    linter: Linter, path: str, doc: Document, stamp: Any, result: FixResult,
    summary: output.Summary, diff: bool, safety: Safety,
) -> None:
    """Guard, write (or print) and report one file's fix. A fix held back stays on its
    findings (``preview``), for a report that shows what it would do."""
    summary.files += 1
    summary.paths.append(shown(path))
    summary.problems += report_errors(result.errors)
    if not result.converged:
        fail(f"{shown(path)}: fixes did not settle after {MAX_FIX_PASSES} passes; "
              "review this file")
        summary.problems += 1
    held = deletion.review(doc, result.text, result.touched, safety.max_deletion, safety.force)
    if held is not None:
        hold(path, doc, held, result.touched, safety)
        preview = output.FixPreview(result.text, result.touched)
        summary.findings += [output.Located(shown(path), doc, f, preview=preview)
                             for f in linter.check(doc).findings]
        if path == files.STDIN and not diff:
            sys.stdout.buffer.write(doc.to_bytes())
            sys.stdout.flush()
        return
    summary.findings += [output.Located(shown(path), result.fixed, f) for f in result.remaining]
    if diff:
        if result.changed:
            summary.changed_files += 1
            print_diff(shown(path), doc.text, result.text)
    elif path == files.STDIN:
        summary.changed_files += result.changed
        sys.stdout.buffer.write(doc.to_bytes(result.text))
        sys.stdout.flush()
    elif result.changed:
        if not write(path, doc, result.text, summary, stamp, safety):
            return  # nothing written: its fixes are not counted
        summary.changed_files += 1
    summary.fixed += result.applied


def write(
    path: str, doc: Document, text: str, summary: output.Summary,
    stamp: files.Stamp | None = None, safety: Safety | None = None,
) -> bool:
    """Write the fixed text; report and count a failure. True if the file was written."""
    try:
        writes.write_atomic(path, doc.to_bytes(text), expected=stamp)
    except files.StaleFileError as exc:
        fail(str(exc))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if safety is not None and safety.verbose and exc.errno:

            reason += f" [{errno.errorcode.get(exc.errno, exc.errno)}]"
        fail(f"{path}: cannot write: {reason}; left unchanged")
    else:
        return True
    summary.problems += 1
    return False
