"""HTML: lint the text of block elements; fix by removing whole elements.

The page is parsed into elements, characters and text lines with their source offsets by
``linter.sources.htmlpage``.

The rules see a *view*: one line per run of text inside one block element (``<p>``,
``<li>``, ``<h2>``, ``<figcaption>``...), whitespace collapsed, character references
decoded; blocks are separated by a blank line, list items by a line break. Text in
``<head>``, ``<script>``, ``<style>``, ``<pre>``, ``<code>``, ``<template>``,
``<textarea>``, ``<svg>`` and ``<math>`` is not article text and is never seen or changed.
Every view character knows the source span it came from, so findings are reported at the
line and column of the source file.

Fixing: a view line the rules delete removes its element from the source, start tag
through end tag; when every text line of the enclosing element is gone too (the ``<ul>``
around deleted ``<li>``s, an ``<aside>`` of related links) the enclosing element goes
instead, up to but never including ``<body>``, ``<main>``, ``<article>``, table parts or an
element holding an image or video. A source line left blank by a removal is removed,
and a removal never leaves two blank lines where there was one. A change inside a line is
written back only when the changed text is one run of source text (no tag in between);
otherwise it is not applied and reported. Everything else is kept byte for byte.

Markup rules (linter.rules.markup; the built-in ones are in ``rules/html/``) look at the
markup itself: they get the page's elements as plain data and yield the elements to remove
whole (``linter.sources.htmlmarkup`` runs them). They are chosen like every rule.
"""

from __future__ import annotations

import bisect
import html as htmllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from linter.document import Document
from linter.engine.linter import CheckResult, RuleError
from linter.findings import Edit, Finding, Fix
from linter.rules.markup import KEEP, MarkupRule
from linter.rules.suppression import UnusedSuppression
from linter.sources.base import Fixed
from linter.sources.fixloop import drop_protected, fix_view
from linter.sources.htmlmarkup import flagged_elements, removes, rule_finding
from linter.sources.htmlpage import BLOCK, TIGHT, Element, Line, Page, build_lines, parse

# --------------------------------------------------------------------------------------
# view
# --------------------------------------------------------------------------------------


@dataclass
class View:
    page: Page
    view: Document
    line_of: dict[int, int]  # view line index -> page line index
    flagged: list[tuple[MarkupRule, Element]]
    masked: set[int] = field(default_factory=set)  # view lines of suppression comments
    errors: list[RuleError] = field(default_factory=list)  # markup rules that failed


def view_of(linter: Any, source: Document) -> View:
    page = parse(source)
    flagged, failed = flagged_elements(linter, page)
    page.lines = build_lines(page, [(e.start, e.end) for _, e in flagged])
    parts: list[str] = []
    line_of: dict[int, int] = {}
    masked: set[int] = set()
    row = 0
    for number, line in enumerate(page.lines):
        if number:
            tight = line.owner is not None and page.elements[line.owner].tag in TIGHT
            if not tight:
                parts.append("\n")
                row += 1
        line_of[row] = number
        if line.directive:
            masked.add(row)
        parts.append(line.text + "\n")
        row += 1
    view = Document("".join(parts), source.path, source.bom)
    return View(page, view, line_of, flagged, masked, failed)


def _to_source(view: View, offset: int, is_end: bool) -> int:
    """The source offset of view offset ``offset`` (a start, or an end)."""
    doc = view.view
    if not doc.lines:
        return 0
    row, column = doc.position(max(0, offset - 1) if is_end else offset)
    row -= 1
    column -= 1
    while row not in view.line_of and row > 0:  # a blank separator: use the line before
        row -= 1
        column = len(doc.line_text(row))
    number = view.line_of.get(row)
    if number is None:
        return 0
    line = view.page.lines[number]
    if is_end:
        column = min(column, len(line.spans) - 1)
        return line.spans[column][1]
    if column >= len(line.spans):
        return line.spans[-1][1]
    return line.spans[column][0]


