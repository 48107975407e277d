"""The rule interface shared by YAML and Python rules.

A Python rule is a subclass of ``Rule`` with a docstring (its documentation, shown by
``artlint explain``) and a ``check`` method that yields findings::

    class LoneNumber(Rule):
        '''A line holding only a number, left by a share or comment counter.'''

        id = "lone-number"
        message = "Stray counter"
        category = "counters"
        examples = [{"bad": "Title\\n\\n0\\n\\nText."}, {"good": "It cost 12 dollars."}]

        def check(self, doc):
            for core in doc.cores:
                if core.text.isdigit():
                    yield self.delete_lines(doc, core.index)

Rules never change text: ``delete_lines``, ``delete_span`` and ``replace_span`` build
findings whose fixes are edits, applied later by ``linter.engine.fixer``.
"""

from __future__ import annotations

import inspect
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from linter.document import Document
from linter.findings import Applicability, Edit, Evidence, Finding, Fix, Severity


@dataclass(frozen=True)
class Option:
    """A per-rule setting, given in the configuration as ``[tool.artlint.options.<rule-id>]``.

    ``kind`` is one of ``OPTION_KINDS``; ``default`` is used when the option is not set, and
    a rule must behave with its defaults exactly as it did before it had options.
    """

    description: str
    default: Any
    kind: str = "list of strings"

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable for this option, or None if it is."""
        valid = OPTION_KINDS[self.kind](value)
        return None if valid else f"expected {self.kind}, got {value!r}"


OPTION_KINDS = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "list of strings": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
}


@dataclass(frozen=True)
class Wake:
    """What a Python rule needs before it can find anything: a line that one of
    ``patterns`` (compiled `regex` patterns, tried on line cores) matches, whole or, with
    ``search``, anywhere in it. The engine finds the lines each pattern may match with
    the machinery it uses for YAML patterns (one Hyperscan scan, or literals and the line
    gate), calls the rule only on a document with at least ``min_lines`` such lines, and
    passes it those lines: ``check(doc, lines)``, where ``lines`` holds every line a
    pattern matches (and maybe others; None: every line). ``max_length``: a longer core
    never matches. A declaration is a promise: the rule finds nothing on a document
    without such lines, and nothing that depends on a line outside ``lines`` matching
    (docs/writing-rules.md, "Waking a Python rule only where it can find").
    """

    patterns: tuple[Any, ...]
    search: bool = False
    max_length: int | None = None
    min_lines: int = 1


Lines = Collection[int] | None  # the lines a woken rule is given (None: every line)


class Rule:
    id: ClassVar[str] = ""
    message: ClassVar[str] = ""
    category: ClassVar[str] = "misc"
    severity: Severity = Severity.WARNING
    languages: ClassVar[tuple[str, ...]] = ()
    # What the rule reads: "text" (the text view every input gives; the engine runs it), or
    # an input format whose source adapter runs it on its own units ("html": markup rules).
    reads: ClassVar[str] = "text"
    fixable: bool = True  # False: reported, never fixed (also `unfixable` in the config)
    # Opt-in rules run only when selected by id or category (riskier, higher-recall rules).
    opt_in: bool = False
    # SAFE: `fix` applies it (a shape rule's: where evidence backs it); UNSAFE: only with
    # --unsafe-fixes. The configuration may change it (`extend-safe-fixes`, `extend-unsafe-fixes`).
    applicability: Applicability = Applicability.SAFE
    # The safety the configuration gives every fix of the rule, whatever the rule built
    # (None: the rule's own); the engine holds findings to it (engine.linter.rule_fix).
    configured_safety: Applicability | None = None
    # What the rule's findings rest on: a boilerplate phrase, or only the line's shape.
    # A shape rule's fix is applied by default only where phrase evidence backs it
    # (linter.engine.evidence).
    evidence: ClassVar[Evidence] = Evidence.PHRASE
    # A shape rule's findings in the first N non-blank lines count as anchored by position.
    head_anchor: ClassVar[int] = 0
    # The rule's findings are one entry's metadata (a byline, a date, a reading time): a
    # text with several different such lines is a list of entries (linter.engine.evidence).
    entry_metadata: ClassVar[bool] = False
    # False: a phrase finding is fixed by default but vouches for no shape finding beside
    # it (an in-article link line between paragraphs says nothing of its neighbours).
    anchors: ClassVar[bool] = True
    examples: ClassVar[list[dict[str, str]]] = []
    # Where the rule came from ("builtin", a file path, or "plugin:<entry point>").
    source: str = ""
    # Settings a user may give this rule in the configuration: name -> Option.
    options: ClassVar[dict[str, Option]] = {}
    # Where the rule can find something (a Python rule's line patterns): the engine calls
    # it only on documents with such lines, and passes them (``Wake``). None: every document.
    wake: ClassVar[Wake | None] = None
    _option_values: dict[str, Any] | None = None

    def configure(self, values: Mapping[str, Any]) -> None:
        """Set options; raise ValueError("`name`: problem") for an unknown name or bad value."""
        for name, value in values.items():
            if name not in self.options:
                allowed = ", ".join(f"`{n}`" for n in self.options) or "none"
                raise ValueError(f"`{name}`: not an option of this rule (options: {allowed})")
            problem = self.options[name].problem(value)
            if problem:
                raise ValueError(f"`{name}`: {problem}")
        self._option_values = dict(values)

    def option(self, name: str) -> Any:
        """The configured value of option ``name``, or its default."""
        values = self._option_values or {}
        return values[name] if name in values else self.options[name].default

    @property
    def description(self) -> str:
        return inspect.cleandoc(type(self).__doc__ or "")

    def check(self, doc: Document) -> Iterable[Finding]:
        raise NotImplementedError

    # Helpers that build findings ------------------------------------------------------

    def finding(
        self, doc: Document, start: int, end: int, fix: Fix | None = None, message: str = ""
    ) -> Finding:
        line, column = doc.position(start)
        end_line, end_column = doc.position(max(start, end))
        return Finding(
            rule=self.id,
            message=message or self.message,
            severity=self.severity,
            category=self.category,
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            fix=fix if self.fixable else None,
        )

    def _fix(self, *edits: Edit) -> Fix:
        return Fix(edits, self.applicability)

    def delete_lines(
        self, doc: Document, first: int, last: int | None = None, message: str = ""
    ) -> Finding:
        """A finding over lines ``first``..``last`` whose fix deletes them whole."""
        last = first if last is None else last
        start, end = doc.line_span(first, last)
        flagged_start, flagged_end = _content_span(doc, first, last)
        return self.finding(doc, flagged_start, flagged_end, self._fix(Edit(start, end)), message)

    def delete_span(self, doc: Document, start: int, end: int, message: str = "") -> Finding:
        return self.finding(doc, start, end, self._fix(Edit(start, end)), message)

    def replace_span(
        self, doc: Document, start: int, end: int, replacement: str, message: str = ""
    ) -> Finding:
        return self.finding(doc, start, end, self._fix(Edit(start, end, replacement)), message)

    def report_lines(self, doc: Document, first: int, last: int | None = None) -> Finding:
        """A finding over whole lines with no fix."""
        start, end = _content_span(doc, first, first if last is None else last)
        return self.finding(doc, start, end)


Plan = list["set[int] | None"]  # per pattern: the lines it may match (None: every line)


class PlannedRule(Rule):
    """A rule made of line patterns whose candidate lines the engine finds for it.

    The engine looks for every planned rule's literals in one prefilter pass over the
    document, runs the gateable patterns through one line gate, and then calls
    ``check(doc, plan)`` with, per pattern, the lines it may match. A kind of rule opts in
    by subclassing this and describing its patterns; the engine needs nothing else of it.
    The declarative pattern kind (``linter.rules.yaml_rule.PatternRule``) is one.
    """

    patterns: list[Any]  # compiled `regex` patterns (or lazy stand-ins)
    pattern_literals: list[frozenset[str] | None]  # per pattern: one is in every match
    pattern_risky: list[bool]  # per pattern: may backtrack badly (runs under a timeout)
    search: bool = False  # patterns search lines rather than match them whole
    position: Any = None  # a place in the text the rule is limited to, if any
    max_length: int | None = None  # longer lines never match

    @property
    def regex_timeout(self) -> float:
        """Seconds a pattern may take on one line (shown when one times out)."""
        raise NotImplementedError

    def check(self, doc: Document, plan: Plan | None = None) -> Iterable[Finding]:
        raise NotImplementedError


def _content_span(doc: Document, first: int, last: int) -> tuple[int, int]:
    """The non-space part of lines first..last, for reporting columns (the cores of the
    first and last non-blank lines among them)."""
    cores = doc.cores_within(first, last)
    if not cores:
        return doc.line_at(first).start, doc.line_at(last).end
    return cores[0].start, cores[-1].end
