"""HTML: lint the text of block elements; fix by removing whole elements.

The page is parsed with the standard library's ``html.parser`` (the parser beautifulsoup4's
``html.parser`` builder runs on), which reports the exact source position of every tag,
text run and character reference. No tree is built by recursion: open elements are kept
on an explicit stack, so any depth of nesting costs linear time and memory.

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
markup itself: they get the page's elements as plain data (``describe``) and yield the
elements to remove whole. They are chosen like every rule.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any

from linter.document import Document
from linter.engine.linter import RuleError
from linter.findings import Applicability, Edit, Finding, Fix
from linter.rules import loader, markup, selectors, suppression
from linter.rules.markup import KEEP, SKIP, Markup, MarkupRule
from linter.rules.suppression import UnusedSuppression
from linter.sources.fixloop import drop_protected, fix_view

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr", "keygen", "frame", "basefont"})
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "menu",
    "legend", "center", "option", "select", "button",
})
MEDIA = frozenset({"img", "picture", "video", "audio", "iframe", "embed", "object", "svg",
                   "canvas", "source", "table"})
TIGHT = frozenset({"li", "dt", "dd"})  # follow the line before without a blank line
# A start tag of one of these closes an open <p> (HTML's implied end tags).
CLOSES_P = BLOCK - {"body", "html", "td", "th", "tr", "tbody", "thead", "tfoot", "caption",
                    "option", "select", "button", "legend", "li", "dd", "dt", "summary"}
_SPACE = " \t\n\r\f"
# How far down the open block elements an implied end tag looks (bounds the work per tag).
IMPLIED_DEPTH = 64
_REF = re.compile(r"&#?[0-9A-Za-z]+;?")


@dataclass
class Element:
    index: int
    tag: str
    attrs: dict[str, str]
    start: int  # offset of "<"
    inner: int  # end of the start tag
    end: int  # end of the end tag (or where it was closed implicitly)
    parent: int | None
    media: bool = False


@dataclass
class Char:
    char: str
    start: int
    end: int
    owner: int | None  # innermost open block element
    segment: int  # changes at every block boundary


@dataclass
class Line:
    owner: int | None
    text: str
    spans: list[tuple[int, int]]  # per character of text: source span
    directive: bool = False  # a suppression comment: shown to the rules, never changed

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


class _Parser(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.elements: list[Element] = []
        self.stack: list[int] = []
        self.open: dict[str, int] = {}
        self.skipping = 0
        self.segment = 0
        self.blocks: list[int] = []  # indices of open block elements
        self.chars: list[Char] = []
        self.stray = 0  # end tags with no open element
        self.directives: list[tuple[int, int]] = []  # artlint comments: source spans

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    # -- elements ----------------------------------------------------------------------

    def _close_top(self, end: int) -> None:
        element = self.elements[self.stack.pop()]
        element.end = end
        self.open[element.tag] -= 1
        if element.tag in SKIP:
            self.skipping -= 1
        if element.tag in BLOCK:
            self.blocks.pop()
            self.segment += 1
        if element.media and element.parent is not None:
            self.elements[element.parent].media = True

    def _implied_end(self, tag: str, at: int) -> None:
        targets: tuple[str, ...] = ()
        stops: tuple[str, ...] = ()
        if tag in CLOSES_P and self.open.get("p"):
            if self.blocks and self.elements[self.blocks[-1]].tag == "p":
                self._close_to(self.blocks[-1], at)
            return
        if tag == "li" and self.open.get("li"):
            targets, stops = ("li",), ("ul", "ol", "menu")
        elif tag in ("dt", "dd") and (self.open.get("dt") or self.open.get("dd")):
            targets, stops = ("dt", "dd"), ("dl",)
        elif tag == "option" and self.open.get("option"):
            targets, stops = ("option",), ("select",)
        if not targets:
            return
        for depth in range(len(self.blocks) - 1, max(-1, len(self.blocks) - 1 - IMPLIED_DEPTH),
                           -1):
            name = self.elements[self.blocks[depth]].tag
            if name in targets:
                self._close_to(self.blocks[depth], at)
                return
            if name in stops:
                return

    def _close_to(self, index: int, at: int) -> None:
        """Close the open elements down to and including element ``index``."""
        while self.stack:
            top = self.stack[-1]
            self._close_top(at)
            if top == index:
                return

    def _add(self, tag: str, attrs: list[tuple[str, str | None]], push: bool) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self._implied_end(tag, start)
        parent = self.stack[-1] if self.stack else None
        element = Element(len(self.elements), tag, {k: v or "" for k, v in attrs}, start,
                          start + len(raw), start + len(raw), parent, tag in MEDIA)
        self.elements.append(element)
        if tag in BLOCK:
            self.segment += 1
        if tag == "br":  # a line break reads as a space; its span is the tag, so no
            self._text(" ", [(start, start + len(raw))])  # in-line edit goes across it
        if not push:
            if element.media and parent is not None:
                self.elements[parent].media = True
            return
        self.stack.append(element.index)
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in SKIP:
            self.skipping += 1
        if tag in BLOCK:
            self.blocks.append(element.index)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, tag not in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, False)

    def handle_endtag(self, tag: str) -> None:
        at = self._offset()
        close = self.text.find(">", at)
        end = close + 1 if close >= 0 else len(self.text)
        if not self.open.get(tag):
            self.stray += 1
            if tag in BLOCK:
                self.segment += 1
            return
        while self.stack:
            top = self.elements[self.stack[-1]].tag
            self._close_top(end if top == tag else at)
            if top == tag:
                return

    def finish(self) -> None:
        self.close()
        while self.stack:
            self._close_top(len(self.text))

    # -- text --------------------------------------------------------------------------

    def _text(self, text: str, spans: Iterable[tuple[int, int]]) -> None:
        if self.skipping:
            return
        owner = self.blocks[-1] if self.blocks else None
        for char, (start, end) in zip(text, spans, strict=True):
            self.chars.append(Char(char, start, end, owner, self.segment))

    def handle_data(self, data: str) -> None:
        at = self._offset()
        self._text(data, ((at + i, at + i + 1) for i in range(len(data))))

    def _ref(self) -> None:
        at = self._offset()
        match = _REF.match(self.text, at)
        end = match.end() if match else at + 1
        value = htmllib.unescape(self.text[at:end])
        self._text(value, [(at, end)] * len(value))

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    def handle_comment(self, data: str) -> None:
        """Keep `<!-- artlint: ... -->` suppression comments (source spans) for the view."""
        if self.skipping or "artlint" not in data:
            return
        at = self._offset()
        close = self.text.find(">", at + 4 + len(data))
        self.directives.append((at, close + 1 if close >= 0 else len(self.text)))


@dataclass
class Page:
    """A parsed HTML document: elements with exact source spans, and its text lines."""

    source: Document
    elements: list[Element]
    chars: list[Char]
    stray: int
    lines: list[Line] = field(default_factory=list)
    directives: list[tuple[int, int]] = field(default_factory=list)

    def size_of(self, element: Element) -> int:
        """How many non-space text characters ``element`` holds."""
        if not hasattr(self, "_solid"):
            self._solid = [0]
            for c in self.chars:
                self._solid.append(self._solid[-1] + (c.char not in _SPACE))
        lo = bisect.bisect_left(self._char_starts, element.start)
        hi = bisect.bisect_left(self._char_starts, element.end)
        return self._solid[hi] - self._solid[lo]

    def char_range(self, element: Element) -> tuple[int, int]:
        """Where the element's text characters are in ``chars``: [lo, hi)."""
        lo = bisect.bisect_left(self._char_starts, element.start)
        return lo, bisect.bisect_left(self._char_starts, element.end)

    def text_of(self, element: Element) -> str:
        """The element's text, whitespace collapsed."""
        lo, hi = self.char_range(element)
        return " ".join("".join(c.char for c in self.chars[lo:hi]).split())

    @property
    def _char_starts(self) -> list[int]:
        if not hasattr(self, "_starts"):
            self._starts = [c.start for c in self.chars]
        return self._starts

    def first_text(self, element: Element) -> int:
        """Source offset of the first non-space character inside ``element``."""
        at = bisect.bisect_left(self._char_starts, element.inner)
        while at < len(self.chars) and self.chars[at].start < element.end:
            if self.chars[at].char not in _SPACE:
                return self.chars[at].start
            at += 1
        return element.start

    def ancestors(self, element: Element) -> Iterator[Element]:
        parent = element.parent
        while parent is not None:
            yield self.elements[parent]
            parent = self.elements[parent].parent


