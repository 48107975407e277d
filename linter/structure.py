"""Content structures: the parts of a document that are article text even when a line of
them, alone, looks like boilerplate.

A table row is a run of numbers, a spec list is a column of "Label: value" lines, an
interview asks the same question of each guest, a reference list is a column of bracketed
numbers and years, and code is a column of braces. Rules that judge a line by its shape
alone (its length, digits, symbols, repetition) cannot tell these from widget residue, so
the engine looks for them once per document and a fix inside one needs phrase evidence
(see ``linter.engine.evidence``).

Rule authors query the analysis with ``structure_of(doc)``::

    from linter.structure import structure_of

    if structure_of(doc).kind(core.index) == "table":
        continue

Kinds: ``table`` (``|`` rows, tab- or space-aligned columns, runs of numeric cells, rows
of figures), ``list`` (runs of bulleted or numbered items, "Label: value" spec lines,
the short items under a line that ends with a colon, "Label:" lines that head three or more
paragraphs), ``interview`` (Q:/A: lines,
speaker labels used more than once, question lines in a text that asks several),
``quote`` (the attribution line of a quoted or embedded post), ``references`` (citation
lines, and the lines under a References / Sources / Notes heading) and ``code`` (fenced
blocks, and runs of lines shaped like code).

One question is asked of the whole document: ``is_listing(doc, flagged)``. A text of at
least ``LISTING_MIN_LINES`` non-blank lines, some of them unflagged, with under
``LISTING_PROSE_SHARE`` of its characters in paragraph lines (long, or hard-wrapped prose)
is a list from end to end: a shop grid, an index of headlines, a
table of contents, a link hub. Its "Buy It Now", "By Jane Doe" and "Most read" lines are
its entries, not residue around an article, so no fix there is applied by default.

Each detector is small and looks only at the document's non-blank lines (its cores).
The analysis runs only when a document has a fix to judge, so clean text never pays.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter

from linter.document import SPACES, Document
from linter.lineflags import Lines, confirmed, holding, spans, where
from linter.regexmemo import compiled
from linter.textfold import BULLET_STARTS, ends_sentence

KINDS = ("table", "list", "interview", "quote", "references", "code")

_PIPE_ROW = compiled(r"^\|.*\|$|(?:\S\s*\|\s*){2,}\S")
_ALIGNED = compiled(r"\S(?:\t+| {3,})\S")
_NUMBER_BODY = r"[-+(]?[$£€¥]?\d[\d.,:/%-]*[)%]?|[-–—]"
_NUMBER = compiled(rf"^(?:{_NUMBER_BODY})$")
# A whole token (what ``str.split`` gives: between spaces, or the text's ends) that is a
# number: ``_figure_row`` counts them in one call rather than matching token by token.
_NOT_SPACE = f"[^{re.escape(SPACES + chr(10))}]"
_NUMBER_TOKEN = compiled(rf"(?<!{_NOT_SPACE})(?:{_NUMBER_BODY})(?!{_NOT_SPACE})")
# A line with three numbers has three digits or dashes (``_NUMBER``): the lines
# ``_figure_row`` is tried on. (Possessive: the run before a digit or dash
# holds none, so giving part of it back never helps; without that, a line with fewer than
# three gave back its runs character by character, and this test cost twice as much.)
_FIGURE_HINT = compiled(r"(?:[^\d\-–—]*+[\d\-–—]){3}")
_NUMBERED_ITEM = compiled(r"^\s*(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s+\S")
_SPEC_LINE = compiled(r"^[\p{L}\p{N}][\p{L}\p{N} ()/&'.,+-]{0,34}:\s+\S")
_QA_LINE = compiled(r"(?i)^(?:q|a|question|answer|interviewer)\s?[:.)]\s?\S")
_SPEAKER = compiled(r"^(\p{Lu}[\p{L}.'-]*(?: \p{Lu}[\p{L}.'-]*){0,2})\s?:\s+\S")
_ATTRIBUTION = compiled(
    r"^[—–-]{1,2}\s?\p{Lu}|\(@\w{1,30}\)|\bpic\.twitter\.com/|^@\w{1,30}\b|"
    r"^\p{Lu}[\p{L}.'-]+(?: \p{Lu}[\p{L}.'-]+){0,3} \(@\w{1,30}\)"
)
# Each alternative of _CITATION beside a literal that every one of its matches holds: the
# lines without any of the literals are never searched (``lineflags.holding``).
_CITATION_PARTS = (
    (r"^\[\d{1,3}\]", "["), (r"^\^", "^"), (r"\bdoi:", "doi"), (r"\bdoi\.org/", "doi"),
    (r"\bet al\.", "et al."), (r"\bISBN\b", "ISBN"), (r"\bRetrieved\b", "Retrieved"),
    (r"\bpp?\. \d", "p. "), (r"\(\d{4}[a-z]?\)\.", ")."), (r"\(\d{4}[a-z]?\),", "),"),
    (r"\bvol\. \d", "vol. "), (r"\bIbid\b", "Ibid"),
)
_CITATION = compiled("|".join(part for part, _ in _CITATION_PARTS))
_CITATION_LITERALS = tuple(dict.fromkeys(literal for _, literal in _CITATION_PARTS))
_REFERENCE_HEADING = compiled(
    r"(?i)^(?:references?|sources?|bibliography|notes|footnotes|works cited|citations|"
    r"further reading|literature|endnotes)\s?:?$"
)
_CODE_START = (  # the alternatives of _CODE_LINE that hold at a line's start only
    r"^[{}()\[\]]+[;,]?$|^(?:def|class|import|from|return|if|elif|else|for|while|"
    r"function|const|let|var|public|private|static|void|#include|#!|\$ |>>> |SELECT|"
    r"INSERT|UPDATE|CREATE|pip |npm |git |sudo |apt |curl |cd |echo |export )\b|"
    r"^</?[a-z][\w-]*[ >/]|^\w+(?:\.\w+)*\(.*\)[;:]?$|^\w+ ?[+\-*/]?= ?\S"
)
_CODE_OPERATORS = ("=>", "->", "::", "&&", "||")  # code wherever they stand in a line
_CODE_LINE = compiled(r"[;{}]$|" + _CODE_START + "|" + "|".join(map(re.escape, _CODE_OPERATORS)))
_CODE_AT_START = compiled(_CODE_START)
MIN_RUN = 2  # lines of the same kind in a row that make a structure
CELL_CHARS = 30  # a table cell on a line of its own is short
MIN_CELL_RUN = 4
LIST_ITEM_CHARS = 120
LIST_MAX_ITEMS = 40
REFERENCE_LINES = 60
LABEL_HEADINGS = 3  # "Label:" lines above paragraphs that make them the text's headings
LISTING_MIN_LINES = 20  # shorter texts are judged line by line
LISTING_PROSE_SHARE = 0.2  # under this share of characters in paragraphs: a listing
PARAGRAPH_CHARS = 80  # a line this long is a paragraph
WRAPPED_CHARS = 60  # a line of hard-wrapped prose (72 columns is common) is at least this
LISTING_ENTRY_SHARE = 0.2  # a listing's lines that no rule flagged: its entries


@dataclass(frozen=True)
class Block:
    """Lines ``first``..``last`` (0-based, inclusive) of the document are one ``kind``."""

    kind: str
    first: int
    last: int


@dataclass
class Structure:
    """The content structures found in one document."""

    blocks: list[Block] = field(default_factory=list)
    _kinds: dict[int, str] = field(default_factory=dict)

    def add(self, kind: str, lines: list[int]) -> None:
        """Mark ``lines`` (ascending) as ``kind``: one block per run of adjacent lines, so
        scattered lines (the questions of an interview) do not claim the text between."""
        run: list[int] = []
        for line in lines:
            self._kinds.setdefault(line, kind)
            if run and line != run[-1] + 1:
                self.blocks.append(Block(kind, run[0], run[-1]))
                run = []
            run.append(line)
        if run:
            self.blocks.append(Block(kind, run[0], run[-1]))

    def kind(self, line: int) -> str | None:
        """The structure line ``line`` (0-based) belongs to, or None."""
        return self._kinds.get(line)

    def protects(self, lines: range | list[int]) -> bool:
        """Whether any of ``lines`` lies inside a content structure."""
        return any(line in self._kinds for line in lines)


def structure_of(doc: Document) -> Structure:
    """The analysis of ``doc``, computed once and kept on the document."""
    found = doc.__dict__.get("_structure")
    if found is None:
        found = analyse(doc)
        doc.__dict__["_structure"] = found
    return found


def is_listing(doc: Document, flagged: Callable[[], Collection[int]]) -> bool:
    """Whether ``doc`` is a listing rather than an article body: at least
    ``LISTING_MIN_LINES`` non-blank lines, under ``LISTING_PROSE_SHARE`` of whose characters
    are in paragraph-length lines, and at least ``LISTING_ENTRY_SHARE`` of them not in
    ``flagged()`` (0-based lines that rules flagged, asked for only when the text has
    passed the other tests: a text made only of flagged lines is residue, not a listing).
    Measured on the dev and clean corpora, such texts are shop grids, headline indexes and
    tables of contents; article bodies have paragraphs."""
    cores = doc.cores
    if len(cores) < LISTING_MIN_LINES:
        return False
    lengths = list(map(len, doc.core_texts))
    total = sum(lengths)
    prose = sum(length for length in lengths if length >= PARAGRAPH_CHARS)
    if prose >= LISTING_PROSE_SHARE * total:  # most articles: the long lines alone tell
        return False
    prose += sum(length for core, length in zip(cores, lengths, strict=True)
                 if WRAPPED_CHARS <= length < PARAGRAPH_CHARS and _is_prose(core.text))
    if prose >= LISTING_PROSE_SHARE * total:
        return False
    lines = flagged()
    entries = sum(core.index not in lines for core in cores)
    return entries >= LISTING_ENTRY_SHARE * len(cores)


def _is_prose(text: str) -> bool:
    """A paragraph's line: long, or (hard-wrapped prose) fairly long with at least half its
    words in lower case, which a listing's Title Case entries and headlines are not."""
    if len(text) >= PARAGRAPH_CHARS:
        return True
    words = text.split()
    return len(text) >= WRAPPED_CHARS and 2 * sum(w[0].islower() for w in words) >= len(words)


