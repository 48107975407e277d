"""The command line's shared vocabulary: typer option declarations used by several
commands, the error handler every command wears, and the run's settings and linter
built from the options.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer

from linter.cli.common import reporting_errors
from linter.config import linters
from linter.config import settings as config
from linter.engine.linter import Linter
from linter.report.registry import FORMATS
from linter.rule import Rule
from linter.rules import selectors


def _given_empty(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """An option given with an empty value (`--select ""`, `--output-format=`) would pass
    for the option left out: refuse it (click's usage error, exit 2)."""
    source = ctx.get_parameter_source(param.name) if param.name else None
    if value == "" and getattr(source, "name", "") == "COMMANDLINE":  # typer's own click
        raise typer.BadParameter("expected a value; got an empty one")
    return value


PathsArg = Annotated[list[str] | None, typer.Argument(
    help="Files or folders to lint; - for stdin. Default: the current folder.",
    show_default=False)]

OutputFileOpt = Annotated[Path | None, typer.Option(
    "--output-file", "-o", help="Write the report to this file instead of stdout.")]

ReportOpt = Annotated[list[str], typer.Option(
    "--report", help="Also write the report in another format to a file, as FORMAT:FILE "
    "(repeatable): --output-format github --report sarif:artlint.sarif.")]

QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Leave out the summary line (findings and errors still print).")]

FixOnlyOpt = Annotated[bool, typer.Option(
    "--fix-only", help="Apply fixes; do not report, or exit 1 for, the findings left.")]

UnsafeFixesOpt = Annotated[bool, typer.Option("--unsafe-fixes",
                                              help="Also apply fixes marked unsafe.")]

ColorOpt = Annotated[str, typer.Option(
    "--color", help="Colour the text output: auto (a terminal, unless NO_COLOR is set or "
    "FORCE_COLOR is), always, never.")]

AllowEmptyOpt = Annotated[bool, typer.Option(
    "--allow-empty", help="Exit 0 when nothing was linted, or a path given led to no file "
    "(the run still says so).")]

RulesDirOpt = Annotated[
    list[Path],
    typer.Option("--rules-dir", help="Extra folder of YAML/Python rules (repeatable)."),
]

SelectOpt = Annotated[
    str, typer.Option("--select", callback=_given_empty,
                      help="Comma-separated rule ids or categories to run.")
]

IgnoreOpt = Annotated[
    str, typer.Option("--ignore", callback=_given_empty,
                      help="Comma-separated rule ids or categories to skip.")
]

FormatOpt = Annotated[
    str, typer.Option("--output-format", callback=_given_empty, help="text or json.")
]

FailOnOpt = Annotated[
    str, typer.Option("--fail-on", callback=_given_empty,
                      help="Lowest severity that makes the exit code 1.")
]

ReportFormatOpt = Annotated[
    str,
    typer.Option("--output-format", callback=_given_empty, help=(
        f"{', '.join(FORMATS[:-1])} or {FORMATS[-1]} "
        "(default: github when GITHUB_ACTIONS=true, else text).")),
]

SarifRootOpt = Annotated[
    Path | None,
    typer.Option("--sarif-root", help="Folder SARIF URIs are relative to (default: cwd)."),
]

ExitZeroOpt = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")
]

JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", help="Worker processes (default: the CPUs this "
                      "process may use; 1: no workers). Used only for runs big enough.")
]

NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")
]

CacheDirOpt = Annotated[
    Path | None, typer.Option("--cache-dir", help="Result cache folder (default: "
                              ".artlint_cache beside the configuration, or here).")
]

ProgressOpt = Annotated[
    bool, typer.Option("--progress/--no-progress", help="Progress bar on a terminal.")
]

TrustOpt = Annotated[
    bool, typer.Option("--trust-config-rules", help="Run the Python rules the configuration "
                       "file's rules-dir names (code from the repository; README \"Safety\").")
]

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Use this configuration file (TOML).")
]

IsolatedOpt = Annotated[
    bool, typer.Option("--isolated", help="Ignore every configuration file.")
]

ExtendSelectOpt = Annotated[
    str, typer.Option("--extend-select", callback=_given_empty,
                      help="Comma-separated rules to run as well.")
]

StatisticsOpt = Annotated[
    bool, typer.Option("--statistics", help="Print the number of findings per rule instead.")
]

StdinFilenameOpt = Annotated[
    str, typer.Option("--stdin-filename", callback=_given_empty,
                      help="Name for stdin: picks its input format "
                      "(docs/formats.md) and names its findings.")
]

ShowFixesOpt = Annotated[
    bool, typer.Option("--show-fixes", help="Show what each fix changes (check) or what was "
                       "fixed per file (fix).")
]

ForceOpt = Annotated[bool, typer.Option(
    "--force", help="Apply fixes the deletion guard would hold back for review.")]

_MAX_DELETION = typer.Option(
    "--max-deletion", min=0, max=100,
    help="Hold back (exit 3) a fix that would remove more than this percentage of a "
         "file's text, or empty it.")
MaxDeletionOpt = Annotated[float, _MAX_DELETION]
# `check`: None when not given, so that it is refused without --fix
MaxDeletionIfGivenOpt = Annotated[float | None, _MAX_DELETION]

MaxFileSizeOpt = Annotated[str, typer.Option(
    "--max-file-size", callback=_given_empty,
    help="Skip larger files (e.g. 50MB, 512KB; 0: no limit).")]

FollowLinksOpt = Annotated[bool, typer.Option(
    "--follow-links", help="Lint symbolic links in folders that point outside the paths "
    "given (and descend into linked folders).")]

VerboseOpt = Annotated[bool, typer.Option(
    "--verbose", "-v", help="More detail on skipped files, held-back fixes and failures.")]


def handles_errors(command: Callable[..., int]) -> Callable[..., None]:
    """Turn user errors into one message and exit 2, and return codes into exits."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        code = reporting_errors(lambda: command(*args, **kwargs), bool(kwargs.get("verbose")))
        raise typer.Exit(code)

    return run


def build_linter(
    rules_dir: list[Path], select: str, ignore: str, settings: config.Settings | None = None,
    trust: bool = False,
) -> Linter:
    """The run's linter: ``settings`` (default: the configuration found from the current
    folder with these options on top), its rules selected, configured and wrapped for
    per-file ignores and suppression comments.
    """
    if settings is None:
        settings = config.resolve(config.Overrides(
            select=select, ignore=ignore, rules_dir=list(rules_dir), trust_config_rules=trust))
    return linters.build(settings)


def select_rules(
    rules: list[Rule], select: str, ignore: str, extend_select: str = ""
) -> list[Rule]:
    """Rules named in ``select`` (or, without it, every rule that is not opt-in), plus
    ``extend_select``, minus those in ``ignore``: comma-separated selectors (ids,
    categories, kebab-word prefixes, `pack:NAME`, `all`; see linter.rules.selectors).
    """
    chosen = {}
    for option, value in (("--select", select), ("--extend-select", extend_select),
                          ("--ignore", ignore)):
        chosen[option] = selectors.given(value, option)
        selectors.validate(chosen[option], rules, option)
    return selectors.choose(rules, chosen["--select"] or None, chosen["--extend-select"],
                            chosen["--ignore"])
