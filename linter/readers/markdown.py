"""Markdown: lint the prose; leave code, front matter and link definitions alone.

The rules see a *view* of the file with exactly the same length, lines and columns:
front matter, fenced and indented code and link reference definitions are blanked (every
character but the line ending becomes a space), and block markers at the start of a line
(``#`` headings, ``>`` quotes, ``-``/``*``/``+``/``1.`` list markers) become spaces, so a
rule sees ``DON'T MISS:`` in ``## DON'T MISS:``. Offsets in the view are offsets in the
source, so findings need no mapping. A fix that deletes a line deletes the source line,
marker and all; a change inside a line is carried over to the source line; a line left
holding only a list or heading marker is removed; blanked lines are never removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from linter.document import Document
from linter.readers.fixloop import fix_view

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_MARKER = re.compile(r"^( {0,3}(?:> ?)*)(#{1,6}(?=\s|$)|[-*+](?=\s)|\d{1,9}[.)](?=\s))?")
_ORPHAN = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)]|#{1,6})?\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")


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
    """Lines of front matter, fenced or indented code, and link reference definitions."""
    texts = [doc.line_text(i) for i in range(len(doc.lines))]
    i = front_matter(doc)
    masked: set[int] = set(range(i))
    prev_blank, in_list = True, False
    while i < len(texts):
        line = texts[i]
        fence = _FENCE.match(line)
        if fence:
            mark = fence.group(1)
            j = i + 1
            while j < len(texts):
                closing = texts[j].strip()
                if closing.startswith(mark[0] * len(mark)) and not closing.strip(mark[0]):
                    break
                j += 1
            masked.update(range(i, min(j, len(texts) - 1) + 1))
            i, prev_blank = j + 1, False
            continue
        indented = line.startswith(("    ", "\t")) and line.strip()
        if indented and prev_blank and not in_list:
            while i < len(texts) and (texts[i].startswith(("    ", "\t")) or not texts[i].strip()):
                if texts[i].strip():
                    masked.add(i)
                i += 1
            prev_blank = False
            continue
        if _LINK_DEF.match(line):
            masked.add(i)
        if line.strip():
            if _LIST_ITEM.match(line):
                in_list = True
            elif not line.startswith((" ", "\t")):
                in_list = False
        prev_blank = not line.strip()
        i += 1
    return masked


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
    from linter.engine import CheckResult
    from linter.readers.fixloop import drop_protected

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
    """The fixed source text, and the ViewFix (findings left, errors, touched lines)."""
    view = view_of(source)
    result = fix_view(linter, view.view, unsafe, protected=view.masked)
    out = []
    for content, ending, index in result.lines:
        before_view = view.view.line_text(index)
        before = source.line_text(index)
        after = _carry(before_view, content, before)
        if after != before and _ORPHAN.match(after) and not _ORPHAN.match(before):
            continue  # only a list or heading marker is left: remove the line
        out.append(after + ending)
    text = "".join(out)
    if text and source.text and not source.ends_with_newline and text.endswith("\n"):
        text = text[:-2] if text.endswith("\r\n") else text[:-1]
    return text, result
