"""The linter: a set of rules run over documents, to check or to fix.

This is the library API the CLI is built on::

    linter = Linter.from_rules(load_rules())
    result = linter.check(Document(text))
    fixed = linter.fix(Document(text)).text
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from linter import fixer
from linter.document import Document
from linter.findings import Applicability, Finding, Fix
from linter.rule import Rule

MAX_FIX_PASSES = 10


@dataclass(frozen=True)
class RuleError:
    """A rule that failed on one document (timed out, raised, or made an invalid edit)."""

    rule: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: rule `{self.rule}` failed: {self.message}"


@dataclass
class CheckResult:
    findings: list[Finding]
    errors: list[RuleError] = field(default_factory=list)


@dataclass
class FixResult:
    original: Document
    fixed: Document
    applied: int  # how many fixes were applied, over all passes
    remaining: list[Finding]  # findings in the fixed text
    errors: list[RuleError]
    converged: bool
    # 0-based lines of the original text that applied fixes deleted or changed -> rule ids
    touched: dict[int, list[str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.fixed.text

    @property
    def changed(self) -> bool:
        return self.fixed.text != self.original.text


class Linter:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = sorted(rules, key=lambda rule: rule.id)

    @classmethod
    def from_rules(cls, rules: Iterable[Rule]) -> Linter:
        return cls(list(rules))

    def check(self, doc: Document) -> CheckResult:
        findings: list[Finding] = []
        errors: list[RuleError] = []
        for rule in self.rules:
            try:
                found = list(rule.check(doc))
            except TimeoutError:
                errors.append(RuleError(rule.id, doc.path, "a pattern timed out; rule skipped"))
                continue
            except Exception as exc:  # a broken Python rule must not stop the run
                message = f"{type(exc).__name__}: {exc}"
                errors.append(RuleError(rule.id, doc.path, message))
                continue
            findings.extend(self._valid(doc, rule, found, errors))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return CheckResult(findings, errors)

    def _valid(
        self, doc: Document, rule: Rule, found: list[Finding], errors: list[RuleError]
    ) -> list[Finding]:
        """Drop findings whose offsets or edits the fixer could not honour."""
        valid = []
        for finding in found:
            try:
                if not 0 <= finding.start <= finding.end <= len(doc.text):
                    raise fixer.InvalidEdit(f"finding {finding.start}..{finding.end} out of range")
                for edit in finding.fix.edits if finding.fix else ():
                    fixer.classify(doc, edit)
            except fixer.InvalidEdit as exc:
                errors.append(RuleError(rule.id, doc.path, str(exc)))
                continue
            valid.append(finding)
        return valid

    def fix(self, doc: Document, unsafe: bool = False) -> FixResult:
        """Apply fixes pass after pass until none is left (or MAX_FIX_PASSES is reached)."""
        current, result = doc, self.check(doc)
        errors = list(result.errors)
        origin = list(range(len(doc.lines)))  # current line -> original line
        touched: dict[int, list[str]] = {}
        applied = 0
        for _ in range(MAX_FIX_PASSES):
            chosen = fixer.select(f for f in result.findings if _applicable(f.fix, unsafe))
            if not chosen:
                break
            text, kept = fixer.apply_with_origin(current, [f.fix for f in chosen if f.fix])
            if text == current.text:
                break
            _record(touched, chosen, current, origin)
            applied += len(chosen)
            origin = [origin[index] for index in kept]
            current = current.with_text(text)
            result = self.check(current)
            errors += result.errors
        converged = not any(_applicable(f.fix, unsafe) for f in result.findings)
        return FixResult(doc, current, applied, result.findings, _unique(errors), converged,
                         touched)


def _record(
    touched: dict[int, list[str]], chosen: list[Finding], doc: Document, origin: list[int]
) -> None:
    """Note, by original line, which rules' fixes changed it."""
    for finding in chosen:
        assert finding.fix is not None
        first, last = doc.position(finding.fix.start)[0], doc.position(finding.fix.end - 1)[0]
        for line in range(first - 1, max(first, last)):
            touched.setdefault(origin[line], []).append(finding.rule)


def _applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def _unique(errors: list[RuleError]) -> list[RuleError]:
    return list(dict.fromkeys(errors))
