"""A result cache keyed by content, so it survives a fresh checkout (unlike mtime caches).

A cached check result is found by the hash of the file's path and bytes, inside a store
named by the fingerprint of everything else that decides the result. The CLI uses
``source_fingerprint``: the artlint version and code, the bytes of every rule file (the
built-in pack and each rules folder), the installed plugins (entry point, distribution,
version) and the configuration; it is read without loading a single rule, so a run whose
files are all in the cache never builds its linter. ``fingerprint`` does the same for a
linter made of any rules (its rules' YAML mappings or Python sources and settings).
Change a file, a rule or the configuration and the old results are not used. Results
with rule errors are never stored (a timeout may not happen twice).

One SQLite file per fingerprint (stdlib; committed once per run) holds the findings as
JSON: ``<cache dir>/<version>/<fingerprint>.sqlite``. ``artlint clean`` removes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from linter.config import ignorefile
from linter.document import Document
from linter.engine.linter import CheckResult, FixResult, Linter
from linter.errors import ArtlintError
from linter.findings import Applicability, Edit, Finding, Fix, Severity
from linter.rule import Rule
from linter.version import __version__

DEFAULT_FOLDER = ".artlint_cache"
QUERY_KEYS = 500  # keys per lookup query (SQLite allows 999 parameters or more)


def folder_for(settings: Any, given: Path | None, enabled: bool) -> Path | None:
    """Where the cache lives: --cache-dir, $ARTLINT_CACHE_DIR, or beside the configuration
    file (the current folder without one). None when caching is off."""
    if not enabled:
        return None
    if given is not None:
        return given
    if os.environ.get("ARTLINT_CACHE_DIR"):
        return Path(os.environ["ARTLINT_CACHE_DIR"])
    config_path = getattr(settings, "path", None)
    return (config_path.parent if config_path else Path.cwd()) / DEFAULT_FOLDER


def fingerprint(linter: Linter, settings: Any = None) -> str:
    """A hash of the version, the rules and the configuration."""
    parts = [__version__, *(_rule_identity(rule) for rule in linter.rules), repr(settings),
             _ignore_file(settings)]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()[:24]


def source_fingerprint(settings: Any, plugins: bool = True) -> str:
    """A hash of the version, artlint's code, every rule file, the plugins and the
    configuration: everything ``config.build(settings, plugins)`` reads."""
    from linter.rules import loader  # deferred: a run the cache answers loads no rules (start-up)

    digest = hashlib.sha256(f"{__version__}\0{settings!r}\0{_ignore_file(settings)}\0"
                            .encode("utf-8", "replace"))
    code = Path(__file__).resolve().parents[1]  # the linter package, every subpackage
    folders = [code, loader.builtin_rules_dir(), *settings["rules-dir"]]
    for folder in folders:
        _hash_folder(digest, Path(folder))
    for line in loader.plugin_identities() if plugins else ():
        digest.update(f"plugin {line}\0".encode("utf-8", "replace"))
    return digest.hexdigest()[:24]


def _ignore_file(settings: Any) -> str:
    """The ignore file's bytes decide results too (linter.config.ignorefile)."""
    if not hasattr(settings, "base"):  # no Settings: no configuration, no ignore file
        return ""
    return ignorefile.content_hash(ignorefile.path_for(settings["ignore-file"], settings.base))


def _hash_folder(digest: Any, folder: Path) -> None:
    """Add the name and bytes of every Python and YAML file below ``folder``."""
    if not folder.is_dir():
        digest.update(f"missing {folder}\0".encode("utf-8", "surrogateescape"))
        return
    for relative in _rule_and_code_files(str(folder)):
        try:
            content = _content_hash(folder / relative)
        except OSError:  # a broken link: not a rule file (loading the rules says more)
            continue
        digest.update(f"{relative}\0".encode("utf-8", "surrogateescape"))
        digest.update(bytes.fromhex(content))


def _rule_and_code_files(folder: str) -> list[str]:
    """The Python and YAML files below ``folder``, relative to it, sorted (os.walk: a
    third of the time pathlib's rglob takes)."""
    found = []
    for top, _, names in os.walk(folder):
        relative = os.path.relpath(top, folder)
        for name in names:
            if name.endswith((".py", ".yaml", ".yml")):
                found.append(name if relative == os.curdir else os.path.join(relative, name))
    return sorted(found)


