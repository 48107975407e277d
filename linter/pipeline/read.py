"""One file in, one file out: a file (or stdin) read as the document its format's adapter
sees (``Source``), and its fixed text written back the same way: gzipped again, atomically,
only if the file has not changed since it was read; or echoed to stdout, or shown as a
diff. Every whole-document format goes through here (``linter.pipeline.run``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from linter import files
from linter.document import Document
from linter.errors import InputError
from linter.pipeline.notices import print_diff, write_failed
from linter.pipeline.safety import Safety
from linter.report import output
from linter.sources import SNIFFED, encode_for, format_of, gunzip, gzipped, read_bytes


@dataclass
class Source:
    """A file read for linting."""

    path: str  # as named on the command line (files.STDIN for stdin)
    shown: str  # the name in findings and messages
    name: str  # the name that picks its format and compression (stdin: --stdin-filename)
    fmt: str
    doc: Document  # its text (decompressed), named by ``name``
    stamp: files.Stamp | None = None  # what was read, checked again before writing


def names(path: str, stdin_filename: str | None) -> tuple[str, str]:
    """(name that picks the format, name shown in findings)."""
    if path == files.STDIN:
        name = stdin_filename or SNIFFED
        sniffed = name.startswith(f"{SNIFFED}.")  # sources.stdin_name: shown as <stdin>
        return name, SNIFFED if sniffed else name
    return path, path


def format_for(path: str, linter: object, stdin_filename: str | None) -> str:
    """The input format of ``path`` (stdin: by ``stdin_filename``)."""
    return format_of(names(path, stdin_filename)[0], linter)


def read(path: str, fmt: str, safety: Safety, stdin_filename: str | None) -> Source:
    """``path``, a file of format ``fmt`` (``format_for``), read as a Source; InputError
    naming the file and the reason."""
    name, shown = names(path, stdin_filename)
    if path != files.STDIN:
        if gzipped(path):
            data, stamp = read_bytes(path, safety.max_file_size)
            return Source(path, shown, name, fmt, Document.from_bytes(data, path), stamp)
        doc, stamp = files.read_stamped(path, safety.max_file_size)
        return Source(path, shown, name, fmt, doc, stamp)
    data = files.read_stream(sys.stdin.buffer, name, safety.max_file_size)
    try:
        text = gunzip(data, shown, "stream", safety.max_file_size) if gzipped(name) else data
        return Source(path, shown, name, fmt, Document.from_bytes(text, name))
    except InputError as exc:
        exc.taken = data
        raise


def echo_unread(error: InputError) -> None:
    """`fix -` on stdin it cannot read: stdin to stdout as it came, so that a pipe or an
    editor's filter loses nothing (the error itself goes to stderr)."""
    import shutil  # deferred: only for stdin that cannot be read

    sys.stdout.buffer.write(error.taken)
    shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)
    sys.stdout.flush()


def write_back(source: Source, text: str, summary: output.Summary, diff: bool,
               safety: Safety) -> bool:
    """Show the diff, echo stdin, or write the file when ``text`` changed it. False when
    the write failed (reported, and counted as a problem)."""
    doc = source.doc
    changed = text != doc.text
    if diff:
        summary.changed_files += changed
        if changed:
            print_diff(source.shown, doc.text, text)
    elif source.path == files.STDIN:
        summary.changed_files += changed
        sys.stdout.buffer.write(encode_for(source.name, doc.to_bytes(text)))
        sys.stdout.flush()
    elif changed:
        if not _write(source, text, safety):
            summary.problems += 1
            return False
        summary.changed_files += 1
    return True


def _write(source: Source, text: str, safety: Safety) -> bool:
    from linter import writes  # deferred: only `fix` writes (start-up)

    path = source.path
    try:
        writes.write_atomic(path, encode_for(path, source.doc.to_bytes(text)),
                            expected=source.stamp)
    except (files.StaleFileError, OSError) as exc:
        write_failed(path, exc, safety.verbose)
        return False
    return True
