"""Fixing a reader's view of a source file, keeping track of where each line came from.

Readers give the rules a *view*: a Document with one line per source line (Markdown) or
per block (HTML). ``Linter.fix`` does the work, with the view's ``protected`` lines
(masked code, front matter) kept out of every fix; ``FixResult.origin`` says, for each
line of the fixed view, which view line it came from, so the reader can write the
change back into the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from linter.document import Document
from linter.engine.linter import RuleError, drop_protected
from linter.findings import Finding

__all__ = ["ViewFix", "drop_protected", "fix_view"]


@dataclass
class ViewFix:
    view: Document
    lines: list[tuple[str, str, int]]  # fixed view lines: content, ending, origin line
    applied: int
    remaining: list[Finding]
    errors: list[RuleError]
    converged: bool
    touched: dict[int, list[str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(content + ending for content, ending, _ in self.lines)


def fix_view(linter: Any, view: Document, unsafe: bool = False,
             protected: Iterable[int] = ()) -> ViewFix:
    result = linter.fix(view, unsafe=unsafe, protected=protected)
    fixed = result.fixed
    lines = [(fixed.text[line.start:line.end], fixed.text[line.end:line.next], origin)
             for line, origin in zip(fixed.lines, result.origin, strict=True)]
    return ViewFix(view, lines, result.applied, result.remaining, result.errors,
                   result.converged, result.touched)
