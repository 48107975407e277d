"""Fixing a view of a source file, line by line, keeping track of where each line came from.

Readers give the rules a *view*: a Document with one line per source line (Markdown) or
per block (HTML). This runs the same passes as ``Linter.fix`` (``linter.fixer`` applies
every edit), but also returns, for each line of the fixed view, the view line it came
from, so the reader can write the change back into the source. Lines listed as
``protected`` (masked code, front matter) are never removed: if tidying the blank lines
around a deleted block dropped one, it is put back in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from linter import fixer
from linter.document import Document
from linter.engine import MAX_FIX_PASSES, CheckResult, RuleError
from linter.findings import Applicability, Finding


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


def _applicable(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def _split(doc: Document) -> list[tuple[str, str]]:
    return [(doc.text[line.start:line.end], doc.text[line.end:line.next]) for line in doc.lines]


def fix_view(linter: Any, view: Document, unsafe: bool = False,
             protected: Iterable[int] = ()) -> ViewFix:
    keep = set(protected)
    original = _split(view)
    current = view
    origin = list(range(len(view.lines)))
    result: CheckResult = _checked(linter, view, keep, origin)
    errors = list(result.errors)
    touched: dict[int, list[str]] = {}
    applied = 0
    for _ in range(MAX_FIX_PASSES):
        chosen = fixer.select(f for f in result.findings if _applicable(f, unsafe))
        if not chosen:
            break
        text, kept = fixer.apply_with_origin(current, [f.fix for f in chosen if f.fix])
        for finding in chosen:
            assert finding.fix is not None
            first = current.position(finding.fix.start)[0]
            last = current.position(max(finding.fix.start, finding.fix.end - 1))[0]
            for line in range(first - 1, max(first, last)):
                touched.setdefault(origin[line], []).append(finding.rule)
        lines = [(content, ending, origin[k])
                 for (content, ending), k in zip(_split(current.with_text(text)), kept,
                                                 strict=True)]
        lines = _restore(lines, keep, original)
        new_text = "".join(content + ending for content, ending, _ in lines)
        if new_text == current.text:
            break
        applied += len(chosen)
        origin = [index for _, _, index in lines]
        current = current.with_text(new_text)
        result = _checked(linter, current, keep, origin)
        errors += result.errors
    final = [(content, ending, origin[i]) for i, (content, ending) in enumerate(_split(current))]
    converged = not any(_applicable(f, unsafe) for f in result.findings)
    if getattr(linter, "fix_log", None) is not None:
        from linter.engine import FixResult

        linter.fix_log.append((view.path, FixResult(view, current, applied, result.findings,
                                                    list(dict.fromkeys(errors)), converged,
                                                    touched)))
    return ViewFix(view, final, applied, result.findings, list(dict.fromkeys(errors)),
                   converged, touched)


def _checked(linter: Any, doc: Document, keep: set[int], origin: list[int]) -> CheckResult:
    result = linter.check(doc)
    if not keep:
        return result
    current = {i for i, index in enumerate(origin) if index in keep}
    return CheckResult(drop_protected(result.findings, doc, current), result.errors)


def drop_protected(findings: list[Finding], doc: Document, protected: set[int]) -> list[Finding]:
    """Findings (and fixes) that touch no protected line."""
    if not protected:
        return findings
    kept = []
    for finding in findings:
        spans = [(finding.start, finding.end)]
        if finding.fix is not None:
            spans += [(edit.start, edit.end) for edit in finding.fix.edits]
        lines: set[int] = set()
        for start, end in spans:
            first = doc.position(start)[0] - 1
            last = doc.position(max(start, end - 1))[0] - 1
            lines.update(range(first, last + 1))
        if not lines & protected:
            kept.append(finding)
    return kept


def _restore(lines: list[tuple[str, str, int]], keep: set[int],
             original: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """Put back protected lines the tidying dropped, in their original order."""
    present = {index for _, _, index in lines}
    missing = sorted(keep - present)
    if not missing:
        return lines
    merged = sorted(lines + [(*original[i], i) for i in missing], key=lambda entry: entry[2])
    out = []
    for n, (content, ending, index) in enumerate(merged):
        if not ending and n < len(merged) - 1:
            ending = "\n"
        out.append((content, ending, index))
    return out
