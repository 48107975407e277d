"""Printing findings: `text` (with the flagged line), `concise` (one line each) and `json`.

Every format prints findings as ``path:line:col: rule-id message`` lines or as the
documented JSON objects (docs/output-formats.md). Colour is used only on a terminal.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from linter.document import Document
from linter.findings import Finding, Severity

FORMATS = ("text", "concise", "json")
SNIPPET_WIDTH = 100
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@dataclass
class Located:
    path: str
    doc: Document
    finding: Finding


@dataclass
class Summary:
    files: int = 0
    findings: list[Located] = field(default_factory=list)
    fixed: int = 0
    changed_files: int = 0
    problems: int = 0  # files or rules that failed

    def by_severity(self) -> Counter[Severity]:
        return Counter(item.finding.severity for item in self.findings)


class Printer:
    def __init__(self, fmt: str, stream: TextIO | None = None, color: bool | None = None) -> None:
        self.fmt = fmt
        self.stream = stream or sys.stdout
        self.color = self.stream.isatty() if color is None else color
        self._console = None

    def _out(self, text: str, style: str | None = None) -> None:
        if not self.color:
            print(text, file=self.stream)
            return
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False, soft_wrap=True)
        from rich.markup import escape

        self._console.print(f"[{style}]{escape(text)}[/]" if style else escape(text))

    def findings(self, items: list[Located]) -> None:
        if self.fmt == "json":
            data = [item.finding.to_dict(item.path) for item in items]
            print(json.dumps(data, ensure_ascii=False, indent=2), file=self.stream)
            return
        for item in items:
            self._finding(item)

    def _finding(self, item: Located) -> None:
        f = item.finding
        head = f"{item.path}:{f.line}:{f.column}: {f.rule} {f.message}"
        if self.fmt == "concise":
            self._out(head, _STYLE[f.severity])
            return
        mark = " [*]" if f.fixable else ""
        self._out(head + mark, _STYLE[f.severity])
        self._out(_snippet(item.doc, f), "dim")

    def summary(self, summary: Summary, fixing: str = "") -> None:
        if self.fmt != "text":
            return
        self._out(summary_line(summary, fixing), "bold")


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
    fixable = sum(item.finding.fixable for item in summary.findings)
    hint = f"; {fixable} fixable with `artlint fix`" if fixable else ""
    return f"Checked {files}: {_count(total, 'finding')} ({parts}){hint}.{problems}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"
