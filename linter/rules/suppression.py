"""Inline suppression comments, and the opt-in rule that reports the ones doing nothing.

Comments are found in the raw text of any file, so they work in plain text, Markdown and
HTML alike (docs/configuration.md, "Suppressing findings")::

    <!-- artlint: disable=dont-miss-block,share -->   from this line on
    <!-- artlint: enable=dont-miss-block -->          from this line on
    <!-- artlint: disable -->  /  <!-- artlint: enable -->   every rule
    <!-- artlint: disable-next-line=masthead -->      the next non-blank line only

Names are rule selectors (ids, categories, prefixes, ``pack:NAME``, ``all``). A finding
is suppressed when the line it starts on is covered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from linter.document import Document
from linter.findings import Finding
from linter.rule import Rule
from linter.rules import selectors
from linter.rules.markup import MarkupRule

DIRECTIVE = re.compile(
    r"<!--\s*artlint\s*:\s*(?P<kind>disable-next-line|disable|enable)\b"
    r"(?:\s*=\s*(?P<names>[^>]*?))?\s*-->",
    re.IGNORECASE,
)
EVERYTHING = selectors.ALL


@dataclass
class Directive:
    """One `artlint:` comment: its kind, the rules it names, and where it is."""

    kind: str  # disable, enable or disable-next-line
    names: tuple[str, ...]  # ("all",) when none is given
    line: int  # 1-based line of the comment
    start: int
    end: int
    target: int | None = None  # disable-next-line: the 1-based line it covers
    used: set[str] = field(default_factory=set)  # names that suppressed a finding


def parse(doc: Document) -> list[Directive]:
    if "artlint" not in doc.text:
        return []
    found = []
    for match in DIRECTIVE.finditer(doc.text):
        names = tuple(selectors.split(match["names"] or "")) or (EVERYTHING,)
        line = doc.position(match.start())[0]
        directive = Directive(match["kind"].lower(), names, line, match.start(), match.end())
        if directive.kind == "disable-next-line":
            directive.target = _next_content_line(doc, line)
        found.append(directive)
    return found


def _next_content_line(doc: Document, line: int) -> int | None:
    """The first line after ``line`` that is not blank and not only directives."""
    for index in range(line, len(doc.lines)):
        rest = DIRECTIVE.sub("", doc.line_text(index)).strip()
        if rest:
            return index + 1
    return None


def covering(directives: list[Directive], finding: Finding, rule: Rule) -> Directive | None:
    """The directive that suppresses ``finding`` (of ``rule``), or None.

    A `disable-next-line` aimed at the finding's line wins; otherwise the last
    `disable`/`enable` at or before that line whose names match the rule decides.
    """
    for directive in directives:
        if directive.target == finding.line and _name_for(directive, rule):
            return directive
    decided = None
    for directive in directives:
        if directive.line > finding.line:
            break
        if directive.kind != "disable-next-line" and _name_for(directive, rule):
            decided = directive
    return decided if decided is not None and decided.kind == "disable" else None


def _name_for(directive: Directive, rule: Rule) -> str | None:
    return next((name for name in directive.names if selectors.matches(name, rule)), None)


def apply(
    doc: Document,
    findings: list[Finding],
    rules: dict[str, Rule],
    known: list[Rule],
    report_unused: Rule | None = None,
) -> list[Finding]:
    """``findings`` minus the suppressed ones; plus, when ``report_unused`` (the
    `unused-suppression` rule) is given, one finding per suppression that suppressed
    nothing. ``rules`` are the rules that ran, by id; ``known`` every loaded rule.
    """
    directives = parse(doc)
    if not directives:
        return findings
    kept = []
    for finding in findings:
        rule = rules.get(finding.rule)
        directive = covering(directives, finding, rule) if rule is not None else None
        if directive is None:
            kept.append(finding)
        else:
            directive.used.add(_name_for(directive, rule) or EVERYTHING)
    if report_unused is not None:
        for unused in _unused(doc, directives, rules, known, report_unused):
            rule = rules.get(unused.rule)
            if rule is None or covering(directives, unused, rule) is None:
                kept.append(unused)
        kept.sort(key=lambda f: (f.start, f.end, f.rule))
    return kept


def _unused(
    doc: Document, directives: list[Directive], rules: dict[str, Rule], known: list[Rule],
    reporter: Rule,
) -> Iterator[Finding]:
    ran = _text_rules(rules.values())
    for directive in directives:
        if directive.kind == "enable":
            continue
        for name in directive.names:
            if name in directive.used:
                continue
            problem = _problem(directive, name, ran, known)
            if problem:
                yield reporter.finding(doc, directive.start, directive.end, message=problem)


def _text_rules(rules: Iterable[Rule]) -> list[Rule]:
    """The rules that read the text: the HTML adapter applies suppressions of markup
    rules' findings itself."""
    return [rule for rule in rules if not isinstance(rule, MarkupRule)]


def _problem(directive: Directive, name: str, ran: list[Rule], known: list[Rule]) -> str:
    """What is wrong with ``name`` in an unused ``directive`` ("" when nothing is)."""
    if not selectors.known(name, _text_rules(known)):
        if selectors.known(name, known):
            return ""  # a markup rule's: the HTML adapter applies those itself
        return f"unknown rule `{name}` in a suppression comment"
    if selectors.known(name, ran):
        return f"`artlint: {directive.kind}={name}` suppresses nothing"
    return ""  # names a rule that is not enabled in this run


class UnusedSuppression(Rule):
    """A suppression comment that suppresses nothing.

    Reports `<!-- artlint: disable=... -->` and `disable-next-line` comments (one finding
    per name) when no finding of the named rules was suppressed by them, and names that
    are not rules at all. Like ruff's unused-`noqa` check, it keeps stale suppressions
    from piling up once the artefact they covered is gone. Names of rules that are not
    enabled in the run are not reported. Report only: delete the comment yourself.
    """

    id = "unused-suppression"
    message = "Suppression comment that suppresses nothing"
    category = "suppression"
    opt_in = True
    fixable = False
    examples = [  # noqa: RUF012
        {"bad": "Headline\n\n<!-- artlint: disable-next-line=unused-suppression-x -->\n"
                "Plain prose.\n"},
        {"good": "Headline\n\nPlain prose without comments.\n"},
    ]

    def check(self, doc: Document) -> Iterator[Finding]:
        # Its findings depend on the other rules' findings: linter.config.linters.ConfiguredLinter
        # produces them after every rule has run.
        return iter(())