def analyse(doc: Document) -> Structure:
    structure = Structure()
    cores = doc.cores
    indices = list(map(itemgetter(0), cores))
    texts = doc.core_texts
    raws = doc.line_texts(indices)
    lines = Lines(indices, texts, raws, list(map(str.strip, raws)), doc.core_text, doc.text)
    for kind, detector in DETECTORS:
        for found in detector(lines):
            structure.add(kind, found)
    return structure


Detector = Callable[[Lines], Iterator[list[int]]]


def _runs(lines: Lines, flags: Iterable[object], least: int = MIN_RUN) -> Iterator[list[int]]:
    """Runs of at least ``least`` consecutive non-blank lines whose flag is true."""
    for start, end in spans(flags, least):
        yield lines.indices[start:end]


# Tables ------------------------------------------------------------------------------

def _tables(lines: Lines) -> Iterator[list[int]]:
    pipes = holding(lines.texts, lines.joined, "|")
    yield from _runs(lines, confirmed(_PIPE_ROW, lines.texts, pipes))
    stripped = lines.stripped
    gaps = holding(stripped, lines.source, ("\t", "   "))
    yield from _runs(lines, confirmed(_ALIGNED, stripped, gaps))
    rows = bytearray(len(lines.texts))
    for position in where(map(_FIGURE_HINT.match, lines.texts)):
        rows[position] = _figure_row(lines.texts[position])
    yield from _runs(lines, rows, least=1)
    yield from _cell_runs(lines)


