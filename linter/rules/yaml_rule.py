"""Declarative rules: one YAML mapping describes what a pattern rule matches and fixes.

The schema (``SCHEMA``) is the single source of truth: the loader enforces it and
docs/writing-rules.md is checked against it by the test suite.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import replace
from typing import Any

import regex

from linter.document import CoreLine, Document
from linter.engine.guard import REGEX_TIMEOUT
from linter.engine.prefilter import LONG_LINE
from linter.findings import Applicability, Edit, Evidence, Finding, Fix, Severity
from linter.rule import Plan, PlannedRule
from linter.rules import yamlfile
from linter.rules.yaml_schema import BlockSpec, SpecReader

_FIRST = (0,)  # the patterns a one-pattern rule tries on a line

class PatternRule(PlannedRule):
    """A rule described by a YAML mapping (see ``SCHEMA``)."""

    def __init__(self, spec: dict[str, Any], where: yamlfile.Located, path: str) -> None:
        self._spec = spec
        check = SpecReader(spec, where, path)
        self.id = check.rule_id()
        self.message = check.string("message", required=True)
        if "\n" in self.message.strip() or "\r" in self.message:
            check.fail(("message",), "`message` must be one line (it is printed with each "
                       "finding); put more in `description`")
        self.category = check.name("category", default="misc")
        self.severity = check.choice_enum("severity", Severity, Severity.WARNING)
        self.opt_in = check.boolean("opt-in", False)
        self.languages = check.languages()
        self.applicability = check.choice_enum("fix-safety", Applicability, Applicability.SAFE)
        self.evidence = check.choice_enum("evidence", Evidence, Evidence.PHRASE)
        self.head_anchor = check.positive_int("head-anchor") or 0
        self.entry_metadata = check.boolean("entry-metadata", False)
        self.anchors = check.boolean("anchors", True)
        flags = 0 if check.boolean("case-sensitive", False) else regex.IGNORECASE
        self.patterns = check.patterns(flags)
        fixed = self.fix_languages = check.fix_languages()
        # a pattern of a language the rule does not fix by default: its fix is unsafe (a
        # tuple of indices: the pack snapshot stores plain values)
        self._unsafe_patterns = () if fixed is None else tuple(
            index for index, lang in enumerate(check.pattern_languages())
            if lang is not None and lang not in fixed)
        self.unless = check.regex_list("unless", flags)
        analyses = [check.analyses[id(p)] for p in self.patterns]
        # Per pattern: literals one of which every line it matches contains (or None).
        self.pattern_literals = [a.literals for a in analyses]
        self.pattern_risky = [a.risky for a in analyses]
        self._unless_risky = [check.analyses[id(p)].risky for p in self.unless]
        self.search = check.choice("match", ("line", "search"), "line") == "search"
        self.max_length = check.positive_int("max-length")
        self.position = check.position()
        self.block = check.block()
        self.action = check.fix_action(self.block is not None)
        self.fixable = self.action != "none"
        self.replacement = check.string("replacement", required=self.action == "replace")
        if self.replacement:
            _check_group_references(check, self.replacement, self.patterns)
        self.examples = check.examples()
        self._description = check.string("description")
        self.source = path

    @property
    def description(self) -> str:
        return self._description

    @property
    def regex_timeout(self) -> float:
        return REGEX_TIMEOUT

    def check(self, doc: Document, plan: Plan | None = None) -> Iterator[Finding]:
        """Findings in ``doc``.

        ``plan`` (from the engine's prefilter) gives, per pattern, the only lines it can
        match, or None for every line. Without a plan every pattern sees every line.
        """
        covered = -1  # last line of the previous block: its lines are not headers again
        for core, tried in self._candidates(doc, plan):
            if core.index <= covered:
                continue
            found, index = self._match(core.text, tried)
            if found is not None:
                finding = self._finding(doc, core, found)
                if index in self._unsafe_patterns and finding.fix is not None:
                    finding = replace(finding, fix=Fix(finding.fix.edits,
                                                       Applicability.UNSAFE))
                if self.block is not None:
                    covered = doc.position(finding.end)[0] - 1
                yield finding

    def _candidates(
        self, doc: Document, plan: Plan | None
    ) -> list[tuple[CoreLine, Sequence[int]]]:
        """The line cores worth trying, each with the patterns (indices, in order) that
        ``plan`` allows on it."""
        if plan is None:
            every = range(len(self.patterns))
            return [(core, every) for core in self._cores(doc, None)]
        if len(plan) == 1 and plan[0] is not None:  # most rules: one pattern, a few lines
            return [(core, _FIRST) for core in self._cores(doc, plan[0])]
        always = [index for index, lines in enumerate(plan) if lines is None]
        wanted: dict[int, list[int]] = {}  # line -> patterns that need it, in order
        for index, lines in enumerate(plan):
            for line in lines or ():
                wanted.setdefault(line, []).append(index)
        if not always:
            return [(core, wanted[core.index]) for core in self._cores(doc, wanted)]
        return [(core, sorted(always + wanted[core.index]) if core.index in wanted else always)
                for core in self._cores(doc, None)]

    def _cores(self, doc: Document, lines: Collection[int] | None) -> list[CoreLine]:
        """The cores of ``lines`` (None: all) that position and max-length allow."""
        cores = doc.cores
        if self.position is not None:
            where, count = self.position
            cores = cores[:count] if where == "first" else cores[-count:]
        if lines is not None:
            cores = ([core for core in cores if core.index in lines] if self.position
                     else doc.cores_in(lines))
        if self.max_length:
            cores = [core for core in cores if len(core.text) <= self.max_length]
        return cores

    def _match(self, text: str, tried: Sequence[int]) -> tuple[regex.Match[str] | None, int]:
        """The first of the ``tried`` patterns that matches ``text`` (unless an `unless`
        pattern is found there), with its index; (None, -1) when none does."""
        long = len(text) > LONG_LINE
        patterns, risky, search = self.patterns, self.pattern_risky, self.search
        for index in tried:
            pattern = patterns[index]
            method = pattern.search if search else pattern.fullmatch
            found = method(text, timeout=REGEX_TIMEOUT) if risky[index] or long else method(text)
            if found is not None:
                break
        else:
            return None, -1
        if not self.unless:
            return found, index
        for rx, risky_rx in zip(self.unless, self._unless_risky, strict=True):
            if (rx.search(text, timeout=REGEX_TIMEOUT) if risky_rx or long
                    else rx.search(text)):
                return None, -1
        return found, index

    def _finding(self, doc: Document, core: CoreLine, found: regex.Match[str]) -> Finding:
        start, end = core.start + found.start(), core.start + found.end()
        if start == end:  # a zero-width match (lookaheads only) flags the whole core
            start, end = core.start, core.end
        if self.action == "delete-match":
            return self.delete_span(doc, *_widen_to_space(doc.text, start, end))
        if self.action == "replace":
            return self.replace_span(doc, start, end, found.expand(self.replacement))
        if self.block is not None:
            first, last = _block_extent(doc, core.index, self.block)
            if self.action == "none":
                return self.report_lines(doc, first, last)
            return self.delete_lines(doc, first, last)
        if self.action == "none":
            return self.finding(doc, start, end)
        if not self.search:  # fix: delete-line, flagging the core (the line's content)
            start, end = core.start, core.end
        whole_line = Edit(*doc.line_span(core.index, core.index))
        return self.finding(doc, start, end, self._fix(whole_line))



def _widen_to_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Take one neighbouring run of spaces with a deleted match, so no double space is left."""
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after > end:
        return start, after
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    return before, end


def _block_extent(doc: Document, header: int, block: BlockSpec) -> tuple[int, int]:
    last = _extend(doc, header, block, step=1)
    first = _extend(doc, header, block, step=-1) if block.both_ways else header
    return first, last


def _extend(doc: Document, header: int, block: BlockSpec, step: int) -> int:
    """The furthest line absorbed from ``header`` in direction ``step``."""
    items: list[tuple[int, bool]] = []  # (line, reached across a blank line)
    index, stop, skipped = header + step, "end", False
    count = len(doc.line_starts)
    while 0 <= index < count:
        if doc.is_blank(index):
            after = index + step
            if not block.across_blank or not 0 <= after < count or doc.is_blank(after):
                stop = "blank"
                break
            index, skipped = after, True
            continue
        if len(items) >= block.max_lines:
            stop = "max"
            break
        if not block.follow(doc, index):
            stop = "prose"
            break
        items.append((index, skipped))
        index, skipped = index + step, False
    if stop == "prose" and step == 1 and items and (items[-1][1] or not skipped):
        # The last line taken may be the subheading of the prose that follows: it stands
        # right above it, or it is set off by blank lines the way subheadings are.
        items.pop()
    return items[-1][0] if items else header


def load_file(path: str, text: str, remembered: bool = False) -> list[PatternRule]:
    """All rules in one YAML file: a single mapping, or several YAML documents.

    ``remembered``: parse through the rule-file memo (for files on disk; see yamlfile).
    """
    load = yamlfile.load_remembered if remembered else yamlfile.load
    return [PatternRule(doc.data, doc, path) for doc in load(text, path)]


def _check_group_references(check: Any, replacement: str, patterns: list[Any]) -> None:
    """A RuleFileError for a `\\2` or `\\g<name>` in ``replacement`` that some pattern
    lacks: it would fail on every match, in every file. (Compiled here, not at import: a
    run parses no pattern it does not need.)"""
    for match in regex.finditer(r"\\(?:(\d+)|g<([^>]*)>)", replacement):
        number, name = match.groups()
        for pattern in patterns:
            known = (int(number) <= pattern.groups if number is not None
                     else name in pattern.groupindex or (name.isdigit()
                                                         and int(name) <= pattern.groups))
            if not known:
                check.fail(("replacement",), f"`replacement` refers to group "
                           f"`{match.group(0)}`, which pattern {pattern.pattern!r} does not "
                           "have")
