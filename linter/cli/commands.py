"""The commands around check and fix: rules, explain, score, clean, config, new-rule and
test-rules.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from linter.cli.common import choice, resolver_of, settings_of
from linter.cli.options import (
    CacheDirOpt,
    ConfigOpt,
    ExtendSelectOpt,
    FailOnOpt,
    FormatOpt,
    IgnoreOpt,
    IsolatedOpt,
    RulesDirOpt,
    SelectOpt,
    TrustOpt,
    VerboseOpt,
    build_linter,
    handles_errors,
)
from linter.config import describe, hierarchy, linters
from linter.config import settings as config
from linter.errors import ArtlintError
from linter.pipeline.run import EXIT_FINDINGS, EXIT_OK
from linter.rule import Rule
from linter.rules import selectors


@handles_errors
def list_rules(
    output_format: FormatOpt = "text",
    rules_dir: RulesDirOpt = [],  # noqa: B006
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    trust_config_rules: TrustOpt = False,
) -> int:
    """List every rule: id, category, severity, fixable, languages, source."""
    from linter.rules import ruledocs  # deferred: only `rules`/`explain` need it (start-up)

    fmt = choice(output_format, ("text", "json"), "--output-format")
    settings = settings_of(config_file, isolated, rules_dir=rules_dir, trust=trust_config_rules)
    ruledocs.print_table(_documented_rules(settings), fmt)
    return EXIT_OK


@handles_errors
def explain(
    rule_id: Annotated[str, typer.Argument(help="The rule to explain.")],
    rules_dir: RulesDirOpt = [],  # noqa: B006
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    trust_config_rules: TrustOpt = False,
) -> int:
    """Show one rule's documentation and examples."""
    from linter.rules import ruledocs  # deferred: only `rules`/`explain` need it (start-up)

    settings = settings_of(config_file, isolated, rules_dir=rules_dir, trust=trust_config_rules)
    rules = {rule.id: rule for rule in _documented_rules(settings)}
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, rules, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise ArtlintError(f"no rule `{rule_id}`{hint}; `artlint rules` lists them")
    ruledocs.print_explanation(rules[rule_id])
    return EXIT_OK


def _documented_rules(settings: config.Settings) -> list[Rule]:
    """The rules `artlint rules` lists and `explain` documents: every known rule."""
    return _known_rules(settings)


def _known_rules(settings: config.Settings) -> list[Rule]:
    """Every loaded rule (configured rules folders included), with the configuration's
    severities and options applied."""
    rules = linters.known_rules(settings)
    linters.configure(rules, settings)
    return rules


@handles_errors
def score(
    folder: Annotated[Path, typer.Argument(help="Folder of <page>.txt + <page>.labels.json.")],
    rules_dir: RulesDirOpt = [],  # noqa: B006
    select: SelectOpt = "",
    ignore: IgnoreOpt = "",
    top: Annotated[int, typer.Option("--top", help="How many missed lines to list.")] = 25,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead.")] = False,
    half: Annotated[str, typer.Option(
        "--half", help="Score only the pages of one site half: a (first byte of "
        "sha256(site) even; pages without a url) or b (odd). Write rules from half a, "
        "judge them on half b.")] = "",
    trust_config_rules: TrustOpt = False,
) -> int:
    """Score `fix` on a line-labelled corpus: precision, recall, F1, content lost.

    By source, and by extractor (by page type when no page has artefact labels).
    By rule: lines removed, true and false positives, the sites behind them.
    Rules with true positives from fewer than 5 sites: "weakly evidenced".
    A page's site is its label url's host, without www.
    """
    import json  # deferred: only this command needs it (start-up)

    from linter import scorecard, scoring  # deferred: only `score` needs it (start-up)

    if not folder.is_dir():
        raise ArtlintError(f"{folder}: not a folder")
    chosen = choice(half, scoring.HALVES, "--half") if half else None
    result = scoring.score(
        build_linter(rules_dir, select, ignore, trust=trust_config_rules), folder, chosen)
    if not result.pages:
        raise ArtlintError(f"{folder}: no <page>.txt with a <page>.labels.json beside it"
                           + (f" in site half {chosen}" if chosen else ""))
    shown = json.dumps(scorecard.as_json(result), indent=2) if as_json else None
    print(shown or scorecard.report(result, top))
    return EXIT_OK


