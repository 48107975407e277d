"""`check` and `fix` for files that go through a reader (see linter.sources)."""

from __future__ import annotations

import contextlib
import difflib
import gzip
import os
import sys
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from linter import files, writes
from linter.document import Document
from linter.engine.linter import CheckResult
from linter.errors import InputError
from linter.pipeline import deletion, records, tables
from linter.pipeline.cache import CachingEngine
from linter.pipeline.notices import fail, hold, print_diff, report_errors
from linter.report import output
from linter.sources import (
    SNIFFED,
    adapter,
    encode_for,
    fields,
    format_of,
    gzipped,
    jsonl,
    read_bytes,
)


def _names(path: str, stdin_filename: str | None) -> tuple[str, str]:
    """(name that picks the format, name shown in findings)."""
    if path == files.STDIN:
        name = stdin_filename or "<stdin>"
        sniffed = name.startswith(f"{SNIFFED}.")  # readers.stdin_name: shown as <stdin>
        return name, SNIFFED if sniffed else name
    return path, path


def _source(path: str, safety: Any, name: str) -> tuple[Document, files.Stamp | None]:
    if path == files.STDIN:
        data = files.read_stream(sys.stdin.buffer, name, safety.max_file_size)
        if gzipped(name):
            data = gzip.decompress(data)
        return Document.from_bytes(data, name), None
    data, stamp = read_bytes(path, safety.max_file_size)
    return Document.from_bytes(data, path), stamp


def _read_counted(path: str, safety: Any, name: str, shown: str,
                  summary: Any) -> tuple[Document, files.Stamp | None] | None:
    """The file read and counted as linted, or None when it cannot be read (reported)."""
    try:
        read = _source(path, safety, name)
    except (InputError, OSError) as exc:
        fail(str(exc))
        summary.problems += 1
        return None
    _counted(summary, shown)
    return read


def _counted(summary: Any, shown: str) -> None:
    summary.files += 1
    summary.paths.append(shown)


# --------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------


def check_one(linter: Any, path: str, summary: Any, safety: Any,
              stdin_filename: str | None, results: Any = None) -> None:
    """Check one file through its reader; ``results`` (a cache.ResultCache) answers a
    Markdown, HTML or gzipped file seen before (same path and bytes; the cache's
    fingerprint holds the configuration that picks the format), or a JSON Lines
    record's field seen before in this file."""
    name, shown = _names(path, stdin_filename)
    fmt = format_of(name, linter)
    if fmt == "jsonl":
        _counted(summary, shown)
        _jsonl(linter, path, shown, summary, safety, fix=None, results=results)
        return
    if fmt == "parquet":  # record batches (linter.pipeline.tables)
        tables.check_one(linter, path, summary, safety)
        return
    read = _read_counted(path, safety, name, shown, summary)
    if read is None:
        return
    doc, _ = read
    known = results.lookup(doc) if results is not None else None
    if known is not None:
        located, errors = [(doc, f) for f in known.findings], []
    else:
        located, errors = _check_doc(linter, doc, fmt)
        _remember(results, doc, located, errors)
    summary.problems += report_errors(errors)
    summary.findings += [output.Located(shown, shown_doc, f) for shown_doc, f in located]


def _remember(results: Any, doc: Document, located: list[tuple[Document, Any]],
              errors: list) -> None:
    """Store in the result cache (if any) what ``doc`` was found to hold, when every
    finding is located in ``doc`` itself (Markdown and HTML sources; gzipped text)."""
    if results is not None and all(shown_doc is doc for shown_doc, _ in located):
        results.store(doc, CheckResult([f for _, f in located], list(errors)))


def _check_doc(linter: Any, doc: Document, fmt: str) -> tuple[list[tuple[Document, Any]], list]:
    checked = adapter(fmt).check(linter, doc)
    return checked.located, checked.errors


# --------------------------------------------------------------------------------------
# fix
# --------------------------------------------------------------------------------------


def fix_one(linter: Any, path: str, summary: Any, diff: bool, unsafe: bool, safety: Any,
            stdin_filename: str | None, results: Any = None) -> None:
    """Fix one file through its reader; ``results`` (a cache.ResultCache) answers a file
    seen before with nothing to fix, and learns what the fixed file still holds."""
    name, shown = _names(path, stdin_filename)
    fmt = format_of(name, linter)
    if fmt == "jsonl":
        _counted(summary, shown)
        _jsonl(linter, path, shown, summary, safety, fix=(diff, unsafe), results=results)
        return
    if fmt == "parquet":  # record batches (linter.pipeline.tables)
        tables.fix_one(linter, path, summary, diff, unsafe, safety)
        return
    read = _read_counted(path, safety, name, shown, summary)
    if read is None:
        return
    doc, stamp = read
    known = results.lookup(doc) if results is not None else None
    if known is not None and not known.has_fix(unsafe):  # clean, as far as fixes go
        summary.findings += [output.Located(shown, doc, f) for f in known.findings]
        _write_back(path, name, shown, doc, doc.text, stamp, summary, diff)
        return
    text, applied, touched, errors, converged = fix_doc(linter, doc, fmt, unsafe)
    summary.problems += report_errors(errors)
    if not converged:
        fail(f"{shown}: fixes did not settle; review this file")
        summary.problems += 1
    held = deletion.review(doc, text, touched, safety.max_deletion, safety.force, fmt)
    preview = None  # what a report shows the fix would still do: the fix held back
    if held is not None:
        hold(path if path != files.STDIN else shown, doc, held, touched, safety)
        preview = output.FixPreview(text, touched)
        text, applied = doc.text, 0
    fixed = doc.with_text(text)
    located, check_errors = _check_doc(linter, fixed, fmt)
    summary.findings += [output.Located(shown, d, f, preview=preview) for d, f in located]
    _remember(results, fixed, located, check_errors)
    if _write_back(path, name, shown, doc, text, stamp, summary, diff):
        summary.fixed += applied  # fixes in a file that could not be written do not count


