"""Which files to lint and how to read them (writing them back: ``linter.writes``).

Safety rules (README "Safety"):

- ``collect`` never follows a symbolic link out of the paths it was given unless asked
  (``follow_links``); a link that points outside, or nowhere, is skipped with a note.
- Only regular files are read: a FIFO, socket or device met in a folder is skipped with
  a note, and one named on the command line is an error (stdin, ``-``, is the way to pipe
  text in). Files are opened without blocking, so a FIFO is never waited on.
- ``read`` refuses files over a size limit before reading them (and reads at most the
  limit plus one byte from pipes and devices, whose size is unknown), and remembers what
  it read (a ``Stamp``: size, modification time and SHA-256 of the bytes).
"""

from __future__ import annotations

import errno
import hashlib
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # not POSIX: temporary files are never swept
    fcntl = None  # type: ignore[assignment]

from linter.document import Document
from linter.errors import ArtlintError, InputError

STDIN = "-"
# Folders are searched for these; a file named on the command line is linted whatever its name.
TEXT_SUFFIXES = (".txt", ".text")
# The other input formats (linter.sources), each also gzipped (`.jsonl.gz`).
READER_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".gz")
# What a folder is searched for by default (the `include` globs): every format artlint reads.
LINTED_SUFFIXES = (*TEXT_SUFFIXES, ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson")
DEFAULT_INCLUDE = tuple([f"*{suffix}" for suffix in LINTED_SUFFIXES]
                        + [f"*{suffix}.gz" for suffix in LINTED_SUFFIXES])
DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024  # bytes; files over it are skipped
TEMP_SUFFIX = ".artlint"  # temporary files are `.<name>.<random>.artlint`, hidden


class StaleFileError(ArtlintError):
    """The file changed on disk between reading and writing: it is left as it is."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(f"{path}: changed on disk while artlint was fixing it ({what}); "
                         "left as it is: run artlint again")
        self.path = path
        self.what = what


@dataclass(frozen=True)
class Stamp:
    """What a read saw: compared with the file again just before it is replaced."""

    size: int
    mtime_ns: int
    sha256: str
    inode: int | None = None  # None: not known, not compared

    @classmethod
    def of_stat(cls, info: os.stat_result) -> Stamp:
        """A stream's stamp: size, time and inode, no hash (for ``check_identity``)."""
        return cls(info.st_size, info.st_mtime_ns, "", info.st_ino)


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")  # an fsspec URL, not a local path


def collect(
    paths: Iterable[str], follow_links: bool = False, notes: list[str] | None = None,
    errors: list[tuple[str, str]] | None = None,
) -> list[str]:
    """Expand folders into the text files below them; a missing path is an error.

    A symbolic link met inside a folder is linted only if its target lies inside one of
    ``paths`` (or ``follow_links``); otherwise it is skipped and a note is appended to
    ``notes``. A link named on the command line is the user's choice and is followed.
    Files reached twice (through links) are linted once. A folder that cannot be read
    (permission denied), and a path given that cannot be looked at, are skipped with a
    message appended to ``errors`` as (path, message): the run goes on, and fails.
    """
    paths = list(paths)
    notes = notes if notes is not None else []
    errors = errors if errors is not None else []
    roots = [os.path.realpath(raw) for raw in paths if raw != STDIN]
    found: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        if raw == STDIN:
            if STDIN not in seen:  # stdin is read once, however often `-` is given
                seen.add(STDIN)
                found.append(STDIN)
            continue
        for shown, real, linked in _candidates(raw, follow_links, notes, errors):
            if linked:
                problem = _link_problem(real, roots, follow_links)
                if problem:
                    notes.append(f"{shown}: skipped: {problem}")
                    continue
            if real not in seen:
                seen.add(real)
                found.append(shown)
    return found


def _candidates(
    raw: str, follow_links: bool, notes: list[str], errors: list[tuple[str, str]]
) -> Iterator[tuple[str, str, bool]]:
    """(shown path, real path, reached through a link) of the files ``raw`` names."""
    path = Path(raw)
    try:
        is_folder = path.is_dir()
    except OSError as exc:  # a folder on the way that cannot be searched
        errors.append((raw, f"{raw}: cannot lint: {exc.strerror or exc}"))
        return
    if is_folder:
        folder = str(path)
        yield from _Walk(follow_links, notes, errors).files(folder, os.path.realpath(folder))
    elif path.exists():
        kind = special_kind(os.stat(raw).st_mode)
        if kind:
            errors.append((raw, f"{raw}: cannot lint {kind}: artlint reads only regular "
                                "files; pipe a stream in on stdin instead (`-`)"))
        else:
            yield raw, os.path.realpath(raw), False
    elif path.is_symlink():
        errors.append((raw, f"{raw}: broken symbolic link (its target does not exist)"))
    elif _URL.match(raw):
        raise ArtlintError(f"{raw}: `check` and `fix` read local files; URLs (s3://, gs://, "
                           "hf://...) are read by `artlint shards` (docs/large-corpora.md)")
    else:  # like a file that cannot be read: said, and the other files are still linted
        errors.append((raw, f"{raw}: no such file or directory"))


def _link_problem(real: str, roots: list[str], follow: bool) -> str:
    if not os.path.exists(real):
        return "broken symbolic link"
    kind = special_kind(os.stat(real).st_mode)
    if kind:
        return f"symbolic link to {kind}, not a regular file"
    if follow or any(inside(real, root) for root in roots):
        return ""
    return (f"symbolic link to {real}, outside the paths given "
            "(--follow-links to lint it)")


def inside(path: str, root: str) -> bool:
    """Whether real path ``path`` is ``root`` or lies below it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@dataclass
class _Walk:
    """One folder given, walked: the run's notes and errors, and the real paths seen."""

    follow_links: bool
    notes: list[str]
    errors: list[tuple[str, str]]
    visited: set[str] = field(default_factory=set)

    def files(
        self, folder: str, real: str, linked: bool = False
    ) -> Iterator[tuple[str, str, bool]]:
        """The text files below ``folder`` (whose real path is ``real``), files before
        subfolders, each sorted by name, hidden ones left out, as ``_candidates`` gives
        them. ``linked``: ``folder`` was reached through a symbolic link. Only links need
        a ``realpath``; the real path of anything else is its folder's plus its name. A
        FIFO, socket or device is skipped with a note; a folder that cannot be read, with
        an error."""
        if real in self.visited:  # a link loop, or a folder reached twice
            return
        self.visited.add(real)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            self.errors.append((folder, f"{folder}: cannot read folder: "
                                        f"{exc.strerror or exc}; its files were not linted"))
            return
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_dir(entry):
                folders.append(entry)
            elif entry.name.endswith(TEXT_SUFFIXES + READER_SUFFIXES):
                located = _located(folder, entry, real, linked)
                kind = _entry_kind(entry)
                if kind:
                    self.notes.append(f"{located[0]}: skipped: {kind}, not a regular file")
                    continue
                yield located
        for entry in folders:
            if self.follow_links or not entry.is_symlink():
                yield from self.files(*_located(folder, entry, real, linked))


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """What a folder entry is when it is not a regular file ("" for a file, and for a
    link, which ``collect`` judges by its target). Free for a file: no stat is made."""
    try:
        if entry.is_symlink() or entry.is_file(follow_symlinks=False):
            return ""
        return special_kind(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return ""  # gone since: reading it says so


def special_kind(mode: int) -> str:
    """What a file of ``mode`` is when it is not a regular file or a folder, else ""."""
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    return next((name for test, name in kinds if test(mode)), "not a regular file")


PIPE_HINT = "pipe text in on stdin (`-`) instead"


def open_regular(path: str, hint: str = PIPE_HINT) -> BinaryIO:
    """``path`` opened for reading; InputError (ending with ``hint``) when it is not a
    regular file. It is opened without blocking (a FIFO's open would wait for a writer)
    and checked again once open, so a file swapped for a FIFO in between is refused too."""
    refuse_irregular(path, os.stat(path).st_mode, hint)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        refuse_irregular(path, os.fstat(fd).st_mode, hint)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def refuse_irregular(path: str, mode: int, hint: str = PIPE_HINT) -> None:
    """IsADirectoryError for a folder, InputError for a FIFO, socket or device."""
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    kind = special_kind(mode)
    if kind:
        raise InputError(path, f"it is {kind}, not a regular file; {hint}")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _located(
    folder: str, entry: os.DirEntry[str], folder_real: str, linked: bool
) -> tuple[str, str, bool]:
    shown = entry.name if folder == os.curdir else entry.path  # as pathlib writes it
    if entry.is_symlink():
        return shown, os.path.realpath(entry.path), True
    return shown, os.path.join(folder_real, entry.name), linked


def read(path: str, max_size: int | None = DEFAULT_MAX_FILE_SIZE) -> Document:
    """Read a file as a Document; raise InputError naming the file and the reason."""
    return read_stamped(path, max_size)[0]


def read_stamped(
    path: str, max_size: int | None = DEFAULT_MAX_FILE_SIZE
) -> tuple[Document, Stamp]:
    """Read a file as a Document, with the Stamp ``write_atomic`` checks before writing."""
    data, stamp = _read_bytes(path, max_size)
    return Document.from_bytes(data, path, stamp.sha256), stamp


def read_stream(
    stream: object, path: str, max_size: int | None, expected: int | None = None
) -> bytes:
    """Up to ``max_size`` bytes of a binary stream; InputError if there are more.

    ``expected``: the size the stream is likely to have (a file's size). One byte more is
    asked for first, so a small file does not cost a read buffer of ``max_size`` bytes
    (for 786 files, 20 ms of a cached run); the rest follows only if the file grew.
    """
    limit = -1 if not max_size else max_size + 1
    if expected is not None and (limit < 0 or expected + 1 < limit):
        data = stream.read(expected + 1)  # type: ignore[attr-defined]
        if len(data) <= expected:
            return data
        rest = stream.read(-1 if limit < 0 else limit - len(data))  # type: ignore[attr-defined]
        data += rest
    else:
        data = stream.read(limit)  # type: ignore[attr-defined]
    if max_size and len(data) > max_size:
        error = InputError(path, too_large(f"over {size_shown(max_size)}", max_size))
        error.taken = data
        raise error
    return data


def _read_bytes(path: str, max_size: int | None) -> tuple[bytes, Stamp]:
    try:
        with open_regular(path) as handle:
            info = os.fstat(handle.fileno())
            if max_size and info.st_size > max_size:
                raise InputError(path, too_large(size_shown(info.st_size), max_size))
            data = read_stream(handle, path, max_size, info.st_size)
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    return data, Stamp(len(data), info.st_mtime_ns,
                       hashlib.sha256(data).hexdigest(), info.st_ino)


def too_large(size: str, limit: int, what: str = "file") -> str:
    """Why a file over --max-file-size is skipped (``size`` as shown: "12.0 MB")."""
    return (f"{what} too large ({size}, limit {size_shown(limit)}); skipped: "
            "raise --max-file-size to lint it")


def size_shown(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def parse_size(value: str) -> int:
    """``50MB``, ``512K``, ``1g``, ``1000`` (bytes) -> bytes; 0 means no limit."""
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    try:
        size = float(number)
    except ValueError:
        size = -1
    if not 0 <= size < math.inf:  # negative, unparsable, NaN or infinite
        raise ArtlintError(f"--max-file-size: expected a size like 50MB, 512KB or 0 "
                           f"(no limit); got `{value}`")
    return int(size * scale)