def parse(source: Document) -> Page:
    parser = _Parser(source.text)
    parser.feed(source.text)
    parser.finish()
    return Page(source, parser.elements, parser.chars, parser.stray,
                directives=parser.directives)


def _build_lines(page: Page, removed: list[tuple[int, int]]) -> list[Line]:
    """Lines of collapsed text, leaving out characters inside ``removed`` spans."""
    starts = [s for s, _ in removed]
    lines: list[Line] = []
    key: tuple[int | None, int] | None = None
    text: list[str] = []
    spans: list[tuple[int, int]] = []

    def flush() -> None:
        while text and text[-1] == " ":
            text.pop()
            spans.pop()
        if text and key is not None:
            lines.append(Line(key[0], "".join(text), list(spans)))
        text.clear()
        spans.clear()

    for char in page.chars:
        at = bisect.bisect_right(starts, char.start) - 1
        if at >= 0 and char.start < removed[at][1]:
            continue
        if (char.owner, char.segment) != key:
            flush()
            key = (char.owner, char.segment)
        if char.char in _SPACE:
            if not text:
                continue
            if text[-1] == " ":
                spans[-1] = (spans[-1][0], char.end)
                continue
            text.append(" ")
        else:
            text.append(char.char)
        spans.append((char.start, char.end))
    flush()
    return _with_directives(page, lines, removed)


