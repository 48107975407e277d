"""``compiled``: ``regex.compile`` that remembers, across runs, what it compiled a pattern to.

`regex` parses a pattern in Python (about 1 ms for a rule's pattern, 20 ms for the line
gate's alternations) and hands the resulting program to its C core. The program is the
data `regex` itself pickles a pattern as (``copyreg``: ``_regex.compile(*data)``), so
rebuilding a pattern from it is what unpickling does, and takes a few microseconds.
``compiled`` keeps the programs in a memo in `marshal`'s format (``regex-code.marshal``,
see linter.memo: ~2 ms less to read than the same in JSON), keyed by the `regex` version,
its default version flag, the flags and the pattern text, each program's bytes with their
CRC-32 (and the file's CRC-32 in its header); an entry of another shape (another `regex`
layout) or whose checksum fails is compiled afresh, so a damaged file never reaches
`regex`'s C core.
Python rules compile their patterns through ``compiled`` too.
"""

from __future__ import annotations

import zlib
from typing import Any

import regex
from regex import _regex

from linter.memo import MarshalMemo

_code = MarshalMemo("regex-code.marshal", max_entries=2000)  # ~3 packs' worth, ~0.6 KB each

# source, flags, code, group index both ways, named lists (2), required string (offset,
# characters, flags), group count: the fields of `regex`'s own pickle
_PROGRAM_FIELDS = 11


def compiled(source: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(source, flags)``, from the program a run before compiled it to.

    Raises ``regex.error`` as ``regex.compile`` does (an invalid pattern is never stored).
    """
    key = f"{regex.__version__}\0{regex.DEFAULT_VERSION}\0{int(flags)}\0{source}"
    known = _rebuilt(source, _code.get(key))
    if known is not None:
        return known
    pattern = regex.compile(source, flags)
    data = _program(pattern)
    if data is not None:
        _code.put(key, data)
    return pattern


def _program(pattern: regex.Pattern[str]) -> list[Any] | None:
    """What `regex` pickles the pattern as, in `marshal`'s types (None: not plain enough)."""
    data = getattr(pattern, "_pickled_data", None)
    if not isinstance(data, tuple) or len(data) != _PROGRAM_FIELDS or data[5] or data[6]:
        return None  # not this regex's layout, or named lists (not used by artlint)
    source, flags, code, index, names, _, _, offset, chars, char_flags, groups = data
    if isinstance(code, bytes):  # recent `regex` packs the program into bytes
        code = [code, zlib.crc32(code)]
    return [source, int(flags), code, index, sorted(names.items()), offset, list(chars),
            char_flags, groups]


def _rebuilt(source: str, data: Any) -> regex.Pattern[str] | None:
    """The pattern from its stored program; None when the entry is missing or malformed."""
    if not isinstance(data, list) or len(data) != _PROGRAM_FIELDS - 2 or data[0] != source:
        return None
    _, flags, code, index, names, offset, chars, char_flags, groups = data
    try:
        if isinstance(code, list) and len(code) == 2 and isinstance(code[0], bytes):
            code, check = code[0], code[1]
            if zlib.crc32(code) != check:  # a damaged entry must never reach the C core
                return None
        elif not isinstance(code, list) or not all(type(n) is int for n in code):
            return None
        if not all(type(n) is int for n in (flags, offset, char_flags, groups, *chars)):
            return None
        args = (source, flags, code, dict(index), {int(n): name for n, name in names}, {}, [],
                offset, tuple(chars), char_flags, groups)
        return _regex.compile(*args)
    except Exception:  # a damaged memo entry: compile afresh
        return None

