"""`check` and `fix` of JSON Lines files, streamed: one record at a time is read, linted
(``linter.pipeline.records``) and written to a temporary file that replaces the file at
the end, so memory stays bounded by the largest record, not the file."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import sys
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from linter import files, writes
from linter.errors import InputError
from linter.pipeline import records
from linter.pipeline.cache import CachingEngine
from linter.pipeline.notices import fail, print_diff, report_errors, write_failed
from linter.pipeline.read import names
from linter.report import output
from linter.sources import (
    fields,
    gzipped,
    jsonl,
)


def check(linter: Any, path: str, summary: Any, safety: Any, stdin_filename: str | None,
          results: Any = None) -> None:
    """Check a JSON Lines file (or stdin named as one); ``results`` (a cache.ResultCache)
    answers each record's fields seen before in this file."""
    shown = names(path, stdin_filename)[1]
    summary.add_file(shown)
    _jsonl(linter, path, shown, summary, safety, fix=None, results=results)


def fix(linter: Any, path: str, summary: Any, diff: bool, unsafe: bool, safety: Any,
        stdin_filename: str | None, results: Any = None) -> None:
    """Fix a JSON Lines file record by record, writing the fixed file once at the end."""
    shown = names(path, stdin_filename)[1]
    summary.add_file(shown)
    _jsonl(linter, path, shown, summary, safety, fix=(diff, unsafe), results=results)


# --------------------------------------------------------------------------------------
# JSON Lines: streamed, one record at a time
# --------------------------------------------------------------------------------------


def _jsonl(linter: Any, path: str, shown: str, summary: Any, safety: Any,
           fix: tuple[bool, bool] | None, results: Any = None) -> None:
    """Check (``fix`` None) or fix (``fix`` = (diff, unsafe)) a JSON Lines file; with
    ``results`` (a cache.ResultCache), each record's fields are looked up there first."""
    paths = fields(linter)
    if results is not None:

        linter = CachingEngine(linter, results)
    stdin = path == files.STDIN
    try:
        if stdin:
            source: BinaryIO = sys.stdin.buffer
            if gzipped(shown):
                source = gzip.GzipFile(fileobj=source, mode="rb")  # type: ignore[assignment]
            info = None
        else:
            raw_handle = files.open_regular(path)  # closed below; never waits on a FIFO
            info = os.fstat(raw_handle.fileno())
            source = gzip.GzipFile(fileobj=raw_handle, mode="rb") if gzipped(path) \
                else raw_handle  # type: ignore[assignment]
    except InputError as exc:
        fail(str(exc))
        summary.problems += 1
        return
    except OSError as exc:
        fail(f"{shown}: {exc.strerror or exc}")
        summary.problems += 1
        return
    sink, temp = None, None
    if fix is not None and not fix[0]:
        sink, temp = _open_sink(path, shown, info)
    changed = linted_any = records_seen = False
    reported: set[int] = set()
    fixed_before = summary.fixed  # a file that is not written fixes nothing
    problems_before = summary.problems
    found_before = len(summary.findings)
    try:
        for number, raw, too_large in jsonl.read_records(source, safety.max_file_size):
            out = raw
            if too_large:
                if number not in reported:
                    reported.add(number)
                    fail(f"{shown}:{number}: record over the size limit; kept as it is "
                              "(raise --max-file-size to lint it)")
                    summary.problems += 1
            elif raw.strip():
                records_seen = True
                out, fields_found = _record(linter, raw, number, path, shown, paths, summary,
                                            safety, fix)
                linted_any = linted_any or fields_found
            if out != raw:
                changed = True
            if sink is not None:
                sink.write(out)
    except (OSError, EOFError, zlib.error) as exc:
        fail(f"{shown}: cannot read: {exc}; left unchanged")
        summary.problems += 1
        summary.fixed = fixed_before
        _discard(sink, temp)
        return
    finally:
        if not stdin:
            source.close()
    if records_seen and not linted_any and summary.problems == problems_before:
        fail(f"{shown}: no record has a field to lint ({', '.join(paths)}; set "
             "`jsonl-fields`); nothing in it was linted")
        summary.problems += 1
    if fix is None:
        return
    if fix[0]:
        summary.changed_files += changed
        return
    if not _finish(sink, temp, path, info, changed, summary):
        summary.fixed = fixed_before
        _still_holds(linter, path, shown, summary, safety, found_before)


