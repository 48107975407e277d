"""Writing a file back safely (README "Safety").

``write_atomic`` writes a temporary file in the same folder, flushes and fsyncs it, gives
it the original's permission bits (and owner, where allowed), renames it over the
original and fsyncs the folder. A symlink's target is replaced, never the link. Given the
``Stamp`` of the read (``linter.files``), it refuses to write when the file changed since
(checked before writing the temporary file and again right before the rename).
``TempFile`` is the one temporary file every writer uses; it holds a lock until the
rename, so ``sweep_stale_temps`` removes only the temporaries of writers that died.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # not POSIX: temporary files are never swept
    fcntl = None  # type: ignore[assignment]

from linter.files import TEMP_SUFFIX, StaleFileError, Stamp

REHASH_LIMIT = 1 << 20  # bytes: up to this size the pre-rename check hashes again


def check_unchanged(path: str, stamp: Stamp) -> None:
    """Raise StaleFileError if ``path`` no longer holds what was read into ``stamp``."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            _check_same_file(path, stamp, info)
            data = handle.read(stamp.size + 1)
    except FileNotFoundError:
        raise StaleFileError(path, "deleted") from None
    if hashlib.sha256(data).hexdigest() != stamp.sha256:
        raise StaleFileError(path, "content differs")
    _check_mtime(path, stamp, info)


def check_identity(path: str, stamp: Stamp) -> None:
    """Raise StaleFileError if ``path``'s inode, size or modification time differ from
    ``stamp``'s: one stat, the last check before a rename."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise StaleFileError(path, "deleted") from None
    _check_same_file(path, stamp, info)
    _check_mtime(path, stamp, info)


def _check_same_file(path: str, stamp: Stamp, info: os.stat_result) -> None:
    if stamp.inode is not None and info.st_ino != stamp.inode:
        raise StaleFileError(path, "replaced by another file")
    if info.st_size != stamp.size:
        raise StaleFileError(path, f"size {stamp.size} -> {info.st_size} bytes")


def _check_mtime(path: str, stamp: Stamp, info: os.stat_result) -> None:
    if info.st_mtime_ns != stamp.mtime_ns:
        raise StaleFileError(path, "modification time differs")


def _check_before_rename(path: str, stamp: Stamp) -> None:
    """Check again once the temporary file is written: content too when that is cheap,
    then identity last, so only one stat stands between the check and the rename."""
    if stamp.size <= REHASH_LIMIT:
        check_unchanged(path, stamp)
    check_identity(path, stamp)


def write_atomic(path: str, data: bytes, expected: Stamp | None = None) -> None:
    """Replace a file's bytes atomically, keeping its permission bits.

    The new bytes go to a temporary file in the same folder (a ``TempFile``), are flushed
    to disk, and the temporary file is renamed over the original. A symlink's target is
    replaced, never the link itself. With ``expected`` (the Stamp of the read), a file that
    changed since is not written: StaleFileError. It is checked before the temporary file
    is written and again just before the rename (POSIX has no compare-and-swap rename, so
    an edit landing between that last check and rename(2) is still lost). Raises OSError
    when the folder is not writable, the disk is full, or the file is not a regular file;
    the original is then untouched.
    """
    target = Path(os.path.realpath(path))
    info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path}: not a regular file")
    if expected is not None:
        check_unchanged(str(target), expected)
    temp = TempFile(target, info)
    try:
        temp.handle.write(data)
        # the window that remains: this check to the rename
        temp.commit(None if expected is None
                    else lambda: _check_before_rename(str(target), expected))
    except BaseException:
        temp.discard()
        raise


def write_new(path: Path, data: bytes) -> None:
    """Write a file of artlint's own (a cache, a report) atomically, whether or not it
    exists: a ``TempFile`` renamed over it."""
    temp = TempFile(path)
    try:
        temp.handle.write(data)
        temp.commit()
    except BaseException:
        temp.discard()
        raise


class TempFile:
    """A hidden temporary file beside ``target`` (``.<name>.<random>.artlint``) that is
    renamed over it when complete.

    Its writer holds an exclusive lock (flock) on it from creation until the rename or
    the removal, and the kernel drops that lock when the writer dies, even by SIGKILL. So a
    temporary file whose lock is free was left by a dead writer, and ``sweep_stale_temps``
    removes it; one being written by a live run (this one, another, another host's on a
    shared folder that supports locks) is left alone, however old it is.
    """

    def __init__(self, target: Path, like: os.stat_result | None = None,
                 mode: int = 0o644) -> None:
        sweep_stale_temps(target.parent)
        self.target = target
        self.mode = like.st_mode & 0o7777 if like is not None else mode
        self.owner = (like.st_uid, like.st_gid) if like is not None else None
        fd, self.path = _locked_temp(target)
        self.handle: BinaryIO = os.fdopen(fd, "wb")

    def commit(self, last_check: Callable[[], None] | None = None) -> None:
        """Flush and fsync the temporary file, give it the mode (and owner, where
        allowed), run ``last_check`` and rename it over the target. Raises OSError (and
        whatever ``last_check`` raises); the caller then calls ``discard``. A file that
        this process may not write (read-only, or another user's) is not replaced: as a
        write in place, that is PermissionError."""
        if self.owner is not None and not os.access(self.target, os.W_OK):
            raise PermissionError(errno.EACCES, "Permission denied (the file is read-only "
                                  "to you)", str(self.target))
        self.handle.flush()
        fd = self.handle.fileno()
        os.fsync(fd)
        os.fchmod(fd, self.mode)
        if self.owner is not None and self.owner != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give files away
                os.fchown(fd, *self.owner)
        if last_check is not None:
            last_check()
        os.replace(self.path, self.target)
        self.path = ""
        self.handle.close()  # only now: the lock keeps sweeps away until the rename
        _fsync_folder(self.target.parent)

    def discard(self) -> None:
        """Remove the temporary file (nothing if it was committed)."""
        if self.path:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            self.path = ""
        with contextlib.suppress(OSError):
            self.handle.close()


def _locked_temp(target: Path) -> tuple[int, str]:
    """Create and lock a new temporary file beside ``target``. A sweep may remove it
    between its creation and the lock; then the name no longer leads to it, and another
    is made."""
    import tempfile  # deferred: only when a file is written (start-up)

    while True:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                    dir=target.parent)
        if _lock(fd) is not False and _still_named(temp, fd):
            return fd, temp
        os.close(fd)


def _lock(fd: int) -> bool | None:
    """Take the exclusive lock without waiting: True, False if another holds it, None
    where the system has no such locks."""
    if fcntl is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks: nothing is swept there
        return None
    return True


def _still_named(path: str, fd: int) -> bool:
    try:
        return os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


_swept: set[Path] = set()


def sweep_stale_temps(folder: Path, again: bool = False) -> None:
    """Remove the temporary files dead writers left in ``folder``: once per run and
    folder, unless ``again`` (a run's end, when its own workers may have died)."""
    if folder in _swept and not again:
        return
    _swept.add(folder)
    with contextlib.suppress(OSError):
        for temp in folder.glob(f".*{TEMP_SUFFIX}"):
            _remove_if_abandoned(temp)


def _remove_if_abandoned(temp: Path) -> None:
    """Remove ``temp`` if no live process holds its lock."""
    try:
        fd = os.open(temp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode) and _lock(fd) and _still_named(str(temp), fd):
            os.unlink(temp)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