def _locate(view: View, finding: Finding) -> Finding:
    source = view.page.source
    start = _to_source(view, finding.start, False)
    end = max(start, _to_source(view, finding.end, True)) if finding.end > finding.start \
        else start
    fix = finding.fix
    if fix is not None:
        edits = []
        for edit in fix.edits:
            s = _to_source(view, edit.start, False)
            e = max(s, _to_source(view, edit.end, True)) if edit.end > edit.start else s
            edits.append(Edit(s, e, edit.replacement))
        fix = Fix(tuple(edits), fix.applicability)
    line, column = source.position(start)
    end_line, end_column = source.position(end)
    return replace(finding, start=start, end=end, line=line, column=column, end_line=end_line,
                   end_column=end_column, fix=fix)


def check(linter: Any, source: Document) -> tuple[list[tuple[Document, Finding]], list]:
    """Findings located in the source, and rule errors."""

    view = view_of(linter, source)
    result = linter.check(view.view)

    # On a suppression comment's own line, only `unused-suppression` reports (report only).
    unused, others = [], []
    for f in result.findings:
        (unused if f.rule == UnusedSuppression.id and f.fix is None else others).append(f)
    findings = [rule_finding(view.page, rule, element) for rule, element in view.flagged]
    findings += [_locate(view, f)
                 for f in [*drop_protected(others, view.view, view.masked), *unused]]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return [(source, f) for f in findings], [*view.errors, *result.errors]


# --------------------------------------------------------------------------------------
# fix
# --------------------------------------------------------------------------------------


def _removable(starts: list[int], gone: list[int], element: Element,
               kept: Sequence[Element] = ()) -> bool:
    """Whether every text line inside ``element`` is gone (``gone``: prefix counts) and it
    holds none of the ``kept`` elements (flagged by a markup rule whose fix is not applied:
    their text is not among the lines)."""
    lo = bisect.bisect_left(starts, element.inner)
    hi = bisect.bisect_left(starts, element.end)
    return (element.tag not in KEEP and not element.media
            and gone[hi] - gone[lo] == hi - lo
            and not any(element.start <= k.start and k.end <= element.end for k in kept))


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a removed span to whole source lines when nothing else is left on them, and
    take a following blank line when a blank line (or the start) is already before."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end + 1
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    start, end = line_start, line_end
    before = text.rfind("\n", 0, max(0, start - 1)) + 1
    blank_before = start == 0 or not text[before:start].strip()
    after = text.find("\n", end)
    after = len(text) if after < 0 else after + 1
    if blank_before and end < len(text) and not text[end:after].strip():
        end = after
    return start, end


def _seam(text: str, start: int, end: int, tag: str) -> str:
    """What replaces a removed element: nothing, or a space where a block element stood
    between two runs of text ("bridges.<div>Share</div>Residents"), which it kept apart."""
    if tag not in BLOCK or start == 0 or end >= len(text):
        return ""
    before, after = text[start - 1], text[end]
    return "" if before.isspace() or after.isspace() or before == ">" or after == "<" else " "


