"""Rule patterns rewritten for Hyperscan, so that they match a superset of what `regex` does.

``relax(source, caseless)`` turns a rule pattern into a Hyperscan expression that matches
every string the `regex` pattern matches (and perhaps more): the one-scan path
(``linter.engine.onescan``) finds candidate lines with it, and `regex` confirms them.

Soundness comes from three rewrites, none of which trusts Hyperscan's Unicode tables:

- every character class (``\\w``, ``\\p{Lu}``, ``[^\\]\\s]``, ``.``) and every literal
  character is replaced by the explicit set of code points that `regex` itself matches
  with it, under the case flag in force there (found once by running `regex` over every
  code point, and remembered in the user's cache folder), less the newline, which no
  line core holds, and with the long s, the Kelvin sign and the dotted capital I spelled
  as the ASCII letters they match caselessly, as the scanned text spells them
  (``scanned``);
- zero-width assertions (``^``, ``$``, ``\\b``, lookarounds) are dropped: a pattern
  without them matches more, never less;
- large bounded repeats (``{0,80}``) become unbounded ones, lazy and possessive
  quantifiers and atomic groups plain ones (more again, and far cheaper to compile).

A pattern using anything else (back-references, conditionals, other inline flags,
``\\X``, named lists...) gives None and stays on the `regex` path.
"""

from __future__ import annotations

import re
import unicodedata

import regex

from linter.memo import JsonMemo

BIG_REPEAT = 8  # a bounded repeat with a higher maximum becomes unbounded
_ZERO_WIDTH = set("bBAZzGmM")
_CLASS_ESCAPES = set("dDwWsS")
_PROPERTY_ESCAPES = set("pP")
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_QUANTIFIER = re.compile(r"\{(?=[\d,])(\d*)(,?)(\d*)\}")  # `{}` is two characters
_FLAGS = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]+))?([:)])")
_SURROGATES = (0xD800, 0xDFFF)

# Named by this file's bytes: sets an older rewrite computed are never read.
_sets = JsonMemo("hyperscan-sets.json", made_by=(__file__,), max_entries=4000)
_universe: str | None = None
_cased_points: str | None = None


class _Unsupported(Exception):
    """Syntax the rewrite does not take: the pattern stays on the `regex` path."""


def relax(source: str, caseless: bool) -> str | None:
    """A Hyperscan expression matching a superset of ``source`` (None: not rewritable)."""
    try:
        if _global_caseless(source):
            caseless = True
        return _Rewriter(source, caseless).parse()
    except (_Unsupported, ValueError, IndexError, regex.error):
        return None


def _global_caseless(source: str) -> bool:
    """`regex` (version 0) applies an inline ``(?i)`` to the whole pattern."""
    return any(m.group(3) == ")" and "i" in m.group(1) for m in _FLAGS.finditer(source))


