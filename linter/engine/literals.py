"""What a rule pattern's matches must contain: its literals, and whether it is risky.

``analyse(pattern)`` reads a regex (the subset of `regex` syntax rule files use) and
returns the literal strings one of which every match must contain, and whether the
pattern can backtrack badly (a repeat around a repeat or an alternation).
``common_literals`` finds shorter ones for patterns that would otherwise see every line.
The prefilter (``linter.engine.prefilter``) looks for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

MAX_EXACT = 64  # above this many alternatives, stop tracking exact strings
MIN_LITERAL = 3  # shorter required literals are not worth a prefilter
MIN_COMMON = 2  # ... except for patterns that would see every line (``common_literals``)

_CLASS_ESCAPES = set("dDwWsShHvVpPXRN")
_ZERO_WIDTH_ESCAPES = set("bBAZzGmM")
_CONTROL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}


class _Unknown(Exception):
    """Syntax the analyser does not model: give up on literals for this pattern."""


@dataclass(frozen=True)
class Info:
    """What the analysis knows about one node of a pattern."""

    exact: frozenset[str] | None  # all strings the node matches, when there are few
    need: frozenset[str] | None  # every match contains one of these (None: unknown)
    repeats: bool = False  # contains a variable repeat
    risky: bool = False  # a repeat of something that repeats or alternates

    @property
    def requirement(self) -> frozenset[str] | None:
        candidates = [s for s in (self.need, _nonempty(self.exact)) if s]
        return max(candidates, key=_quality) if candidates else None


EMPTY = Info(frozenset({""}), None)
ANY = Info(None, None)


def _nonempty(strings: frozenset[str] | None) -> frozenset[str] | None:
    if strings is None or "" in strings:
        return None
    return strings


def _quality(strings: frozenset[str]) -> tuple[bool, int, int]:
    """Rare enough to look for first (``[`` beats ``ad|button|...``), then longer, then
    fewer."""
    rare = all(_selective(s.casefold()) for s in strings)
    return rare, min(len(s) for s in strings), -len(strings)


def _best(*sets: frozenset[str] | None) -> frozenset[str] | None:
    candidates = [s for s in sets if s]
    return max(candidates, key=_quality) if candidates else None


def _join(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Every concatenation of a string of ``a`` and one of ``b``, while there are few."""
    if a is None or b is None or len(a) * len(b) > MAX_EXACT:
        return None
    return frozenset(x + y for x, y in product(a, b))


def _alternate(branches: list[Info]) -> Info:
    exact: frozenset[str] | None = frozenset()
    need: frozenset[str] | None = frozenset()
    for branch in branches:
        if exact is not None and branch.exact is not None:
            exact = exact | branch.exact
            exact = exact if len(exact) <= MAX_EXACT else None
        else:
            exact = None
        required = branch.requirement
        need = None if need is None or required is None else need | required
    repeats = any(b.repeats for b in branches)
    risky = any(b.risky for b in branches)
    return Info(exact, need or None, repeats, risky)


def _repeat(item: Info, low: int, high: int | None, alternates: bool) -> Info:
    varies = high != low
    many = high is None or high > 1  # the item can occur more than once
    risky = item.risky or (many and (item.repeats or alternates))
    repeats = item.repeats or varies
    if low == 0:
        exact = item.exact | {""} if high == 1 and item.exact is not None else None
        return Info(exact, None, repeats, risky)
    exact = item.exact if low == high == 1 else None
    return Info(exact, item.requirement, repeats, risky)


class _Parser:
    def __init__(self, source: str) -> None:
        self.s = source
        self.i = 0

    def parse(self) -> Info:
        info, _ = self.alternation()
        if self.i != len(self.s):
            raise _Unknown("unbalanced parenthesis")
        return info

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def alternation(self) -> tuple[Info, bool]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0], False
        return _alternate(branches), True

    def sequence(self) -> Info:
        """Concatenation: the best requirement is the best exact run or atom requirement."""
        whole: frozenset[str] | None = frozenset({""})  # exact strings of the whole sequence
        run: frozenset[str] = frozenset({""})  # exact strings of the current literal run
        best: frozenset[str] | None = None
        repeats = risky = False
        while self.peek() not in ("", "|", ")"):
            atom, alternates = self.atom()
            atom = self.quantified(atom, alternates)
            repeats, risky = repeats or atom.repeats, risky or atom.risky
            best = _best(best, atom.requirement)
            longer = _join(run, atom.exact)
            if longer is None:
                best = _best(best, _nonempty(run))
                longer = atom.exact if atom.exact is not None else frozenset({""})
            run = longer
            whole = _join(whole, atom.exact)
        return Info(whole, _best(best, _nonempty(run)), repeats, risky)

    def quantified(self, atom: Info, alternates: bool) -> Info:
        bounds = self.quantifier()
        if bounds is None:
            return atom
        if self.peek() in ("?", "+"):  # lazy or possessive
            self.i += 1
        if self.quantifier() is not None:
            raise _Unknown("double quantifier")
        return _repeat(atom, *bounds, alternates)

    def quantifier(self) -> tuple[int, int | None] | None:
        c = self.peek()
        if c in "*+?" and c:
            self.i += 1
            return {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
        found = re.match(r"\{(\d*)(,?)(\d*)\}", self.s[self.i :])
        if c == "{" and found:
            self.i += found.end()
            low = int(found.group(1) or 0)
            if not found.group(2):
                return low, low
            return low, int(found.group(3)) if found.group(3) else None
        return None

    def atom(self) -> tuple[Info, bool]:
        c = self.peek()
        self.i += 1
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class(), False
        if c == ".":
            return ANY, False
        if c in "^$":
            return EMPTY, False
        if c == "\\":
            return self.escape(), False
        return Info(frozenset({c}), None), False

    def escape(self) -> Info:
        c = self.peek()
        self.i += 1
        if c in _CONTROL_ESCAPES:
            return Info(frozenset({_CONTROL_ESCAPES[c]}), None)
        if c in _ZERO_WIDTH_ESCAPES:
            return EMPTY
        if c in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[c]
            digits = self.s[self.i : self.i + width]
            self.i += width
            return Info(frozenset({chr(int(digits, 16))}), None)
        if c in _CLASS_ESCAPES:
            if c in "pPN" and self.peek() == "{":
                self.i = self.s.index("}", self.i) + 1
            return ANY
        if c.isalnum():
            raise _Unknown(f"escape \\{c}")
        return Info(frozenset({c}), None)

    def char_class(self) -> Info:
        """A set: ANY, but for a few plain characters (``[cC]``, ``[-–]``), which are
        exact strings like an alternation of them."""
        start = self.i
        if self.peek() == "^":
            self.i += 1
        if self.peek() == "]":
            self.i += 1
        while (c := self.peek()) != "]":
            if not c:
                raise _Unknown("unterminated class")
            if c == "[" and self.s[self.i + 1 : self.i + 2] in (":", "=", "."):
                raise _Unknown("POSIX class")  # [[:alpha:]] holds a "]" of its own
            # rule patterns are VERSION0, where "[" in a set is a character, not a nested
            # set: "[[]ab|cd]ef" is "[" then "ab", or "cd]ef" (a "(?V1)" flag is not
            # read: such a pattern gets no literals)
            self.i += 2 if c == "\\" else 1
        self.i += 1
        inside = self.s[start : self.i - 1]
        plain = inside and not any(ch in "^-[]\\&|~" for ch in inside)
        return Info(frozenset(inside), None) if plain and len(set(inside)) <= 4 else ANY

    def group(self) -> tuple[Info, bool]:
        kind = self.group_kind()
        if kind == "comment":
            self.i = self.s.index(")", self.i) + 1
            return EMPTY, False
        if kind == "flags":
            return EMPTY, False
        inner, alternates = self.alternation()
        if self.peek() != ")":
            raise _Unknown("unterminated group")
        self.i += 1
        if kind == "lookahead":
            return Info(frozenset({""}), inner.requirement, False, inner.risky), False
        if kind == "negative":
            return Info(frozenset({""}), None, False, inner.risky), False
        return inner, alternates

    def group_kind(self) -> str:
        if self.peek() != "?":
            return "plain"
        rest = self.s[self.i + 1 :]
        for prefix, kind in ((":", "plain"), (">", "plain"), ("=", "lookahead"),
                             ("<=", "lookahead"), ("!", "negative"), ("<!", "negative"),
                             ("#", "comment")):
            if rest.startswith(prefix):
                self.i += 1 + len(prefix)
                return kind
        named = re.match(r"P?<\w+>", rest)
        if named:
            self.i += 1 + named.end()
            return "plain"
        flags = re.match(r"[a-zA-Z]*(?:-[a-zA-Z]+)?([:)])", rest)
        if flags and "x" not in flags.group(0).split("-")[0]:
            self.i += 1 + flags.end()
            return "plain" if flags.group(1) == ":" else "flags"
        raise _Unknown(f"group (?{rest[:3]}")


@dataclass(frozen=True)
class Analysis:
    """A pattern's required literals and whether it risks heavy backtracking."""

    literals: frozenset[str] | None  # case-folded; None: the rule must see every line
    risky: bool


def fold_case(text: str) -> str:
    """``text`` case-folded as the prefilter looks for literals, one function for the
    literals and for the text they are looked for in: ``str.casefold`` after turning the
    dotted capital I (U+0130) and the dotless i (U+0131) into a plain "i". `regex` matches
    "i" to "İ" and "I" to "ı" caselessly, which casefold() alone keeps apart ("İ" becomes
    "i" and a combining dot, "ı" stays "ı"): a pattern's "İlgili" or "IN" was never found
    in a text's "İlgili" or "ın". ASCII text is lower-cased: the same there, by a fast
    path casefold() lacks."""
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").replace("\u0131", "i").casefold()


def analyse(pattern: str) -> Analysis:
    """Required literals and backtracking risk of one pattern."""
    try:
        info = _Parser(pattern).parse()
    except (_Unknown, ValueError):
        return Analysis(None, True)
    required = info.requirement
    if required is None:
        return Analysis(None, info.risky)
    folded = frozenset(fold_case(s) for s in required)
    if not all(_selective(s) for s in folded):
        return Analysis(None, info.risky)
    return Analysis(folded, info.risky)


def common_literals(pattern: str) -> frozenset[str] | None:
    """What ``analyse`` finds, without its test of rarity: case-folded literals one of
    which every match contains, even common ones ("ap", "ok"), each of 2 characters or
    more. For a pattern that would otherwise see every line, even a common literal
    spares it most of them."""
    try:
        required = _Parser(pattern).parse().requirement
    except (_Unknown, ValueError):
        return None
    if required is None:
        return None
    folded = frozenset(fold_case(s) for s in required)
    return folded if all(len(s) >= MIN_COMMON for s in folded) else None


RARE_PUNCTUATION = frozenset("[]{}|@#<>^~\\/")


def _selective(literal: str) -> bool:
    """Rare enough to be worth looking for: 3 characters, 2 with CJK or Hangul, or a
    symbol that prose seldom uses (©, [, @, |, /...)."""
    if any((ord(ch) > 0x7F and not ch.isalnum()) or ch in RARE_PUNCTUATION for ch in literal):
        return True
    wide = any(ord(ch) >= 0x2E80 for ch in literal)
    return len(literal) >= (2 if wide else MIN_LITERAL)
