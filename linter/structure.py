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

from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from linter.document import CoreLine, Document
from linter.regexmemo import compiled
from linter.textfold import BULLETS, ends_sentence

KINDS = ("table", "list", "interview", "quote", "references", "code")

_PIPE_ROW = compiled(r"^\|.*\|$|(?:\S\s*\|\s*){2,}\S")
_ALIGNED = compiled(r"\S(?:\t+| {3,})\S")
_NUMBER = compiled(r"^[-+(]?[$£€¥]?\d[\d.,:/%-]*[)%]?$|^[-–—]$")
_NUMBERED_ITEM = compiled(r"^\s*(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s+\S")
_SPEC_LINE = compiled(r"^[\p{L}\p{N}][\p{L}\p{N} ()/&'.,+-]{0,34}:\s+\S")
_QA_LINE = compiled(r"(?i)^(?:q|a|question|answer|interviewer)\s?[:.)]\s?\S")
_SPEAKER = compiled(r"^(\p{Lu}[\p{L}.'-]*(?: \p{Lu}[\p{L}.'-]*){0,2})\s?:\s+\S")
_ATTRIBUTION = compiled(
    r"^[—–-]{1,2}\s?\p{Lu}|\(@\w{1,30}\)|\bpic\.twitter\.com/|^@\w{1,30}\b|"
    r"^\p{Lu}[\p{L}.'-]+(?: \p{Lu}[\p{L}.'-]+){0,3} \(@\w{1,30}\)"
)
_CITATION = compiled(
    r"^\[\d{1,3}\]|^\^|\bdoi:|\bdoi\.org/|\bet al\.|\bISBN\b|\bRetrieved\b|\bpp?\. \d|"
    r"\(\d{4}[a-z]?\)[.,]|\bvol\. \d|\bIbid\b"
)
_REFERENCE_HEADING = compiled(
    r"(?i)^(?:references?|sources?|bibliography|notes|footnotes|works cited|citations|"
    r"further reading|literature|endnotes)\s?:?$"
)
_CODE_LINE = compiled(
    r"[;{}]$|^[{}()\[\]]+[;,]?$|^(?:def|class|import|from|return|if|elif|else|for|while|"
    r"function|const|let|var|public|private|static|void|#include|#!|\$ |>>> |SELECT|"
    r"INSERT|UPDATE|CREATE|pip |npm |git |sudo |apt |curl |cd |echo |export )\b|"
    r"^</?[a-z][\w-]*[ >/]|^\w+(?:\.\w+)*\(.*\)[;:]?$|^\w+ ?[+\-*/]?= ?\S|=>|->|::|&&|\|\|"
)
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
    total = sum(len(core.text) for core in cores)
    prose = sum(len(core.text) for core in cores if _is_prose(core.text))
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
    raw = {core.index: doc.line_text(core.index) for core in cores}
    for kind, detector in DETECTORS:
        for lines in detector(cores, raw):
            structure.add(kind, lines)
    return structure


Detector = Callable[[list[CoreLine], dict[int, str]], Iterator[list[int]]]


def _runs(cores: list[CoreLine], test: Callable[[CoreLine], bool], least: int = MIN_RUN,
          ) -> Iterator[list[int]]:
    """Runs of at least ``least`` consecutive non-blank lines for which ``test`` holds."""
    run: list[int] = []
    for core in cores:
        if test(core):
            run.append(core.index)
            continue
        if len(run) >= least:
            yield run
        run = []
    if len(run) >= least:
        yield run


# Tables ------------------------------------------------------------------------------

def _tables(cores: list[CoreLine], raw: dict[int, str]) -> Iterator[list[int]]:
    yield from _runs(cores, lambda c: _PIPE_ROW.search(c.text) is not None)
    yield from _runs(cores, lambda c: _ALIGNED.search(raw[c.index].strip()) is not None)
    yield from _runs(cores, lambda c: _figure_row(c.text), least=1)
    yield from _cell_runs(cores)


def _figure_row(text: str) -> bool:
    """A row of figures: at least three numbers making up at least 40% of the tokens."""
    tokens = text.split()
    numbers = sum(_NUMBER.match(token) is not None for token in tokens)
    return numbers >= 3 and numbers >= 0.4 * len(tokens)


def _cell_runs(cores: list[CoreLine]) -> Iterator[list[int]]:
    """A table flattened one cell a line: short lines, half of them or more numbers."""
    for run in _runs(cores, lambda c: len(c.text) <= CELL_CHARS and not ends_sentence(c.text),
                     least=MIN_CELL_RUN):
        members = set(run)
        texts = [core.text for core in cores if core.index in members]
        numeric = sum(_NUMBER.match(text) is not None for text in texts)
        if numeric >= 2 and numeric * 2 >= len(texts):
            yield run


# Lists -------------------------------------------------------------------------------

