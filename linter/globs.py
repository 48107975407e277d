"""Globs of the configuration (``include``, ``exclude``, ``per-file-ignores``, ``formats``):
one matcher of absolute paths per pattern, as docs/configuration.md "Globs" describes."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path


def glob_matcher(pattern: str, base: Path | str, folders: bool) -> Callable[[str], bool]:
    """A matcher of absolute paths for one glob (docs/configuration.md, "Globs").

    A glob without `/` matches a file name (and, with ``folders``, any folder name below
    ``base``); a glob with `/` matches the path relative to ``base`` (and, with
    ``folders``, any folder it names, with everything below it). ``*`` and ``?`` stay
    within one name, ``**`` spans folders, ``[...]`` is a character class.
    """
    anchored = "/" in pattern.rstrip("/")  # a trailing `/` alone does not anchor
    rx = re.compile(_translate(pattern.strip("/")))
    below = os.path.abspath(base).rstrip(os.sep) + os.sep  # strings: pathlib costs ~30 µs

    def match(full: str) -> bool:
        if full.startswith(below):
            parts: tuple[str, ...] = tuple(full[len(below):].split(os.sep))
        else:
            parts = () if anchored else (os.path.basename(full),)
        if not parts or not parts[-1]:
            return False
        if not anchored:
            names = parts if folders else parts[-1:]
            return any(rx.fullmatch(name) for name in names)
        prefixes = range(1, len(parts) + 1) if folders else [len(parts)]
        return any(rx.fullmatch("/".join(parts[:n])) for n in prefixes)

    return match


def problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a glob this module can match (a character class out of
    order, "[z-a]"), or None."""
    try:
        re.compile(_translate(pattern.strip("/")))
    except re.error as error:
        return str(error)
    return None


def _translate(glob: str) -> str:
    out, i = [], 0
    while i < len(glob):
        char = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = glob.find("]", i + 1)
            if close == -1:
                out.append(re.escape(char))
            else:
                body = glob[i + 1:close]
                body = "^" + body[1:] if body.startswith("!") else body
                out.append(f"[{body}]")
                i = close
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)
