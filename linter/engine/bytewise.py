"""A relaxed expression rewritten for Hyperscan's byte mode, matching a superset of it.

``linter.engine.relax`` writes expressions of code points, for Hyperscan's UTF-8 mode,
where a class of every non-ASCII code point (``relax.ANY_WIDE``) is a small automaton of
UTF-8 sequences: a pattern with many of them (the date-stamp and dateline patterns'
calendar dates, with their ``\\s``, ``\\d`` and ``\\p{L}``) is one Hyperscan refuses as
too large. ``to_bytes(body)`` writes the same expression over the UTF-8 bytes of the
text instead, compiled without ``HS_FLAG_UTF8``:

- a character ``\\x{...}`` is its UTF-8 bytes, and a class with a few non-ASCII code
  points is its ASCII part or one of their byte sequences: exactly the same strings;
- a class with every non-ASCII code point is one byte class, its ASCII part and every
  byte from 0x80, repeated once to four times as often (a code point is 1 to 4 bytes):
  ``C`` becomes ``[A\\x80-\\xff]{1,4}``, ``C{m,n}`` ``[A\\x80-\\xff]{m,4n}``; it matches
  more, never less.

No class gains the newline, so a match still stays inside one core. It reads only what
``relax`` writes: ``(?:...)`` groups, classes of ``\\x{...}`` code points, ``\\x{...}``
characters, and the quantifiers ``*``, ``+`` and ``{m,n}``.
"""

from __future__ import annotations

import re

_QUANTIFIER = re.compile(r"[*+?]|\{(\d*),(\d*)\}")
_POINT = re.compile(r"\\x\{([0-9a-f]+)\}")
_WIDE = (0x80, 0xD7FF), (0xE000, 0x10FFFF)  # relax.ANY_WIDE
_UTF8_MAX = 4  # bytes per code point
_FEW = 64  # a class with more non-ASCII code points than this: one byte class


def to_bytes(body: str) -> str:
    """``body`` (a relaxed expression) over UTF-8 bytes: a superset of what it matches."""
    out, end = _alternation(body, 0)
    if end != len(body):
        raise ValueError(f"unbalanced expression at {end}")
    return out


def _alternation(text: str, at: int) -> tuple[str, int]:
    branches: list[list[str]] = [[]]
    while at < len(text) and text[at] != ")":
        if text[at] == "|":
            branches.append([])
            at += 1
            continue
        stretch = False
        if text.startswith("(?:", at):
            atom, at = _alternation(text, at + 3)
            if at >= len(text):
                raise ValueError("unterminated group")
            atom, at = f"(?:{atom})", at + 1
        elif text[at] == "[":
            end = text.index("]", at) + 1
            atom, stretch = _class(text[at + 1:end - 1])
            at = end
        elif _POINT.match(text, at):
            found = _POINT.match(text, at)
            assert found is not None
            atom, at = _sequence(int(found.group(1), 16)), found.end()
            if len(atom) > len(_byte(0)):  # several bytes: one atom for a quantifier
                atom = f"(?:{atom})"
        else:
            raise ValueError(f"unexpected {text[at]!r} at {at}")
        found = _QUANTIFIER.match(text, at)
        quantifier = found.group() if found else ""
        at += len(quantifier)
        if stretch:  # one byte class for code points of one to four bytes
            quantifier = _stretched(quantifier)
        branches[-1].append(atom + quantifier)
    return "|".join("".join(branch) for branch in branches), at


def _stretched(quantifier: str) -> str:
    """The quantifier of a class that stretches: at least as many bytes as code points,
    with no upper bound (bounded ones, four bytes a code point, made too many states)."""
    if quantifier in ("*", "?", "+"):
        return "+" if quantifier == "+" else "*"
    found = _QUANTIFIER.fullmatch(quantifier)
    low = int(found.group(1) or 0) if found else 1
    return "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"


def _class(inside: str) -> tuple[str, bool]:
    """A class of ``relax`` (its ranges of code points) over bytes, and whether it is
    one byte class standing for code points of several bytes (it stretches)."""
    points = [int(p, 16) for p in _POINT.findall(inside)]
    ranges: list[tuple[int, int]] = []
    rest = _POINT.sub("", inside)  # "-" between the two ends of each range, else ""
    pairs = iter(points)
    for gap in _gaps(inside):
        low = next(pairs)
        ranges.append((low, next(pairs)) if gap else (low, low))
    assert not rest.strip("-")
    narrow = [(lo, min(hi, 0x7F)) for lo, hi in ranges if lo <= 0x7F]
    wide = [(max(lo, 0x80), hi) for lo, hi in ranges if hi > 0x7F]
    spelled = "".join(_byte(lo) if lo == hi else f"{_byte(lo)}-{_byte(hi)}" for lo, hi in narrow)
    if sum(hi - lo + 1 for lo, hi in wide) > _FEW or all(
            any(lo <= a and b <= hi for lo, hi in wide) for a, b in _WIDE):
        return f"[{spelled}\\x80-\\xff]", True
    sequences = [_sequence(p) for lo, hi in wide for p in range(lo, hi + 1)]
    options = ([f"[{spelled}]"] if spelled else []) + sequences
    return "(?:" + "|".join(options) + ")", False


def _gaps(inside: str) -> list[bool]:
    """Per range of a class, whether it is ``lo-hi`` (True) or one code point."""
    items = []
    for found in _POINT.finditer(inside):
        if found.start() > 0 and inside[found.start() - 1] == "-":
            items[-1] = True
        else:
            items.append(False)
    return items


def _sequence(point: int) -> str:
    return "".join(_byte(b) for b in chr(point).encode("utf-8", "surrogatepass"))


def _byte(value: int) -> str:
    return f"\\x{value:02x}"