class _Rewriter:
    def __init__(self, source: str, caseless: bool) -> None:
        self.s = source
        self.i = 0
        self.case = [caseless]

    def parse(self) -> str:
        out = self.alternation()
        if self.i != len(self.s):
            raise _Unsupported("unbalanced parenthesis")
        return out

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def alternation(self) -> str:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence())
        return "|".join(branches)

    def sequence(self) -> str:
        parts = []
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            parts.append(atom + self.quantifier())
        return "".join(parts)

    def quantifier(self) -> str:
        c = self.peek()
        if c in ("*", "+", "?"):
            self.i += 1
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
        else:
            found = _QUANTIFIER.match(self.s, self.i) if c == "{" else None
            if found is None:
                return ""
            self.i = found.end()
            low = int(found.group(1) or 0)
            high = low if not found.group(2) else (int(found.group(3)) if found.group(3)
                                                   else None)
        if self.peek() in ("?", "+"):  # lazy or possessive: the same strings, or more
            self.i += 1
        if self.peek() in ("*", "+", "?") or _QUANTIFIER.match(self.s, self.i):
            raise _Unsupported("double quantifier")
        if high is not None and high <= BIG_REPEAT:
            return f"{{{low},{high}}}"
        return "*" if low == 0 else "+"

    def atom(self) -> str:
        c = self.peek()
        self.i += 1
        if c == "(":
            return self.group()
        if c == "[":
            return self.bracket()
        if c == ".":
            return _charset(".", False)
        if c in "^$":
            return "(?:)"
        if c == "\\":
            return self.escape()
        if c in "*+?":
            raise _Unsupported("nothing to repeat")
        if c == "{" and _QUANTIFIER.match(self.s, self.i - 1):
            raise _Unsupported("nothing to repeat")
        return self.literal(c)

    def literal(self, c: str) -> str:
        if not self.case[-1] or (c.lower() == c.upper() == c.casefold() and c.isascii()):
            point = ODD_LETTERS.get(ord(c), ord(c))  # as the scanned text spells it
            return _class([[point, point]])  # a character without case matches itself
        return _charset(regex.escape(c), True, letter=c)

    def escape(self) -> str:
        c = self.peek()
        self.i += 1
        if c in _ZERO_WIDTH:
            return "(?:)"
        if c in _CLASS_ESCAPES:
            return _charset("\\" + c, self.case[-1])
        if c in _PROPERTY_ESCAPES:
            if self.peek() == "{":
                end = self.s.index("}", self.i) + 1
                token, self.i = "\\" + c + self.s[self.i:end], end
            else:
                token, self.i = "\\" + c + self.peek(), self.i + 1
            return _charset(token, self.case[-1])
        if c in _CONTROL:
            return self.literal(_CONTROL[c])
        if c in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[c]
            digits = self.s[self.i:self.i + width]
            if len(digits) != width or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise _Unsupported(f"escape \\{c}")
            self.i += width
            return self.literal(chr(int(digits, 16)))
        if not c or c.isalnum() or c == "_":
            raise _Unsupported(f"escape \\{c}")
        return self.literal(c)

    def bracket(self) -> str:
        """A set: handed to `regex` whole, to learn which code points it matches."""
        start = self.i - 1
        if self.peek() == "^":
            self.i += 1
        if self.peek() == "]":
            self.i += 1
        while True:  # version 0 sets do not nest: a `[` inside one is a character
            c = self.peek()
            if not c:
                raise _Unsupported("unterminated set")
            self.i += 2 if c == "\\" else 1
            if c == "[" and self.peek() == ":":
                raise _Unsupported("POSIX class")
            if c == "]":
                break
        return _charset(self.s[start:self.i], self.case[-1])

    def group(self) -> str:
        if self.peek() != "?":
            return self.inner()
        rest = self.s[self.i + 1:]
        for prefix, kind in ((":", "plain"), (">", "plain"), ("=", "look"), ("!", "look"),
                             ("<=", "look"), ("<!", "look"), ("#", "comment")):
            if rest.startswith(prefix):
                self.i += 1 + len(prefix)
                if kind == "comment":
                    self.i = self.s.index(")", self.i) + 1
                    return "(?:)"
                if kind == "look":
                    self.inner()
                    return "(?:)"
                return self.inner()
        named = re.match(r"P?<\w+>", rest)
        if named:
            self.i += 1 + named.end()
            return self.inner()
        flags = _FLAGS.match(self.s, self.i - 1)
        if flags is None or set(flags.group(1) + (flags.group(2) or "")) - {"i"}:
            raise _Unsupported("group")
        self.i = flags.end()
        if flags.group(3) == ")":  # global: applied to the whole pattern (see relax)
            return "(?:)"
        on = "i" in flags.group(1)
        off = "i" in (flags.group(2) or "")
        self.case.append(True if on else False if off else self.case[-1])
        try:
            return self.inner()
        finally:
            self.case.pop()

    def inner(self) -> str:
        out = self.alternation()
        if self.peek() != ")":
            raise _Unsupported("unterminated group")
        self.i += 1
        return f"(?:{out})"


def _charset(token: str, caseless: bool, letter: str = "") -> str:
    """A Hyperscan class matching every code point `regex` matches with the one-character
    ``token`` (under the case flag in force): the ASCII ones exactly, the others exactly
    when they are few, else any non-ASCII code point. It never relies on Hyperscan's
    Unicode tables, and small classes compile fast. Remembered in the user's cache folder.

    ``letter``: the token is this caseless letter, which can match only itself and
    characters with a case (``_cased``)."""
    key = f"{regex.__version__}\0{int(caseless)}\0{token}"
    known = _sets.get(key)
    if not isinstance(known, str):
        pattern = regex.compile(token, regex.IGNORECASE if caseless else 0)
        known = _spell(_matched(pattern, _cased() + letter if letter else None))
        _sets.put(key, known)
    if not known:
        raise _Unsupported(f"{token} matches nothing")
    return known


