"""Find and load rules: the built-in pack, ``--rules-dir`` folders and plugin packages.

Python rule files run code, so they are loaded only from the built-in pack, from folders
the user names, and from installed ``artlint.rules`` entry points: never from the tree
being linted, and from a folder a configuration file names only when the user trusts it
(linter.rules.trust).
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import inspect
import os
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.machinery import PathFinder
from pathlib import Path
from types import ModuleType
from typing import Any

from linter import files
from linter.errors import ArtlintError, InputError, RuleFileError
from linter.findings import Severity
from linter.rule import Rule
from linter.rules import yamlfile
from linter.rules.markup import FORMAT, MarkupRule
from linter.rules.suppression import UnusedSuppression
from linter.rules.trust import UntrustedRuleError

ENTRY_POINT_GROUP = "artlint.rules"
RULE_SUFFIXES = (".yaml", ".yml", ".py")
# The pack's markup rules (linter.rules.markup), in a folder named after their format.
BUILTIN_MARKUP = FORMAT


def builtin_rules_dir() -> Path:
    """The built-in pack: packaged as linter/builtin_rules, or rules/ in a checkout."""
    package = Path(__file__).resolve().parents[1]  # linter/
    packaged = package / "builtin_rules"
    if packaged.is_dir():
        return packaged
    return package.parent / "rules"


def load_rules(
    rules_dirs: Iterable[Path] = (), plugins: bool = True,
    untrusted: Mapping[Path, Path] | None = None,
) -> list[Rule]:
    """The built-in pack, then each extra folder, then plugins; ids must be unique.
    ``untrusted``: folders whose Python rules are refused -> the configuration file that
    named them (UntrustedRuleError)."""
    rules = builtin_pack() + engine_rules()
    untrusted = untrusted or {}
    for folder in rules_dirs:
        if not folder.is_dir():
            raise ArtlintError(f"{folder}: " + ("not a folder of rules" if folder.exists()
                                               else "rules folder does not exist"))
        rules += load_dir(folder, named_by=untrusted.get(folder))
    if plugins:
        rules += load_plugins()
    _check_unique(rules)
    return rules


def builtin_pack() -> list[Rule]:
    """``load_dir(builtin_rules_dir(), source="builtin")``, its YAML rules from the pack's
    snapshot when nothing changed since it was made (linter.rules.packsnapshot)."""
    from linter.rules import (
        packsnapshot,  # deferred: `regex` loads with the rules, not with the loader
    )

    return packsnapshot.load(builtin_rules_dir(), rule_paths,
                             lambda path: _labelled_rules(path, "builtin"), RULE_SUFFIXES)


@cache
def _builtin_markup_rules(folder: Path) -> tuple[Rule, ...]:
    return tuple(load_dir(folder, source="builtin"))


def builtin_markup_rules() -> list[MarkupRule]:
    """The built-in pack's markup rules (loaded once), for a linter made in Python code
    without settings (linter.sources.html)."""
    folder = builtin_rules_dir() / BUILTIN_MARKUP
    rules = _builtin_markup_rules(folder) if folder.is_dir() else ()
    return [rule for rule in rules if isinstance(rule, MarkupRule)]


def engine_rules() -> list[Rule]:
    """Built-in rules that live in the engine rather than in the pack: `unused-suppression`
    (its findings come from linter.config.linters.ConfiguredLinter, after the other rules ran)."""

    rule = UnusedSuppression()
    rule.source = "builtin"
    return [rule]


def load_dir(folder: Path, source: str | None = None, named_by: Path | None = None) -> list[Rule]:
    """Every rule file under ``folder``, of every kind. ``named_by``: the untrusted
    configuration file that named ``folder``; a Python rule there is refused before any
    file is loaded."""
    paths = rule_paths(folder)
    code = [path for path in paths if path.suffix == ".py"]
    if named_by is not None and code:
        raise UntrustedRuleError(code[0], named_by)
    rules: list[Rule] = []
    for path in paths:
        rules += _labelled_rules(path, source)
    return rules


def rule_paths(folder: Path) -> list[Path]:
    """The rule files under ``folder``, in the order they load."""
    return [
        path for path in sorted(folder.rglob("*"))
        if path.suffix in RULE_SUFFIXES and not path.name.startswith(("_", "."))
    ]


def _labelled_rules(path: Path, source: str | None) -> list[Rule]:
    loaded = load_file(path)
    if source:
        for rule in loaded:
            rule.source = _labelled(source, rule)
    return loaded


def _labelled(source: str, rule: Rule) -> str:
    """A built-in markup rule's source also names the format it reads: ``builtin:html``."""
    if source == "builtin" and isinstance(rule, MarkupRule):
        return f"{source}:{rule.reads}"
    return source


