"""The ignore file: findings a person has judged to be article text, kept outside the text.

An inline ``<!-- artlint: disable... -->`` comment would ship inside a ``.txt`` corpus, so
``artlint check --add-ignore`` records findings in a file beside the corpus instead
(``.artlint-ignore.json`` in the configuration file's folder, or the current folder;
the ``ignore-file`` key names another). A recorded finding is neither reported nor fixed.

An entry is the file (relative to the ignore file's folder, with ``/``, ``../`` allowed),
the rule and a fingerprint of the flagged text (case, white space and look-alike characters folded),
so it survives lines moving and edits elsewhere in the file; when the flagged text itself
changes, the finding is new. ``text`` (a sample) and ``reason`` are for people.

This module reads and writes the file and answers "is this finding ignored"; the
configured linter asks it for every finding (``linter.config.settings``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter import files
from linter.document import Document
from linter.errors import ArtlintError
from linter.findings import Finding
from linter.textfold import fold

FORMAT = "artlint-ignore"
VERSION = 1
DEFAULT_NAME = ".artlint-ignore.json"
SAMPLE = 80  # characters of flagged text kept in an entry, for people reading the file
FIELDS = {"path": str, "rule": str, "fingerprint": str}

Key = tuple[str, str, str]  # path, rule, fingerprint


def path_for(named: Path | str | None, base: Path) -> Path:
    """The ignore file of a run: the one the `ignore-file` key names, else the default
    name in ``base`` (the configuration file's folder, or the current folder)."""
    return Path(named) if named is not None else base / DEFAULT_NAME


def content_hash(path: Path) -> str:
    """A hash of the file's bytes ("missing" when there is none): result caches key on it."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return "missing"


def fingerprint(rule: str, text: str) -> str:
    """A finding's fingerprint: its rule and its flagged text, folded."""
    normal = " ".join(fold(text).casefold().split())
    return hashlib.sha256(f"{rule}\0{normal}".encode()).hexdigest()[:16]


def path_key(path: str, folder: Path) -> str:
    """``path`` relative to ``folder``, with `/` (``../`` when outside it: an ignore file
    in a subfolder of the repository still holds paths that work in every clone)."""
    if path == files.STDIN:
        return files.STDIN
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(folder))).as_posix()


@dataclass
class IgnoreFile:
    """The entries of one ignore file (none when the file does not exist)."""

    path: Path
    entries: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._keys = {_key_of(entry) for entry in self.entries}

    def key(self, doc: Document, finding: Finding) -> Key:
        text = doc.text[finding.start:finding.end]
        return path_key(doc.path, self.path.parent), finding.rule, fingerprint(finding.rule, text)

    def ignores(self, doc: Document, finding: Finding) -> bool:
        return bool(self._keys) and self.key(doc, finding) in self._keys

    def add(self, found: Iterable[tuple[Document, Finding]], reason: str = "") -> int:
        """Record ``found`` (entries already there are kept); return how many are new."""
        new = 0
        for doc, finding in found:
            key = self.key(doc, finding)
            if key in self._keys:
                continue
            sample = " ".join(doc.text[finding.start:finding.end].split())[:SAMPLE]
            entry = {"path": key[0], "rule": key[1], "fingerprint": key[2], "text": sample}
            if reason:
                entry["reason"] = reason
            self.entries.append(entry)
            self._keys.add(key)
            new += 1
        return new

    def write(self) -> None:
        """Write the file atomically, entries sorted by path, rule and text."""
        self.entries.sort(key=lambda e: (e["path"], e["rule"], e.get("text", "")))
        data = {"format": FORMAT, "version": VERSION, "entries": self.entries}
        import json  # deferred: only when the ignore file is written (start-up)

        payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        from linter import writes  # deferred: only when the ignore file is written

        try:
            writes.write_new(self.path, payload)
        except OSError as exc:
            raise ArtlintError(f"{self.path}: cannot write the ignore file: "
                               f"{exc.strerror or exc}") from None


def _key_of(entry: dict[str, Any]) -> Key:
    return entry["path"], entry["rule"], entry["fingerprint"]


def load(path: Path) -> IgnoreFile:
    """The ignore file at ``path``; empty when there is none. ArtlintError, naming the
    file and what is expected, when it cannot be read or is not an ignore file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return IgnoreFile(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ArtlintError(f"{path}: cannot read the ignore file: {exc}") from None
    import json  # deferred: only when there is an ignore file to read (start-up)

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArtlintError(f"{path}: the ignore file is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArtlintError(f"{path}: not an artlint ignore file (expected an object with "
                           f"\"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise ArtlintError(f"{path}: ignore file version {data.get('version')!r} is not "
                           f"supported (expected {VERSION})")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ArtlintError(f"{path}: `entries` must be a list")
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not all(
                isinstance(entry.get(name), kind) for name, kind in FIELDS.items()):
            raise ArtlintError(f"{path}: entry {number}: expected an object with string "
                               "`path`, `rule` and `fingerprint`")
    return IgnoreFile(path, entries)