def _content_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, remembered by its stat (size, mtime, inode), so code
    and rule files are read only when they change. The fingerprint stays a hash of
    content: a fresh checkout (new mtimes, same bytes) finds the same results. A file
    changed in the last few seconds is not remembered yet, as git does with "racily
    clean" files: a file system with coarse mtimes could show a second edit of the same
    size with the same mtime."""
    from linter.memo import JsonMemo  # deferred: the folder memo only when a cache folder is read

    global _hashes
    if _hashes is None:
        _hashes = JsonMemo("file-hashes.json")
    stat = path.stat()
    key, signature = os.path.abspath(path), [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    known = _hashes.get(key)
    if isinstance(known, list) and len(known) == 4 and known[:3] == signature:
        return str(known[3])
    value = hashlib.sha256(path.read_bytes()).hexdigest()
    if time.time() - stat.st_mtime > RACY_SECONDS:
        _hashes.put(key, [*signature, value])
    return value


_hashes: Any = None  # linter.memo.JsonMemo, made on first use
RACY_SECONDS = 3


def _rule_identity(rule: Rule) -> str:
    import json  # deferred: the result cache only (not for --no-cache)

    spec = getattr(rule, "_spec", None)
    body = json.dumps(spec, sort_keys=True, default=str) if spec is not None else _source(rule)
    settings = (rule.severity.value, rule.category, rule.opt_in, rule.fixable,
                rule.applicability.value, sorted((rule._option_values or {}).items()))
    return f"{rule.id}|{type(rule).__qualname__}|{rule.source}|{settings!r}|{body}"


def _source(rule: Rule) -> str:
    try:
        return hashlib.sha256(inspect.getsource(type(rule)).encode()).hexdigest()
    except (OSError, TypeError):  # no source to read: the cache is keyed by version only
        return "no-source"


class CachingEngine:
    """A linter whose ``check`` and ``fix`` ask a ResultCache first: what the JSON Lines
    reader hands ``linter.pipeline.records``, so each record's fields are answered from the cache
    (keyed by the file's path and the field's text, like a file)."""

    def __init__(self, linter: Any, results: ResultCache) -> None:
        self.linter = linter
        self.results = results

    def check(self, doc: Document) -> CheckResult:
        return self.results.check(self.linter, doc)

    def fix(self, doc: Document, unsafe: bool = False) -> FixResult:
        """``linter.fix``; a text the cache knows has nothing to fix is returned as it is."""
        known = self.results.lookup(doc)
        if known is not None and not known.has_fix(unsafe):
            return unfixed(doc, known)
        result = self.linter.fix(doc, unsafe=unsafe)
        self.results.store_fixed(result)
        return result


def unfixed(doc: Document, known: CheckResult) -> FixResult:
    """The fix result of a document the cache knows has nothing to fix: unchanged."""
    return FixResult(doc, doc, 0, known.findings, [], True)


class ResultCache:
    """Check results by file, for one fingerprint. A disabled cache stores nothing."""

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self._db: Any = None  # sqlite3.Connection
        self.hits = self.misses = 0
        if folder is None:
            return
        import sqlite3  # deferred: ~4 ms to import: not for --no-cache

        store = folder / __version__ / f"{fingerprint}.sqlite"
        try:
            _claim(folder)  # an ArtlintError (not OSError) stops the run
            store.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(store)
            self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, "
                             "value BLOB)")
        except (OSError, sqlite3.Error):
            self._db = None  # a read-only checkout: run without a cache

    def check(self, linter: Linter, doc: Document) -> CheckResult:
        """``linter.check(doc)``, from the cache when the same file was seen before."""
        found = self.lookup(doc)
        if found is not None:
            return found
        result = linter.check(doc)
        self.store(doc, result)
        return result

    def lookup(self, doc: Document) -> CheckResult | None:
        """The stored check result for this file and content, if any."""
        return self.lookup_many([doc])[0]

    def lookup_many(self, docs: Sequence[Document]) -> list[CheckResult | None]:
        """``lookup`` for each of ``docs``, in a few queries."""
        if self._db is None:
            return [None] * len(docs)
        keys = [_key(doc) for doc in docs]
        rows: dict[str, Any] = {}
        for start in range(0, len(keys), QUERY_KEYS):
            chunk = keys[start : start + QUERY_KEYS]
            marks = ", ".join("?" * len(chunk))
            rows.update(self._db.execute(
                f"SELECT key, value FROM results WHERE key IN ({marks})", chunk))
        found = [_result(rows.get(key)) for key in keys]
        self.hits += sum(result is not None for result in found)
        self.misses += sum(result is None for result in found)
        return found

    def store(self, doc: Document, result: CheckResult) -> None:
        """Remember ``result`` for ``doc`` (unless a rule failed on it)."""
        if self._db is None or result.errors:
            return
        import json  # deferred: the result cache only (not for --no-cache)

        value = json.dumps([_plain(f) for f in result.findings], separators=(",", ":"))
        self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (_key(doc), value))

    def store_fixed(self, result: FixResult) -> None:
        """Remember what a fixed text still holds, so the next run finds it done."""
        self.store(result.fixed, CheckResult(result.remaining, result.errors))

    def close(self) -> None:
        if self._db is not None:
            import sqlite3  # deferred: ~4 ms to import: not for --no-cache

            with contextlib.suppress(sqlite3.Error):  # a full disk loses the cache, not the run
                self._db.commit()
            self._db.close()
            self._db = None


# Findings are stored as JSON, never pickled: a cache folder that came with a checkout
# must not be able to run code.
def _plain(f: Finding) -> list[Any]:
    fix = None if f.fix is None else [
        f.fix.applicability.value, [[e.start, e.end, e.replacement] for e in f.fix.edits]
    ]
    return [f.rule, f.message, f.severity.value, f.category, f.start, f.end, f.line, f.column,
            f.end_line, f.end_column, fix]


def _result(value: Any) -> CheckResult | None:
    """A stored value as a check result; None for a missing, damaged or foreign entry."""
    if value is None:
        return None
    import json  # deferred: the result cache only (not for --no-cache)

    try:
        return CheckResult([_finding(item) for item in json.loads(value)])
    except (ValueError, TypeError, KeyError):
        return None


def _finding(item: list[Any]) -> Finding:
    rule, message, severity, category, start, end, line, column, end_line, end_column, fix = item
    built = None if fix is None else Fix(
        tuple([Edit(*edit) for edit in fix[1]]), _APPLICABILITY[fix[0]]
    )
    return Finding(rule, message, _SEVERITY[severity], category, start, end, line, column,
                   end_line, end_column, fix=built)


# Value -> member, a dict look-up rather than an Enum call per finding (KeyError if foreign).
_SEVERITY = {member.value: member for member in Severity}
_APPLICABILITY = {member.value: member for member in Applicability}


def _key(doc: Document) -> str:
    """The document's path and the hash of its bytes, hashed."""
    digest = hashlib.sha256(doc.path.encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + doc.sha256.encode())
    return digest.hexdigest()


