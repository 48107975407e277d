"""One snapshot of the built-in pack as loaded: its YAML rules, ready to use.

Loading the pack otherwise reads two memos (linter.rules.yamlfile, linter.engine.patterns)
and validates 49 rule files into ``PatternRule`` objects, ~15 ms of a small check. The
snapshot (``pack-<code>.marshal`` in the memo folder, linter.memo) holds each YAML rule's
attributes once they are built, so a run rebuilds the rules from one file.

It is used only when nothing it was made from changed: its name holds a hash of the code
that builds the rules (``CODE``: their source files' bytes, `regex`'s and Python's
versions), and its first line the pack's file names, sizes and modification times. A rule
file edited, added or removed, or new code, and the pack is loaded from its files as
before (and the snapshot written again). A file that is damaged (its CRC-32 fails) or not
of the expected shape is treated as missing. Python rule files are not in it: they are
imported each run, as before. Only the built-in pack is: ``--rules-dir`` folders and
plugins are always loaded from their files.

It is a `marshal` file (reading it cannot run code: it holds only strings, numbers and
containers of them; `marshal` keeps shared objects shared and reads ~2x faster than JSON).
Values of other types are tagged (``{"~e": [...]}`` an enum, ``"~p"`` a lazy pattern,
``"~b"`` a block); a rule holding any other kind of value (a pattern compiled in this run
rather than lazily, an attribute of a new type) means no snapshot is written, and the next
run tries again.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import regex

from linter import findings, memo, regexmemo, writes
from linter import rule as rule_module
from linter.engine import literals, patterns
from linter.engine.patterns import LazyPattern
from linter.findings import Applicability, Evidence, Severity
from linter.rule import Rule
from linter.rules import yaml_rule, yaml_schema, yamlfile
from linter.rules.yaml_rule import PatternRule
from linter.rules.yaml_schema import BlockSpec

MAGIC = "artlint-pack-snapshot 2"
RACY_SECONDS = 2  # a file changed this recently may change again unseen: no snapshot yet
ENUMS: dict[str, type[Enum]] = {cls.__name__: cls for cls in (Severity, Applicability, Evidence)}
FOLLOWS = ("_follow_headline", "_follow_bullet")  # yaml_schema's named block followers


class Unencodable(Exception):
    """A value the snapshot has no tag for."""


def code_files() -> tuple[str, ...]:
    """The source files whose code decides what a rule file loads as."""
    modules = (yaml_rule, yaml_schema, yamlfile, patterns, literals, findings, rule_module,
               regexmemo, sys.modules[__name__])
    return tuple(str(module.__file__) for module in modules)


def snapshot_path() -> Path:
    """``pack-<hash>.marshal`` in the memo folder, the hash of the code that builds rules."""
    digest = zlib.crc32(f"{regex.__version__}\0{sys.version}".encode())
    for source in code_files():
        try:
            data = Path(source).read_bytes()
        except OSError:  # a zipped install: the version (in the folder's name) decides
            data = source.encode("utf-8", "surrogateescape")
        digest = zlib.crc32(data, zlib.crc32(source.encode("utf-8", "surrogateescape"), digest))
    return memo.folder() / f"pack-{digest:08x}.marshal"


def pack_files(folder: Path, suffixes: tuple[str, ...]) -> list[tuple[str, os.stat_result]]:
    """The files under ``folder`` that ``loader.rule_paths`` lists (a name ending in one
    of ``suffixes``, not starting with ``_`` or ``.``; links to folders not followed, as
    ``Path.rglob``), in its order: their names relative to ``folder`` (with ``/``) and
    their status. ~1 ms less than ``rglob``: no Path per entry."""
    found, folders = [], [(str(folder), "")]
    while folders:
        here, prefix = folders.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                name = entry.name
                if entry.is_dir() and not entry.is_symlink():
                    folders.append((entry.path, f"{prefix}{name}/"))
                if name.endswith(suffixes) and not name.startswith(("_", ".")):
                    found.append((prefix + name, entry.stat()))
    return sorted(found, key=lambda item: item[0].split("/"))


def pack_key(folder: Path, files: list[tuple[str, os.stat_result]]) -> str | None:
    """The pack's folder and each file's name, size and modification time; None when a
    file changed within ``RACY_SECONDS`` (it may change again unseen)."""
    parts = [str(folder)]
    recent = time.time() - RACY_SECONDS
    for name, info in files:
        if info.st_mtime > recent:
            return None
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


def load(folder: Path, rule_paths: Callable[[Path], list[Path]],
         load_file: Callable[[Path], list[Rule]], suffixes: tuple[str, ...]) -> list[Rule]:
    """The rules of the pack's files: YAML rules from the snapshot when it matches, else
    each file of ``rule_paths(folder)`` through ``load_file`` (then written for next
    time, if ``pack_files`` lists the same files)."""
    try:
        names = pack_files(folder, suffixes)
        key = pack_key(folder, names)
    except OSError:
        names, key = [], None
    target = snapshot_path() if key is not None else None
    if target is not None and key is not None:
        rules = _from_snapshot(target, key, folder, [name for name, _ in names], load_file)
        if rules is not None:
            return rules
    listed = rule_paths(folder)
    by_file = [(path.relative_to(folder).as_posix(), load_file(path)) for path in listed]
    if target is not None and key is not None and [n for n, _ in by_file] == [
            n for n, _ in names]:
        _save(target, key, by_file)
    return [rule for _, rules in by_file for rule in rules]


def _from_snapshot(target: Path, key: str, folder: Path, names: list[str],
                   load_file: Callable[[Path], list[Rule]]) -> list[Rule] | None:
    stored = _read(target, key)
    if stored is None or list(stored["files"]) != names:
        return None
    rules: list[Rule] = []
    for name, states in stored["files"].items():
        if states is None:
            rules += load_file(folder / name)
            continue
        built = _rebuilt(states)
        if built is None:
            return None
        rules += built
    patterns.know(stored["known"])
    return rules


def _read(target: Path, key: str) -> dict[str, Any] | None:
    """The snapshot: ``files`` (name -> rule states, or None: load the file) and
    ``known`` (the pattern memo's entries a linter of the pack asks for,
    ``patterns.memo_entries``); None when it is missing, damaged, for another pack, or not
    of this shape."""
    try:
        data = target.read_bytes()
    except OSError:
        return None
    head, _, body = data.partition(b"\n")
    expected = f"{MAGIC} {zlib.crc32(body):08x} {zlib.crc32(key.encode()):08x}"
    if head != expected.encode():
        return None
    try:
        stored = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    files, known = stored.get("files"), stored.get("known")
    if not isinstance(files, dict) or not _is_entries(known):
        return None
    return stored


def _is_entries(value: Any) -> bool:
    """Whether ``value`` has the shape of memo entries: text -> a list of None, bools and
    lists of text."""
    return isinstance(value, dict) and all(
        type(key) is str and type(entry) is list and all(
            item is None or type(item) is bool
            or (type(item) is list and all(type(text) is str for text in item))
            for item in entry)
        for key, entry in value.items())


def _save(target: Path, key: str, by_file: list[tuple[str, list[Rule]]]) -> None:
    """Write the snapshot (atomically); nothing when a rule cannot be encoded or the
    folder cannot be written."""
    try:
        files = {name: None if name.endswith(".py") else [_state(rule) for rule in rules]
                 for name, rules in by_file}
        known = _memo_entries([rule for _, rules in by_file for rule in rules])
        body = marshal.dumps({"key": key, "files": files, "known": known})
    except (Unencodable, ValueError):
        return
    head = f"{MAGIC} {zlib.crc32(body):08x} {zlib.crc32(key.encode()):08x}\n".encode()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        writes.write_new(target, head + body)
    except OSError:
        return
    for old in target.parent.glob("pack-*.marshal"):
        if old != target:
            old.unlink(missing_ok=True)


def _memo_entries(rules: list[Rule]) -> dict[str, list[Any]]:
    """The pattern memo's entries a linter of these rules asks for when it is built
    (linter.engine.candidates): the common literals of each YAML pattern with no literals
    of its own, and for a Python rule's wake patterns their analysis too."""
    analysed: list[tuple[str, int]] = []
    common: list[str] = []
    for rule in rules:
        if type(rule) is PatternRule:
            common += [pattern.pattern for pattern, literals
                       in zip(rule.patterns, rule.pattern_literals, strict=True) if not literals]
        elif rule.wake is not None:
            analysed += [(pattern.pattern, pattern.flags) for pattern in rule.wake.patterns]
    return patterns.memo_entries(analysed, common)