def _spell(points: list[int]) -> str:
    """``points`` (sorted) as a Hyperscan class ("" for none), without the newline: a
    core never holds one, so a class without it keeps every match inside one core (the
    scan maps a match's end to its core by counting newlines)."""
    points = sorted({ODD_LETTERS.get(point, point) for point in points if point != NEWLINE})
    wide = [point for point in points if point > 0x7F]
    if len(wide) > FEW_WIDE:
        points = [point for point in points if point <= 0x7F]
        ranges = [*_ranges_of(points), *ANY_WIDE]
    else:
        ranges = _ranges_of(points)
    if not ranges:
        return ""
    return _class(ranges)


NEWLINE = 0x0A
# Letters `regex` matches to an ASCII letter when caseless: the scanned text spells them
# as that letter (``scanned``), and so does every class, for the letter's three forms of
# different lengths in UTF-8 made the date patterns too large for Hyperscan.
ODD_LETTERS = {0x17F: ord("s"), 0x212A: ord("k"), 0x130: ord("i")}
FEW_WIDE = 16  # more non-ASCII code points than this: any non-ASCII code point
ANY_WIDE = ([0x80, _SURROGATES[0] - 1], [_SURROGATES[1] + 1, 0x10FFFF])


def _matched(pattern: regex.Pattern[str], among: str | None = None) -> list[int]:
    """Every code point ``pattern`` matches (``among``: only these characters can)."""
    if among is not None:
        return sorted({ord(c) for c in pattern.findall(among)})
    universe = _all_code_points()
    marked = pattern.sub("\x00", universe)  # every matched character becomes NUL
    points: list[int] = []
    for run in re.finditer("\x00+", marked):
        start, end = run.start(), run.end()
        if start == 0 and pattern.fullmatch("\x00") is None:
            start = 1  # the NUL at index 0 is the universe's own
        if end - start > FEW_WIDE + 0x80:  # a long run: its ends are enough for _spell
            points.extend(_point(index) for index in range(start, start + 0x80))
            points.extend(_point(index) for index in range(end - FEW_WIDE - 1, end))
        else:
            points.extend(_point(index) for index in range(start, end))
    # _spell spells these as ASCII letters: a long run's middle must not hide them
    points.extend(odd for odd in ODD_LETTERS if pattern.fullmatch(chr(odd)))
    return sorted(set(points))


def _ranges_of(points: list[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return ranges


def _class(ranges: list[list[int]]) -> str:
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _code(ranges[0][0])
    inside = "".join(_code(lo) if lo == hi else f"{_code(lo)}-{_code(hi)}" for lo, hi in ranges)
    return f"[{inside}]"


def _code(point: int) -> str:
    return f"\\x{{{point:x}}}"


def scanned(text: str) -> str:
    """``text`` as the expressions expect it: each of ``ODD_LETTERS`` as its ASCII letter
    (the same lines: none is a newline)."""
    if not text.isascii():
        for odd, plain in ODD_PAIRS:
            if odd in text:
                text = text.replace(odd, plain)
    return text


ODD_PAIRS = [(chr(odd), chr(plain)) for odd, plain in ODD_LETTERS.items()]


def _point(index: int) -> int:
    """The code point at ``index`` of the universe (which skips the surrogates)."""
    return index if index < _SURROGATES[0] else index + _SURROGATES[1] - _SURROGATES[0] + 1


def _cased() -> str:
    """The characters a caseless letter may match besides itself: those with a case
    mapping in Python's Unicode tables, those `regex`'s own (newer) Unicode tables call
    cased or changed by case mapping or folding (a letter Python knows without case may
    have gained a partner since: "ƛ", U+019B, matches U+A7DC), and, for the characters a
    newer Unicode may have assigned since, every unassigned one of the two planes that
    hold letters."""
    global _cased_points
    if _cased_points is None:
        planes = "".join(c for c in map(chr, range(0x20000)) if not 0xD800 <= ord(c) <= 0xDFFF)
        cased_by_regex = regex.compile(  # compiled here: only a database's compile asks
            r"[\p{Cased}\p{Changes_When_Casefolded}\p{Changes_When_Casemapped}]")
        by_regex = set(cased_by_regex.findall(planes))
        _cased_points = "".join(
            c for c in planes
            if c.lower() != c or c.upper() != c or c.casefold() != c or c in by_regex
            or unicodedata.category(c) == "Cn")
    return _cased_points


def _all_code_points() -> str:
    global _universe
    if _universe is None:
        _universe = "".join(map(chr, range(_SURROGATES[0]))) + "".join(
            map(chr, range(_SURROGATES[1] + 1, 0x110000)))
    return _universe
