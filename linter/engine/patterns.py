"""Compiled patterns, compiled once: memos of what is known about each pattern's text.

Compiling the pack's ~500 patterns and analysing them (``literals.analyse``) takes about
0.4 s, most of a run's start-up; both depend only on the pattern text and flags. Two
memos (JSON files in the user's cache folder, per artlint version) remember them:

- ``patterns-<hash>.json`` (named by the analyser's code, linter.memo): for every pattern
  that compiled, its analysis. A pattern found there is compiled lazily, when a document
  first needs it, so a run whose files all come from the result cache compiles nothing;
  a new or changed pattern is compiled (and validated) at once, as before.
- ``regex-code.json`` (``linter.regexmemo``): what `regex` compiled each pattern to, so
  the next run skips `regex`'s parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from linter.engine import literals as pattern_literals
from linter.engine.literals import Analysis, analyse
from linter.memo import JsonMemo
from linter.regexmemo import compiled

_memo = JsonMemo("patterns.json", made_by=(pattern_literals.__file__,))  # analyse, common_literals


def memo_file() -> Path:
    return _memo.path


# The methods rules call per line: after the first compile they sit in slots, so a call
# costs a slot read rather than a trip through ``__getattr__``.
_HOT = ("search", "fullmatch", "match", "finditer", "findall", "sub")


class LazyPattern:
    """A `regex` pattern compiled on first use; ``pattern`` and ``flags`` need no compile."""

    __slots__ = ("_compiled", "flags", "pattern", *_HOT)

    def __init__(self, source: str, flags: int) -> None:
        self.pattern, self.flags = source, flags
        self._compiled: regex.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        """Called only for what is not in a slot yet: compile, then fill the hot slots."""
        if self._compiled is None:
            self._compiled = compiled(self.pattern, self.flags)
            for hot in _HOT:
                setattr(self, hot, getattr(self._compiled, hot))
        return getattr(self._compiled, name)


def compile_pattern(source: str, flags: int) -> tuple[Any, Analysis]:
    """The pattern (lazy when already known to compile) and its analysis.

    Raises ``regex.error`` for a pattern that does not compile.
    """
    key = analysis_key(source, flags)
    known = _entry(key)
    if isinstance(known, list) and len(known) == 2:
        literals = None if known[0] is None else frozenset(known[0])
        return LazyPattern(source, flags), Analysis(literals, bool(known[1]))
    pattern = compiled(source, flags)
    analysis = analyse(source)
    _memo.put(key, [_sorted(analysis.literals), analysis.risky])
    return pattern, analysis


# Memo entries a caller knows already (linter.rules.packsnapshot: those a linter of the
# built-in pack asks for), keyed as in the memo: these need no memo read.
_known: dict[str, list[Any]] = {}


def know(entries: dict[str, list[Any]]) -> None:
    """Record memo entries (``memo_entries``) computed by this code in an earlier run."""
    _known.update(entries)


def _entry(key: str) -> Any:
    return _known[key] if key in _known else _memo.get(key)


def analysis_key(source: str, flags: int) -> str:
    return f"{int(flags)}\0{source}"


def common_key(source: str) -> str:
    return f"common\0{source}"


def memo_entries(analysed: list[tuple[str, int]], common: list[str]) -> dict[str, list[Any]]:
    """The memo entries of the analyses of ``analysed`` (pattern, flags), with the common
    literals of those that have no literals of their own, and of the common literals of
    ``common`` (patterns), computed or read: what ``know`` takes."""
    entries: dict[str, list[Any]] = {}
    common = list(common)
    for source, flags in analysed:
        analysis = compile_pattern(source, flags)[1]
        entries[analysis_key(source, flags)] = [_sorted(analysis.literals), analysis.risky]
        if not analysis.literals:
            common.append(source)
    for source in common:
        entries[common_key(source)] = [_sorted(common_literals(source))]
    return entries


def _sorted(literals: frozenset[str] | None) -> list[str] | None:
    return None if literals is None else sorted(literals)


def common_literals(source: str) -> frozenset[str] | None:
    """``literals.common_literals``, remembered in the same memo."""
    key = common_key(source)
    known = _entry(key)
    if isinstance(known, list) and len(known) == 1:
        return None if known[0] is None else frozenset(known[0])
    literals = pattern_literals.common_literals(source)
    _memo.put(key, [_sorted(literals)])
    return literals
