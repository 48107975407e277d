"""Where shards are read and written: a local path, or any fsspec URL (``s3://``,
``gs://``, ``hf://``, ``memory://``; ``file://`` is a local path) when the ``cloud``
extra is installed (docs/large-corpora.md, "Object stores").

Every operation takes a location string, local or URL:

- ``stamp``: the identity of what is there (local: size and modification time in
  nanoseconds; a store: size and its ETag, else its checksum, else its modification
  time), used to see that a shard did not change while it was read and to match
  completion markers;
- ``open_input``: a binary stream (a store's file is read in blocks, never whole);
- ``Staged``: a new file written completely before it appears: on a file system a
  hidden locked temporary file beside the target, fsynced and renamed over it
  (linter.writes); on a store a local spool file put as one object when complete, so a
  reader sees the old object or the whole new one, never part of it;
- ``write_small``/``read_small``: a marker or summary written and read the same way.

fsspec is imported only for a URL, so a local run does not pay for it.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

from linter import files, writes
from linter.errors import ArtlintError

INSTALL_HINT = ("reading and writing shards at URLs needs fsspec (and the store's driver, "
                "e.g. s3fs), which is not installed: pip install 'artlint[cloud]'")
Stamp = dict[str, Any]


def is_url(location: str) -> bool:
    """A location with a protocol other than ``file://``."""
    protocol, sep, _ = location.partition("://")
    return bool(sep) and protocol.isidentifier() and protocol != "file"


def local(location: str) -> str:
    """A local location as an absolute path (``file://`` stripped); a URL as it is."""
    if location.startswith("file://"):
        return os.path.abspath(location.removeprefix("file://"))
    return location if is_url(location) else os.path.abspath(location)


def join(root: str, name: str) -> str:
    """``name`` (a relative path with /) below ``root``."""
    return f"{root.rstrip('/')}/{name}" if is_url(root) else str(Path(root) / name)


def fsspec() -> ModuleType:
    try:
        import fsspec as module  # deferred: only for shards at URLs (cloud extra)
    except ImportError:
        raise ArtlintError(INSTALL_HINT) from None
    return module


def filesystem(url: str) -> tuple[Any, str]:
    """(fsspec file system, path inside it) for ``url``; ArtlintError when the store's
    driver is missing."""
    try:
        fs, path = fsspec().core.url_to_fs(url)
    except ImportError as exc:
        raise ArtlintError(f"{url}: the driver for this store is not installed ({exc}); "
                           "pip install 'artlint[cloud]' has s3fs, or install the store's "
                           "fsspec driver") from None
    except ValueError as exc:
        raise ArtlintError(f"{url}: {exc}") from None
    return fs, path


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def stamp(location: str) -> Stamp:
    """What is at ``location`` now (FileNotFoundError when nothing is)."""
    if not is_url(location):
        info = os.stat(location)
        return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}
    fs, path = filesystem(location)
    fs.invalidate_cache(path)  # a listing's cached entry may predate a rewrite
    return _store_stamp(fs.info(path))


def _store_stamp(info: dict[str, Any]) -> Stamp:
    found: Stamp = {"size": int(info.get("size") or 0)}
    for key in ("ETag", "etag", "md5Hash", "crc32c", "LastModified", "mtime", "last_modified",
                "created"):
        if info.get(key) is not None:
            found[key.lower()] = str(info[key])
            break
    return found


def exists(location: str) -> bool:
    try:
        stamp(location)
    except FileNotFoundError:
        return False
    return True


@contextlib.contextmanager
def open_input(location: str) -> Iterator[BinaryIO]:
    """``location`` opened for reading (a local one must be a regular file)."""
    if not is_url(location):
        with files.open_regular(location) as handle:  # never waits on a FIFO
            yield handle
        return
    fs, path = filesystem(location)
    with fs.open(path, "rb", block_size=8 << 20) as handle:
        # a buffered reader over it: fsspec's files lack readline(size), which caps a record
        yield io.BufferedReader(handle, buffer_size=1 << 20)  # type: ignore[arg-type]


def read_small(location: str) -> bytes | None:
    """A marker's bytes; None when there is none."""
    try:
        if not is_url(location):
            return Path(location).read_bytes()
        fs, path = filesystem(location)
        data: bytes = fs.cat_file(path)
        return data
    except FileNotFoundError:
        return None


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


class Staged:
    """A new file for ``target`` that appears only when ``commit`` is called, whole."""

    def __init__(self, target: str, mode: int = 0o644) -> None:
        self.target = target
        self.url = is_url(target)
        if self.url:
            self.fs, self.path = filesystem(target)
            fd, self.spool = tempfile.mkstemp(prefix="artlint-", suffix=files.TEMP_SUFFIX)
            self.handle: BinaryIO = os.fdopen(fd, "wb")
        else:
            folder = Path(target).parent
            folder.mkdir(parents=True, exist_ok=True)
            self.temp = writes.TempFile(Path(os.path.realpath(target)), mode=mode & 0o7777)
            self.handle = self.temp.handle

    def commit(self) -> None:
        """Put the complete file in place (OSError when it cannot be)."""
        if not self.url:
            self.temp.commit()
            return
        self.handle.close()
        try:
            self.fs.put_file(self.spool, self.path)  # one object, visible once complete
            self.fs.invalidate_cache(self.path)
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove what was written (nothing if committed)."""
        if not self.url:
            self.temp.discard()
            return
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.spool)


def write_small(location: str, data: bytes) -> None:
    """Write a marker or a summary whole: a renamed temporary file, or one put."""
    if is_url(location):
        fs, path = filesystem(location)
        fs.pipe_file(path, data)
        fs.invalidate_cache(path)
        return
    Path(location).parent.mkdir(parents=True, exist_ok=True)
    writes.write_new(Path(location), data)


def mode_of(location: str) -> int:
    """Permission bits a copy of ``location`` gets (a store's objects have none)."""
    return 0o644 if is_url(location) else stat.S_IMODE(os.stat(location).st_mode)


def sweep(folder: str) -> None:
    """Remove what dead writers left in a local ``folder`` (a store has nothing to sweep:
    an object appears only when complete)."""
    if not is_url(folder):
        writes.sweep_stale_temps(Path(folder), again=True)
