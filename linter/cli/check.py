"""`artlint check`: report artefacts; exit 1 if any is at or above --fail-on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linter.cli import checking
from linter.cli.options import (
    AllowEmptyOpt,
    CacheDirOpt,
    ColorOpt,
    ConfigOpt,
    ExitZeroOpt,
    ExtendSelectOpt,
    FailOnOpt,
    FixOnlyOpt,
    FollowLinksOpt,
    ForceOpt,
    IgnoreOpt,
    IsolatedOpt,
    JobsOpt,
    MaxDeletionIfGivenOpt,
    MaxFileSizeOpt,
    NoCacheOpt,
    OutputFileOpt,
    PathsArg,
    ProgressOpt,
    QuietOpt,
    ReportFormatOpt,
    ReportOpt,
    RulesDirOpt,
    SarifRootOpt,
    SelectOpt,
    ShowFixesOpt,
    StatisticsOpt,
    StdinFilenameOpt,
    TrustOpt,
    UnsafeFixesOpt,
    VerboseOpt,
    handles_errors,
)


@handles_errors
def check(
    paths: PathsArg = None,
    output_format: ReportFormatOpt = "",
    fail_on: FailOnOpt = "",
    rules_dir: RulesDirOpt = [],  # noqa: B006 - typer reads the default
    select: SelectOpt = "",
    ignore: IgnoreOpt = "",
    exit_zero: ExitZeroOpt = False,
    progress: ProgressOpt = True,
    sarif_root: SarifRootOpt = None,
    max_file_size: MaxFileSizeOpt = "50MB",
    follow_links: FollowLinksOpt = False,
    verbose: VerboseOpt = False,
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    extend_select: ExtendSelectOpt = "",
    statistics: StatisticsOpt = False,
    show_fixes: ShowFixesOpt = False,
    write_baseline: Annotated[Path | None, typer.Option(
        "--write-baseline", help="Record every finding in this baseline file; exit 0.")] = None,
    baseline_file: Annotated[Path | None, typer.Option(
        "--baseline", help="Report only findings not recorded in this baseline file.")] = None,
    add_ignore: Annotated[bool, typer.Option(
        "--add-ignore", help="Record every finding in the ignore file (findings judged to be "
        "article text: never reported or fixed again); exit 0.")] = False,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    stdin_filename: StdinFilenameOpt = "",
    jobs: JobsOpt = 0,
    trust_config_rules: TrustOpt = False,
    allow_empty: AllowEmptyOpt = False,
    color: ColorOpt = "auto",
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    fix_: Annotated[bool, typer.Option("--fix", help="Apply fixes, as `artlint fix` does.")]
    = False,
    fix_only: FixOnlyOpt = False,
    unsafe_fixes: UnsafeFixesOpt = False,
    report: ReportOpt = [],  # noqa: B006 - typer reads the default
    force: ForceOpt = False,
    max_deletion: MaxDeletionIfGivenOpt = None,
) -> int:
    """Report artefacts; exit 1 if any is at or above --fail-on."""
    return checking.run_check(**locals())  # every option, by name
