"""The closest configuration file per linted file, as in ruff (docs/configuration.md).

A run has one configuration of its own, the *run's configuration*: ``--config FILE``, or
the file found from the current folder upwards, or none (``--isolated``). Without
``--config`` and ``--isolated``, each file is linted with the configuration *closest* to
it: the first configuration file in its own folder or the nearest parent folder, else the
run's. Files are not merged: the closest file decides every per-file key (rule selection,
severities, rule options, per-file-ignores, include/exclude, rules folders, formats, the
ignore file). The keys in ``RUN_KEYS`` decide the whole run, so they come from the run's
configuration only; a nested file that sets one gets a note. Options given on the
command line apply on top of every file. The file found for each folder, and the settings
read from each file, are cached for the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from linter import files
from linter.config import linters
from linter.config import paths as file_filters
from linter.config import settings as config

# Keys that decide the whole run: read from the run's configuration only.
RUN_KEYS = ("fail-on", "baseline")


class Resolver:
    """The settings of each linted file: the closest configuration file's, or the run's."""

    def __init__(self, cli: config.Overrides, cwd: Path | None = None) -> None:
        self.cli = cli
        self.root = config.resolve(cli, cwd)
        self.hierarchical = cli.config is None and not cli.isolated
        self.notes: list[str] = []  # one per per-run key a nested file sets
        self._closest: dict[str, Path | None] = {}  # folder -> its closest file
        self._settings: dict[str, config.Settings] = {}  # real path of a file -> settings
        if self.root.path is not None:
            self._settings[os.path.realpath(self.root.path)] = self.root

    def for_path(self, path: str) -> config.Settings:
        """The settings ``path`` (a file; "" or "-" for stdin) is linted with."""
        if not self.hierarchical or path in ("", files.STDIN):
            return self.root
        found = self._closest_to(os.path.dirname(os.path.abspath(path)))
        return self.root if found is None else self._read(found)

    def for_folder(self, folder: str) -> config.Settings:
        """The settings of the files directly inside ``folder``."""
        return self.for_path(os.path.join(folder, "_"))

    def groups(self, paths: Iterable[str], stdin_filename: str = ""
               ) -> list[tuple[config.Settings, list[str]]]:
        """``paths`` grouped by their settings, groups and members in first-seen order
        (stdin goes by ``stdin_filename``'s place when given)."""
        by_id: dict[int, tuple[config.Settings, list[str]]] = {}
        for path in paths:
            settings = self.for_path(stdin_filename if path == files.STDIN else path)
            by_id.setdefault(id(settings), (settings, []))[1].append(path)
        return list(by_id.values())

    def filter_files(self, paths: list[str], found: list[str]) -> list[str]:
        """``config.paths.filter_files`` with each found file judged by its own settings."""
        kept: set[str] = set()
        for settings, members in self.groups(found):
            kept.update(file_filters.filter_files(paths, members, settings))
        return [path for path in found if path in kept]

    def _closest_to(self, folder: str) -> Path | None:
        walked: list[str] = []
        current = folder
        while current not in self._closest:
            own = config.in_folder(Path(current))
            parent = os.path.dirname(current)
            if own is not None or parent == current:
                self._closest[current] = own
                break
            walked.append(current)
            current = parent
        found = self._closest[current]
        for below in walked:
            self._closest[below] = found
        return found

    def _read(self, path: Path) -> config.Settings:
        key = os.path.realpath(path)
        if key not in self._settings:
            nested = config.resolve(replace(self.cli, config=path))
            self._settings[key] = self._with_run_keys(nested)
        return self._settings[key]

    def _with_run_keys(self, nested: config.Settings) -> config.Settings:
        """``nested`` with the run's own keys taken from the run's configuration."""
        for key in RUN_KEYS:
            if any(origin == str(nested.path) for origin, _ in nested.layers.get(key, [])):
                self.notes.append(
                    f"{nested.path}: `{key}` applies to the whole run, so it is read from the "
                    f"run's configuration ({self.root.path or 'none'}), not from here; run "
                    f"artlint from {nested.base} to use it")
            nested.layers.pop(key, None)
            if key in self.root.layers:
                nested.layers[key] = list(self.root.layers[key])
        return nested


class RunLinters:
    """One linter per configuration of the run, each built on first use
    (``linters.LazyLinter``). Stands in for the run's linter where the whole run is
    described (SARIF's rules, the HTML report's fixes)."""

    def __init__(self, resolver: Resolver, fix_log: bool = False) -> None:
        self.resolver = resolver
        self.settings = resolver.root
        self.fix_log = fix_log  # record each fix (--show-fixes)
        self._linters: dict[int, Any] = {}

    def of(self, settings: config.Settings) -> Any:
        """The linter of ``settings`` (built now when fixes are logged)."""
        linter = self._linters.get(id(settings))
        if linter is None:
            linter = self._linters[id(settings)] = linters.LazyLinter(settings)
            if self.fix_log:
                linter.built.fix_log = []
        return linter

    def for_path(self, path: str) -> Any:
        return self.of(self.resolver.for_path(path))

    def validate(self, groups: list[tuple[config.Settings, list[str]]], every: bool) -> None:
        """Build now each linter whose configuration names rules folders it may not run
        Python from (or, with ``every``, each linter: `fix` with several configurations),
        so a refused rule or a bad selector stops the run before any file is changed."""
        for settings, _ in groups:
            if every or linters.untrusted_folders(settings):
                self.of(settings).validate()

    @property
    def rules(self) -> list[Any]:
        """Every rule of the run's linters (the run's own linter when none was used)."""
        linters = list(self._linters.values()) or [self.of(self.settings)]
        chosen: dict[str, Any] = {}
        for linter in linters:
            for rule in linter.rules:
                chosen.setdefault(rule.id, rule)
        return list(chosen.values())

    def logged_fixes(self) -> list[Any]:
        return [entry for linter in self._linters.values()
                for entry in (linter.built.fix_log or [])]
