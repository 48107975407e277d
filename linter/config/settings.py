"""Configuration files, the effective settings of a run, and the linter they build.

``resolve`` reads one configuration: ``--config FILE``, or else the first of
``.artlint.toml``, ``artlint.toml`` and ``pyproject.toml`` (with a ``[tool.artlint]``
table) found in the current folder or, failing that, its parents; ``--isolated`` reads
none. `check` and `fix` lint each file with its closest configuration (linter.config.hierarchy,
which calls ``resolve`` once per configuration file). Relative paths
and globs in a configuration resolve against the folder that holds it; without one,
against the current folder. Command-line options override the file (``select``,
``fail-on``) or add to it (``extend-select``, ``ignore``, ``rules-dir``).
See docs/configuration.md.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from linter import files
from linter.config import ignorefile
from linter.document import Document
from linter.engine.linter import CheckResult, FixResult, Linter
from linter.errors import ArtlintError
from linter.findings import Severity
from linter.globs import glob_matcher
from linter.rule import Rule
from linter.rules import selectors, trust
from linter.rules.suppression import UnusedSuppression
from linter.rules.suppression import apply as apply_suppressions
from linter.sources import FORMATS

CONFIG_NAMES = (".artlint.toml", "artlint.toml", "pyproject.toml")
SEVERITIES = ("info", "warning", "error")

# key -> what it takes. docs/configuration.md's key table is checked against this.
KEYS: dict[str, str] = {
    "select": "a list of rule selectors: run these instead of the default set",
    "extend-select": "a list of rule selectors to run as well (opt-in rules, say)",
    "ignore": "a list of rule selectors never to run (wins over `select`)",
    "severity": "a table of rule selector -> `error`, `warning` or `info`",
    "fail-on": "`info`, `warning` (default) or `error`: the lowest severity that makes"
    " `check` exit 1",
    "include": "a list of globs: the files searched for in folders (default: every format"
    " artlint reads, `*.txt`, `*.text`, `*.md`, `*.markdown`, `*.html`, `*.htm`, `*.jsonl`,"
    " `*.ndjson`, and each with `.gz`)",
    "exclude": "a list of globs: files and folders never linted",
    "force-exclude": "true: `exclude` and .gitignore also apply to files named on the command"
    " line (default false)",
    "respect-gitignore": "true (default) or false: skip files that git ignores",
    "per-file-ignores": "a table of glob -> list of rule selectors not run on matching files",
    "rules-dir": "a folder, or a list of folders, of your own YAML/Python rules",
    "baseline": "a baseline file: report only findings not recorded in it",
    "ignore-file": "the ignore file: findings judged to be article text, never reported or"
    " fixed (default `.artlint-ignore.json` beside the configuration file, or in the current"
    " folder; `artlint check --add-ignore` writes it)",
    "options": "a table of rule id -> table of that rule's options",
    "formats": "a table of glob -> input format (`text`, `markdown`, `html`, `jsonl`)",
    "jsonl-fields": "a list of JSON Lines fields holding article text (default `text`;"
    " dotted paths such as `article.body`)",
}
# Keys whose command-line value is added to the file's instead of replacing it.
MERGED = frozenset({"extend-select", "ignore", "rules-dir"})
DEFAULTS: dict[str, Any] = {
    "select": None,
    "extend-select": [],
    "ignore": [],
    "severity": {},
    "fail-on": "warning",
    "include": list(files.DEFAULT_INCLUDE),
    "exclude": [],
    "force-exclude": False,
    "respect-gitignore": True,
    "per-file-ignores": {},
    "rules-dir": [],
    "baseline": None,
    "ignore-file": None,
    "options": {},
    "formats": {},
    "jsonl-fields": ["text"],
}
DEFAULT = "default"


class ConfigError(ArtlintError):
    """A bad configuration file: names the file, the key and what is allowed."""

    def __init__(self, path: Path, key: str, problem: str) -> None:
        super().__init__(f"{path}: `{key}`: {problem}" if key else f"{path}: {problem}")


# ---------------------------------------------------------------------------------------
# Finding and reading the file
# ---------------------------------------------------------------------------------------


def find(start: Path | None = None) -> Path | None:
    """The configuration file for ``start`` (default: the current folder), or None."""
    folder = (start or Path.cwd()).resolve()
    for candidate_folder in (folder, *folder.parents):
        found = in_folder(candidate_folder)
        if found is not None:
            return found
    return None


def in_folder(folder: Path) -> Path | None:
    """The configuration file of ``folder`` itself (no parent is looked at), or None."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
            return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*artlint\s*[.\]]", text, re.MULTILINE) is not None


