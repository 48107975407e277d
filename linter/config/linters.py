"""The linter a configuration builds: its rules loaded, configured (severity, options)
and selected, and wrapped (``ConfiguredLinter``) for per-file ignores, suppression
comments and the ignore file; ``LazyLinter`` builds it on first use."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

from linter import files
from linter.config import ignorefile
from linter.config.settings import DEFAULT, FIX_KEYS, Settings
from linter.document import Document
from linter.engine.linter import CheckResult, FixResult, Linter
from linter.errors import ArtlintError
from linter.findings import Applicability, Severity
from linter.globs import glob_matcher
from linter.rule import Rule
from linter.rules import selectors
from linter.rules.suppression import UnusedSuppression
from linter.rules.suppression import apply as apply_suppressions


def all_rules(
    rules_dirs: Iterable[Path] = (), plugins: bool = True, untrusted: dict[Path, Path] | None = None
) -> list[Rule]:
    """Every loadable rule: the built-in pack, rules folders, plugins. ``untrusted``:
    folders whose Python rules are refused -> the configuration file that named them."""
    from linter.rules.loader import (
        load_rules,  # deferred: with `regex`: not needed when the cache answers
    )

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
    for key in ("select", "extend-select", "ignore", *FIX_KEYS):
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
    chosen = choose_and_rate(rules, settings)
    if rules and not chosen:  # every file would pass: never green by accident
        raise ArtlintError(f"{_where(settings.origin('ignore'), 'ignore')}: leaves no rule "
                           "to run (it ignores every rule `select` chose); nothing would be "
                           "linted")
    return chosen


def choose_and_rate(rules: list[Any], settings: Settings) -> list[Any]:
    """The rules `select`, `extend-select` and `ignore` choose, each with the severity
    its most specific `severity` selector gives and the fix safety `unfixable`,
    `extend-unsafe-fixes` and `extend-safe-fixes` give (rules already validated)."""
    overrides = settings["severity"]
    for rule in rules:
        named = [name for name in overrides if selectors.matches(name, rule)]
        if named:
            best = max(named, key=lambda name: selectors.specificity(name, rule))
            rule.severity = Severity(overrides[best])
        set_fix_safety(rule, settings)
    return selectors.choose(rules, settings["select"], settings["extend-select"],
                            settings["ignore"])


def set_fix_safety(rule: Any, settings: Settings) -> None:
    """Apply `unfixable`, `extend-unsafe-fixes` and `extend-safe-fixes` to ``rule``:
    `unfixable` wins; between the other two the most specific selector, unsafe on a tie."""
    if any(selectors.matches(name, rule) for name in settings["unfixable"]):
        rule.fixable = False
        return
    named = [(name, safety) for key, safety in (("extend-safe-fixes", Applicability.SAFE),
                                                ("extend-unsafe-fixes", Applicability.UNSAFE))
             for name in settings[key] if selectors.matches(name, rule)]
    if named:  # as for `severity`: the most specific selector (and unsafe on a tie)
        _, safety = max(named, key=lambda pair: (*selectors.specificity(pair[0], rule),
                                                 pair[1] is Applicability.UNSAFE))
        rule.applicability = rule.configured_safety = safety


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
        ran = self._by_id if not ignored else {  # read only: shared while nothing is ignored
            rule_id: rule for rule_id, rule in self._by_id.items() if rule_id not in ignored}
        unused = self._unused if UnusedSuppression.id in ran else None
        findings = apply_suppressions(doc, result.findings, ran, self.known, unused)
        if self.ignore_file.entries:
            findings = [f for f in findings if not self.ignore_file.ignores(doc, f)]
        return CheckResult(findings, result.errors)