def _state(rule: Rule) -> dict[str, Any]:
    """A rule's attributes in order; the names of those whose values are tagged."""
    if type(rule) is not PatternRule:
        raise Unencodable(type(rule).__name__)
    attrs, typed = [], []
    for name, value in vars(rule).items():
        if not _plain(value):
            value = _encode(value)
            typed.append(name)
        attrs.append([name, value])
    return {"attrs": attrs, "typed": typed}


def _plain(value: Any) -> bool:
    """True for what `marshal` gives back as it was: no enums or other types."""
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return True
    if kind in (list, tuple):
        return all(_plain(item) for item in value)
    if kind is frozenset:
        return all(type(item) is str for item in value)
    if kind is dict:
        return all(type(k) is str and not k.startswith("~") and _plain(v)
                   for k, v in value.items())
    return False


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is list:
        return [_encode(item) for item in value]
    if kind is tuple:
        return tuple(_encode(item) for item in value)
    if kind is frozenset and all(type(item) is str for item in value):
        return value
    if kind is dict and all(type(k) is str for k in value):
        return {"~d": {k: _encode(v) for k, v in value.items()}}
    if kind in ENUMS.values():
        return {"~e": [kind.__name__, value.value]}
    if kind is LazyPattern:
        return {"~p": [value.pattern, int(value.flags)]}
    if kind is BlockSpec:
        return {"~b": [_encode_follow(value.follow), value.max_lines, value.both_ways,
                       value.across_blank]}
    raise Unencodable(kind.__name__)