def fix(linter: Any, source: Document, unsafe: bool = False) -> tuple:
    """(fixed text, applied, touched source lines -> rules, errors, converged)."""

    view = view_of(linter, source)
    page = view.page
    text = source.text
    result = fix_view(linter, view.view, unsafe, protected=view.masked)
    errors = [*view.errors, *result.errors]
    new: dict[int, str] = {}
    for content, _, origin in result.lines:
        if origin in view.line_of:
            new[view.line_of[origin]] = content
    rules_of = {view.line_of[o]: r for o, r in result.touched.items() if o in view.line_of}
    gone = {n for n in range(len(page.lines)) if not new.get(n, "").strip()}
    starts = [line.start for line in page.lines]
    counts = [0]
    for n in range(len(page.lines)):
        counts.append(counts[-1] + (n in gone))

    removals: dict[int, list[str]] = {}  # element index -> rules
    edits: list[tuple[int, int, str, list[str]]] = []
    kept: list[Element] = []
    for rule, element in view.flagged:
        if removes(rule, element, unsafe):
            removals[element.index] = [rule.id]
        else:
            kept.append(element)
    failed: list[tuple[int, list[str]]] = []
    for number, line in enumerate(page.lines):
        rules = rules_of.get(number, ["html"])
        if number in gone:
            owner = page.elements[line.owner] if line.owner is not None else None
            if owner is not None and _removable(starts, counts, owner, kept):
                removals.setdefault(owner.index, []).extend(rules)
            elif "<" not in text[line.start:line.end]:
                edits.append((line.start, line.end, "", rules))
            else:
                failed.append((number, rules))
        elif new[number] != line.text:
            edit = _inline(text, line, new[number])
            if edit is None:
                failed.append((number, rules))
            else:
                edits.append((*edit, rules))
    # promote removals to the enclosing element when nothing of it is left
    for index in list(removals):
        element = page.elements[index]
        for parent in page.ancestors(element):
            if parent.index in removals:
                break  # already promoted from another child
            if not _removable(starts, counts, parent, kept):
                break
            removals[parent.index] = list(removals[index])
    spans = sorted((page.elements[i].start, page.elements[i].end, i, r)
                   for i, r in removals.items())
    outer: list[tuple[int, int, int, list[str]]] = []
    for start, end, index, rules in spans:
        if outer and start < outer[-1][1]:
            continue  # inside an element already removed
        outer.append((start, end, index, rules))
    for start, end, index, rules in outer:
        start, end = _widen(text, start, end)
        edits.append((start, end, _seam(text, start, end, page.elements[index].tag), rules))
    edits = _non_overlapping(edits)
    for number, rules in failed:
        line = page.lines[number]
        at = source.position(line.start)
        for rule in dict.fromkeys(rules):
            errors.append(RuleError(rule, source.path,
                                    f"fix at {at[0]}:{at[1]} not applied: the text to change "
                                    "spans markup in the HTML source"))
    touched: dict[int, list[str]] = {}
    out = text
    for start, end, replacement, rules in sorted(edits, reverse=True):
        first = source.position(start)[0] - 1
        last = source.position(max(start, end - 1))[0] - 1
        for row in range(first, last + 1):
            touched.setdefault(row, []).extend(rules)
        out = out[:start] + replacement + out[end:]
    applied = result.applied + len(view.flagged) - len(kept) if edits else 0
    return out, applied, touched, list(dict.fromkeys(errors)), result.converged and not failed


def _non_overlapping(edits: list[tuple[int, int, str, list[str]]]) -> list:
    """Drop edits inside (or overlapping) a larger one that comes first."""
    kept: list[tuple[int, int, str, list[str]]] = []
    for edit in sorted(edits, key=lambda e: (e[0], -e[1])):
        if kept and edit[0] < kept[-1][1]:
            continue
        kept.append(edit)
    return kept


def _inline(text: str, line: Line, after: str) -> tuple[int, int, str] | None:
    """The source edit that turns ``line.text`` into ``after``, or None when the changed
    characters are not one run of source text."""
    before = line.text
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    s = 0
    while s < min(len(before), len(after)) - p and before[-1 - s] == after[-1 - s]:
        s += 1
    q = len(before) - s
    middle = after[p:len(after) - s]
    if p < q:
        start, end = line.spans[p][0], line.spans[q - 1][1]
    else:
        start = end = line.spans[p][0] if p < len(line.spans) else line.end
    if "<" in text[start:end]:
        return None
    return start, end, htmllib.escape(middle, quote=False)


def plain(source: Document) -> str:
    """The page's text, one line per block (what the deletion guard weighs)."""
    return "\n".join(line.text for line in build_lines(parse(source), []))


class HtmlAdapter:
    """HTML through its view; the deletion guard weighs the page's text, not its markup."""

    def check(self, linter: Any, doc: Document) -> CheckResult:
        located, errors = check(linter, doc)
        return CheckResult([finding for _, finding in located], list(errors))

    def fix(self, linter: Any, doc: Document, unsafe: bool) -> Fixed:
        text, applied, touched, errors, converged = fix(linter, doc, unsafe)
        return Fixed(text, applied, touched, list(errors), converged)

    def weighed(self, doc: Document) -> str:
        return plain(doc)


ADAPTER = HtmlAdapter()