def _write_back(path: str, name: str, shown: str, doc: Document, text: str, stamp: Any,
                summary: Any, diff: bool) -> bool:
    """Show the diff, echo stdin, or write the file atomically when ``text`` changed.
    False when the write failed (it is reported and counted as a problem)."""
    changed = text != doc.text
    if diff:
        if changed:
            summary.changed_files += 1
            print_diff(shown, doc.text, text)
    elif path == files.STDIN:
        summary.changed_files += changed
        sys.stdout.buffer.write(encode_for(name, doc.to_bytes(text)))
        sys.stdout.flush()
    elif changed:
        try:
            writes.write_atomic(path, encode_for(path, doc.to_bytes(text)), expected=stamp)
        except files.StaleFileError as exc:
            fail(str(exc))
            summary.problems += 1
            return False
        except OSError as exc:
            fail(f"{path}: cannot write: {exc.strerror or exc}; left unchanged")
            summary.problems += 1
            return False
        summary.changed_files += 1
    return True


def fix_doc(linter: Any, doc: Document, fmt: str, unsafe: bool) -> tuple:
    """Fix one document of format ``fmt`` through its adapter: the fixed text, the fixes
    applied, the source lines each rule touched, rule errors, and whether it converged."""
    fixed = adapter(fmt).fix(linter, doc, unsafe)
    return fixed.text, fixed.applied, fixed.touched, fixed.errors, fixed.converged


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
    changed = False
    reported: set[int] = set()
    fixed_before = summary.fixed  # a file that is not written fixes nothing
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
                out = _record(linter, raw, number, path, shown, paths, summary,
                              safety, fix)
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
    if fix is None:
        return
    if fix[0]:
        summary.changed_files += changed
        return
    if not _finish(sink, temp, path, info, changed, summary):
        summary.fixed = fixed_before


def _record(linter: Any, raw: bytes, number: int, path: str, shown: str, paths: list[str],
            summary: Any, safety: Any, fix: tuple[bool, bool] | None) -> bytes:
    """Check or fix one record (linter.pipeline.records does the work) and report it."""
    where = f"{shown}:{number}"
    options = None if fix is None else records.FixOptions(
        unsafe=fix[1], force=safety.force, max_deletion=safety.max_deletion)
    line = records.lint_line(linter, raw, paths, path if path != files.STDIN else shown,
                             options)
    if line.problem is not None:
        fail(f"{where}: {line.problem}")
        summary.problems += 1
        return raw
    for item in line.fields:
        result = item.result
        summary.problems += report_errors(result.errors)
        if result.held is not None:
            safety.held.append(where)
            print(f"artlint: needs review: {where} ({item.path}): fix held back: it "
                  f"{result.held}; record left as it is: check those rules, or rerun "
                  "with --force", file=sys.stderr)
        summary.fixed += result.applied
        place = output.Record(number, item.path)
        held_fix = result.held_fix  # a report shows what the fix held back would do
        preview = (None if held_fix is None
                   else output.FixPreview(held_fix.text, held_fix.touched))
        summary.findings += [output.Located(shown, result.doc, f, place, preview)
                             for f in result.findings]
        if fix is not None and fix[0] and result.changed:
            _print_field_diff(f"{where}:{item.path}", item.original, result.text)
    return line.out


def _print_field_diff(name: str, before: str, after: str) -> None:
    lines = difflib.unified_diff(before.splitlines(keepends=True),
                                 after.splitlines(keepends=True), f"a/{name}", f"b/{name}")
    for line in lines:
        sys.stdout.write(line if line.endswith("\n") else line + "\n\\ No newline at end of "
                         "field\n")


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
    except files.StaleFileError as exc:
        _discard(sink, temp)
        fail(str(exc))
    except OSError as exc:
        _discard(sink, temp)
        fail(f"{path}: cannot write: {exc.strerror or exc}; left unchanged")
    else:
        summary.changed_files += 1
        return True
    summary.problems += 1
    return False