@handles_errors
def clean(
    cache_dir: CacheDirOpt = None,
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> int:
    """Remove the result cache."""
    from linter.pipeline import cache  # deferred: only `clean` needs it (start-up)

    settings = settings_of(config_file, isolated)
    folder = cache.folder_for(settings, cache_dir, enabled=True)
    assert folder is not None  # caching is asked for
    if folder.exists() and not cache.made_by_artlint(folder):
        raise ArtlintError(f"{folder}: not an artlint cache folder (no CACHEDIR.TAG of "
                           "artlint's); nothing removed")
    removed = cache.clean([folder])
    print(f"removed {removed[0]}" if removed else f"no cache at {folder}")
    return EXIT_OK


@handles_errors
def show_config(
    path: Annotated[str | None, typer.Argument(
        help="A file or folder: show the configuration its files are linted with (the "
        "closest configuration file). Default: the run's own.", show_default=False)] = None,
    output_format: FormatOpt = "text",
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    rules_dir: RulesDirOpt = [],  # noqa: B006
    select: SelectOpt = "",
    extend_select: ExtendSelectOpt = "",
    ignore: IgnoreOpt = "",
    fail_on: FailOnOpt = "",
    trust_config_rules: TrustOpt = False,
) -> int:
    """Print the effective configuration and where each value came from."""
    import json  # deferred: only this command needs it (start-up)

    fmt = choice(output_format, ("text", "json"), "--output-format")
    resolver = resolver_of(config_file, isolated, select, extend_select, ignore, fail_on,
                         rules_dir, trust=trust_config_rules)
    settings = _settings_for(resolver, path)
    for note in resolver.notes:
        print(f"artlint: note: {note}", file=sys.stderr)
    linter = linters.build(settings)
    info = describe.describe(settings, linter)
    shown = json.dumps(info, ensure_ascii=False, indent=2) if fmt == "json" else None
    print(shown or describe.render(info))
    return EXIT_OK


def _settings_for(resolver: hierarchy.Resolver, path: str | None) -> config.Settings:
    if path is None:
        return resolver.root
    if not os.path.exists(path):
        raise ArtlintError(f"{path}: no such file or folder")
    return resolver.for_folder(path) if os.path.isdir(path) else resolver.for_path(path)


@handles_errors
def new_rule(
    rule_id: Annotated[str, typer.Argument(help="The new rule's id (kebab-case).")],
    kind: Annotated[str, typer.Option("--kind", help="yaml or python.")] = "yaml",
    folder: Annotated[Path | None, typer.Option(
        "--dir", help="Where to write it (default: the first configured rules-dir, else .).")
    ] = None,
    category: Annotated[str, typer.Option("--category", help="Its category.")] = "misc",
    message: Annotated[str, typer.Option("--message", help="Its one-line message.")] = "",
) -> int:
    """Write a new YAML or Python rule from a template that passes `artlint test-rules`."""
    from linter.pipeline import harness  # deferred: only `new-rule`/`test-rules` need it (start-up)

    if folder is None:
        configured = settings_of()["rules-dir"]
        folder = configured[0] if configured else Path(".")
    path = harness.new_rule(rule_id, kind, folder, category, message)
    print(f"Created {path}. Edit it, then run: artlint test-rules {folder}")
    return EXIT_OK


@handles_errors
def test_rules(
    folders: Annotated[list[Path] | None, typer.Argument(
        help="Rules folders to test (default: every loaded rule).")] = None,
    rules_dir: RulesDirOpt = [],  # noqa: B006
    select: SelectOpt = "",
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    verbose: VerboseOpt = False,
    trust_config_rules: TrustOpt = False,
) -> int:
    """Run every rule's examples: `bad` flagged, `good` not, `fixed` what the fix gives."""
    from linter.pipeline import harness  # deferred: only `test-rules` needs it (start-up)
    from linter.rules.loader import load_dir  # deferred: only `test-rules` needs it (start-up)
    from linter.rules.markup import FORMAT  # deferred: only `test-rules` needs it (start-up)
    from linter.sources import html  # deferred: the HTML adapter runs markup examples

    if folders:
        rules = []
        for folder in folders:
            if not folder.is_dir():
                raise ArtlintError(f"{folder}: " + ("not a folder of rules" if folder.exists()
                                                   else "rules folder does not exist"))
            rules += load_dir(folder)
    else:
        rules = _known_rules(settings_of(config_file, isolated, rules_dir=rules_dir,
                                       trust=trust_config_rules))
    names = selectors.given(select, "--select")
    selectors.validate(names, rules, "--select")
    if names:
        rules = [rule for rule in rules if any(selectors.matches(n, rule) for n in names)]
    if not rules:
        raise ArtlintError("no rules to test")
    report = harness.run(rules, adapters={FORMAT: html})
    print(harness.render(report, verbose=verbose))
    return EXIT_OK if report.ok else EXIT_FINDINGS
