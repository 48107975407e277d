"""Waking Python rules only where they can find something (``linter.rule.Wake``).

A Python rule that declares a ``wake`` joins the pattern rules in the candidate-line
machinery (``linter.engine.candidates``): its wake patterns are scanned with theirs (one
Hyperscan scan, or literals and the line gate), so a document where none of them may
match never calls the rule, and a woken rule is given the lines they may match.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.rule import Plan, PlannedRule, Rule


class WakePatterns:
    """A Python rule's wake, shaped as the candidate machinery reads a pattern rule."""

    position = None  # wake patterns may match anywhere in the text

    def __init__(self, rule: Rule) -> None:
        wake = rule.wake
        assert wake is not None
        self.id = rule.id
        self.patterns: list[Any] = list(wake.patterns)
        from linter.engine.patterns import (
            compile_pattern,  # deferred: loads `regex`: only when a linter is built
        )

        analyses = [compile_pattern(p.pattern, p.flags)[1] for p in self.patterns]
        self.pattern_literals = [analysis.literals for analysis in analyses]
        self.pattern_risky = [analysis.risky for analysis in analyses]
        self.search = wake.search
        self.max_length = wake.max_length
        self.min_lines = wake.min_lines


Planned = PlannedRule | WakePatterns  # what the candidate machinery reads


def planned(rules: Sequence[Rule]) -> list[Planned]:
    """The rules whose candidate lines the engine finds: pattern rules, and Python rules
    (run on text) that declare a wake, as their ``WakePatterns``."""
    return [rule if isinstance(rule, PlannedRule) else WakePatterns(rule)
            for rule in rules
            if isinstance(rule, PlannedRule) or (rule.wake is not None and rule.reads == "text")]


def enough(plan: Plan, min_lines: int) -> bool:
    """Whether ``plan`` may hold ``min_lines`` lines (a pattern may see every line)."""
    if min_lines <= 1:
        return any(lines is None or lines for lines in plan)
    union = lines_of(plan)
    return union is None or len(union) >= min_lines


def lines_of(plan: Plan) -> set[int] | None:
    """Every line some wake pattern may match (None: every line)."""
    if any(lines is None for lines in plan):
        return None
    return set().union(*plan)  # type: ignore[arg-type]
