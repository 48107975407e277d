"""A rule pattern as the alternatives it is made of, for an expression too large for
Hyperscan's UTF-8 mode: each alternative alone may fit, and their union matches exactly
what the pattern matches.

``branches(source)`` splits at the first non-capturing group of the pattern's own
sequence (not inside another group, and with no quantifier after it) that holds an
alternation, distributing what stands before and after it over each branch:
``P(?:A|B)S`` is ``P(?:A)S`` and ``P(?:B)S``, and a group without an alternation of its
own is looked into the same way; a pattern that is itself an alternation splits at its
top level. The parts are split again while there are fewer than
``MAX_PARTS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

MAX_PARTS = 32
_QUANTIFIERS = "?*+{"
_GLOBAL_FLAGS = re.compile(r"\(\?[a-zA-Z]+\)")


def branches(source: str) -> list[str] | None:
    """The alternatives of ``source`` (None: nothing to split, or syntax not followed).
    A pattern with a global inline flag ("(?i)", which `regex` applies to the whole
    pattern wherever it stands) is left whole: a part without it could match less."""
    if _GLOBAL_FLAGS.search(source):
        return None
    try:
        parts = _split(source)
    except ValueError:
        return None
    if parts is None:
        return None
    done: list[str] = []
    while parts and len(done) + len(parts) < MAX_PARTS:
        part = parts.pop(0)
        more = _split(part)
        if more is None:
            done.append(part)
        else:
            parts[:0] = more
    return done + parts


def alternates(source: str) -> bool:
    """Whether ``source`` is an alternation at its top level (a ``|`` no group or set
    holds)."""
    return bool(_top_bars(source, 0, len(source)))


def _split(source: str) -> list[str] | None:
    top = _top_bars(source, 0, len(source))
    if top:
        return _cut(source, 0, len(source), top)
    for start, end in _top_groups(source):
        quantified = end + 1 < len(source) and source[end + 1] in _QUANTIFIERS
        if not source.startswith("(?:", start) or quantified:
            continue
        bars = _top_bars(source, start + 3, end)
        inner = _cut(source, start + 3, end, bars) if bars else _split(source[start + 3 : end])
        if inner:
            return [f"{source[:start]}(?:{branch}){source[end + 1:]}" for branch in inner]
    return None


def _cut(source: str, start: int, end: int, bars: list[int]) -> list[str]:
    edges = [start - 1, *bars, end]
    return [source[a + 1 : b] for a, b in pairwise(edges)]


def _top_bars(source: str, start: int, end: int) -> list[int]:
    """Positions of the ``|`` between ``start`` and ``end`` that no group or set holds."""
    bars, depth = [], 0
    for position, char in _tokens(source, start, end):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            bars.append(position)
    return bars


def _top_groups(source: str) -> list[tuple[int, int]]:
    """(open, close) positions of the groups of ``source``'s own sequence."""
    groups, depth, opened = [], 0, 0
    for position, char in _tokens(source, 0, len(source)):
        if char == "(":
            if depth == 0:
                opened = position
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                groups.append((opened, position))
    if depth:
        raise ValueError("unbalanced group")
    return groups


def _tokens(source: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """The structural characters of ``source[start:end]`` with their positions: "(", ")"
    and "|" outside escapes and character sets (sets as `regex` VERSION0 reads them: a
    "]" first in a set is a character, "[" inside one is a character)."""
    position = start
    while position < end:
        char = source[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":
            position = _set_end(source, position) + 1
            continue
        if char in "()|":
            yield position, char
        position += 1


def _set_end(source: str, start: int) -> int:
    position = start + 1
    if source.startswith("^", position):
        position += 1
    if source.startswith("]", position):
        position += 1
    while position < len(source):
        if source[position] == "\\":
            position += 2
            continue
        if source[position] == "]":
            return position
        position += 1
    raise ValueError("unclosed set")
