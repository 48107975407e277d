"""Which files to lint, how to read them and how to write them back safely."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from linter.document import Document
from linter.errors import ArtlintError, InputError

STDIN = "-"
# Folders are searched for these; a file named on the command line is linted whatever its name.
TEXT_SUFFIXES = (".txt", ".text")


def collect(paths: Iterable[str]) -> list[str]:
    """Expand folders into the text files below them; a missing path is an error."""
    found: list[str] = []
    for raw in paths:
        if raw == STDIN:
            found.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(str(p) for p in _walk(path))
        elif path.exists():
            found.append(raw)
        else:
            raise ArtlintError(f"{raw}: no such file or directory")
    return list(dict.fromkeys(found))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.endswith(TEXT_SUFFIXES):
                yield Path(root, name)


def read(path: str) -> Document:
    """Read a file as a Document; raise InputError naming the file and the reason."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    return Document.from_bytes(data, path)


def write_atomic(path: str, data: bytes) -> None:
    """Replace a file's bytes atomically, keeping its permission bits.

    The new bytes go to a temporary file in the same folder, are flushed to disk, and
    the temporary file is renamed over the original. A symlink's target is replaced,
    never the link itself.
    """
    target = Path(os.path.realpath(path))
    mode = target.stat().st_mode & 0o7777
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".artlint", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