def _lists(cores: list[CoreLine], raw: dict[int, str]) -> Iterator[list[int]]:
    yield from _runs(cores, lambda c: _is_item(raw[c.index]))
    yield from _runs(cores, lambda c: _SPEC_LINE.match(c.text) is not None)
    yield from _items_under_colon(cores)
    yield from _label_value_pairs(cores)
    yield from _label_headings(cores)


def _label_headings(cores: list[CoreLine]) -> Iterator[list[int]]:
    """A text that heads its own paragraphs with labels ("Kids:" / a paragraph, "Eating
    out:" / a paragraph): three or more "Label:" lines, each right above a paragraph of
    prose. A widget's keys lost their values; these introduce the article's text."""
    heads = [label.index for label, body in pairwise(cores)
             if _is_label(label.text) and _is_paragraph(body.text)]
    if len(heads) >= LABEL_HEADINGS:
        yield heads


def _is_paragraph(text: str) -> bool:
    return len(text) > LIST_ITEM_CHARS and ends_sentence(text)


def _label_value_pairs(cores: list[CoreLine]) -> Iterator[list[int]]:
    """A spec box split one field a line: "Founded:" / "1946" / "Website:" / "x.com"."""
    pairs: list[int] = []
    position = 0
    while position < len(cores) - 1:
        label, value = cores[position], cores[position + 1]
        if _is_label(label.text) and not _is_label(value.text) and len(value.text) <= 80:
            pairs += [label.index, value.index]
            position += 2
            continue
        if len(pairs) >= 2 * MIN_RUN:
            yield pairs
        pairs = []
        position += 1
    if len(pairs) >= 2 * MIN_RUN:
        yield pairs


def _is_label(text: str) -> bool:
    return text.endswith(":") and len(text) <= 40


def _is_item(line: str) -> bool:
    stripped = line.lstrip()
    bulleted = len(stripped) > 1 and stripped[0] in BULLETS and stripped[1] in " \t"
    return bulleted or _NUMBERED_ITEM.match(line) is not None


def _items_under_colon(cores: list[CoreLine]) -> Iterator[list[int]]:
    """The short lines right under a line that ends with a colon ("Pros:", "You need:")."""
    for position, core in enumerate(cores[:-1]):
        if not core.text.endswith(":") or len(core.text) > LIST_ITEM_CHARS:
            continue
        items = [core.index]
        for item in cores[position + 1 : position + 1 + LIST_MAX_ITEMS]:
            if len(item.text) > LIST_ITEM_CHARS or item.text.endswith(":"):
                break
            items.append(item.index)
        if len(items) > MIN_RUN:
            yield items


# Interviews and quotes ---------------------------------------------------------------

def _interviews(cores: list[CoreLine], raw: dict[int, str]) -> Iterator[list[int]]:
    qa = [core.index for core in cores if _QA_LINE.match(core.text)]
    if len(qa) >= MIN_RUN:
        yield qa
    labelled = [(core.index, m.group(1)) for core in cores if (m := _SPEAKER.match(core.text))]
    speakers = Counter(name for _, name in labelled)
    yield [index for index, name in labelled if speakers[name] >= MIN_RUN]
    questions = [core.index for core in cores if core.text.endswith("?")]
    if len(questions) >= MIN_RUN:
        yield questions


def _quotes(cores: list[CoreLine], raw: dict[int, str]) -> Iterator[list[int]]:
    yield [core.index for core in cores if _ATTRIBUTION.search(raw[core.index].strip())]


# References and code -----------------------------------------------------------------

def _references(cores: list[CoreLine], raw: dict[int, str]) -> Iterator[list[int]]:
    yield [core.index for core in cores if _CITATION.search(core.text)]
    for position, core in enumerate(cores):
        if _REFERENCE_HEADING.match(core.text):
            yield [c.index for c in cores[position + 1 : position + 1 + REFERENCE_LINES]]


def _code(cores: list[CoreLine], raw: dict[int, str]) -> Iterator[list[int]]:
    yield from _fenced(cores)
    yield from _runs(cores, lambda c: _CODE_LINE.search(c.text) is not None)
    yield from _nested(cores, raw)


def _nested(cores: list[CoreLine], raw: dict[int, str]) -> Iterator[list[int]]:
    """Runs of indented lines at two or more depths: code, configuration, nested data."""
    for run in _runs(cores, lambda c: raw[c.index][:2] in ("  ", "\t "), least=3):
        depths = {len(raw[i]) - len(raw[i].lstrip()) for i in run}
        if len(depths) > 1:
            yield run


def _fenced(cores: list[CoreLine]) -> Iterator[list[int]]:
    opened: int | None = None
    for position, core in enumerate(cores):
        if not core.text.startswith(("```", "~~~")):
            continue
        if opened is None:
            opened = position
            continue
        yield [c.index for c in cores[opened : position + 1]]
        opened = None


DETECTORS: list[tuple[str, Detector]] = [
    ("code", _code),
    ("table", _tables),
    ("references", _references),
    ("interview", _interviews),
    ("quote", _quotes),
    ("list", _lists),
]
