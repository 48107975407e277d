"""Markdown: lint the prose; leave code, front matter, tables and other markup alone.

The file is parsed with markdown-it-py (CommonMark with tables). The rules see a *view* of
the file with exactly the same length, lines and columns: front matter, fenced and
indented code, HTML blocks, tables, thematic breaks, setext heading underlines and link
reference definitions are blanked (every character but the line ending becomes a space),
and block markers at the start of a line (``#`` headings, ``>`` quotes, ``-``/``*``/``+``/
``1.`` list markers) become spaces, so a rule sees ``DON'T MISS:`` in ``## DON'T MISS:``.
Offsets in the view are offsets in the source, so findings need no mapping. A fix that
deletes a line deletes the source line, marker and all; a change inside a line is carried
over to the source line; a line left holding only a list or heading marker is removed;
blanked lines are never removed. An HTML block of ``<!-- artlint: ... -->`` comments only
stays readable, so inline suppressions work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt

from linter.document import Document
from linter.engine.linter import CheckResult
from linter.sources.base import Fixed
from linter.sources.fixloop import drop_protected, fix_view

_PARSER = MarkdownIt("commonmark").enable("table")
_STRUCTURE = {"fence", "code_block", "html_block", "table_open", "hr"}
SETEXT_MIN = 3
_DIRECTIVE = re.compile(r"^<!--\s*artlint:.*-->$")
_MARKER = re.compile(r"^( {0,3}(?:> ?)*)(#{1,6}(?=\s|$)|[-*+](?=\s)|\d{1,9}[.)](?=\s))?")
_ORPHAN = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)]|#{1,6})?\s*$")


@dataclass
class View:
    source: Document
    view: Document
    masked: set[int]  # 0-based lines masked in the view


# A masked line must not read as blank, or the fixer's tidying of blank lines around a
# removed block could swallow it: it starts with an invisible separator (not a space).
MASK = "\u2063"


def _blank(content: str) -> str:
    return " " * len(content)


def _mask(content: str) -> str:
    return MASK + " " * (len(content) - 1) if content else ""


def front_matter(doc: Document) -> int:
    """How many lines of YAML (``---``) or TOML (``+++``) front matter open the file."""
    if not doc.lines:
        return 0
    first = doc.line_text(0).rstrip()
    if first not in ("---", "+++"):
        return 0
    close = ("---", "...") if first == "---" else ("+++",)
    for j in range(1, len(doc.lines)):
        if doc.line_text(j).rstrip() in close:
            return j + 1
    return 0


def masked_lines(doc: Document) -> set[int]:
    """Lines that are Markdown's structure, not prose: front matter, fenced and indented
    code, HTML blocks, tables, thematic breaks, setext heading underlines and link
    reference definitions, as markdown-it-py (CommonMark, with tables) parses them."""
    head = front_matter(doc)
    texts = [doc.line_text(i) for i in range(len(doc.lines))]
    body = "\n".join([""] * head + texts[head:])  # front matter parses as nothing
    masked: set[int] = set(range(head))
    covered: set[int] = set(range(head))
    for token in _PARSER.parse(body):
        if token.map is None:
            continue
        first, last = token.map
        covered.update(range(first, last))
        if token.type in _STRUCTURE and not _is_directive(texts, first, last):
            masked.update(range(first, last))
        elif token.type == "heading_open" and _underline(texts[last - 1]):
            masked.add(last - 1)
    # a link reference definition makes no token: a non-blank line no block covers
    masked.update(i for i, text in enumerate(texts) if text.strip() and i not in covered)
    return masked


def _underline(text: str) -> bool:
    """A setext heading's underline, as people write one: three or more ``=`` or ``-``.
    CommonMark accepts one, but a lone "-" under a paragraph is a scraper's residue."""
    stripped = text.strip()
    return len(stripped) >= SETEXT_MIN and set(stripped) in ({"="}, {"-"})


