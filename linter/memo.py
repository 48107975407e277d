"""Small JSON memos in the user's cache folder, so a run need not redo what the last did.

A memo maps a string key to plain JSON data; it is read on first use and written back
once, at exit, if something was added. It lives in ``$XDG_CACHE_HOME/artlint/<version>/``
(``~/.cache`` by default), so a new artlint version starts afresh. Keys must name
everything the value depends on (a pattern's text and flags, a rule file's bytes): a
stale entry is then never found, only dropped once the memo holds ``MAX_ENTRIES``.
Memos hold JSON, or plain data in `marshal`'s format (``MarshalMemo``), never pickles:
reading one cannot run code.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from linter import writes
from linter.version import __version__

MAX_ENTRIES = 5000  # past this, the oldest entries go


def hash_sources(digest: Any, sources: Iterable[str]) -> Any:
    """``digest`` (a hashlib object) updated with each source file's bytes: names what
    that code computes. A source that cannot be read (a zipped install) adds its path:
    then the version, in the folder's name, decides."""
    for source in sources:
        try:
            digest.update(Path(source).read_bytes())
        except OSError:
            digest.update(source.encode("utf-8", "surrogateescape"))
    return digest


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "artlint" / __version__


class JsonMemo:
    """One memo file: ``get`` and ``put`` by key; saved at exit when changed.

    ``made_by``: the source files of the code that computes the values. Their bytes name
    the file (``patterns-<hash>.json``), so values an older analyser computed are never
    read by a newer one, even between releases (an editable install, a checkout).
    """

    def __init__(self, name: str, made_by: tuple[str, ...] = (),
                 max_entries: int = MAX_ENTRIES) -> None:
        self.name = name
        self.made_by = made_by
        self.max_entries = max_entries
        self._entries: dict[str, Any] | None = None
        self._loaded_from: Path | None = None
        self._used: set[str] = set()  # keys this run read or wrote: kept first
        self.changed = False

    @property
    def path(self) -> Path:
        """Where the memo was read from (saved back there), or would be read from now."""
        return self._loaded_from or folder() / self._file_name()

    def _file_name(self) -> str:
        if not self.made_by:
            return self.name
        digest = hash_sources(hashlib.sha256(), self.made_by)
        stem, dot, suffix = self.name.rpartition(".")
        return f"{stem}-{digest.hexdigest()[:12]}{dot}{suffix}"

    def entries(self) -> dict[str, Any]:
        if self._entries is None:
            self._loaded_from = self.path  # not $XDG_CACHE_HOME at exit time
            try:
                loaded = self._read(self.path)
            except (OSError, ValueError, EOFError, TypeError):
                loaded = {}
            self._entries = loaded if isinstance(loaded, dict) else {}
            atexit.register(self.save)
        return self._entries

    def _read(self, path: Path) -> Any:
        import json  # deferred: a run whose memos are all marshal ones needs no JSON

        return json.loads(path.read_text(encoding="utf-8"))

    def _encode(self, entries: dict[str, Any]) -> bytes:
        import json  # deferred: a run whose memos are all marshal ones needs no JSON

        return json.dumps(entries).encode()

    def get(self, key: str) -> Any:
        value = self.entries().get(key)
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        self.entries()[key] = value
        self._used.add(key)
        self.changed = True

    def _kept(self) -> dict[str, Any]:
        """The entries to save: past ``max_entries``, those this run did not use go,
        oldest first (entries this run used are all kept)."""
        entries = self._entries or {}
        unused = [key for key in entries if key not in self._used]
        drop = set(unused[: max(0, len(entries) - self.max_entries)])
        return {key: value for key, value in entries.items() if key not in drop}

    def save(self) -> None:
        """Write the memo if it changed (atomically; a read-only home just skips it)."""
        if not self.changed or self._entries is None:
            return
        target = self.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._entries = self._kept()
            writes.write_new(target, self._encode(self._entries))
        except OSError:
            return
        self.changed = False
        stem, _, suffix = self.name.rpartition(".")
        if self.made_by:  # what older code computed is never read again
            for old in [target.parent / self.name, *target.parent.glob(f"{stem}-*.{suffix}")]:
                if old != target:
                    old.unlink(missing_ok=True)


class MarshalMemo(JsonMemo):
    """A memo in `marshal`'s format: strings, bytes, numbers and containers of them, read
    ~3x faster than the same data in JSON. A header line holds the body's CRC-32: a
    damaged file reads as an empty memo, and `marshal` never sees it."""

    MAGIC = "artlint-marshal-memo 1"

    def _read(self, path: Path) -> Any:
        return self._decode(path.read_bytes())

    def _decode(self, data: bytes) -> Any:
        head, _, body = data.partition(b"\n")
        if head != f"{self.MAGIC} {zlib.crc32(body):08x}".encode():
            return {}
        return marshal.loads(body)

    def _encode(self, entries: dict[str, Any]) -> bytes:
        body = marshal.dumps(entries)
        return f"{self.MAGIC} {zlib.crc32(body):08x}\n".encode() + body