_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This folder is a cache made by artlint.\n")


def made_by_artlint(folder: Path) -> bool:
    """Whether ``folder`` holds artlint's own CACHEDIR.TAG (another tool's is not ours)."""
    try:
        return (folder / "CACHEDIR.TAG").read_text(encoding="utf-8", errors="replace") == _TAG
    except OSError:
        return False


def _claim(folder: Path) -> None:
    """Make ``folder`` the cache folder: create and mark it, or find it marked by artlint.
    ArtlintError for a folder that holds other files (`--cache-dir .`): marked, backups
    would skip it and `artlint clean` would remove it. OSError: no cache this run."""
    if folder.is_dir() and not made_by_artlint(folder) and any(folder.iterdir()):
        raise ArtlintError(
            f"{folder}: not an artlint cache folder (it holds other files); give "
            "--cache-dir (or ARTLINT_CACHE_DIR) a new or empty folder: artlint marks it as "
            "a cache, which backups skip and `artlint clean` removes")
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "CACHEDIR.TAG").exists():  # so backups and git leave the cache alone
        (folder / "CACHEDIR.TAG").write_text(_TAG)
    if not (folder / ".gitignore").exists():
        (folder / ".gitignore").write_text("*\n")


def clean(folders: Iterable[Path]) -> list[Path]:
    """Remove cache folders that artlint made; return those removed. ArtlintError for
    one that holds anything artlint does not put there (it is left whole)."""
    removed = []
    for folder in folders:
        if not made_by_artlint(folder):
            continue
        foreign = next(_foreign(folder), None)
        if foreign is not None:
            raise ArtlintError(f"{folder}: not removed: it holds {foreign}, which artlint "
                               "did not make; remove the folder yourself if it can go")
        import shutil  # deferred: only `artlint clean` removes folders (start-up)

        shutil.rmtree(folder)
        removed.append(folder)
    return removed


def _foreign(folder: Path) -> Iterable[Path]:
    """What a cache folder holds that artlint does not put there: anything but its tag,
    its .gitignore, and a folder per version of SQLite stores."""
    for entry in folder.iterdir():
        if entry.name in ("CACHEDIR.TAG", ".gitignore"):
            continue
        if not entry.is_dir() or entry.is_symlink():
            yield entry
            continue
        for item in entry.iterdir():
            if not (item.is_file() and ".sqlite" in item.name):
                yield item
