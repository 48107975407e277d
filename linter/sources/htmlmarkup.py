"""Markup rules on an HTML page (``linter.rules.markup``): which rules run on a page,
the outermost elements they flag (suppression comments honoured, a failing rule reported),
and the finding and fix each flagged element gives (its fix safety as configured).
Used by ``linter.sources.html``, which builds the text view around them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from linter.engine.linter import RuleError
from linter.findings import Applicability, Edit, Finding, Fix
from linter.rules import loader, markup, selectors, suppression
from linter.rules.markup import Markup, MarkupRule
from linter.sources.htmlpage import SPACE, Element, Page


def describe(page: Page) -> Markup:
    """The page as markup rules see it: plain data, no parser state."""
    text = "".join(c.char for c in page.chars)
    elements = [markup.Element(e.index, e.tag, e.attrs, e.start, e.end, e.parent,
                               page.size_of(e), text, page.char_range(e))
                for e in page.elements]
    return Markup(page.source, elements, sum(char not in SPACE for char in text))


def markup_rules(linter: Any, path: str = "-") -> list[MarkupRule]:
    """The markup rules to run on ``path``: those the run chose (its `select`,
    `extend-select`, `ignore` and `severity`), less those `per-file-ignores` turns off for
    ``path``. A linter without settings (made in Python code) runs its markup rules and
    the built-in ones of the categories of its other rules."""
    if getattr(linter, "settings", None) is None:
        return _unconfigured(linter)
    ignored = linter.ignored_names(path) if hasattr(linter, "ignored_names") else []
    return [rule for rule in linter.rules if isinstance(rule, MarkupRule)
            and not any(selectors.matches(name, rule) for name in ignored)]


def _unconfigured(linter: Any) -> list[MarkupRule]:
    """A linter made in Python code: the markup rules it holds, and the built-in ones
    whose category one of its other rules has."""
    rules = list(getattr(linter, "rules", ()))
    held = {rule.id: rule for rule in rules if isinstance(rule, MarkupRule)}
    categories = {rule.category for rule in rules if not isinstance(rule, MarkupRule)}
    for rule in loader.builtin_markup_rules():
        if rule.category in categories:
            held.setdefault(rule.id, rule)
    return sorted(held.values(), key=lambda rule: rule.id)


def flagged_elements(
    linter: Any, page: Page
) -> tuple[list[tuple[MarkupRule, Element]], list[RuleError]]:
    """Outermost elements the HTML rules flag, in source order (first rule by id wins),
    and the rules that failed (one that raises is reported and skipped, as a text rule)."""
    found: dict[int, tuple[MarkupRule, Element]] = {}
    errors: list[RuleError] = []
    rules = markup_rules(linter, page.source.path)
    if not rules:
        return [], errors
    suppressed = _suppression_test(page)
    description = describe(page)
    for rule in rules:
        try:
            elements = [page.elements[flagged.index]
                        for flagged in rule.check_markup(description)]
        except (Exception, SystemExit) as exc:  # a user's rule: reported, the run goes on
            errors.append(RuleError(rule.id, page.source.path,
                                    f"{type(exc).__name__}: {exc}"))
            continue
        for element in elements:
            if not suppressed(rule, element):
                found.setdefault(element.index, (rule, element))
    out = []
    outer_end = -1
    for index in sorted(found):  # document order: an element inside the last kept one
        rule, element = found[index]  # is left out
        if element.start >= outer_end:
            out.append((rule, element))
            outer_end = element.end
    return out, errors


def _suppression_test(page: Page) -> Any:
    """Whether a suppression comment in the source covers an element an HTML rule flags:
    at the line of its start tag, or of its first text (linter.rules.suppression)."""

    directives = suppression.parse(page.source) if page.directives else []

    def suppressed(rule: MarkupRule, element: Element) -> bool:
        if not directives:
            return False
        finding = rule_finding(page, rule, element)
        tag_line = page.source.position(element.start)[0]
        return any(suppression.covering(directives, probe, rule) is not None  # duck-typed
                   for probe in (finding, replace(finding, line=tag_line)))

    return suppressed


def rule_finding(page: Page, rule: MarkupRule, element: Element) -> Finding:
    source = page.source
    start = page.first_text(element)
    line, column = source.position(start)
    end_line, end_column = source.position(element.end)
    fix = Fix((Edit(element.start, element.end, ""),), rule.applicability) \
        if _fixable(rule, element) else None
    return Finding(rule.id, rule.message, rule.severity, rule.category, start, element.end,
                   line, column, end_line, end_column, fix)


def removes(rule: MarkupRule, element: Element, unsafe: bool) -> bool:
    """Whether `fix` removes ``element``, which markup rule ``rule`` flags (its configured
    safety)."""
    return _fixable(rule, element) and (unsafe or rule.applicability is Applicability.SAFE)


def _fixable(rule: MarkupRule, element: Element) -> bool:
    """Whether ``element`` may be removed at all: never one that no end tag of its own
    closed, whose end is the parser's guess (an unclosed <aside> runs on over the
    article's paragraphs): it is reported only."""
    return rule.fixable and element.closed
