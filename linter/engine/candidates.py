"""Candidate lines: for each pattern of the pattern rules, the lines of a document it may
match, found without trying it on every line. How, is chosen once per pattern:

- **literals**: a pattern whose every match holds one of a few literals is tried only on
  the lines one Aho-Corasick pass (``linter.engine.prefilter``) finds them on;
- **the line gate**: patterns without literals share one combined regex pass over the
  line cores;
- **the one-scan path** (optional, ``linter.engine.onescan``): every pattern Hyperscan
  takes is in one database, scanned once per document; `regex` then confirms only the
  lines it found. Where Hyperscan is not installed, or ``ARTLINT_HYPERSCAN`` turns it
  off, the first two do the work, with the same findings.

``Candidates.plans(doc)`` gives the engine (``linter.engine.linter``) each pattern rule's
plan: per pattern, the lines to try (None: every line). A rule with nothing to try is
left out, so a pack of a thousand rules costs little more than the rules a document wakes.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from linter.document import Document
from linter.engine import wake
from linter.engine.literals import fold_case
from linter.rule import Plan, PlannedRule, Rule

if TYPE_CHECKING:  # imported when a linter is built: a run answered by the cache needs
    # neither the pattern machinery nor `regex` and pyahocorasick
    from linter.engine.onescan import OneScan
    from linter.engine.prefilter import LineGate, Prefilter

# Documents a run checks on the regex path before it compiles a one-scan database that is
# not in the cache folder yet (seconds, once): a run of a few files never waits for it.
COMPILE_AFTER = 200
# ... and before it loads one from the cache folder: importing Hyperscan and reading a
# database (about 7 MB) costs what the regex path spends on some 40 documents.
LOAD_AFTER = 40
# A run's first texts do not wait for the Aho-Corasick automaton of every literal (~5 ms
# for the pack's ~3,800, as much as a small check's rules): while they add up to at most
# SMALL_TEXTS characters, each gets a prefilter of the few literals it holds, found through
# its character n-grams (~0.4 ms a thousand characters; past that the automaton is cheaper).
SMALL_TEXTS = 12_000  # characters
_GRAM = 4  # a held literal's first and last _GRAM characters are among the text's
_NO_LINES: frozenset[int] = frozenset()  # a plan's entry for a pattern no line may match
# Patterns that name groups or refer back to them cannot share one alternation.
_NAMED_OR_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P?[=<][A-Za-z_]|\\g<")


class Candidates:
    """Where the candidate lines of each pattern of ``rules`` come from; ``one_scan`` as
    ``Linter``'s (True: the one-scan path; False: literals and the gate only; None: the
    one-scan path when installed and not turned off, compiling a database not in the
    cache folder only after ``COMPILE_AFTER`` documents)."""

    def __init__(self, rules: Sequence[Rule], one_scan: bool | None = None) -> None:
        # Pattern rules, and Python rules that declare a wake (as their wake patterns).
        self.rules = wake.planned(rules)
        # Per (rule, pattern): the literals the prefilter looks for, one of which every
        # match holds: the pattern's own (rare ones), or, for a pattern that would
        # otherwise see every line, common ones (literals.common_literals).
        self.literals = {
            (rule.id, i): literals for rule in self.rules
            for i in range(len(rule.patterns)) if (literals := _literals(rule, i))
        }
        # Per pattern rule, per pattern: "literal", "gate" or "all" (see plans).
        self.kinds = {
            rule.id: ["literal" if (rule.id, i) in self.literals else _kind(rule, i)
                      for i in range(len(rule.patterns))]
            for rule in self.rules
        }
        # Woken Python rules that need more than one candidate line (Wake.min_lines).
        self.min_lines = {rule.id: rule.min_lines for rule in self.rules
                          if getattr(rule, "min_lines", 1) > 1}
        # Whether patterns may go to the one-scan path (Hyperscan) when it is installed.
        self.one_scan = one_scan
        self.checked = 0  # documents checked so far (see COMPILE_AFTER)
        self.small_texts = 0  # characters of the texts prefiltered alone (SMALL_TEXTS)
        self._database_missing = False  # the one-scan database is not in the cache folder

    @cached_property
    def scanner(self) -> OneScan | None:
        """The one-scan database of every pattern Hyperscan takes (None: path off)."""
        onescan = self._onescan_module()
        return None if onescan is None else onescan.OneScan(self.members(), self.caps())

    def _onescan_module(self) -> Any:
        """``linter.engine.onescan``, or None when the path is off or not installed."""
        if self.one_scan is False:
            return None
        try:
            from linter.engine import (
                onescan,  # deferred: the optional `hyperscan` package, only when it is used
            )
        except ImportError:
            if self.one_scan:
                raise
            return None
        if self.one_scan is None and not onescan.enabled():
            return None
        return onescan

    def members(self) -> dict[tuple[str, int], tuple[str, int, bool]]:
        return {(rule.id, i): (rule.patterns[i].pattern, rule.patterns[i].flags, rule.search)
                for rule, i in self._patterns()}

    def caps(self) -> dict[tuple[str, int], int]:
        """Per pattern of a pattern rule with a ``max_length``, that length: the rule
        never flags a longer core, so the scan may skip those for it."""
        return {(rule.id, i): rule.max_length for rule, i in self._patterns()
                if isinstance(rule, PlannedRule) and rule.max_length}

    def scanning(self) -> bool:
        """Whether this document is scanned on the one-scan path: its database is built,
        or the run has checked enough documents to repay loading it from the cache folder
        (``LOAD_AFTER``) or compiling it (``COMPILE_AFTER``); at once, when ``one_scan``
        is True."""
        if "scanner" in self.__dict__:
            return self.scanner is not None
        if self.one_scan is None and self.checked < min(LOAD_AFTER, COMPILE_AFTER):
            return False
        if self.one_scan is None and self.checked < COMPILE_AFTER:
            if self._database_missing:
                return False
            onescan = self._onescan_module()
            if onescan is None or not onescan.stored(self.members(), self.caps()):
                self._database_missing = True
                return False
        return self.scanner is not None

    @cached_property
    def _regex_route(self) -> _Route:
        return _Route.of(self.kinds, frozenset())

    @cached_property
    def route(self) -> _Route:
        """How each pattern's candidate lines are found, once the scanner is known."""
        scanner = self.scanner
        return _Route.of(self.kinds, frozenset(scanner.keys) if scanner else frozenset())

    @cached_property
    def prefilter(self) -> Prefilter:
        """Built on first use: a run served from the result cache never needs it. With
        nothing on the one-scan path it is the fallback's, built once."""
        if not self.route.scanned:
            return self._fallback_prefilter
        from linter.engine.prefilter import (
            Prefilter,  # deferred: loads `regex` and pyahocorasick: not when the cache answers
        )

        return Prefilter({key: literals for key, literals in self.literals.items()
                          if key not in self.route.scanned})

    @cached_property
    def _fallback_prefilter(self) -> Prefilter:
        """For a text the scanner cannot take: the prefilter of every pattern."""
        from linter.engine.prefilter import (
            Prefilter,  # deferred: loads `regex` and pyahocorasick: not when the cache answers
        )

        return Prefilter(self.literals)

    @cached_property
    def _gate(self) -> LineGate:
        if not self.route.scanned:
            return self._fallback_gate  # the same gate: built once
        return self._line_gate(self.route.scanned)

    @cached_property
    def _fallback_gate(self) -> LineGate:
        """For a text the scanner cannot take: the line gate of every gateable pattern."""
        return self._line_gate(frozenset())

    def _line_gate(self, scanned: frozenset[tuple[str, int]]) -> LineGate:
        from linter.engine.prefilter import (
            LineGate,  # deferred: loads `regex`: not when the cache answers
        )

        return LineGate({
            (rule.id, i): (rule.patterns[i], rule.max_length, rule.pattern_risky[i])
            for rule, i in self._patterns()
            if _gateable(rule, i) and (rule.id, i) not in scanned
        })

    def prepare(self) -> None:
        """Build now what is otherwise built on first use: the scanner, the prefilter, the
        line gate and every compiled pattern (before forking workers, so they inherit
        them)."""
        _ = self.route, self.prefilter, self._gate
        for rule, index in self._patterns():
            _ = rule.patterns[index].fullmatch  # compiles a lazy pattern

    def _literal_hits(self, folded: str) -> dict[Hashable, set[int]]:
        """The fallback prefilter's hits. For a run's first texts (``SMALL_TEXTS``), while
        that prefilter is not built, those of a prefilter of only the literals the text
        holds: the same hits, as a literal the text lacks finds no line."""
        self.small_texts += len(folded)
        if "_fallback_prefilter" in self.__dict__ or self.small_texts > SMALL_TEXTS:
            return self._fallback_prefilter.scan(folded)
        from linter.engine.prefilter import Prefilter  # deferred: loads pyahocorasick

        held = _held(self._every_literal, fold_case(folded))
        return Prefilter({key: strings & held for key, strings in self.literals.items()
                          if not strings.isdisjoint(held)}).scan(folded)

    @cached_property
    def _every_literal(self) -> list[str]:
        return list({string for strings in self.literals.values() for string in strings})

    def _patterns(self) -> list[tuple[wake.Planned, int]]:
        return [(rule, index) for rule in self.rules for index in range(len(rule.patterns))]

    def plans(self, doc: Document, scanning: bool = True) -> dict[str, Plan]:
        """For the pattern rules that may match: per pattern, the lines it may match (None:
        all lines). A rule whose patterns all need literals the text lacks is left out, so
        a pack of a thousand rules costs little more than the rules a document wakes up.
        ``scanning``: use the one-scan path, when there is one."""
        route = self.route if scanning else self._regex_route
        scanned = self.scanner.scan(doc) if route.scanned else {}
        if scanned is None or not scanning:  # the regex path for every pattern (a text
            route = self._regex_route  # Hyperscan cannot take, or no database yet)
            hits = self._literal_hits(doc.folded)
            gated = self._fallback_gate.scan((core.index, core.text) for core in doc.cores)
        else:
            hits = self.prefilter.scan(doc.folded)
            hits.update(scanned)
            gated = self._gate.scan((core.index, core.text) for core in doc.cores)
        found: dict[str, list[tuple[int, set[int]]]] = {}  # rule -> (pattern, its lines)
        for (rule_id, index), lines in hits.items():
            found.setdefault(rule_id, []).append((index, lines))
        plans: dict[str, Plan] = {}
        for rule_id in route.unfiltered | found.keys():
            plan = list(route.blank[rule_id])
            for index in route.gated[rule_id]:
                plan[index] = gated
            for index, lines in found.get(rule_id, ()):
                plan[index] = lines
            if wake.enough(plan, self.min_lines.get(rule_id, 1)):
                plans[rule_id] = plan
        return plans