def _still_holds(linter: Any, path: str, shown: str, summary: Any, safety: Any,
                 found_before: int) -> None:
    """A file left as it was (not written) still holds all its findings: they are reported
    instead of what its fixed records would have left (its problems were said already)."""
    del summary.findings[found_before:]
    again = output.Summary()
    with contextlib.redirect_stderr(io.StringIO()):
        _jsonl(linter, path, shown, again, safety, fix=None)
    summary.findings += again.findings


def _record(linter: Any, raw: bytes, number: int, path: str, shown: str, paths: list[str],
            summary: Any, safety: Any, fix: tuple[bool, bool] | None) -> tuple[bytes, bool]:
    """Check or fix one record (linter.pipeline.records does the work) and report it:
    its bytes out, and whether it had a field to lint."""
    where = f"{shown}:{number}"
    options = None if fix is None else records.FixOptions(
        unsafe=fix[1], force=safety.force, max_deletion=safety.max_deletion)
    line = records.lint_line(linter, raw, paths, path if path != files.STDIN else shown,
                             options)
    if line.problem is not None:
        fail(f"{where}: {line.problem}")
        summary.problems += 1
        return raw, False
    report_fields(line.fields, shown, number, summary, safety,
                  diff=fix is not None and fix[0])
    return line.out, bool(line.fields)


def report_fields(fields: list[records.FieldResult], shown: str, number: int, summary: Any,
                  safety: Any, diff: bool, unit: str = "record") -> None:
    """Report what linting record (or row: ``unit``) ``number`` of file ``shown`` gave,
    field by field: rule errors, a fix held back, the findings, and with ``diff`` each
    changed field's diff. JSON Lines and Parquet (linter.pipeline.tables) share it."""
    where = f"{shown}:{number}"
    for item in fields:
        result = item.result
        summary.problems += report_errors(result.errors)
        if result.held is not None:
            safety.held.append(where)
            print(f"artlint: needs review: {where} ({item.path}): fix held back: it "
                  f"{result.held}; {unit} left as it is: check those rules, or rerun "
                  "with --force", file=sys.stderr)
        summary.fixed += result.applied
        place = output.Record(number, item.path)
        held_fix = result.held_fix  # a report shows what the fix held back would do
        preview = (None if held_fix is None
                   else output.FixPreview(held_fix.text, held_fix.touched))
        summary.findings += output.located(shown, result.doc, result.findings, place, preview)
        if diff and result.changed:
            print_diff(f"{where}:{item.path}", item.original, result.text, unit="field")


def _open_sink(path: str, shown: str,
               info: os.stat_result | None) -> tuple[Any, writes.TempFile | None]:
    """Where the fixed records go: stdout for stdin, else a TempFile beside the file that
    takes the mode and owner ``info`` (the read's stat) gives."""
    if path == files.STDIN:
        stream = sys.stdout.buffer
        return (gzip.GzipFile(fileobj=stream, mode="wb", mtime=0) if gzipped(shown)
                else stream), None
    target = Path(os.path.realpath(path))
    temp = writes.TempFile(target, info)
    if gzipped(path):
        return _GzipSink(temp.handle), temp
    return temp.handle, temp


class _GzipSink:
    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.gz = gzip.GzipFile(fileobj=handle, mode="wb", mtime=0)

    def write(self, data: bytes) -> None:
        self.gz.write(data)

    def flush(self) -> None:
        self.gz.flush()

    def fileno(self) -> int:
        return self.handle.fileno()

    def close(self) -> None:
        self.gz.close()  # writes the trailer; the TempFile closes the handle


def _discard(sink: Any, temp: writes.TempFile | None) -> None:
    if temp is None:
        return
    if isinstance(sink, _GzipSink):
        with contextlib.suppress(OSError, ValueError):
            sink.close()
    temp.discard()


def _finish(sink: Any, temp: writes.TempFile | None, path: str, info: Any, changed: bool,
            summary: Any) -> bool:
    """Put the fixed file in place; False when it could not be written (reported)."""
    if temp is None:  # stdin to stdout
        if isinstance(sink, gzip.GzipFile):
            sink.close()
        sys.stdout.flush()
        summary.changed_files += changed
        return True
    if not changed:
        _discard(sink, temp)
        return True
    try:
        if isinstance(sink, _GzipSink):
            sink.close()
        # last, so only one stat stands between the check and the rename
        temp.commit(lambda: writes.check_identity(str(temp.target),
                                                 files.Stamp.of_stat(info)))
    except (files.StaleFileError, OSError) as exc:
        _discard(sink, temp)
        write_failed(path, exc)
    else:
        summary.changed_files += 1
        return True
    summary.problems += 1
    return False
