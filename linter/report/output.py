"""Printing findings in every `--output-format` (docs/output-formats.md).

``text`` (with the flagged line), ``concise`` (one line each), ``json`` and ``json-lines``
are printed here; ``github``, ``sarif``, ``junit`` and ``html`` live in ``linter.report.groups``,
one module each. Colour is used only on a terminal.

The CLI calls ``Printer.findings`` and then ``Printer.summary``: streaming formats print
in ``findings``; formats that are one document (SARIF, JUnit, HTML) need the whole run,
so they print in ``summary``.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from linter.document import Document
from linter.findings import Finding, Severity

if TYPE_CHECKING:
    from linter.engine.linter import Linter

FORMATS = ("text", "concise", "json", "json-lines", "github", "sarif", "junit", "html")
# Printed whole at the end of a run (they need every finding, the rules and the counts).
DOCUMENT_FORMATS = ("sarif", "junit", "html")
SNIPPET_WIDTH = 100
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Whether to colour ``stream``: `--color always|never` decides; with `auto`, a
    non-empty NO_COLOR turns colour off (no-color.org), a non-empty FORCE_COLOR turns it
    on (force-color.org), and otherwise a terminal gets colour and a pipe does not."""
    env = os.environ if env is None else env
    if choice != "auto":
        return choice == "always"
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def default_format(env: Mapping[str, str] | None = None) -> str:
    """``github`` inside GitHub Actions (GITHUB_ACTIONS=true), else ``text``."""
    env = os.environ if env is None else env
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


@dataclass(frozen=True)
class Record:
    """Where a JSON Lines finding's text came from: the record's physical line in the file
    and the field (a dotted path). The finding's own line and column count inside that
    field's text."""

    line: int
    field: str


@dataclass
class Located:
    """A finding with the file it is reported against. Its location in that file is
    ``line``/``column``: the finding's own, or for a JSON Lines record the record's line
    (column 1), the place inside the field then given by ``record`` and the finding."""

    path: str
    doc: Document
    finding: Finding
    record: Record | None = None

    @property
    def line(self) -> int:
        return self.record.line if self.record else self.finding.line

    @property
    def column(self) -> int:
        return 1 if self.record else self.finding.column

    @property
    def end_line(self) -> int:
        return self.record.line if self.record else self.finding.end_line

    @property
    def end_column(self) -> int:
        return 1 if self.record else self.finding.end_column

    def inside(self) -> str:
        """`` (field `text`, line 3, column 5)`` for a record, else ""."""
        if self.record is None:
            return ""
        f = self.finding
        return f" (field `{self.record.field}`, line {f.line}, column {f.column})"

    def to_dict(self) -> dict[str, object]:
        """The documented JSON shape (docs/output-formats.md); a record's finding has its
        place in the field as ``field``, ``field_line``, ``field_column``,
        ``field_end_line`` and ``field_end_column``."""
        data = self.finding.to_dict(self.path)
        if self.record is not None:
            f = self.finding
            data.update(line=self.line, column=self.column, end_line=self.end_line,
                        end_column=self.end_column, field=self.record.field,
                        field_line=f.line, field_column=f.column,
                        field_end_line=f.end_line, field_end_column=f.end_column)
        return data


@dataclass
class Summary:
    files: int = 0
    findings: list[Located] = field(default_factory=list)
    fixed: int = 0
    changed_files: int = 0
    problems: int = 0  # files or rules that failed
    paths: list[str] = field(default_factory=list)  # every file read, as shown

    def by_severity(self) -> Counter[Severity]:
        return Counter(item.finding.severity for item in self.findings)


