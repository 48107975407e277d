"""`artlint fix`: strip artefacts in place (or print the fixed text for stdin)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from linter import files
from linter import sources as readers
from linter.cli.common import choice, extras_format, resolver_of
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
    MaxDeletionOpt,
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
    StdinFilenameOpt,
    TrustOpt,
    UnsafeFixesOpt,
    VerboseOpt,
    handles_errors,
)
from linter.config import hierarchy
from linter.engine import guard
from linter.errors import ArtlintError
from linter.pipeline.discover import find_targets, group_targets, report_unlinted
from linter.pipeline.notices import report_switched_off
from linter.pipeline.run import (
    EXIT_ERROR,
    EXIT_REVIEW,
    Caching,
    apply_baseline,
    exit_code,
    fix_batch,
    in_order,
    run_groups,
)
from linter.pipeline.safety import Safety
from linter.report import output, stats
from linter.report.save import (
    parse_reports,
    refuse_inputs,
    save_output,
    stream_for,
    write_reports,
)

# Formats that read well after a diff on stdout (line by line); the others are documents.
DIFF_FORMATS = ("text", "concise", "github")


@handles_errors
def fix(
    paths: PathsArg = None,
    diff: Annotated[bool, typer.Option("--diff", help="Show the changes; write nothing.")] = False,
    unsafe_fixes: UnsafeFixesOpt = False,
    exit_non_zero_on_fix: Annotated[
        bool, typer.Option("--exit-non-zero-on-fix", help="Exit 1 when any file changed.")
    ] = False,
    output_format: ReportFormatOpt = "",
    fail_on: FailOnOpt = "",
    rules_dir: RulesDirOpt = [],  # noqa: B006
    select: SelectOpt = "",
    ignore: IgnoreOpt = "",
    exit_zero: ExitZeroOpt = False,
    progress: ProgressOpt = True,
    sarif_root: SarifRootOpt = None,
    force: ForceOpt = False,
    max_deletion: MaxDeletionOpt = guard.DEFAULT_MAX_DELETION * 100,
    max_file_size: MaxFileSizeOpt = "50MB",
    follow_links: FollowLinksOpt = False,
    verbose: VerboseOpt = False,
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    extend_select: ExtendSelectOpt = "",
    show_fixes: ShowFixesOpt = False,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    stdin_filename: StdinFilenameOpt = "",
    jobs: JobsOpt = 0,
    trust_config_rules: TrustOpt = False,
    allow_empty: AllowEmptyOpt = False,
    color: ColorOpt = "auto",
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    fix_only: FixOnlyOpt = False,
    report: ReportOpt = [],  # noqa: B006 - typer reads the default
) -> int:
    """Strip artefacts in place (or print the fixed text for stdin)."""
    paths = paths or ["."]  # as ruff: no path lints the current folder
    safety = Safety.of(max_file_size, force=force, max_deletion=max_deletion / 100,
                       follow_links=follow_links, verbose=verbose)
    fmt = choice(output_format or output.default_format(), output.FORMATS, "--output-format")
    color = choice(color, output.COLOR_CHOICES, "--color")
    extras_format(fmt, False, show_fixes)
    if diff and output_file is None and fmt not in DIFF_FORMATS:
        raise ArtlintError(f"--diff prints the changes on stdout, where a {fmt} report "
                           f"would not parse: write the report to a file (-o FILE, or "
                           f"--report {fmt}:FILE)")
    reports = parse_reports(report)
    resolver = resolver_of(config_file, isolated, select, extend_select, ignore, fail_on,
                         rules_dir, trust=trust_config_rules)
    settings = resolver.root
    threshold = settings.fail_on
    # Each built on the first file the cache lacks; --show-fixes logs on the linters.
    linters = hierarchy.RunLinters(resolver, fix_log=show_fixes)
    targets, unlinted = find_targets(paths, safety, resolver, linters)
    refuse_inputs(targets, output_file, reports)
    if files.STDIN in targets:  # HTML or Markdown piped in says so: read it as that
        stdin_filename = readers.stdin_name(stdin_filename)
    stdin_to_stdout = files.STDIN in targets and not diff  # keep stdout for the fixed text
    stream = stream_for(output_file, sys.stderr if stdin_to_stdout else sys.stdout)
    printer = output.Printer(fmt, stream, linter=linters, sarif_root=sarif_root,
                             color=output.use_color(color, stream), quiet=quiet)
    summary = output.Summary()
    report_unlinted(unlinted, summary, allow_empty)
    groups = group_targets(resolver, linters, targets, stdin_filename, every=True)

    def step(batch: list[str], linter: Any, results: Any, workers: Any) -> None:
        fix_batch(batch, linter, summary, diff, unsafe_fixes, safety, results, workers,
                   stdin_filename)

    # --show-fixes logs on the linter objects, which workers cannot share: one process.
    caching = Caching(settings, no_cache or show_fixes, cache_dir)
    run_groups(groups, linters, caching, 1 if show_fixes else jobs, progress, step)
    in_order(summary, targets, len(groups))
    apply_baseline(summary, settings, None)  # the configuration's: what is left and known
    report_switched_off(summary)
    printer.findings([] if fix_only else summary.findings)
    printer.summary(summary, fixing="diff" if diff else "fix")
    if show_fixes:
        print(stats.applied_fixes(linters.logged_fixes(), "Would fix" if diff else "Fixed"),
              file=printer.stream)
    output.write_step_summary(summary, fixing="diff" if diff else "fix")
    save_output(stream, output_file)
    write_reports(reports, [] if fix_only else summary.findings, summary, printer,
                   "diff" if diff else "fix")
    changed = summary.changed_files > 0 and (diff or exit_non_zero_on_fix)
    code = exit_code(summary, threshold, changed, exit_zero or fix_only)
    return EXIT_REVIEW if safety.held and code != EXIT_ERROR else code
