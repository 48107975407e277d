"""The library API: build a linter once from a configuration, then check and fix texts and
records with it, in this process or on workers.

::

    from linter import ArticleLinter

    lint = ArticleLinter(select=["related-links"], isolated=True)
    findings = lint.check(text)               # list[Finding]
    fixed, remaining = lint.fix(text)         # the text `artlint fix` would write
    for item in lint.fix_records(records, fields="body"):
        save(item.record)

The names in ``__all__`` are the stable API (docs/large-corpora.md, "Library API"): within
a major version their signatures and results keep their meaning; new keyword arguments
come with defaults. Everything else under ``linter`` is internal.

An ``ArticleLinter`` pickles as its configuration (the resolved settings and the
fingerprint of its rules), not as compiled rules: a process that unpickles it builds the
rules when it first uses them, once (later copies reuse them), and refuses to run if its
rules differ from the sender's (another artlint version, or a rules folder that differs).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from linter import files
from linter.config import linters
from linter.config import settings as config
from linter.config.linters import ConfiguredLinter
from linter.document import Document
from linter.engine import guard
from linter.engine.linter import RuleError
from linter.errors import ArtlintError
from linter.findings import Finding, Severity
from linter.pipeline import cache
from linter.pipeline.records import (
    FieldResult,
    FixOptions,
    LineResult,
    TextResult,
    lint_line,
    lint_text,
)
from linter.version import __version__

__all__ = [
    "ArticleLinter",
    "ArtlintError",
    "FieldResult",
    "Finding",
    "FixOptions",
    "Fixed",
    "LineResult",
    "RecordResult",
    "RuleError",
    "Severity",
    "TextResult",
]

Names = str | Sequence[str] | None


class Fixed(NamedTuple):
    """What ``ArticleLinter.fix`` returns: the fixed text and the findings left in it."""

    text: str
    findings: list[Finding]


@dataclass
class RecordResult:
    """One record checked or fixed: ``record`` is a copy with the fixed fields when a fix
    changed it, else the record given."""

    record: Mapping[str, Any]
    fields: list[FieldResult] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(item.result.changed for item in self.fields)

    @property
    def findings(self) -> list[Finding]:
        return [f for item in self.fields for f in item.result.findings]

    @property
    def errors(self) -> list[RuleError]:
        return [e for item in self.fields for e in item.result.errors]


class ArticleLinter:
    """The rules of one configuration, ready to check and fix text.

    ``config``: a configuration file (TOML, as ``--config``); without it the one found
    from ``cwd`` (default: the current folder) upwards is read, unless ``isolated``.
    ``select``, ``extend_select``, ``ignore``: rule selectors (a list, or comma-separated),
    on top of the file, as on the command line; ``rules_dirs``: your own rules folders.
    ``trust_config_rules``: run the Python rules the configuration file's ``rules-dir``
    names (as ``--trust-config-rules``; README "Safety").
    ``unsafe_fixes``, ``force``, ``max_deletion`` (a share, 0..1): as ``artlint fix``'s
    options. ``fields``: the record fields holding article text (default: the
    configuration's ``jsonl-fields``, else ``text``; dotted paths reach nested objects).

    Raises ``ArtlintError`` for a bad configuration, selector or rules folder.
    """

    def __init__(
        self,
        config_file: str | os.PathLike[str] | None = None,
        *,
        select: Names = None,
        extend_select: Names = None,
        ignore: Names = None,
        rules_dirs: Iterable[str | os.PathLike[str]] = (),
        isolated: bool = False,
        cwd: str | os.PathLike[str] | None = None,
        unsafe_fixes: bool = False,
        force: bool = False,
        max_deletion: float = guard.DEFAULT_MAX_DELETION,
        fields: Names = None,
        trust_config_rules: bool = False,
    ) -> None:
        if isinstance(rules_dirs, (str, os.PathLike)):
            raise ArtlintError(f"rules_dirs: expected a list of folders; got one: "
                               f"{os.fspath(rules_dirs)!r} (write [{os.fspath(rules_dirs)!r}])")
        base = Path(cwd) if cwd is not None else Path.cwd()  # as the run's own: workers too
        overrides = config.Overrides(
            config=Path(config_file) if config_file is not None else None, isolated=isolated,
            select=_joined(select, "select"), extend_select=_joined(extend_select,
                                                                  "extend_select"),
            ignore=_joined(ignore, "ignore"),
            rules_dir=[base / folder for folder in rules_dirs],
            trust_config_rules=trust_config_rules)
        settings = config.resolve(overrides, cwd=Path(cwd) if cwd is not None else None)
        self._setup(settings, FixOptions(unsafe_fixes, force, max_deletion), fields)

    @classmethod
    def from_settings(
        cls, settings: config.Settings, fix: FixOptions | None = None, fields: Names = None
    ) -> ArticleLinter:
        """A linter for settings already resolved (``linter.config.settings.resolve``), as the CLI
        builds them from its options."""
        linter = cls.__new__(cls)
        linter._setup(settings, fix or FixOptions(), fields)
        return linter

    def _setup(self, settings: config.Settings, fix: FixOptions, fields: Names) -> None:

        if not 0 <= fix.max_deletion <= 1:
            raise ArtlintError(f"max_deletion: expected a share from 0 to 1; "
                               f"got {fix.max_deletion}")
        self.settings = settings
        self.fix_options = fix
        self._engine: ConfiguredLinter | None = linters.build(settings)
        self.fields: list[str] = _names(fields) or list(settings["jsonl-fields"])
        self.fingerprint = cache.fingerprint(self._engine, settings)

    @property
    def engine(self) -> ConfiguredLinter:
        """The rules, built on first use in a process that unpickled this linter."""
        if self._engine is None:
            self._engine = _engine_for(self.settings, self.fingerprint)
        return self._engine

    @property
    def rules(self) -> list[str]:
        """The ids of the rules that run, sorted."""
        return [rule.id for rule in self.engine.rules]

    @property
    def fail_on(self) -> Severity:
        """The configuration's ``fail-on``: the lowest severity that fails a check."""
        return self.settings.fail_on

    # -- one text ---------------------------------------------------------------------

    def check(self, text: str, path: str = files.STDIN) -> list[Finding]:
        """The findings in ``text``. ``path`` names it (per-file ignores match it)."""
        return self.lint(text, path=path).findings

    def fix(self, text: str, path: str = files.STDIN) -> Fixed:
        """The text ``artlint fix`` would write for ``text``, and the findings left in it.
        A fix the deletion guard holds back leaves the text as it was (``lint`` says why)."""
        result = self.lint(text, fix=True, path=path)
        return Fixed(result.text, result.findings)

    def lint(self, text: str, *, fix: bool = False, path: str = files.STDIN) -> TextResult:
        """Everything about one check or fix: the text, findings, rule errors, the number
        of fixes applied, and why a fix was held back, if it was."""
        return lint_text(self.engine, Document(text, path), self.fix_options if fix else None)

    # -- records ----------------------------------------------------------------------

    def check_records(
        self, records: Iterable[Mapping[str, Any]], fields: Names = None,
        path: str = files.STDIN,
    ) -> Iterator[RecordResult]:
        """Check the text fields of each record (a mapping, e.g. a parsed JSON object);
        a record without the field, or with a non-string there, has no field results."""
        for record in records:
            yield self._record(record, _names(fields) or self.fields, path, fix=False)

    def fix_records(
        self, records: Iterable[Mapping[str, Any]], fields: Names = None,
        path: str = files.STDIN,
    ) -> Iterator[RecordResult]:
        """Fix the text fields of each record; a changed record comes back as a copy."""
        for record in records:
            yield self._record(record, _names(fields) or self.fields, path, fix=True)

    def lint_line(
        self, raw: bytes, *, fix: bool = False, fields: Names = None, path: str = files.STDIN
    ) -> LineResult:
        """Check or fix one JSON Lines record given as bytes (with its line ending), as
        ``artlint fix`` does: ``out`` keeps every byte but the changed string literals."""
        options = self.fix_options if fix else None
        return lint_line(self.engine, raw, _names(fields) or self.fields, path, options)

    def _record(
        self, record: Mapping[str, Any], paths: list[str], path: str, fix: bool
    ) -> RecordResult:
        if not isinstance(record, Mapping):
            raise TypeError(f"a record must be a mapping; got {type(record).__name__}")
        options = self.fix_options if fix else None
        results = []
        for dotted in paths:
            text = _get(record, dotted)
            if isinstance(text, str):
                results.append(FieldResult(
                    dotted, text, lint_text(self.engine, Document(text, path), options)))
        out = record
        for item in results:
            if item.result.changed:
                out = _put(out, item.path.split("."), item.result.text)
        return RecordResult(out, results)

    # -- pickling ---------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _restore, (self.settings, self.fix_options, tuple(self.fields), self.fingerprint)

    def __repr__(self) -> str:
        source = self.settings.path or "no configuration file"
        return f"<ArticleLinter {len(self.rules)} rules, {source}>"


def _restore(
    settings: config.Settings, fix: FixOptions, fields: tuple[str, ...], fingerprint: str
) -> ArticleLinter:
    """Unpickle: the configuration only. The rules are built when first used, so a
    process that only passes the linter on (a Dask scheduler) never builds them."""
    linter = ArticleLinter.__new__(ArticleLinter)
    linter.settings, linter.fix_options = settings, fix
    linter.fields, linter.fingerprint = list(fields), fingerprint
    linter._engine = None
    return linter


_ENGINES: dict[str, ConfiguredLinter] = {}  # fingerprint -> rules built in this process
_BUILDING = threading.Lock()


def _engine_for(settings: config.Settings, fingerprint: str) -> ConfiguredLinter:
    """The rules of ``settings``, built once per process; they must be the sender's
    (same artlint version, same rules), or ArtlintError."""

    with _BUILDING:
        engine = _ENGINES.get(fingerprint)
        if engine is None:
            engine = linters.build(settings)
            if cache.fingerprint(engine, settings) != fingerprint:
                raise ArtlintError(
                    f"the rules here (artlint {__version__} on {_host()}) differ from those "
                    "of the process that sent the linter: install the same artlint, rules "
                    "folders and rule plugins on every worker")
            _ENGINES[fingerprint] = engine
    return engine


def _host() -> str:

    return socket.gethostname()


def _names(value: Names) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [name.strip() for name in value.split(",") if name.strip()]
    return list(value)


def _joined(value: Names, where: str) -> str:
    """Selectors as the command line gives them; ArtlintError for a value given that
    names none ("", ",", []): it would pass for the argument left out (the default set)."""
    names = _names(value)
    if value is not None and not names:
        raise ArtlintError(f"{where}: expected rule selectors; got {value!r}")
    return ",".join(names)


def _get(record: Mapping[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _put(record: Mapping[str, Any], parts: list[str], text: str) -> dict[str, Any]:
    """A copy of ``record`` with ``text`` at ``parts`` (only the objects on the path are
    copied; the caller's record is left as it is)."""
    out = dict(record)
    out[parts[0]] = text if len(parts) == 1 else _put(record[parts[0]], parts[1:], text)
    return out