def _with_directives(page: Page, lines: list[Line], removed: list[tuple[int, int]]) -> list[Line]:
    """``lines`` with a line of its own for each suppression comment outside ``removed``,
    in source order: the comment as written, white space collapsed (see ``view_of``)."""
    kept = [(start, end) for start, end in page.directives
            if not any(lo <= start < hi for lo, hi in removed)]
    if not kept:
        return lines
    text = page.source.text
    comments = [Line(None, " ".join(text[start:end].split()), [(start, end)], directive=True)
                for start, end in kept]
    for line in comments:
        line.spans = line.spans * len(line.text)
    return sorted([*lines, *comments], key=lambda line: line.start)


# --------------------------------------------------------------------------------------
# markup rules (linter.rules.markup)
# --------------------------------------------------------------------------------------


def describe(page: Page) -> Markup:
    """The page as markup rules see it: plain data, no parser state."""
    text = "".join(c.char for c in page.chars)
    elements = [markup.Element(e.index, e.tag, e.attrs, e.start, e.end, e.parent,
                               page.size_of(e), text, page.char_range(e))
                for e in page.elements]
    return Markup(page.source, elements, sum(char not in _SPACE for char in text))


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


def _flagged(
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
        except Exception as exc:  # a user's rule: report it, lint on (README "Safety")
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
        finding = _rule_finding(page, rule, element)
        tag_line = page.source.position(element.start)[0]
        return any(suppression.covering(directives, probe, rule) is not None  # duck-typed
                   for probe in (finding, replace(finding, line=tag_line)))

    return suppressed


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
    flagged, failed = _flagged(linter, page)
    page.lines = _build_lines(page, [(e.start, e.end) for _, e in flagged])
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


def _rule_finding(page: Page, rule: MarkupRule, element: Element) -> Finding:
    source = page.source
    start = page.first_text(element)
    line, column = source.position(start)
    end_line, end_column = source.position(element.end)
    return Finding(rule.id, rule.message, rule.severity, rule.category, start, element.end,
                   line, column, end_line, end_column,
                   Fix((Edit(element.start, element.end, ""),), Applicability.SAFE))


def check(linter: Any, source: Document) -> tuple[list[tuple[Document, Finding]], list]:
    """Findings located in the source, and rule errors."""

    view = view_of(linter, source)
    result = linter.check(view.view)

    # On a suppression comment's own line, only `unused-suppression` reports (report only).
    unused, others = [], []
    for f in result.findings:
        (unused if f.rule == UnusedSuppression.id and f.fix is None else others).append(f)
    findings = [_rule_finding(view.page, rule, element) for rule, element in view.flagged]
    findings += [_locate(view, f)
                 for f in [*drop_protected(others, view.view, view.masked), *unused]]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return [(source, f) for f in findings], [*view.errors, *result.errors]


# --------------------------------------------------------------------------------------
# fix
# --------------------------------------------------------------------------------------


def _removable(starts: list[int], gone: list[int], element: Element) -> bool:
    """Whether every text line inside ``element`` is gone (``gone``: prefix counts)."""
    lo = bisect.bisect_left(starts, element.inner)
    hi = bisect.bisect_left(starts, element.end)
    return (element.tag not in KEEP and not element.media
            and gone[hi] - gone[lo] == hi - lo)


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
    for rule, element in view.flagged:
        removals[element.index] = [rule.id]
    failed: list[tuple[int, list[str]]] = []
    for number, line in enumerate(page.lines):
        rules = rules_of.get(number, ["html"])
        if number in gone:
            owner = page.elements[line.owner] if line.owner is not None else None
            if owner is not None and _removable(starts, counts, owner):
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
            if not _removable(starts, counts, parent):
                break
            removals[parent.index] = list(removals[index])
    spans = sorted((page.elements[i].start, page.elements[i].end, r) for i, r in removals.items())
    outer: list[tuple[int, int, list[str]]] = []
    for start, end, rules in spans:
        if outer and start < outer[-1][1]:
            continue  # inside an element already removed
        outer.append((start, end, rules))
    for start, end, rules in outer:
        start, end = _widen(text, start, end)
        edits.append((start, end, "", rules))
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
    applied = result.applied + len(view.flagged) if edits else 0
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
    return "\n".join(line.text for line in _build_lines(parse(source), []))
