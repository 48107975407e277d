"""Documents: the text of one article, with exact offsets and a byte-exact round trip.

A document keeps the decoded text exactly as it was: line endings are not normalised, so
every offset a rule reports points into the original text, and writing an unchanged
document back gives the original bytes. A line ends at LF; a CR just before it belongs
to the line ending, not to the line.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import operator
from collections.abc import Collection
from functools import cached_property, partial
from itertools import accumulate, compress, repeat
from typing import NamedTuple

from linter import textfold
from linter.errors import InputError, not_utf8
from linter.lineflags import where

BINARY_SNIFF_BYTES = 8192
# Longest first: UTF-32 LE's BOM begins with UTF-16 LE's.
WIDE_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32", "LE"), (codecs.BOM_UTF32_BE, "UTF-32", "BE"),
             (codecs.BOM_UTF16_LE, "UTF-16", "LE"), (codecs.BOM_UTF16_BE, "UTF-16", "BE"))


def wide_encoding(data: bytes) -> str:
    """A message naming the UTF-16 or UTF-32 encoding ``data``'s BOM declares, else ""."""
    for bom, name, order in WIDE_BOMS:
        if data.startswith(bom):
            return (f"{name} ({order}, with BOM): artlint reads UTF-8; convert it with "
                    f"iconv -f {name} -t UTF-8")
    return ""


class Line(NamedTuple):
    """One physical line. ``start``/``end`` bound its content, ``next`` is where the next
    line starts (``end`` plus the length of the line ending, which may be 0 on the last line).
    (A named tuple: a document makes one per line, and tuples are the cheapest to make.)
    """

    index: int
    start: int
    end: int
    next: int


class CoreLine(NamedTuple):
    """A non-blank line's core: the line without surrounding space and a leading bullet,
    folded for matching (curly quotes to straight ones, odd spaces to plain spaces; the
    folding maps one character to one, so offsets in ``text`` hold for the original too).
    """

    index: int
    start: int
    end: int
    text: str


_CORE_INDEX = operator.itemgetter(0)  # a CoreLine's line index, for bisection

# tuple.__new__ over a row makes a named tuple without a Python call per row
_new_line = partial(tuple.__new__, Line)
_new_core = partial(tuple.__new__, CoreLine)


# What ``str.strip()`` drops (every character ``str.isspace`` holds but the newline, which
# no line has), and the bullets: a line that begins or ends with one of these may have
# something for ``textfold.core_bounds`` to trim.
SPACES = ("\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
          + "\u2028\u2029\u202f\u205f\u3000")
_EDGES = SPACES + "".join(sorted(textfold.BULLETS))


def _trimmed(lines: list[str]) -> list[int]:
    """Which ``lines`` may have something for ``textfold.core_bounds`` to trim (space at
    either end, a CR too, or a bullet at either end), found by one C-level strip over them
    all: every other line is its own core. A line this keeps that needs no trimming (a
    bullet with no space after it, or at its end) gets back the whole line from
    ``core_bounds``."""
    # str.strip gives back the line itself when it has nothing to strip (and a line it
    # gives back a copy of anyway is only trimmed for nothing)
    return where(map(operator.is_not, lines, map(str.strip, lines, repeat(_EDGES))))


def _split_lines(text: str) -> list[str]:
    pieces = text.split("\n")
    if not pieces[-1]:  # the text ends with LF, or is empty: no line after it
        pieces.pop()
    return pieces


