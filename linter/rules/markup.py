"""The markup rule kind: rules on the elements of an HTML page (docs/writing-rules.md).

A markup rule is a ``Rule`` whose evidence is the markup itself, such as an element
whose class says ``share-buttons``. It sees the page as plain data: a ``Markup`` holding
every ``Element`` (tag, attributes, text, source offsets, parent) in document order,
and yields from ``check_markup`` the elements to remove whole. The HTML source adapter
(linter.sources.html) parses the page, describes it, runs the markup rules the run
selected and turns each flagged element into a finding whose fix removes it; on
plain-text input a markup rule finds nothing. Markup rules are loaded, selected,
documented and tested like every other rule; their examples are HTML.

``TokenRule`` is the kind most markup rules need: an element whose class or id has one
of ``tokens`` as a whole word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from linter.document import Document
from linter.findings import Finding
from linter.rule import Rule

# Elements whose text is not article text: never read, never changed.
SKIP = frozenset({"head", "script", "style", "template", "textarea", "pre", "code", "svg",
                  "math", "noscript", "title", "iframe", "object"})
# Never removed as a whole, nor as the container of removed lines.
KEEP = frozenset({"html", "head", "body", "main", "article", "table", "thead", "tbody",
                  "tfoot", "tr", "td", "th"})
# Words that mark the article itself: an element carrying one is never flagged by tokens.
POSITIVE = frozenset({"article", "body", "content", "main", "post", "entry", "story", "text",
                      "page", "blog", "hentry"})
# The input format whose units a markup rule reads (its examples are written in it).
FORMAT = "html"


@dataclass(frozen=True)
class Element:
    """One element of the page, as a markup rule sees it.

    ``start`` and ``end`` are offsets in the page's source (``Markup.source``): the
    ``<`` of the start tag, and just past the end tag (or where the element was closed
    implicitly). ``text`` is its article text, white space collapsed (worked out when
    asked for: nested elements share the page's text); ``size`` counts that text's
    non-space characters.
    """

    index: int  # position in document order: Markup.elements[index] is this element
    tag: str  # lower case
    attrs: Mapping[str, str]  # name -> value ("" for an attribute given without one)
    start: int
    end: int
    parent: int | None  # index of the enclosing element
    size: int
    page_text: str = field(default="", repr=False, compare=False)  # every text character
    text_span: tuple[int, int] = (0, 0)  # this element's part of page_text

    @property
    def text(self) -> str:
        lo, hi = self.text_span
        return " ".join(self.page_text[lo:hi].split())

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def words(self) -> set[str]:
        """The class and id tokens and their ``-``/``_``-separated words, lowercased."""
        out = set()
        for token in [*self.classes, *self.attrs.get("id", "").split()]:
            token = token.lower()
            out.add(token)
            out.update(word for word in re.split(r"[-_]+", token) if word)
        return out


@dataclass(frozen=True)
class Markup:
    """An HTML page as markup rules see it: every element, and how much text it holds."""

    source: Document  # the page's source text and path
    elements: Sequence[Element]  # in document order
    size: int  # non-space characters of article text on the whole page


class MarkupRule(Rule):
    """A rule on the markup: ``check_markup(markup)`` yields the elements to remove whole.

    Its findings sit at the element's first character of text and their fix removes the
    element whole, start tag through end tag (safe, unless the configuration says
    otherwise: `unfixable`, `extend-unsafe-fixes`); it runs on HTML input only.
    """

    reads: ClassVar[str] = FORMAT

    def check_markup(self, markup: Markup) -> Iterable[Element]:
        raise NotImplementedError

    def check(self, doc: Document) -> Iterator[Finding]:
        """Nothing: a markup rule reads the page's elements, not its text."""
        return iter(())


class TokenRule(MarkupRule):
    """Elements whose class or id has one of ``tokens`` as a whole word.

    Words are the class/id tokens split at ``-`` and ``_`` (``newsletter-promo`` has the
    words ``newsletter`` and ``promo``); ``shadow`` or ``header`` do not contain the word
    ``ad``. Left alone: ``<html>``, ``<body>``, ``<main>``, ``<article>``; an element whose
    words also say it is the article (``POSITIVE``); an element holding more than half of
    the page's text; an element inside one already flagged.
    """

    tokens: ClassVar[frozenset[str]] = frozenset()

    def check_markup(self, markup: Markup) -> Iterator[Element]:
        outer_end = -1
        for element in markup.elements:
            if element.start < outer_end or not self._candidate(element):
                continue
            if markup.size and element.size * 2 > markup.size:
                continue
            outer_end = element.end
            yield element

    def _candidate(self, element: Element) -> bool:
        if element.tag in KEEP or element.tag in SKIP:
            return False
        words = element.words
        return bool(words & self.tokens) and not words & POSITIVE