class Printer:
    def __init__(
        self,
        fmt: str,
        stream: TextIO | None = None,
        color: bool | None = None,
        linter: Linter | None = None,
        sarif_root: str | Path | None = None,
        quiet: bool = False,
    ) -> None:
        self.fmt = fmt
        self.quiet = quiet  # text: no summary line
        self.stream = stream or sys.stdout
        self.color = use_color("auto", self.stream) if color is None else color
        if fmt not in ("text", "concise"):
            self.color = False
        self.linter = linter  # its rules describe SARIF results; HTML runs its fix
        self.sarif_root = sarif_root
        self._console = None

    def _out(self, text: str, style: str | None = None) -> None:
        if not self.color:
            print(text, file=self.stream)
            return
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False, soft_wrap=True,
                                    force_terminal=True, no_color=False)
        from rich.markup import escape

        self._console.print(f"[{style}]{escape(text)}[/]" if style else escape(text))

    def findings(self, items: list[Located]) -> None:
        if self.fmt == "json":
            data = [item.to_dict() for item in items]
            print(json.dumps(data, ensure_ascii=False, indent=2), file=self.stream)
            return
        if self.fmt == "json-lines":
            for item in items:
                print(json.dumps(item.to_dict(), ensure_ascii=False),
                      file=self.stream)
            return
        if self.fmt == "github":
            from linter.report import github

            for line in github.annotations(items):
                print(line, file=self.stream)
            return
        if self.fmt in DOCUMENT_FORMATS:
            return
        if not self.color:  # plain text: one write for the whole run
            self.stream.write("".join(f"{line}\n" for item in items
                                      for line, _ in self._finding(item)))
            return
        for item in items:
            for line, style in self._finding(item):
                self._out(line, style)

    def _finding(self, item: Located) -> list[tuple[str, str]]:
        """The lines printed for one finding, each with its style."""
        f = item.finding
        head = (f"{item.path}:{item.line}:{item.column}: {f.severity.value}[{f.rule}] "
                f"{f.message}{item.inside()}")
        if self.fmt == "concise":
            return [(head, _STYLE[f.severity])]
        mark = " [*]" if f.fixed_by_default else ""
        return [(head + mark, _STYLE[f.severity]), (_snippet(item.doc, f), "dim")]

    def summary(self, summary: Summary, fixing: str = "") -> None:
        if self.fmt == "text":
            if not self.quiet:
                self._out(summary_line(summary, fixing), "bold")
        elif self.fmt == "github":
            from linter.report import github

            for line in github.closing(summary, fixing):
                print(line, file=self.stream)
        elif self.fmt in DOCUMENT_FORMATS:
            self.stream.write(self.document(summary, fixing))

    def document(self, summary: Summary, fixing: str = "") -> str:
        """The whole SARIF, JUnit or HTML output of a run."""
        rules = list(self.linter.rules) if self.linter is not None else []
        if self.fmt == "sarif":
            from linter.report import sarif

            log = sarif.build(summary, rules, root=self.sarif_root)
            return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
        if self.fmt == "junit":
            from linter.report import junit

            return junit.render(summary)
        from linter.report import html

        return html.render(summary, self.linter, fixing)


def write_step_summary(summary: Summary, fixing: str = "",
                       env: Mapping[str, str] | None = None) -> bool:
    """Append the markdown run summary to $GITHUB_STEP_SUMMARY when it is set."""
    env = os.environ if env is None else env
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    from linter.report import markdown

    with open(target, "a", encoding="utf-8") as handle:
        handle.write(markdown.step_summary(summary, fixing))
    return True


def _snippet(doc: Document, finding: Finding) -> str:
    text = doc.line_text(finding.line - 1).strip()
    if len(text) > SNIPPET_WIDTH:
        text = text[: SNIPPET_WIDTH - 1] + "…"
    more = finding.end_line - finding.line
    extra = f"  (+{more} more line{'s' * (more > 1)})" if more else ""
    return f"    | {text}{extra}"


def summary_line(summary: Summary, fixing: str = "") -> str:
    """One sentence; ``fixing`` is "" for check, "fix" or "diff" for fix (--diff)."""
    files = _count(summary.files, "file")
    counts = summary.by_severity()
    parts = ", ".join(_count(counts[s], s.value) for s in reversed(Severity))
    total = len(summary.findings)
    problems = (f" {_count(summary.problems, 'error')} (see above)."
                if summary.problems else "")
    if fixing:
        verb, changed = ("Would fix", "would change") if fixing == "diff" else ("Fixed", "changed")
        left = f"{total} remaining ({parts})" if total else "none remaining"
        return (f"{verb} {_count(summary.fixed, 'finding')} in {files} "
                f"({_count(summary.changed_files, 'file')} {changed}); {left}.{problems}")
    if not total:
        return f"Checked {files}: no findings.{problems}"
    fixable = sum(item.finding.fixed_by_default for item in summary.findings)
    unsafe = sum(item.finding.fixable for item in summary.findings) - fixable
    hint = f"; {fixable} fixable with `artlint fix`" if fixable else ""
    if unsafe:
        more = "more " if fixable else ""
        hint += f"; {unsafe} {more}fixable with `artlint fix --unsafe-fixes`"
    return f"Checked {files}: {_count(total, 'finding')} ({parts}){hint}.{problems}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"
