"""The HTML page as artlint reads it: elements, characters and text lines, each with its
exact source offsets.

The page is parsed with the standard library's ``html.parser`` (the parser beautifulsoup4's
``html.parser`` builder runs on), which reports the exact source position of every tag,
text run and character reference. No tree is built by recursion: open elements are kept
on an explicit stack, so any depth of nesting costs linear time and memory. Implied end
tags are honoured as browsers do, looking at most ``IMPLIED_DEPTH`` open blocks down.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from linter.document import Document
from linter.rules.markup import SKIP

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
SPACE = " \t\n\r\f"
# Elements whose end tag HTML lets the page leave out: closed by whatever follows them
# (and ``html``, ``head``, ``body``), so an element left open is one of these or a mistake.
OPTIONAL_END = frozenset({"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
                          "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp",
                          "html", "head", "body"})
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
    # False when no end tag of its own closed it, where HTML requires one: an ancestor's
    # end tag or the end of the page did, so ``end`` is only the parser's guess
    closed: bool = True


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

    def _close_top(self, end: int, closed: bool = True) -> None:
        element = self.elements[self.stack.pop()]
        element.end = end
        element.closed = closed
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
            self._close_top(end if top == tag else at,
                            closed=top == tag or top in OPTIONAL_END)
            if top == tag:
                return

    def finish(self) -> None:
        self.close()
        while self.stack:
            top = self.elements[self.stack[-1]].tag
            self._close_top(len(self.text), closed=top in OPTIONAL_END)

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
                self._solid.append(self._solid[-1] + (c.char not in SPACE))
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
            if self.chars[at].char not in SPACE:
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


def build_lines(page: Page, removed: list[tuple[int, int]]) -> list[Line]:
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
        if char.char in SPACE:
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
