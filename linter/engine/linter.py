"""The linter: a set of rules run over documents, to check or to fix.

This is the library API the CLI is built on::

    linter = Linter.from_rules(load_rules())
    result = linter.check(Document(text))
    fixed = linter.fix(Document(text)).text
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from linter.document import Document
from linter.engine import evidence, fixer, guard, wake
from linter.engine.candidates import Candidates
from linter.findings import Applicability, Finding, Fix
from linter.rule import Plan, PlannedRule, Rule

MAX_FIX_PASSES = 10
MAX_TIMEOUTS = 2  # a rule that times out this often is switched off for the rest of the run
SWITCHED_OFF = "switched off"  # the message of a RuleError for a file a rule skipped


@dataclass(frozen=True)
class RuleError:
    """A rule that failed on one document (timed out, raised, or made an invalid edit)."""

    rule: str
    path: str
    message: str
    elapsed: float | None = field(default=None, compare=False)  # seconds, for timeouts

    @property
    def skipped(self) -> bool:
        """The rule did not run on this file: it was switched off after timing out."""
        return self.message == SWITCHED_OFF

    def __str__(self) -> str:
        if self.skipped:
            return (f"{self.path}: rule `{self.rule}` skipped: switched off after timing "
                    f"out {MAX_TIMEOUTS} times")
        if self.elapsed is None:
            return f"{self.path}: rule `{self.rule}` failed: {self.message}"
        return (f"{self.path}: rule `{self.rule}` failed after {self.elapsed:.1f} s: "
                f"{self.message}; rule skipped for this file (fix the rule, or --ignore it)")


@dataclass
class CheckResult:
    """The findings of a check, and the rules that failed on the text."""

    findings: list[Finding]
    errors: list[RuleError] = field(default_factory=list)

    def has_fix(self, unsafe: bool) -> bool:
        """Whether `fix` (with ``--unsafe-fixes`` when ``unsafe``) would apply something."""
        return any(_applicable(f.fix, unsafe) for f in self.findings)


@dataclass
class FixResult:
    """A text before and after fixing, and what was applied and is left."""

    original: Document
    fixed: Document
    applied: int  # how many fixes were applied, over all passes
    remaining: list[Finding]  # findings in the fixed text
    errors: list[RuleError]
    converged: bool
    # 0-based lines of the original text that applied fixes deleted or changed -> rule ids
    touched: dict[int, list[str]] = field(default_factory=dict)
    # for each line of the fixed text, the 0-based original line it came from
    origin: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.fixed.text

    @property
    def changed(self) -> bool:
        return self.fixed.text != self.original.text


class Linter:
    def __init__(
        self, rules: Sequence[Rule], time_limit: float | None = guard.RULE_TIME_LIMIT,
        one_scan: bool | None = None,
    ) -> None:
        """``one_scan``: find candidate lines with one Hyperscan scan per document (True),
        with the prefilter and line gate only (False), or the first when the optional
        ``hyperscan`` package is installed and ``ARTLINT_HYPERSCAN`` does not turn it off
        (None; then a database not in the cache folder yet is compiled only once the run
        has checked ``candidates.COMPILE_AFTER`` documents). The findings are the same
        either way (``linter.engine.candidates``)."""
        self.rules = sorted(rules, key=lambda rule: rule.id)
        self.time_limit = time_limit  # per rule per document (guard.rule_time_limit)
        # Timeouts per rule id; a rule with MAX_TIMEOUTS is switched off for this
        # Linter's life (in one process: each --jobs worker counts its own).
        self.timeouts: dict[str, int] = {}
        self._by_id = {rule.id: rule for rule in self.rules}
        # Where each pattern rule's candidate lines come from (literals, gate, one scan).
        self.candidates = Candidates(self.rules, one_scan)
        # Where each rule stands in self.rules, and where the Python rules that run on every
        # document (they declare no wake) do.
        self._places: dict[str, list[int]] = {}
        for place, rule in enumerate(self.rules):
            self._places.setdefault(rule.id, []).append(place)
        self._python = [place for place, rule in enumerate(self.rules)
                        if rule.id not in self.candidates.kinds and rule.reads == "text"]
        # The rules the engine runs on text: not those a source adapter runs on its units.
        self._text_rules = [rule for rule in self.rules if rule.reads == "text"]

    def prepare(self) -> None:
        """Build now what is otherwise built on first use (before forking workers, so they
        inherit it): see ``Candidates.prepare``."""
        self.candidates.prepare()

    @classmethod
    def from_rules(cls, rules: Iterable[Rule]) -> Linter:
        return cls(list(rules))

    def check(self, doc: Document, skip: Collection[str] = ()) -> CheckResult:
        """Run every rule (but those whose ids are in ``skip``) on ``doc``."""
        findings: list[Finding] = []
        errors: list[RuleError] = []
        candidates = self.candidates
        scanning = candidates.scanning()  # built outside the time limit: not the document's
        candidates.checked += 1
        with guard.Watchdog(guard.rule_time_limit(self.time_limit, len(doc.text))) as watchdog:
            try:
                with watchdog.rule():
                    plans: dict[str, Plan] | None = candidates.plans(doc, scanning)
            except guard.RuleTimeout:  # a slow pattern in the line gate: plans are only an
                plans = None  # optimisation, so every rule sees every line, under its own limit
            watch, timeouts = watchdog.rule(), self.timeouts  # one watch for every rule
            for rule in self._active(plans):
                rule_id = rule.id
                if rule_id in skip:
                    continue
                if timeouts and timeouts.get(rule_id, 0) >= MAX_TIMEOUTS:
                    errors.append(RuleError(rule_id, doc.path, SWITCHED_OFF))
                    continue
                started = time.perf_counter()
                try:
                    with watch:
                        found = self._run(rule, doc, plans and plans.get(rule_id))
                except TimeoutError as exc:
                    why = str(exc) if isinstance(exc, guard.RuleTimeout) else _regex_timeout(rule)
                    errors.append(RuleError(rule_id, doc.path, why, time.perf_counter() - started))
                    timeouts[rule_id] = timeouts.get(rule_id, 0) + 1
                    continue
                except (Exception, SystemExit) as exc:  # a broken Python rule must not stop
                    # the run, nor end it: sys.exit() in a rule is a rule error too
                    message = f"{type(exc).__name__}: {exc}"
                    errors.append(RuleError(rule_id, doc.path, message))
                    continue
                if found:
                    findings.extend(self._valid(doc, rule, found, errors))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return CheckResult(evidence.settle(doc, findings, self._by_id), errors)

    def _active(self, plans: dict[str, Plan] | None) -> list[Rule]:
        """The rules worth running: Python rules, and pattern rules with a line to look at."""
        if plans is None:
            return self._text_rules
        places = [*self._python]  # without a pass over every rule: a grown pack has many
        for rule_id in plans:
            places += self._places[rule_id]
        return [self.rules[place] for place in sorted(places)]

    @staticmethod
    def _run(rule: Rule, doc: Document, plan: Plan | None) -> list[Finding]:
        """Run one rule; a pattern rule sees only the lines its plan allows, a woken
        Python rule the lines its wake patterns may match. Only these rules have plans,
        and a plan is never empty (one entry per pattern)."""
        if not plan:
            return list(rule.check(doc))
        if rule.wake is not None and not isinstance(rule, PlannedRule):
            return list(rule.check(doc, wake.lines_of(plan)))  # type: ignore[call-arg]
        return list(rule.check(doc, plan))  # type: ignore[call-arg]

    def _valid(
        self, doc: Document, rule: Rule, found: list[Finding], errors: list[RuleError]
    ) -> list[Finding]:
        """Drop findings whose offsets or edits the fixer could not honour; hold each fix
        to the rule's configured fixability and safety (``rule_fix``)."""
        valid = []
        for finding in map(rule_fix(rule), found):
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

    def fix(
        self, doc: Document, unsafe: bool = False, protected: Iterable[int] = ()
    ) -> FixResult:
        """Apply fixes pass after pass until none is left (or MAX_FIX_PASSES is reached).

        ``protected`` lines (a reader's masked code or front matter) are never changed:
        findings touching them are dropped and the seam tidying keeps them.
        """
        keep = set(protected)
        origin = list(range(len(doc.lines)))  # current line -> original line
        current, result = doc, self._check_kept(doc, keep, origin)
        errors = list(result.errors)
        touched: dict[int, list[str]] = {}
        applied = 0
        for _ in range(MAX_FIX_PASSES):
            chosen = fixer.select(f for f in result.findings if _applicable(f.fix, unsafe))
            if not chosen:
                break
            kept_now = [i for i, index in enumerate(origin) if index in keep]
            text, kept = fixer.apply_with_origin(
                current, [f.fix for f in chosen if f.fix], kept_now)
            if text == current.text:
                break
            _record(touched, chosen, current, origin)
            applied += len(chosen)
            origin = [origin[index] for index in kept]
            current = current.with_text(text)
            result = self._check_kept(current, keep, origin)
            errors += result.errors
        converged = not any(_applicable(f.fix, unsafe) for f in result.findings)
        return FixResult(doc, current, applied, result.findings, _unique(errors), converged,
                         touched, origin)

    def _check_kept(self, doc: Document, keep: set[int], origin: list[int]) -> CheckResult:
        result = self.check(doc)
        if not keep:
            return result
        now = {i for i, index in enumerate(origin) if index in keep}
        return CheckResult(drop_protected(result.findings, doc, now), result.errors)