def _encode_follow(follow: Any) -> Any:
    """A block's follower: one of yaml_schema's by name, or its pattern follower's pattern."""
    name = getattr(follow, "__name__", None)
    if name in FOLLOWS and getattr(yaml_schema, name) is follow:
        return {"~n": name}
    cells = getattr(follow, "__closure__", None) or ()
    if (getattr(follow, "__qualname__", "") == "_follow_pattern.<locals>.follows"
            and getattr(follow, "__module__", "") == yaml_schema.__name__ and len(cells) == 1):
        return {"~w": _encode(cells[0].cell_contents)}
    raise Unencodable("block follower")


def _rebuilt(states: Any) -> list[Rule] | None:
    """Rules from their stored states; None when a state is not of the expected shape."""
    if not isinstance(states, list):
        return None
    rules: list[Rule] = []
    try:
        for state in states:
            typed = set(state["typed"])
            attrs = {name: _decode(value) if name in typed else value
                     for name, value in state["attrs"]}
            if not all(type(name) is str for name in attrs):
                return None
            rule = PatternRule.__new__(PatternRule)
            vars(rule).update(attrs)  # as a fresh load left them, in the same order
            rules.append(rule)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return rules


def _decode(value: Any) -> Any:
    if type(value) is list:
        return [_decode(item) for item in value]
    if type(value) is tuple:
        return tuple(_decode(item) for item in value)
    if type(value) is not dict:
        return value
    ((tag, body),) = value.items()
    if tag == "~d":
        return {k: _decode(v) for k, v in body.items()}
    if tag == "~e":
        return ENUMS[body[0]](body[1])
    if tag == "~p":
        return LazyPattern(str(body[0]), int(body[1]))
    if tag == "~b":
        return BlockSpec(_decode_follow(body[0]), *body[1:])
    raise ValueError(f"unknown tag {tag!r}")


def _decode_follow(value: Any) -> Any:
    ((tag, body),) = value.items()
    if tag == "~n" and body in FOLLOWS:
        return getattr(yaml_schema, body)
    if tag == "~w":
        return yaml_schema._follow_pattern(_decode(body))
    raise ValueError(f"unknown block follower {value!r}")
