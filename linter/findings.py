"""Findings and fixes as plain data.

A rule never changes text. It reports a Finding; a fixable finding carries a Fix, which
is a tuple of Edits on offsets into the document's text. ``linter.engine.fixer`` is the one
routine that applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls(value.lower())


class Applicability(StrEnum):
    """``safe`` fixes are applied by ``artlint fix``; ``unsafe`` ones need ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Evidence(StrEnum):
    """What a rule's findings rest on (see ``linter.engine.evidence``).

    ``phrase``: the line says what it is ("Sign up for our newsletter"). ``shape``: only
    its shape does (length, digits, symbols, case, position, repetition); such a fix is
    safe only where phrase evidence backs it. ``invisible``: the line holds no visible
    character, so deleting it cannot delete text; its fix is safe on its own, but it says
    nothing about the lines around it, so it anchors no shape finding.
    """

    PHRASE = "phrase"
    SHAPE = "shape"
    INVISIBLE = "invisible"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``.

    The fixer accepts two shapes: a deletion of whole lines (``start`` at a line start,
    ``end`` at the start of the line after, or the end of the text), or a change inside
    one line that does not touch its line ending.
    """

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    """The edits that remove a finding's artefact, and how safe applying them is."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def start(self) -> int:
        return min(edit.start for edit in self.edits)

    @property
    def end(self) -> int:
        return max(edit.end for edit in self.edits)


@dataclass(frozen=True, slots=True)
class Finding:
    """One artefact a rule found: where it is, what it is, and its fix if any."""

    rule: str
    message: str
    severity: Severity
    category: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = field(default=None, compare=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    @property
    def fixed_by_default(self) -> bool:
        """Whether `artlint fix` applies this finding's fix without --unsafe-fixes."""
        return self.fix is not None and self.fix.applicability is Applicability.SAFE

    def to_dict(self, path: str) -> dict[str, object]:
        """The documented JSON shape of a finding (see docs/output-formats.md)."""
        return {
            "path": path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "fixable": self.fixable,
            "fix": None if self.fix is None else _fix_dict(self.fix),
        }


def _fix_dict(fix: Fix) -> dict[str, object]:
    edits = [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in fix.edits]
    return {"applicability": fix.applicability.value, "edits": edits}