class Document:
    """Decoded article text plus what is needed to write it back byte for byte."""

    def __init__(self, text: str, path: str = "-", bom: bool = False) -> None:
        self.text = text
        self.path = path
        self.bom = bom

    @classmethod
    def from_bytes(cls, data: bytes, path: str, sha256: str | None = None) -> Document:
        """Decode UTF-8 (with or without BOM); raise InputError for anything else (naming
        UTF-16 and UTF-32 when a BOM declares them), and for text whose lines end in CR
        alone, which would be read as one line.

        ``sha256``: the hex SHA-256 of ``data``, when the caller already has it.
        """
        wide = wide_encoding(data)
        if wide:
            raise InputError(path, wide)
        if b"\x00" in data[:BINARY_SNIFF_BYTES]:
            raise InputError(path, "binary file (contains NUL bytes)")
        bom = data.startswith(codecs.BOM_UTF8)
        try:
            text = data.decode("utf-8-sig" if bom else "utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(path, not_utf8(data, exc.start)) from None
        if "\n" not in text and "\r" in text[:-1]:  # lines in CR alone: read as one
            raise InputError(path, "its lines end in CR alone (classic Mac OS); artlint "
                             "splits lines at LF: convert it with tr '\\r' '\\n'")
        doc = cls(text, path, bom)
        if sha256 is not None:
            doc.__dict__["sha256"] = sha256  # what the cached property would compute
        return doc

    def to_bytes(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: this document's) the way this document was encoded."""
        body = (self.text if text is None else text).encode("utf-8")
        return codecs.BOM_UTF8 + body if self.bom else body

    @cached_property
    def sha256(self) -> str:
        """The hex SHA-256 of the document's bytes (``to_bytes()``). A text from a JSON
        string may hold a lone surrogate ("\\ud800"), which UTF-8 cannot encode: it is
        hashed as its surrogatepass bytes, which no decoded file has."""
        body = self.text.encode("utf-8", "surrogatepass")
        return hashlib.sha256(codecs.BOM_UTF8 + body if self.bom else body).hexdigest()

    def __getstate__(self) -> dict[str, object]:
        """Pickle the text only; line tables and folds are rebuilt on demand."""
        return {"text": self.text, "path": self.path, "bom": self.bom}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def with_text(self, text: str) -> Document:
        return Document(text, self.path, self.bom)

    @cached_property
    def lines(self) -> list[Line]:
        starts, ends, nexts = self._table
        return list(map(_new_line, zip(range(len(starts)), starts, ends, nexts, strict=True)))

    @cached_property
    def _table(self) -> tuple[list[int], list[int], list[int]]:
        """Each line's start, content end and next line's start, built by C-level passes
        (the lines' lengths summed up) rather than a Python step per line. The folded
        lines serve when the cores have split them: folding keeps every length and CR."""
        pieces = self.__dict__.get("_folded_pieces") or self._pieces
        nexts = list(accumulate(map((1).__add__, map(len, pieces))))
        starts = [0, *nexts[:-1]] if nexts else []
        ends = list(map((-1).__add__, nexts))
        if nexts and nexts[-1] > len(self.text):  # the last line has no LF
            nexts[-1] = ends[-1]
        if "\r" in self.text:  # a CR just before the LF belongs to the line ending
            ends = [end - piece.endswith("\r") for end, piece in zip(ends, pieces, strict=True)]
        return starts, ends, nexts

    @cached_property
    def line_starts(self) -> list[int]:
        return self._table[0]

    @cached_property
    def folded(self) -> str:
        return textfold.fold(self.text)

    @cached_property
    def cores(self) -> list[CoreLine]:
        """The cores of all non-blank lines, in order. Most lines are their own core; only
        those with something to trim (``_trimmed``) are trimmed one by one."""
        return self._core_table[0]

    @cached_property
    def core_texts(self) -> list[str]:
        """The text of each of ``cores``, in order: for passes that one C call makes over
        them all (a ``map`` of a pattern's search, a join). Shared: do not change it."""
        return self._core_table[1]

    @cached_property
    def _core_table(self) -> tuple[list[CoreLine], list[str]]:
        """``cores`` and ``core_texts``, made together."""
        folded = self.folded
        texts = self._folded_pieces.copy()
        starts, ends, _ = self._table
        lows, highs = starts.copy(), ends.copy()
        for index in _trimmed(texts):
            start = starts[index]
            content = folded[start : ends[index]]
            lo, hi = textfold.core_bounds(content)
            texts[index] = content[lo:hi]  # "" when the line is blank: it has no core
            lows[index], highs[index] = start + lo, start + hi
        rows = zip(range(len(starts)), lows, highs, texts, strict=True)
        return list(map(_new_core, compress(rows, texts))), list(compress(texts, texts))

    @cached_property
    def core_text(self) -> str:
        """The cores' texts joined with newlines, one line per core: for work that one C
        call does over every core at once (the one-scan path's scan, a rule's first look
        at a document), built once and shared."""
        return "\n".join(self.core_texts)

    def cores_in(self, lines: Collection[int] | None) -> list[CoreLine]:
        """The cores of ``lines`` (None: of every line), in order; blank lines have none.
        Found by bisection in ``cores``: asking for a few lines builds no table of them all."""
        if lines is None:
            return self.cores
        cores = self.cores
        return [cores[number] for index in sorted(lines)
                if (number := self.core_number(index)) is not None]

    def cores_within(self, first: int, last: int) -> list[CoreLine]:
        """The cores of lines ``first``..``last`` (inclusive), in order, by bisection."""
        cores = self.cores
        return cores[bisect.bisect_left(cores, first, key=_CORE_INDEX)
                     : bisect.bisect_right(cores, last, key=_CORE_INDEX)]

    def core_number(self, index: int) -> int | None:
        """Where line ``index``'s core stands in ``cores`` (None: a blank line), by
        bisection."""
        cores = self.cores
        number = bisect.bisect_left(cores, index, key=_CORE_INDEX)
        return number if number < len(cores) and cores[number].index == index else None

    def core_at(self, index: int) -> CoreLine | None:
        """The core of line ``index``, or None for a blank line."""
        number = self.core_number(index)
        return None if number is None else self.cores[number]

    def line_text(self, index: int) -> str:
        if "lines" not in self.__dict__:  # no line table yet: the texts alone are cheaper
            piece = self._pieces[index]
            return piece[:-1] if piece.endswith("\r") else piece
        line = self.lines[index]
        return self.text[line.start : line.end]

    def line_texts(self, indices: list[int]) -> list[str]:
        """``line_text`` of each of ``indices``, by one C-level pass."""
        texts = list(map(self._pieces.__getitem__, indices))
        if "\r" in self.text:
            return [text[:-1] if text.endswith("\r") else text for text in texts]
        return texts

    @cached_property
    def _pieces(self) -> list[str]:
        """Each line with the CR of a CRLF ending still on it (``line_text`` drops it)."""
        return _split_lines(self.text)

    @cached_property
    def _folded_pieces(self) -> list[str]:
        """``_pieces`` of the folded text; the same list when folding changed nothing (it
        then returns the text itself), so a document splits its text once."""
        return self._pieces if self.folded is self.text else _split_lines(self.folded)

    def is_blank(self, index: int) -> bool:
        return not self.line_text(index).strip()

    def line_at(self, index: int) -> Line:
        """``lines[index]``, made from the offsets without building every line's tuple."""
        if "lines" in self.__dict__:
            return self.lines[index]
        starts, ends, nexts = self._table
        index = range(len(starts))[index]  # a negative index counts from the end
        return Line(index, starts[index], ends[index], nexts[index])

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count characters."""
        starts = self.line_starts
        if not starts:
            return 1, 1
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        return index + 1, offset - starts[index] + 1

    def lines_spanned(self, start: int, end: int) -> range:
        """0-based indices of the lines that text[start:end] touches (at least start's)."""
        return range(self.position(start)[0] - 1, self.position(max(start, end - 1))[0])

    def line_span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets that delete lines ``first``..``last`` (0-based, inclusive) whole."""
        starts, _, nexts = self._table
        return starts[first], nexts[last]

    @property
    def ends_with_newline(self) -> bool:
        return self.text.endswith("\n")
