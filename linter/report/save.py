"""Reports saved to files: ``--output-file`` and each ``--report FORMAT:FILE``, written
atomically once the run is over.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TextIO

from linter import files, writes
from linter.errors import ArtlintError
from linter.report import output
from linter.report.base import unicode_only


def stream_for(output_file: Path | None, default: TextIO) -> TextIO:
    """Where the report goes: ``default``, or a buffer saved to --output-file at the end."""
    return default if output_file is None else io.StringIO()


def parse_reports(given: list[str]) -> list[tuple[str, Path]]:
    """--report FORMAT:FILE values, checked before anything is linted."""
    reports = []
    for value in given:
        fmt, sep, name = value.partition(":")
        if not sep or not name or fmt not in output.FORMATS:
            raise ArtlintError(f"--report: expected FORMAT:FILE, FORMAT one of "
                               f"{', '.join(output.FORMATS)}; got `{value}`")
        reports.append((fmt, Path(name)))
    return reports


def refuse_inputs(targets: list[str], output_file: Path | None,
                  reports: list[tuple[str, Path]], baseline: Path | None = None) -> None:
    """ArtlintError when a file the run would write its report or baseline to is one of
    the files it lints: the article would be lost."""
    outputs = [(option, path) for option, path in [
        (f"--output-file {output_file}", output_file), (f"--write-baseline {baseline}", baseline),
        *((f"--report {fmt}:{path}", path) for fmt, path in reports)] if path is not None]
    if not outputs:  # most runs: no realpath of every file
        return
    linted = {os.path.realpath(path) for path in targets if path != files.STDIN}
    written: dict[str, str] = {}
    for option, path in outputs:
        real = os.path.realpath(path)
        if real in linted:
            raise ArtlintError(f"{option}: is one of the files being linted; write it to "
                               "another file (nothing was linted or written)")
        if real in written:
            raise ArtlintError(f"{option}: {written[real]} writes the same file; give each "
                               "its own (nothing was linted or written)")
        written[real] = option


def write_reports(reports: list[tuple[str, Path]], items: list[output.Located],
                   summary: output.Summary, printer: output.Printer, fixing: str = "") -> None:
    """Write each --report from the same findings as the main report."""
    for fmt, path in reports:
        buffer = io.StringIO()
        other = output.Printer(fmt, buffer, color=False, linter=printer.linter,
                               sarif_root=printer.sarif_root, quiet=printer.quiet)
        other.findings(items)
        other.summary(summary, fixing)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _save(path, _encoded(buffer.getvalue()))
        except OSError as exc:
            raise ArtlintError(f"--report {fmt}:{path}: cannot write: "
                               f"{exc.strerror or exc}") from None


def save_output(report: TextIO, output_file: Path | None) -> None:
    if output_file is None:
        return
    assert isinstance(report, io.StringIO)
    try:
        _save(output_file, _encoded(report.getvalue()))
    except OSError as exc:
        raise ArtlintError(f"--output-file {output_file}: cannot write: "
                           f"{exc.strerror or exc}") from None


def _save(path: Path, data: bytes) -> None:
    """Write a report file: atomically (a temporary file renamed) over a regular file or
    none, through a symbolic link to its target (the link stays), and straight into
    anything else (`-o /dev/stdout`, a FIFO): a rename would put a file in its place."""
    import stat  # deferred: only a run that saves a report to a file

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    writes.write_new(Path(os.path.realpath(path)), data)


def _encoded(report: str) -> bytes:
    """A report's bytes, as stdout would write them: a file name's bytes that are not UTF-8
    (in the text formats, which name files as they are) written back as they were."""
    try:
        return report.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte: U+FFFD
        return unicode_only(report).encode("utf-8")