def read(path: Path) -> dict[str, Any]:
    """The artlint table of ``path`` (the whole file, or [tool.artlint] of pyproject.toml)."""
    import tomllib  # ~2 ms: only a run with a configuration file needs it

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtlintError(f"{path}: configuration file does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ArtlintError(f"{path}: cannot read configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ArtlintError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("artlint", {})
        if not isinstance(table, dict):
            raise ConfigError(path, "tool.artlint", "must be a table")
        return table
    return data


def _check_value(path: Path, key: str, value: Any) -> Any:
    """``value`` for ``key`` as the settings hold it; ConfigError if it is not allowed."""
    if key not in KEYS:
        close = difflib.get_close_matches(key, KEYS, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise ConfigError(path, key, f"unknown key{hint}; allowed: {', '.join(KEYS)}")

    def fail() -> ConfigError:
        return ConfigError(path, key, f"expected {KEYS[key]}; got {value!r}")

    if key in ("select", "extend-select", "ignore", "include", "exclude", "jsonl-fields"):
        if not _string_list(value):
            raise fail()
        return list(value)
    if key in ("force-exclude", "respect-gitignore"):
        if not isinstance(value, bool):
            raise fail()
        return value
    if key == "fail-on":
        if value not in SEVERITIES:
            raise fail()
        return value
    if key == "severity":
        if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
            raise fail()
        return dict(value)
    if key == "per-file-ignores":
        if not isinstance(value, dict) or not all(_string_list(v) for v in value.values()):
            raise fail()
        return {glob: list(names) for glob, names in value.items()}
    if key == "rules-dir":
        folders = [value] if isinstance(value, str) else value
        if not _string_list(folders):
            raise fail()
        return [path.parent / folder for folder in folders]
    if key in ("baseline", "ignore-file"):
        if not isinstance(value, str):
            raise fail()
        return path.parent / value
    if key == "options":
        if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
            raise fail()
        return {rule: dict(options) for rule, options in value.items()}
    if key == "formats":

        if not isinstance(value, dict) or not all(v in FORMATS for v in value.values()):
            raise fail()
        return dict(value)
    raise AssertionError(key)


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# ---------------------------------------------------------------------------------------
# Settings: defaults, then the file, then the command line
# ---------------------------------------------------------------------------------------


@dataclass
class Overrides:
    """Settings given on the command line ("" / None / empty: not given)."""

    config: Path | None = None
    isolated: bool = False
    select: str = ""
    extend_select: str = ""
    ignore: str = ""
    fail_on: str = ""
    rules_dir: list[Path] = field(default_factory=list)
    baseline: Path | None = None
    trust_config_rules: bool = False


@dataclass
class Settings:
    path: Path | None = None  # the configuration file read, if any
    base: Path = field(default_factory=Path.cwd)  # relative globs resolve against this
    # The user trusts the Python rules the configuration file names (linter.rules.trust).
    trusted: bool = False
    # key -> [(where it came from, value)], in order: file, then command line.
    layers: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)

    def add(self, key: str, origin: str, value: Any) -> None:
        self.layers.setdefault(key, []).append((origin, value))

    def __getitem__(self, key: str) -> Any:
        layers = self.layers.get(key)
        if not layers:
            return DEFAULTS[key]
        if key in MERGED:
            return [item for _, value in layers for item in value]
        return layers[-1][1]

    def origin(self, key: str) -> str:
        layers = self.layers.get(key)
        if not layers:
            return DEFAULT
        if key in MERGED:
            return " + ".join(origin for origin, _ in layers)
        return layers[-1][0]

    @property
    def fail_on(self) -> Severity:
        return Severity(self["fail-on"])

    def labelled(self, key: str) -> Iterator[tuple[str, Any]]:
        """(origin, value) of the layers that decide ``key``."""
        layers = self.layers.get(key, [])
        yield from layers if key in MERGED else layers[-1:]


def resolve(cli: Overrides | None = None, cwd: Path | None = None) -> Settings:
    """The settings of a run: the configuration file (unless isolated), then ``cli``."""
    cli = cli or Overrides()
    if cli.config is not None and cli.isolated:
        raise ArtlintError("--config and --isolated cannot be used together")
    path = None if cli.isolated else (cli.config or find(cwd))
    settings = Settings()
    if cwd is not None:
        settings.base = cwd
    if path is not None:
        path = Path(os.path.abspath(path))
        settings.path, settings.base = path, path.parent
        for key, value in read(path).items():
            settings.add(key, str(path), _check_value(path, key, value))
        if "rules-dir" in settings.layers:
            settings.trusted = trust.trusted(path, cli.trust_config_rules)
    if cli.select:
        settings.add("select", "--select", selectors.split(cli.select))
    if cli.extend_select:
        settings.add("extend-select", "--extend-select", selectors.split(cli.extend_select))
    if cli.ignore:
        settings.add("ignore", "--ignore", selectors.split(cli.ignore))
    if cli.fail_on:
        if cli.fail_on not in SEVERITIES:
            raise ArtlintError(f"--fail-on: expected one of {', '.join(SEVERITIES)}; "
                               f"got `{cli.fail_on}`")
        settings.add("fail-on", "--fail-on", cli.fail_on)
    if cli.rules_dir:
        settings.add("rules-dir", "--rules-dir", list(cli.rules_dir))
    if cli.baseline is not None:
        settings.add("baseline", "--baseline", cli.baseline)
    return settings


# ---------------------------------------------------------------------------------------
# Rules: load, configure, select
# ---------------------------------------------------------------------------------------


def all_rules(
    rules_dirs: Iterable[Path] = (), plugins: bool = True, untrusted: dict[Path, Path] | None = None
) -> list[Rule]:
    """Every loadable rule: the built-in pack, rules folders, plugins. ``untrusted``:
    folders whose Python rules are refused -> the configuration file that named them."""
    from linter.rules.loader import load_rules  # with `regex`: not needed when the cache answers

    return load_rules(rules_dirs, plugins=plugins, untrusted=untrusted)


def known_rules(settings: Settings, plugins: bool = True) -> list[Rule]:
    """Every rule ``settings`` loads: Python rules in folders only an untrusted
    configuration file names are refused (linter.rules.trust)."""
    return all_rules(settings["rules-dir"], plugins, untrusted_folders(settings))


def untrusted_folders(settings: Settings) -> dict[Path, Path]:
    """The rules folders named only by a configuration file the user has not trusted,
    each -> that file. A folder also given with `--rules-dir` is the user's choice."""
    if settings.trusted or settings.path is None:
        return {}
    layers = list(settings.labelled("rules-dir"))
    named = {os.path.realpath(folder) for origin, folders in layers if origin.startswith("--")
             for folder in folders}
    return {folder: settings.path for origin, folders in layers if not origin.startswith("--")
            for folder in folders if os.path.realpath(folder) not in named}


def _where(origin: str, key: str) -> str:
    return f"{origin}: `{key}`" if origin != DEFAULT and not origin.startswith("--") else origin


def configure(rules: list[Rule], settings: Settings) -> list[Rule]:
    """Check every selector and option against ``rules``; apply options and severities.

    Returns the rules that run (all of ``rules`` stay known, for suppressions).
    """
    for key in ("select", "extend-select", "ignore"):
        for origin, names in settings.labelled(key):
            if names:
                selectors.validate(names, rules, _where(origin, key))
    for origin, table in settings.labelled("per-file-ignores"):
        for glob, names in table.items():
            selectors.validate(names, rules, f"{origin}: `per-file-ignores` `{glob}`")
    by_id = {rule.id: rule for rule in rules}
    for origin, table in settings.labelled("options"):
        for rule_id, values in table.items():
            if rule_id not in by_id:
                with_options = sorted(r.id for r in rules if r.options)
                raise ArtlintError(f"{origin}: `options.{rule_id}`: no such rule; rules with "
                                   f"options: {', '.join(with_options) or 'none'}")
            try:
                by_id[rule_id].configure(values)
            except ValueError as exc:
                raise ArtlintError(f"{origin}: `options.{rule_id}`: {exc}") from None
    overrides = settings["severity"]
    if overrides:
        selectors.validate(overrides, rules, _where(settings.origin("severity"), "severity"))
    return choose_and_rate(rules, settings)


def choose_and_rate(rules: list[Any], settings: Settings) -> list[Any]:
    """The rules `select`, `extend-select` and `ignore` choose, each with the severity
    its most specific `severity` selector gives (rules already validated)."""
    overrides = settings["severity"]
    for rule in rules:
        named = [name for name in overrides if selectors.matches(name, rule)]
        if named:
            best = max(named, key=lambda name: selectors.specificity(name, rule))
            rule.severity = Severity(overrides[best])
    return selectors.choose(rules, settings["select"], settings["extend-select"],
                            settings["ignore"])


def build(settings: Settings, plugins: bool = True) -> ConfiguredLinter:
    known = known_rules(settings, plugins)
    chosen = configure(known, settings)
    return ConfiguredLinter(chosen, known=known, settings=settings)


class LazyLinter:
    """``build(settings, plugins)``, done on first use: stands in for the ConfiguredLinter
    (every attribute but ``settings`` and ``plugins`` is the built linter's), so a run
    whose files all come from the result cache loads no rule at all. Rule and
    configuration errors surface when the linter is first needed.
    """

    def __init__(self, settings: Settings, plugins: bool = True) -> None:
        self.settings = settings
        self.plugins = plugins

    @cached_property
    def built(self) -> ConfiguredLinter:
        return build(self.settings, self.plugins)

    def validate(self) -> ConfiguredLinter:
        """Build now, raising any rule or configuration error."""
        return self.built

    def __getattr__(self, name: str) -> Any:
        return getattr(self.built, name)


class ConfiguredLinter(Linter):
    """A Linter that honours per-file ignores and inline suppression comments.

    Both act on findings after the rules ran, in ``check``; ``fix`` checks again after
    every pass, so an ignored or suppressed finding is never fixed either.
    """

    def __init__(
        self, rules: list[Rule], known: list[Rule] | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(rules)
        self.known = list(known if known is not None else rules)
        self.settings = settings or Settings()
        self._by_id = {rule.id: rule for rule in self.rules}
        self._unused = self._by_id.get(UnusedSuppression.id)
        self._ignores = [
            (glob_matcher(pattern, self.settings.base, folders=True), names)
            for pattern, names in self.settings["per-file-ignores"].items()
        ]
        self.fix_log: list[tuple[str, FixResult]] | None = None  # set to a list to record
        self.ignore_file = ignorefile.load(
            ignorefile.path_for(self.settings["ignore-file"], self.settings.base))

    def fix(
        self, doc: Document, unsafe: bool = False, protected: Iterable[int] = ()
    ) -> FixResult:
        result = super().fix(doc, unsafe=unsafe, protected=protected)
        if self.fix_log is not None:
            self.fix_log.append(("<stdin>" if doc.path == files.STDIN else doc.path, result))
        return result

    def ignored_rules(self, path: str) -> set[str]:
        """Ids of the rules per-file-ignores turns off for ``path``."""
        names = self.ignored_names(path)
        return {rule.id for rule in self.rules
                if any(selectors.matches(name, rule) for name in names)} if names else set()

    def ignored_names(self, path: str) -> list[str]:
        """The selectors per-file-ignores gives for ``path``."""
        if not self._ignores or path in ("-", files.STDIN):
            return []
        target = os.path.abspath(path)
        return [name for matcher, group in self._ignores if matcher(target) for name in group]

    def check(self, doc: Document) -> CheckResult:
        ignored = self.ignored_rules(doc.path)  # not run at all, rather than run and dropped
        result = super().check(doc, skip=ignored)
        ran = {rule_id: rule for rule_id, rule in self._by_id.items() if rule_id not in ignored}
        unused = self._unused if UnusedSuppression.id in ran else None
        findings = apply_suppressions(doc, result.findings, ran, self.known, unused)
        if self.ignore_file.entries:
            findings = [f for f in findings if not self.ignore_file.ignores(doc, f)]
        return CheckResult(findings, result.errors)


# ---------------------------------------------------------------------------------------
# Files: include, exclude, .gitignore
# ---------------------------------------------------------------------------------------


def filter_files(paths: Iterable[str], found: list[str], settings: Settings) -> list[str]:
    """``found`` (what ``files.collect`` found for ``paths``) through the settings'
    include/exclude globs and .gitignore.

    A file found in a folder is kept when it matches ``include``, matches no ``exclude``
    glob (a glob naming a folder excludes everything below it) and, with
    ``respect-gitignore``, is not ignored by git. A file named on the command line is
    linted whatever its name, and (unless ``force-exclude``) even when excluded or
    git-ignored.
    """
    include = [glob_matcher(p, settings.base, folders=False) for p in settings["include"]]
    exclude = [glob_matcher(p, settings.base, folders=True) for p in settings["exclude"]]
    named = {raw for raw in paths if raw != files.STDIN and not Path(raw).is_dir()}
    force = settings["force-exclude"]
    kept: list[str] = []
    judged: list[str] = []  # the files .gitignore may drop
    for path in found:
        if path == files.STDIN or (path in named and not force):
            kept.append(path)
            continue
        full = os.path.abspath(path)
        if path not in named and not any(matcher(full) for matcher in include):
            continue
        if any(matcher(full) for matcher in exclude):
            continue
        kept.append(path)
        judged.append(path)
    if settings["respect-gitignore"] and judged:
        judged = _below_unignored_roots(judged, paths)
        ignored = git_ignored(judged, [raw for raw in paths if raw != files.STDIN])
        kept = [path for path in kept if path not in ignored]
    return kept


def _below_unignored_roots(found: list[str], paths: Iterable[str]) -> list[str]:
    """Those of ``found`` that .gitignore may drop: not the ones below a folder named on
    the command line that git ignores as a whole (named, it is linted, as ripgrep searches
    an ignored folder it is given)."""
    folders = [raw for raw in paths if raw != files.STDIN and Path(raw).is_dir()]
    named_ignored = [os.path.abspath(raw) for raw in git_ignored(folders)] if folders else []
    if not named_ignored:
        return found
    return [path for path in found
            if not any(files.inside(os.path.abspath(path), root) for root in named_ignored)]


def git_ignored(paths: list[str], roots: Iterable[str] = ()) -> set[str]:
    """Those of ``paths`` that git ignores (none when git or a work tree is missing).

    A path below one of ``roots`` (the folders named on the command line) is asked of
    that folder's repository, so git runs once per root rather than once per folder.
    """
    ignored: set[str] = set()
    by_top: dict[str, list[str]] = {}
    folders = sorted((os.path.abspath(root) for root in roots if os.path.isdir(root)),
                     key=len, reverse=True)
    for path in paths:
        full = os.path.abspath(path)
        root = next((f for f in folders if full.startswith(f.rstrip(os.sep) + os.sep)), None)
        top = _git_toplevel(root or os.path.dirname(full))
        if top:
            by_top.setdefault(top, []).append(path)
    for top, group in by_top.items():
        absolute = {os.path.abspath(p): p for p in group}
        try:
            done = subprocess.run(
                ["git", "-C", top, "check-ignore", "--stdin", "-z"],
                input="\0".join(absolute).encode() + b"\0", capture_output=True, check=False,
            )
        except OSError:
            continue
        if done.returncode == 0:
            for item in done.stdout.decode().split("\0"):
                if item in absolute:
                    ignored.add(absolute[item])
    return ignored


@lru_cache(maxsize=256)
def _git_toplevel(folder: str) -> str | None:
    if not _may_be_in_work_tree(folder):
        return None  # no `.git` above: spare the git process (~5 ms)
    try:
        done = subprocess.run(["git", "-C", folder, "rev-parse", "--show-toplevel"],
                              capture_output=True, check=False)
    except OSError:
        return None
    top = done.stdout.decode().strip() if done.returncode == 0 else ""
    return top or None


def _may_be_in_work_tree(folder: str) -> bool:
    """False when git could not find a repository for ``folder``: no `.git` (folder or
    file) in it or above it, and no GIT_DIR or GIT_WORK_TREE pointing elsewhere."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    current = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


# ---------------------------------------------------------------------------------------
# `artlint config`
# ---------------------------------------------------------------------------------------


def describe(settings: Settings, linter: ConfiguredLinter) -> dict[str, Any]:
    """The effective configuration, each key with its value and where it came from."""
    values = {}
    for key in KEYS:
        value = settings[key]
        if key == "select" and value is None:
            value = "(default set: every rule that is not opt-in)"
        values[key] = {"value": _plain(value), "from": settings.origin(key)}
    enabled = [rule.id for rule in linter.rules]
    return {
        "config-file": str(settings.path) if settings.path else None,
        "base": str(settings.base),
        "settings": values,
        "rules": {"enabled": enabled, "known": len(linter.known)},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def render(info: dict[str, Any]) -> str:
    """``describe`` as TOML-like text, each value followed by its origin."""

    lines = [
        f"# configuration file: {info['config-file'] or 'none (defaults)'}",
        f"# paths and globs resolve against: {info['base']}",
    ]
    for key, item in info["settings"].items():
        value = item["value"]
        shown = value if isinstance(value, str) and value.startswith("(") else json.dumps(
            value, ensure_ascii=False)
        lines.append(f"{key} = {shown}  # from: {item['from']}")
    enabled = info["rules"]["enabled"]
    lines.append(f"# {len(enabled)} of {info['rules']['known']} rules enabled: "
                 + ", ".join(enabled))
    return "\n".join(lines)