def _figure_row(text: str) -> bool:
    """A row of figures: at least three numbers making up at least 40% of the tokens."""
    numbers = len(_NUMBER_TOKEN.findall(text))
    return numbers >= 3 and numbers >= 0.4 * len(text.split())


def _cell_runs(lines: Lines) -> Iterator[list[int]]:
    """A table flattened one cell a line: short lines, half of them or more numbers."""
    texts = lines.texts
    cells = bytearray(len(texts))
    for position in where(map(CELL_CHARS.__ge__, map(len, texts))):
        cells[position] = not ends_sentence(texts[position])
    for start, end in spans(cells, MIN_CELL_RUN):
        numeric = sum(map(bool, map(_NUMBER.match, texts[start:end])))
        if numeric >= 2 and numeric * 2 >= end - start:
            yield lines.indices[start:end]


# Lists -------------------------------------------------------------------------------

def _lists(lines: Lines) -> Iterator[list[int]]:
    texts, raws = lines.texts, lines.raws
    bulleted = map(str.startswith, map(str.lstrip, raws), repeat(BULLET_STARTS))
    numbered = map(bool, map(_NUMBERED_ITEM.match, raws))
    yield from _runs(lines, map(operator.or_, bulleted, numbered))
    yield from _runs(lines, map(_SPEC_LINE.match, texts))
    yield from _items_under_colon(lines)
    labels = [p for p in where(map(str.endswith, texts, repeat(":"))) if _is_label(texts[p])]
    yield from _label_value_pairs(lines, labels)
    yield from _label_headings(lines, labels)


def _label_headings(lines: Lines, labels: list[int]) -> Iterator[list[int]]:
    """A text that heads its own paragraphs with labels ("Kids:" / a paragraph, "Eating
    out:" / a paragraph): three or more "Label:" lines, each right above a paragraph of
    prose. A widget's keys lost their values; these introduce the article's text.
    ``labels``: the positions of the "Label:" lines (``_is_label``)."""
    texts = lines.texts
    heads = [lines.indices[p] for p in labels if p + 1 < len(texts)
             and _is_paragraph(texts[p + 1])]
    if len(heads) >= LABEL_HEADINGS:
        yield heads


