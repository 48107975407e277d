"""Flags over a document's non-blank lines, set by C-level passes.

A test that runs once per line in Python (a lambda, a method call, a loop step) costs more
than the test itself. Here a test runs over every line at once: ``map`` of a pattern's
``search`` or of a string method, a literal looked for in the whole text before any line,
runs of flagged lines found by one ``re`` pass over a byte string of the flags. Python runs
only on the few lines those passes leave. ``linter.structure``'s detectors are built on it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import compress, count, repeat
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import regex


class Lines(NamedTuple):
    """A document's non-blank lines, in order: their indices, their cores' texts, their
    texts as they are and those stripped. Each detector tests them all with C-level passes
    (``map`` of a pattern's search, a string method) and runs Python only on the lines
    those pass."""

    indices: list[int]
    texts: list[str]
    raws: list[str]
    stripped: list[str]  # the raws without space at either end (no bullet trimmed)
    joined: str  # the texts joined with newlines (``Document.core_text``)
    source: str  # the whole document, the raws' text


def spans(flags: Iterable[object], least: int) -> Iterator[tuple[int, int]]:
    """Where the runs of at least ``least`` true ``flags`` in a row start and end."""
    for run in _run_of(least).finditer(bytes(map(bool, flags))):
        yield run.span()


@cache
def _run_of(least: int) -> re.Pattern[bytes]:
    return re.compile(b"\\x01{%d,}" % least)


def where(flags: Iterable[object]) -> list[int]:
    """The positions of the true ``flags``."""
    return list(compress(count(), flags))


def holding(texts: list[str], whole: str, literals: Iterable[str]) -> set[int]:
    """The positions of the ``texts`` that hold one of ``literals`` (``whole`` holds them
    all: a literal it lacks is skipped at once)."""
    found: set[int] = set()
    for literal in literals:
        if literal in whole:
            found.update(where(map(operator.contains, texts, repeat(literal))))
    return found


def confirmed(pattern: regex.Pattern[str], texts: list[str], hints: Iterable[int]) -> bytearray:
    """Whether ``pattern`` finds in each of ``texts``, searched at the positions ``hints``
    names only: a line without a pattern's literals cannot match, and most lines lack
    them, while `regex` searching every line for an alternation is slow."""
    flags = bytearray(len(texts))
    for position in hints:
        flags[position] = pattern.search(texts[position]) is not None
    return flags