def _is_directive(texts: list[str], first: int, last: int) -> bool:
    """An HTML block that is only `<!-- artlint: ... -->` comments stays readable."""
    lines = [text.strip() for text in texts[first:last] if text.strip()]
    return bool(lines) and all(_DIRECTIVE.match(line) for line in lines)


def view_of(source: Document) -> View:
    masked = masked_lines(source)
    head = front_matter(source)
    parts = []
    for line in source.lines:
        content = source.text[line.start:line.end]
        if line.index < head:  # blank: the article starts after it (mastheads, headlines)
            content = _blank(content)
        elif line.index in masked:
            content = _mask(content)
        else:
            match = _MARKER.match(content)
            if match and match.end():
                content = _blank(content[:match.end()]) + content[match.end():]
        parts.append(content + source.text[line.end:line.next])
    return View(source, Document("".join(parts), source.path, source.bom), masked)


def check(linter: Any, source: Document) -> Any:
    """Findings, located in the source (the view has the source's offsets)."""

    view = view_of(source)
    result = linter.check(view.view)
    return CheckResult(drop_protected(result.findings, view.view, view.masked), result.errors)


def _carry(view_line: str, new_view: str, source_line: str) -> str:
    """Apply to ``source_line`` the change that turned ``view_line`` into ``new_view``."""
    if new_view == view_line:
        return source_line
    p = 0
    while p < min(len(view_line), len(new_view)) and view_line[p] == new_view[p]:
        p += 1
    s = 0
    while (s < min(len(view_line), len(new_view)) - p
           and view_line[-1 - s] == new_view[-1 - s]):
        s += 1
    middle = new_view[p:len(new_view) - s]
    return source_line[:p] + middle + source_line[len(source_line) - s:]


def fix(linter: Any, source: Document, unsafe: bool = False) -> tuple[str, Any]:
    """The fixed source text, and the ViewFix (findings left, errors, touched lines).
    A fix that would leave a ``---`` or ``+++`` line first, opening front matter the
    source does not have (the text would become metadata), keeps the lines above it."""
    view = view_of(source)
    text, result = _fix_through(linter, source, view, unsafe, set(view.masked))
    if text and not front_matter(source) and front_matter(Document(text)):
        opening = next(index for content, _, index in result.lines if content.strip())
        kept = set(view.masked) | set(range(opening))
        text, result = _fix_through(linter, source, view, unsafe, kept)
    return text, result


def _fix_through(linter: Any, source: Document, view: View, unsafe: bool,
                 protected: set[int]) -> tuple[str, Any]:
    """The fix of the view with ``protected`` lines kept, carried to the source."""
    result = fix_view(linter, view.view, unsafe, protected=protected)
    out = []
    kept = {index for _, _, index in result.lines}
    for content, ending, index in result.lines:
        before_view = view.view.line_text(index)
        before = source.line_text(index)
        after = _carry(before_view, content, before)
        if after != before and _ORPHAN.match(after) and not _ORPHAN.match(before):
            continue  # only a list or heading marker is left: remove the line
        if index in view.masked and _underline(before) and index - 1 not in kept \
                and index > 0 and source.line_text(index - 1).strip():
            continue  # a setext heading's underline whose text went: it would underline
            #           the paragraph before, or open front matter
        out.append(after + ending)
    text = "".join(out)
    if text and source.text and not source.ends_with_newline and text.endswith("\n"):
        text = text[:-2] if text.endswith("\r\n") else text[:-1]
    return text, result


class MarkdownAdapter:
    """Markdown through its view: code, front matter, tables and link definitions are
    structure the rules never see."""

    def check(self, linter: Any, doc: Document) -> CheckResult:
        result: CheckResult = check(linter, doc)
        return result

    def fix(self, linter: Any, doc: Document, unsafe: bool) -> Fixed:
        text, result = fix(linter, doc, unsafe)
        return Fixed(text, result.applied, result.touched, list(result.errors),
                     result.converged)

    def weighed(self, doc: Document) -> str:
        return doc.text


ADAPTER = MarkdownAdapter()
