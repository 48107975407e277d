"""What a run found, as every renderer reads it: each finding with the file it is reported
against (``Located``), the run's counts (``Summary``) and its summary sentence.

The drivers (``linter.pipeline``) fill a ``Summary``; renderers only read it. A finding
may carry a ``FixPreview`` of its document, what ``artlint fix`` makes of it, for a
renderer that shows the fix (the HTML review page): the run records it where it has the
fix, so no renderer fixes anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from linter.document import Document
from linter.findings import Finding, Severity


@dataclass(frozen=True)
class Record:
    """Where a JSON Lines finding's text came from: the record's physical line in the file
    and the field (a dotted path). The finding's own line and column count inside that
    field's text."""

    line: int
    field: str


@dataclass(frozen=True)
class FixPreview:
    """What ``artlint fix`` makes of a document: the fixed text, and the 0-based lines of
    the document that applied fixes deleted or changed, each with the rules that did it."""

    text: str
    touched: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class Located:
    """A finding with the file it is reported against. Its location in that file is
    ``line``/``column``: the finding's own, or for a JSON Lines record the record's line
    (column 1), the place inside the field then given by ``record`` and the finding.

    ``preview`` is what ``artlint fix`` would still change in ``doc``: recorded by
    ``fix`` where its fix was held back, and by ``check`` (``pipeline.preview``) when a
    renderer of the run shows it. None: nothing to change, or not asked for."""

    path: str
    doc: Document
    finding: Finding
    record: Record | None = None
    preview: FixPreview | None = None

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


def located(path: str, doc: Document, findings: list[Finding], record: Record | None = None,
            preview: FixPreview | None = None) -> list[Located]:
    """``findings`` of ``doc`` as a run keeps them for its report: with the document's
    text alone, not what checking cached on it (cores, folds: ~4x the text), so a run's
    memory grows by its reported texts only."""
    if not findings:
        return []
    kept = doc.with_text(doc.text)
    return [Located(path, kept, finding, record, preview) for finding in findings]


@dataclass
class Summary:
    """What a run found and did, over all its files."""

    files: int = 0
    findings: list[Located] = field(default_factory=list)
    fixed: int = 0
    changed_files: int = 0
    problems: int = 0  # files or rules that failed
    paths: list[str] = field(default_factory=list)  # every file read, as shown

    def add_file(self, shown: str) -> None:
        """Count a file as linted (``shown``: its name in findings)."""
        self.files += 1
        self.paths.append(shown)

    def by_severity(self) -> Counter[Severity]:
        return Counter(item.finding.severity for item in self.findings)


def summary_line(summary: Summary, fixing: str = "") -> str:
    """One sentence; ``fixing`` is "" for check, "fix" or "diff" for fix (--diff)."""
    files = count(summary.files, "file")
    counts = summary.by_severity()
    parts = ", ".join(count(counts[s], s.value) for s in reversed(Severity))
    total = len(summary.findings)
    problems = (f" {count(summary.problems, 'error')} (see above)."
                if summary.problems else "")
    if fixing:
        verb, changed = ("Would fix", "would change") if fixing == "diff" else ("Fixed", "changed")
        left = f"{total} remaining ({parts})" if total else "none remaining"
        return (f"{verb} {count(summary.fixed, 'finding')} in {files} "
                f"({count(summary.changed_files, 'file')} {changed}); {left}.{problems}")
    if not total:
        return f"Checked {files}: no findings.{problems}"
    return f"Checked {files}: {count(total, 'finding')} ({parts}){_fix_hint(summary)}.{problems}"


def _fix_hint(summary: Summary) -> str:
    fixable = sum(item.finding.fixed_by_default for item in summary.findings)
    unsafe = sum(item.finding.fixable for item in summary.findings) - fixable
    hint = f"; {fixable} fixable with `artlint fix`" if fixable else ""
    if unsafe:
        more = "more " if fixable else ""
        hint += f"; {unsafe} {more}fixable with `artlint fix --unsafe-fixes`"
    return hint


def count(n: int, noun: str) -> str:
    """``1 file``, ``2 files``; ``info`` has no plural."""
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"