RULE_FILE_HINT = "remove it from the rules folder"


def load_file(path: Path) -> list[Rule]:
    if path.suffix == ".py":
        _refuse_irregular(path)
        return _rules_in_module(_import_path(path), str(path))
    text = _read_rule_file(path)
    from linter.rules import (
        yaml_rule,  # deferred: `regex` loads with the rules, not with the loader
    )

    return list(yaml_rule.load_file(str(path), text, remembered=True))


def _read_rule_file(path: Path) -> str:
    """A YAML rule file's text: a regular file within the size limit, else RuleFileError
    (a FIFO is not waited on, a huge file is not read)."""

    try:
        with files.open_regular(str(path), RULE_FILE_HINT) as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if yamlfile.too_large(size) else handle.read(size + 1)
            if len(data) > size:  # it grew since: read on, up to just over the limit
                data += handle.read(max(yamlfile.MAX_BYTES + 1 - len(data), 0))
        problem = yamlfile.too_large(max(size, len(data)))
        if problem:
            raise RuleFileError(str(path), problem)
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RuleFileError(str(path), f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at "
                            f"offset {exc.start}): a rule file is UTF-8 text", line) from None
    except OSError as exc:
        raise RuleFileError(str(path), f"cannot read rule file: {_os_reason(path, exc)}"
                            ) from None
    except InputError as exc:
        raise RuleFileError(str(path), exc.reason) from None


def _os_reason(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be read, in words (a broken link named as one)."""
    if path.is_symlink() and not path.exists():
        return "broken symbolic link (its target does not exist)"
    return exc.strerror or str(exc)


def _refuse_irregular(path: Path) -> None:
    """RuleFileError for a FIFO, socket or device (importing one would wait forever)."""

    try:
        files.refuse_irregular(str(path), path.stat().st_mode, RULE_FILE_HINT)
    except OSError as exc:
        raise RuleFileError(str(path), f"cannot read rule file: {_os_reason(path, exc)}"
                            ) from None
    except InputError as exc:
        raise RuleFileError(str(path), exc.reason) from None


def _import_path(path: Path) -> ModuleType:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    name = f"_artlint_rules_{path.stem.replace('-', '_')}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuleFileError(str(path), "cannot import this file as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise RuleFileError(
            str(path), f"cannot import: {_describe(exc)}", _line_in(exc, path)
        ) from None
    return module


def _describe(exc: BaseException) -> str:
    """One line: the exception's type and message (a SyntaxError without its source)."""
    if isinstance(exc, SyntaxError):
        return f"{type(exc).__name__}: {exc.msg}"
    import traceback  # deferred: only for a rule file that fails to import

    lines = traceback.format_exception_only(type(exc), exc)
    return " ".join(line.strip() for line in lines if line.strip())


def _line_in(exc: BaseException, path: Path) -> int | None:
    if isinstance(exc, SyntaxError):
        return exc.lineno
    import traceback  # deferred: only for a rule file that fails to import

    target = path.resolve()
    frames = [
        frame for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).resolve() == target
    ]
    return frames[-1].lineno if frames else None


def _rules_in_module(module: ModuleType, source: str, own_only: bool = True) -> list[Rule]:
    """The Rule subclasses with an id in ``module`` (defined there, unless not own_only)."""
    classes = [
        obj for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Rule) and obj.id
        and (obj.__module__ == module.__name__ or not own_only)
    ]
    return [_instantiate(cls, source) for cls in classes]