@dataclass(frozen=True)
class _Route:
    """How each pattern rule's patterns find their candidate lines."""

    scanned: frozenset[tuple[str, int]]  # (rule, pattern) the one-scan path serves
    unfiltered: frozenset[str]  # pattern rules that may run without any hit
    # Per pattern rule, the plan before a document is seen: no lines for a pattern with
    # literals or scanned (their hits fill in), None (all lines) for one without; and where
    # its gated patterns are (they take the lines the gate lets through).
    blank: dict[str, Plan]
    gated: dict[str, list[int]]

    @classmethod
    def of(cls, kinds: dict[str, list[str]], scanned: frozenset[tuple[str, int]]) -> _Route:
        """``kinds``: per pattern rule, per pattern, "literal", "gate" or "all"."""
        kinds = {rule_id: ["scan" if (rule_id, i) in scanned else kind
                           for i, kind in enumerate(patterns)]
                 for rule_id, patterns in kinds.items()}
        return cls(
            scanned,
            frozenset(rule_id for rule_id, patterns in kinds.items()
                      if any(kind in ("gate", "all") for kind in patterns)),
            {rule_id: [None if kind == "all" else _NO_LINES for kind in patterns]
             for rule_id, patterns in kinds.items()},
            {rule_id: [i for i, kind in enumerate(patterns) if kind == "gate"]
             for rule_id, patterns in kinds.items()},
        )