def _is_paragraph(text: str) -> bool:
    return len(text) > LIST_ITEM_CHARS and ends_sentence(text)


def _label_value_pairs(lines: Lines, labels: list[int]) -> Iterator[list[int]]:
    """A spec box split one field a line: "Founded:" / "1946" / "Website:" / "x.com": two
    or more label-and-value pairs in a row. ``labels``: as for ``_label_headings``."""
    texts, is_label = lines.texts, set(labels)
    chain: list[int] = []  # where the labels of a run of pairs stand
    for p in labels:
        if p + 1 >= len(texts) or p + 1 in is_label or len(texts[p + 1]) > 80:
            continue  # no value under this label: not a pair
        if chain and chain[-1] != p - 2:
            yield from _pairs_of(lines, chain)
            chain = []
        chain.append(p)
    yield from _pairs_of(lines, chain)


def _pairs_of(lines: Lines, chain: list[int]) -> Iterator[list[int]]:
    if len(chain) >= MIN_RUN:
        yield [lines.indices[q] for p in chain for q in (p, p + 1)]


def _is_label(text: str) -> bool:
    return text.endswith(":") and len(text) <= 40


def _items_under_colon(lines: Lines) -> Iterator[list[int]]:
    """The short lines right under a line that ends with a colon ("Pros:", "You need:")."""
    texts = lines.texts
    for position in where(map(str.endswith, texts[:-1], repeat(":"))):
        if len(texts[position]) > LIST_ITEM_CHARS:
            continue
        items = [lines.indices[position]]
        for item in range(position + 1, min(position + 1 + LIST_MAX_ITEMS, len(texts))):
            if len(texts[item]) > LIST_ITEM_CHARS or texts[item].endswith(":"):
                break
            items.append(lines.indices[item])
        if len(items) > MIN_RUN:
            yield items


# Interviews and quotes ---------------------------------------------------------------

def _interviews(lines: Lines) -> Iterator[list[int]]:
    indices, texts = lines.indices, lines.texts
    qa = list(compress(indices, map(_QA_LINE.match, texts)))
    if len(qa) >= MIN_RUN:
        yield qa
    labelled = [(indices[p], m.group(1)) for p, m in enumerate(map(_SPEAKER.match, texts)) if m]
    speakers = Counter(name for _, name in labelled)
    yield [index for index, name in labelled if speakers[name] >= MIN_RUN]
    questions = list(compress(indices, map(str.endswith, texts, repeat("?"))))
    if len(questions) >= MIN_RUN:
        yield questions


def _quotes(lines: Lines) -> Iterator[list[int]]:
    stripped = lines.stripped
    hints = holding(stripped, lines.source, ("(@", "pic.twitter.com/"))
    hints.update(where(map(str.startswith, stripped, repeat(("—", "–", "-", "@")))))
    yield list(compress(lines.indices, confirmed(_ATTRIBUTION, stripped, hints)))


# References and code -----------------------------------------------------------------

def _references(lines: Lines) -> Iterator[list[int]]:
    cited = holding(lines.texts, lines.joined, _CITATION_LITERALS)
    yield list(compress(lines.indices, confirmed(_CITATION, lines.texts, cited)))
    for position in where(map(_REFERENCE_HEADING.match, lines.texts)):
        yield lines.indices[position + 1 : position + 1 + REFERENCE_LINES]


def _code(lines: Lines) -> Iterator[list[int]]:
    yield from _fenced(lines)
    texts = lines.texts
    hints = holding(texts, lines.joined, _CODE_OPERATORS)
    hints.update(where(map(str.endswith, texts, repeat((";", "{", "}")))))
    hints.update(where(map(_CODE_AT_START.match, texts)))
    yield from _runs(lines, confirmed(_CODE_LINE, texts, hints))
    yield from _nested(lines)


def _nested(lines: Lines) -> Iterator[list[int]]:
    """Runs of indented lines at two or more depths: code, configuration, nested data."""
    raws = lines.raws
    for start, end in spans(map(str.startswith, raws, repeat(("  ", "\t "))), 3):
        depths = {len(raw) - len(raw.lstrip()) for raw in raws[start:end]}
        if len(depths) > 1:
            yield lines.indices[start:end]


def _fenced(lines: Lines) -> Iterator[list[int]]:
    opened: int | None = None
    for position in where(map(str.startswith, lines.texts, repeat(("```", "~~~")))):
        if opened is None:
            opened = position
            continue
        yield lines.indices[opened : position + 1]
        opened = None


DETECTORS: list[tuple[str, Detector]] = [
    ("code", _code),
    ("table", _tables),
    ("references", _references),
    ("interview", _interviews),
    ("quote", _quotes),
    ("list", _lists),
]