def drop_protected(findings: list[Finding], doc: Document, protected: set[int]) -> list[Finding]:
    """Findings (and fixes) that touch no protected line."""
    if not protected:
        return findings
    kept = []
    for finding in findings:
        if not fixer.touched_lines(doc, finding) & protected:
            kept.append(finding)
    return kept


def _regex_timeout(rule: Rule) -> str:
    limit = rule.regex_timeout if isinstance(rule, PlannedRule) else guard.REGEX_TIMEOUT
    return f"a pattern timed out (limit {limit:g} s a line)"


def _record(
    touched: dict[int, list[str]], chosen: list[Finding], doc: Document, origin: list[int]
) -> None:
    """Note, by original line, which rules' fixes changed it."""
    for finding in chosen:
        assert finding.fix is not None
        for line in doc.lines_spanned(finding.fix.start, finding.fix.end):
            touched.setdefault(origin[line], []).append(finding.rule)


def rule_fix(rule: Rule) -> Callable[[Finding], Finding]:
    """What a finding of ``rule`` becomes under the rule's configured fixability and
    safety: no fix for an unfixable rule; the configured safety (``extend-safe-fixes``,
    ``extend-unsafe-fixes``) for every fix, even one a Python rule built itself; else an
    unsafe fix for a rule whose fixes are unsafe."""
    wanted = rule.configured_safety
    if wanted is None and rule.applicability is Applicability.UNSAFE:
        wanted = Applicability.UNSAFE

    def configured(finding: Finding) -> Finding:
        fix = finding.fix
        if fix is None:
            return finding
        if not rule.fixable:
            return dataclasses.replace(finding, fix=None)
        if wanted is not None and fix.applicability is not wanted:
            return dataclasses.replace(finding, fix=Fix(fix.edits, wanted))
        return finding

    return configured


def _applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def _unique(errors: list[RuleError]) -> list[RuleError]:
    return list(dict.fromkeys(errors))
