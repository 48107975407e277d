"""JSON Lines: one record per line, the article text in one or more (dotted) fields.

Records are read one at a time, so memory stays flat whatever the file's size. A fix
replaces only the changed field's string literal inside the record's line: every other
field, the key order, the spacing and every untouched record stay byte for byte. A
record that is not valid JSON (or lacks the field, or holds no string there) is reported
once and kept as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from json.decoder import scanstring
from typing import BinaryIO

_WS = " \t\n\r"
_DECODER = json.JSONDecoder()


class RecordError(ValueError):
    """A record that is not a JSON object holding the field."""


@dataclass
class Field:
    path: str  # dotted field path as configured
    text: str
    start: int  # span of the string literal in the record's line (characters)
    end: int


def _skip(line: str, i: int) -> int:
    while i < len(line) and line[i] in _WS:
        i += 1
    return i


def _members(line: str, i: int) -> Iterator[tuple[str, int, int]]:
    """(key, value start, value end) of the object starting at ``line[i]``."""
    if i >= len(line) or line[i] != "{":
        raise RecordError("not a JSON object")
    i = _skip(line, i + 1)
    if i < len(line) and line[i] == "}":
        return
    while True:
        if i >= len(line) or line[i] != '"':
            raise RecordError(f"expected a key at column {i + 1}")
        key, i = scanstring(line, i + 1)
        i = _skip(line, i)
        if i >= len(line) or line[i] != ":":
            raise RecordError(f"expected ':' at column {i + 1}")
        start = _skip(line, i + 1)
        try:
            _, end = _DECODER.raw_decode(line, start)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{exc.msg} at column {exc.pos + 1}") from None
        yield key, start, end
        i = _skip(line, end)
        if i < len(line) and line[i] == ",":
            i = _skip(line, i + 1)
            continue
        if i < len(line) and line[i] == "}":
            return
        raise RecordError(f"expected ',' or '}}' at column {i + 1}")


def locate(line: str, path: str) -> Field | None:
    """The string at dotted ``path`` in the record ``line``; None if the record lacks it.

    Raises RecordError when the line is not valid JSON.
    """
    json.loads(line)  # the whole record must be valid (raises ValueError otherwise)
    start = _skip(line, 0)
    parts = path.split(".")
    for depth, part in enumerate(parts):
        found = None
        for key, value_start, value_end in _members(line, start):
            if key == part:
                found = (value_start, value_end)  # the last duplicate wins, as in json.loads
        if found is None:
            return None
        if depth < len(parts) - 1:
            if line[found[0]] != "{":
                return None
            start = found[0]
            continue
        if line[found[0]] != '"':
            return None
        text, end = scanstring(line, found[0] + 1)
        return Field(path, text, found[0], end)
    return None


def literal(text: str, old: str) -> str:
    """``text`` as a JSON string, escaped like the literal ``old`` it replaces."""
    escaped = old.isascii() and not json.loads(old).isascii()  # the old one used \\uXXXX
    return json.dumps(text, ensure_ascii=escaped)


def replace_fields(line: str, changes: dict[str, str]) -> str:
    """``line`` with each field path's string replaced (others untouched, byte for byte)."""
    spans = []
    for path, text in changes.items():
        found = locate(line, path)
        assert found is not None
        spans.append((found.start, found.end, text))
    for start, end, text in sorted(spans, reverse=True):
        line = line[:start] + literal(text, line[start:end]) + line[end:]
    return line


def read_records(handle: BinaryIO, limit: int | None) -> Iterator[tuple[int, bytes, bool]]:
    """(record number, bytes, too_large) per line; an oversized line is yielded in chunks
    with too_large=True so it is copied through without being held whole."""
    number = 0
    chunk = limit + 1 if limit else -1
    while True:
        raw = handle.readline(chunk)
        if not raw:
            return
        number += 1
        if limit and len(raw) > limit and not raw.endswith(b"\n"):
            yield number, raw, True
            while not raw.endswith(b"\n"):
                raw = handle.readline(chunk)
                if not raw:
                    break
                yield number, raw, True
            continue
        yield number, raw, False