def _instantiate(cls: type[Rule], source: str) -> Rule:
    from linter.rules.yaml_schema import ID_SHAPE  # deferred: `regex` loads with rules

    where = f"{source} ({cls.__name__})"
    if not ID_SHAPE.fullmatch(cls.id):
        raise RuleFileError(where, f"`id` must be kebab-case, got {cls.id!r}")
    if not cls.message:
        raise RuleFileError(where, "a rule needs a `message`")
    if cls.check is Rule.check:
        raise RuleFileError(where, "a rule must define `check(self, doc)`")
    if issubclass(cls, MarkupRule) and cls.check_markup is MarkupRule.check_markup:
        raise RuleFileError(where, "a markup rule must define `check_markup(self, markup)`")
    if not isinstance(cls.severity, Severity):
        raise RuleFileError(where, "`severity` must be a linter.findings.Severity")
    rule = cls()
    rule.source = source
    return rule


def entry_points(group: str) -> Any:
    """The installed entry points of ``group``. importlib.metadata (~25 ms to import) is
    used only when some installed distribution may declare one."""
    if not _may_declare(group):
        return []
    from importlib import (
        metadata,  # deferred: entry points are read only when plugins are looked for
    )

    return metadata.entry_points(group=group)


def _reads_sys_path(finder: object) -> bool:
    """The stdlib's PathFinder, or the importlib_metadata backport's finder (Dask and
    other packages install and import it), which finds distributions on sys.path too."""
    return finder is PathFinder or (type(finder).__module__ == "importlib_metadata"
                                    and type(finder).__name__ == "MetadataPathFinder")


def _may_declare(group: str) -> bool:
    """False when no distribution on sys.path names ``group`` in its entry points (a
    look at each metadata folder's entry_points.txt); True when unsure."""
    if any(hasattr(finder, "find_distributions") and not _reads_sys_path(finder)
           for finder in sys.meta_path):
        return True  # another finder may know distributions: ask importlib.metadata
    for entry in sys.path:
        folder = entry or "."
        if os.path.isfile(folder):
            return True  # a zip archive
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")) and _names(folder, name, group):
                return True
    return False


def _names(folder: str, metadata_dir: str, group: str) -> bool:
    try:
        with open(os.path.join(folder, metadata_dir, "entry_points.txt"), "rb") as stream:
            return group.encode() in stream.read()
    except OSError:
        return False


def plugin_identities() -> list[str]:
    """One line per installed plugin: entry point, distribution and version (what the
    result cache is keyed by, without loading any plugin)."""
    lines = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(point, "dist", None)
        version = f"{dist.name} {dist.version}" if dist is not None else "unknown"
        lines.append(f"{point.name}={point.value} ({version})")
    return sorted(lines)


def load_plugins() -> list[Rule]:
    rules: list[Rule] = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        source = f"plugin:{point.name}"
        try:
            target = point.load()
        except Exception as exc:
            raise ArtlintError(f"{source}: cannot load entry point {point.value}: "
                               f"{_describe(exc)}") from None
        rules += _rules_from_object(target, source)
    return rules


def _rules_from_object(target: Any, source: str) -> list[Rule]:
    """An entry point may name a Rule class, a module, a rules folder or a callable."""
    if inspect.isclass(target) and issubclass(target, Rule):
        return [_instantiate(target, source)]
    if isinstance(target, ModuleType):
        return _rules_in_module(target, source, own_only=False)
    if isinstance(target, (str, Path)):
        return load_dir(Path(target), source)
    if callable(target):
        return _rules_from_object(list(target()), source)
    if isinstance(target, list):
        return [rule for item in target for rule in _rules_from_object(item, source)]
    if isinstance(target, Rule):  # a copy: each configuration sets its own severity and
        rule = copy.copy(target)  # fix safety, and the plugin's object stays as it was
        rule.source = source
        return [rule]
    raise ArtlintError(f"{source}: entry point gave {target!r}; expected a Rule class, a module,"
                       " a rules folder or a callable returning rules")


def _check_unique(rules: list[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            raise ArtlintError(f"rule id `{rule.id}` is defined twice: in {seen[rule.id].source}"
                               f" and in {rule.source}")
        seen[rule.id] = rule
