"""Errors a user can cause. Each carries one readable message; none shows a traceback."""

from __future__ import annotations


class ArtlintError(Exception):
    """A user-facing error (bad rule file, bad option, missing path). Exit code 2."""


class RuleFileError(ArtlintError):
    """A rule file that cannot be loaded: names the file, the line and what is expected."""

    def __init__(self, path: str, problem: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line


class InputError(ArtlintError):
    """An input file that cannot be read as text; it is reported and left untouched."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: cannot lint: {reason}")
        self.path = path
        self.reason = reason
        self.taken = b""  # what was read from a stream before the error: stdin's echo


def not_utf8(data: bytes, start: int) -> str:
    """Why ``data`` is not UTF-8 text, for a message: its first bad byte (at ``start``,
    the decoder's offset), that offset and its line."""
    line = data[:start].count(b"\n") + 1
    return f"not valid UTF-8 (byte 0x{data[start]:02x} at offset {start}, line {line})"