def _held(literals: list[str], text: str) -> set[str]:
    """The ``literals`` that occur in ``text`` (the prefilter's case-folded text); those
    whose first or last ``_GRAM`` characters it lacks are set aside without a search."""
    grams = {text[start:start + _GRAM] for start in range(len(text) - _GRAM + 1)}
    return {literal for literal in literals
            if (len(literal) < _GRAM or (literal[:_GRAM] in grams
                                         and literal[-_GRAM:] in grams))
            and literal in text}


def _gateable(rule: wake.Planned, index: int) -> bool:
    """Patterns without literals that can join the one-pass line gate. Not a wake
    pattern: the gate would cost every line of every document more than the Python rule
    saves, so on the regex path such a rule sees every line, as if it had no wake."""
    pattern = rule.patterns[index]
    return (
        rule.pattern_literals[index] is None and not rule.search and rule.position is None
        and isinstance(rule, PlannedRule)
        and _NAMED_OR_BACKREFERENCE.search(pattern.pattern) is None
    )


def _literals(rule: wake.Planned, index: int) -> frozenset[str] | None:
    """The literals that find a pattern's candidate lines (see Linter._literals)."""
    if rule.pattern_literals[index]:
        return rule.pattern_literals[index]
    if _gateable(rule, index):  # the line gate serves it better
        return None
    from linter.engine.patterns import (
        common_literals,  # deferred: loads `regex`: only when a linter is built
    )

    return common_literals(rule.patterns[index].pattern)


def _kind(rule: wake.Planned, index: int) -> str:
    """How a pattern's candidate lines are found: by its literals, the gate, or none."""
    if rule.pattern_literals[index]:
        return "literal"
    return "gate" if _gateable(rule, index) else "all"


