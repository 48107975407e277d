"""Compiled patterns, compiled once: a memo of what is known about each pattern's text.

Compiling the pack's ~500 patterns and analysing them (``prefilter.analyse``) takes about
0.4 s, most of a run's start-up; both depend only on the pattern text and flags. The
memo (one JSON file in the user's cache folder, per artlint version) records, for every
pattern that compiled, its analysis. A pattern found there is compiled lazily, when a
document first needs it, so a run whose files all come from the result cache compiles
nothing; a new or changed pattern is compiled (and validated) at once, as before.
"""

from __future__ import annotations

import atexit
import json
import os
from pathlib import Path
from typing import Any

import regex

from linter import __version__
from linter.prefilter import Analysis, analyse

_memo: dict[str, list[Any]] | None = None
_changed = False


def memo_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "artlint" / __version__ / "patterns.json"


def _entries() -> dict[str, list[Any]]:
    global _memo
    if _memo is None:
        try:
            _memo = json.loads(memo_file().read_text(encoding="utf-8"))
            if not isinstance(_memo, dict):
                _memo = {}
        except (OSError, ValueError):
            _memo = {}
        atexit.register(_save)
    return _memo


def _save() -> None:
    if not _changed or _memo is None:
        return
    target = memo_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps(_memo), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        pass  # no writable cache folder: the next run analyses again


class LazyPattern:
    """A `regex` pattern compiled on first use; ``pattern`` and ``flags`` need no compile."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, source: str, flags: int) -> None:
        self.pattern, self.flags = source, flags
        self._compiled: regex.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


def compile_pattern(source: str, flags: int) -> tuple[Any, Analysis]:
    """The pattern (lazy when already known to compile) and its analysis.

    Raises ``regex.error`` for a pattern that does not compile.
    """
    global _changed
    key = f"{int(flags)}\0{source}"
    entries = _entries()
    known = entries.get(key)
    if isinstance(known, list) and len(known) == 2:
        literals = None if known[0] is None else frozenset(known[0])
        return LazyPattern(source, flags), Analysis(literals, bool(known[1]))
    compiled = regex.compile(source, flags)
    analysis = analyse(source)
    literals = None if analysis.literals is None else sorted(analysis.literals)
    entries[key] = [literals, analysis.risky]
    _changed = True
    return compiled, analysis
