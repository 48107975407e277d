"""`artlint check`'s work, without typer: linter.cli.check declares the command's options
for typer and calls ``run_check``; the console script's fast path (linter.cli.fastpath)
calls it directly.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from linter import files
from linter import sources as readers
from linter.cli.common import choice, extras_format, resolver_of
from linter.config import hierarchy
from linter.engine import guard
from linter.errors import ArtlintError
from linter.pipeline.discover import find_targets, group_targets, report_unlinted
from linter.pipeline.notices import report_switched_off
from linter.pipeline.preview import preview_fixes
from linter.pipeline.run import (
    Caching,
    add_ignores,
    apply_baseline,
    check_batch,
    exit_code,
    in_order,
    run_groups,
)
from linter.pipeline.safety import Safety
from linter.report import output, registry, stats
from linter.report.save import (
    parse_reports,
    refuse_inputs,
    save_output,
    stream_for,
    write_reports,
)


def run_check(
    paths: list[str] | None = None,
    output_format: str = "",
    fail_on: str = "",
    rules_dir: list[Path] | None = None,
    select: str = "",
    ignore: str = "",
    exit_zero: bool = False,
    progress: bool = True,
    sarif_root: Path | None = None,
    max_file_size: str = "50MB",
    follow_links: bool = False,
    verbose: bool = False,
    config_file: Path | None = None,
    isolated: bool = False,
    extend_select: str = "",
    statistics: bool = False,
    show_fixes: bool = False,
    write_baseline: Path | None = None,
    baseline_file: Path | None = None,
    add_ignore: bool = False,
    no_cache: bool = False,
    cache_dir: Path | None = None,
    stdin_filename: str = "",
    jobs: int = 0,
    trust_config_rules: bool = False,
    allow_empty: bool = False,
    color: str = "auto",
    output_file: Path | None = None,
    quiet: bool = False,
    fix_: bool = False,
    fix_only: bool = False,
    unsafe_fixes: bool = False,
    report: list[str] | None = None,
    force: bool = False,
    max_deletion: float | None = None,
) -> int:
    """`artlint check`'s work, given its options (defaults as the command's): the exit code."""
    rules_dir, report = rules_dir or [], report or []
    paths = paths or ["."]  # as ruff: no path lints the current folder
    if fix_ or fix_only:  # `check --fix` is `fix`, as in ruff
        if statistics or write_baseline or baseline_file or add_ignore:
            raise ArtlintError("--fix and --fix-only cannot be combined with --statistics, "
                               "--write-baseline, --baseline or --add-ignore")
        from linter.cli.fix import fix  # deferred: --fix only; linter.cli.fix imports typer

        return fix.__wrapped__(  # type: ignore[attr-defined]
            paths, unsafe_fixes=unsafe_fixes, output_format=output_format, fail_on=fail_on,
            rules_dir=rules_dir, select=select, ignore=ignore, exit_zero=exit_zero,
            progress=progress, sarif_root=sarif_root, max_file_size=max_file_size,
            follow_links=follow_links, verbose=verbose, config_file=config_file,
            isolated=isolated, extend_select=extend_select, show_fixes=show_fixes,
            no_cache=no_cache, cache_dir=cache_dir, stdin_filename=stdin_filename, jobs=jobs,
            trust_config_rules=trust_config_rules, allow_empty=allow_empty, color=color,
            output_file=output_file, quiet=quiet, fix_only=fix_only, report=report,
            force=force, max_deletion=(guard.DEFAULT_MAX_DELETION * 100 if max_deletion is None
                                       else max_deletion))
    for given, option in ((unsafe_fixes, "--unsafe-fixes"), (force, "--force"),
                          (max_deletion is not None, "--max-deletion")):
        if given:
            raise ArtlintError(f"{option} applies fixes: use it with --fix or `artlint fix`")
    safety = Safety.of(max_file_size, follow_links=follow_links, verbose=verbose)
    fmt = choice(output_format or output.default_format(), output.FORMATS, "--output-format")
    color = choice(color, output.COLOR_CHOICES, "--color")
    extras_format(fmt, statistics, show_fixes)
    reports = parse_reports(report)
    resolver = resolver_of(config_file, isolated, select, extend_select, ignore, fail_on,
                         rules_dir, baseline_file, trust_config_rules)
    settings = resolver.root
    threshold = settings.fail_on
    linters = hierarchy.RunLinters(resolver)  # each built on the first file the cache lacks
    targets, unlinted = find_targets(paths, safety, resolver, linters)
    refuse_inputs(targets, output_file, reports, write_baseline)
    if files.STDIN in targets:  # HTML or Markdown piped in says so: read it as that
        stdin_filename = readers.stdin_name(stdin_filename)
    summary = output.Summary()
    report_unlinted(unlinted, summary, allow_empty)
    groups = group_targets(resolver, linters, targets, stdin_filename, every=False)

    def step(batch: list[str], linter: Any, results: Any, workers: Any) -> None:
        check_batch(batch, linter, results, workers, summary, safety, stdin_filename)

    run_groups(groups, linters, Caching(settings, no_cache, cache_dir), jobs, progress, step)
    in_order(summary, targets, len(groups))
    report_switched_off(summary)
    apply_baseline(summary, settings, write_baseline)
    if add_ignore:
        add_ignores(summary, resolver)
    if registry.needs_fix_preview([fmt, *(name for name, _ in reports)]):
        preview_fixes(summary, linters)  # the HTML page shows what `fix` would strike
    stream = stream_for(output_file, sys.stdout)
    printer = output.Printer(fmt, stream, linter=linters, sarif_root=sarif_root,
                             color=output.use_color(color, stream), quiet=quiet)
    if statistics:
        print(stats.render_statistics(stats.statistics(summary.findings, linters.rules), fmt))
    else:
        printer.findings(summary.findings)
        printer.summary(summary)
    if show_fixes:
        print(stats.available_fixes(summary.findings))
    output.write_step_summary(summary)
    save_output(stream, output_file)
    write_reports(reports, summary.findings, summary, printer)
    recorded = write_baseline is not None or add_ignore
    return exit_code(summary, threshold, exit_zero=exit_zero or recorded)
