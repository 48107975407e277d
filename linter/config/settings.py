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

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter import files, globs
from linter.errors import ArtlintError, not_utf8
from linter.findings import Severity
from linter.rules import selectors, trust
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
    "baseline": "a baseline file: report only findings not recorded in it (`check`, and what"
    " `fix` leaves)",
    "ignore-file": "the ignore file: findings judged to be article text, never reported or"
    " fixed (default `.artlint-ignore.json` beside the configuration file, or in the current"
    " folder; `artlint check --add-ignore` writes it)",
    "options": "a table of rule id -> table of that rule's options",
    "formats": "a table of glob -> input format (`text`, `markdown`, `html`, `jsonl`, `parquet`)",
    "jsonl-fields": "a list of JSON Lines fields holding article text (default `text`;"
    " dotted paths such as `article.body`)",
    "unfixable": "a list of rule selectors whose findings are reported but never fixed, not"
    " even with `--unsafe-fixes`",
    "extend-unsafe-fixes": "a list of rule selectors whose fixes `fix` applies only with"
    " `--unsafe-fixes` (on a rule both name, the more specific selector wins)",
    "extend-safe-fixes": "a list of rule selectors whose unsafe fixes `fix` applies by default"
    " (a shape rule's still only where phrase evidence backs it)",
}
# Keys of rule selectors that change how the chosen rules' fixes are applied.
FIX_KEYS = ("unfixable", "extend-unsafe-fixes", "extend-safe-fixes")
# Keys whose command-line value is added to the file's instead of replacing it.
MERGED = frozenset({"extend-select", "ignore", "rules-dir"})
DEFAULTS: dict[str, Any] = {
    "select": None,
    "extend-select": [],
    "ignore": [],
    "severity": {},
    "unfixable": [],
    "extend-unsafe-fixes": [],
    "extend-safe-fixes": [],
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
    """Whether a pyproject.toml sets ``tool.artlint``: a ``[tool.artlint]`` header says so
    without parsing the file; any other spelling TOML allows (``artlint = {...}`` under
    ``[tool]``, dotted keys) is found by parsing it, when a line sets an ``artlint`` key
    (not for a project that lists artlint among its dependencies). A file that is not
    valid TOML counts when such a line is there, so that reading it names the error. So
    do one that is not valid UTF-8 but sets the table (read with U+FFFD for the bad bytes
    here), and one that cannot be read at all: it may configure artlint, and its error is
    named rather than the defaults used without a word."""
    try:
        data = path.read_bytes()
    except OSError:
        return True
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")  # a BOM is not TOML
    if re.search(r"^\s*\[\s*tool\s*\.\s*artlint\s*[.\]]", text, re.MULTILINE):
        return True
    if re.search(r"^\s*(tool\s*\.\s*)?artlint\s*[.=]", text, re.MULTILINE) is None:
        return False
    import tomllib  # deferred: only a pyproject.toml that sets an artlint key otherwise

    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return True
    return isinstance(tool, dict) and "artlint" in tool


def read(path: Path) -> dict[str, Any]:
    """The artlint table of ``path`` (the whole file, or [tool.artlint] of pyproject.toml)."""
    import tomllib  # deferred: ~2 ms: only a run with a configuration file needs it

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8").removeprefix("\ufeff"))  # BOM
    except FileNotFoundError:
        raise ArtlintError(f"{path}: configuration file does not exist") from None
    except OSError as exc:
        raise ArtlintError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ArtlintError(f"{path}: {not_utf8(exc.object, exc.start)}: TOML is UTF-8 text"
                           ) from None
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
        import difflib  # deferred: only to name an unknown key's close match

        close = difflib.get_close_matches(key, KEYS, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise ConfigError(path, key, f"unknown key{hint}; allowed: {', '.join(KEYS)}")

    def fail() -> ConfigError:
        return ConfigError(path, key, f"expected {KEYS[key]}; got {value!r}")

    if key in ("select", "extend-select", "ignore", "include", "exclude", "jsonl-fields",
               *FIX_KEYS):
        if not _string_list(value):
            raise fail()
        if key in ("include", "exclude"):
            _check_globs(path, key, value)
        if key == "include" and not value:  # no glob: no file in a folder is ever linted
            raise ConfigError(path, key, f"expected {KEYS[key]}, at least one; got []")
        if key == "select" and not value:  # would pass for `select` left out: the default set
            raise ConfigError(path, key, f"expected {KEYS[key]}, at least one (leave `select` "
                              "out for the default set); got []")
        if key == "jsonl-fields" and (not value or not all(
                all(name.split(".")) for name in value)):  # no field: nothing to lint
            raise ConfigError(path, key, f"expected {KEYS[key]}, at least one, each a "
                              f"field name or a dotted path; got {value!r}")
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
        _check_globs(path, key, list(value))
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
        _check_globs(path, key, list(value))
        return dict(value)
    raise AssertionError(key)


def _check_globs(path: Path, key: str, patterns: list[str]) -> None:
    for pattern in patterns:
        if (why := globs.problem(pattern)) is not None:
            raise ConfigError(path, key, f"bad glob {pattern!r}: {why}")


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
    """A configuration's values and where it came from."""

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
    for key, value in (("select", cli.select), ("extend-select", cli.extend_select),
                       ("ignore", cli.ignore)):
        if value:
            settings.add(key, f"--{key}", selectors.given(value, f"--{key}"))
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
