"""`artlint shards check|fix`: JSON Lines and Parquet shards on a distributed engine (Dask by
default).

A thin layer: the options build a ``linter.api.ArticleLinter`` and a plan of shard tasks
(linter.shards.core); an engine (linter.shards.engines) runs them; the report is written as JSON.
Registered on the main app by linter.cli.app. docs/large-corpora.md describes it.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer

from linter import files
from linter.cli.common import settings_of
from linter.cli.options import (
    ConfigOpt,
    ExitZeroOpt,
    ExtendSelectOpt,
    FailOnOpt,
    ForceOpt,
    IgnoreOpt,
    IsolatedOpt,
    MaxDeletionOpt,
    RulesDirOpt,
    SelectOpt,
    TrustOpt,
    handles_errors,
)
from linter.engine import guard
from linter.errors import ArtlintError

if TYPE_CHECKING:  # the work is imported when a command runs: `artlint check` skips it
    from linter.api import ArticleLinter
    from linter.shards import core as shards
    from linter.shards import report as shard_report
    from linter.shards.engines import Where
    from linter.shards.planning import ShardTask

app = typer.Typer(
    no_args_is_help=True,
    help="Check or fix JSON Lines (.jsonl, .ndjson, .gz) or Parquet shards, local or at "
         "fsspec URLs (s3://...), on a Dask cluster, one task per shard; writes fixed shards "
         "and a JSON summary, and resumes. See docs/large-corpora.md.",
)

InputsArg = Annotated[list[str], typer.Argument(
    help="Shards, or folders searched for *.jsonl, *.ndjson (and .gz) and *.parquet; local "
    "paths or URLs (s3://bucket/prefix/, with artlint[cloud]).")]
FieldOpt = Annotated[list[str], typer.Option(
    "--field", help="Field holding article text; dotted for nested objects; a Parquet "
    "shard's text column (repeatable; default: the configuration's jsonl-fields, else text).")]
EngineOpt = Annotated[str, typer.Option(
    "--engine", help="dask (default) or serial (in this process, no Dask).")]
SchedulerOpt = Annotated[str, typer.Option(
    "--scheduler", help="Address of a running Dask scheduler (tcp://host:8786); without "
    "it a local cluster is started.")]
WorkersOpt = Annotated[int, typer.Option(
    "--workers", help="Worker processes of the local cluster (default: the CPUs this "
    "process may use).")]
TimeoutOpt = Annotated[float, typer.Option(
    "--connect-timeout", help="Seconds to wait for the scheduler and its first worker.")]
SummaryOpt = Annotated[str | None, typer.Option(
    "--summary", help="Write the JSON summary here (default: check prints it; fix writes "
    "OUT/artlint-summary.json).")]
RecordSizeOpt = Annotated[str, typer.Option(
    "--max-record-size", help="Records larger than this are reported and copied through "
    "(e.g. 50MB; 0: no limit).")]


@app.command("check")
@handles_errors
def check_shards(
    inputs: InputsArg,
    field: FieldOpt = [],  # noqa: B006 - typer reads the default
    engine: EngineOpt = "dask",
    scheduler: SchedulerOpt = "",
    workers: WorkersOpt = 0,
    connect_timeout: TimeoutOpt = 10.0,
    summary: SummaryOpt = None,
    max_record_size: RecordSizeOpt = "50MB",
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    select: SelectOpt = "",
    extend_select: ExtendSelectOpt = "",
    ignore: IgnoreOpt = "",
    rules_dir: RulesDirOpt = [],  # noqa: B006
    fail_on: FailOnOpt = "",
    exit_zero: ExitZeroOpt = False,
    trust_config_rules: TrustOpt = False,
) -> int:
    """Count the findings in every record of the shards; write nothing but the summary."""
    from linter.api import ArticleLinter  # deferred: `artlint shards` only (start-up)
    from linter.shards import planning  # deferred: `artlint shards` only (start-up)

    settings = settings_of(config_file, isolated, select, extend_select, ignore, fail_on,
                         rules_dir, trust=trust_config_rules)
    tasks = planning.plan(inputs, max_record_size=_size(max_record_size))
    linter = ArticleLinter.from_settings(settings, fields=field or None)
    report = _run("check", engine, linter, tasks, _where(engine, scheduler, workers,
                                                         connect_timeout))
    _write_summary(report, summary)
    return report.exit_code(linter.fail_on, exit_zero)


@app.command("fix")
@handles_errors
def fix_shards(
    inputs: InputsArg,
    out: Annotated[str | None, typer.Option(
        "--out", help="Folder or URL for the fixed shards (same names, and folders, as below "
        "the inputs); every shard is written there, changed or not, with a completion "
        "marker: a rerun skips the shards done.")] = None,
    rerun: Annotated[bool, typer.Option(
        "--rerun", help="Do every shard again, even those an earlier run into --out "
        "finished.")] = False,
    in_place: Annotated[bool, typer.Option(
        "--in-place", help="Rewrite changed shards where they are instead.")] = False,
    field: FieldOpt = [],  # noqa: B006
    engine: EngineOpt = "dask",
    scheduler: SchedulerOpt = "",
    workers: WorkersOpt = 0,
    connect_timeout: TimeoutOpt = 10.0,
    summary: SummaryOpt = None,
    max_record_size: RecordSizeOpt = "50MB",
    unsafe_fixes: Annotated[bool, typer.Option(
        "--unsafe-fixes", help="Also apply fixes marked unsafe.")] = False,
    force: ForceOpt = False,
    max_deletion: MaxDeletionOpt = guard.DEFAULT_MAX_DELETION * 100,
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    select: SelectOpt = "",
    extend_select: ExtendSelectOpt = "",
    ignore: IgnoreOpt = "",
    rules_dir: RulesDirOpt = [],  # noqa: B006
    fail_on: FailOnOpt = "",
    exit_zero: ExitZeroOpt = False,
    trust_config_rules: TrustOpt = False,
) -> int:
    """Fix every record of the shards; write the fixed shards and the summary."""
    from linter.api import ArticleLinter  # deferred: `artlint shards` only (start-up)
    from linter.pipeline.records import FixOptions  # deferred: `artlint shards` only (start-up)
    from linter.shards import markers, planning  # deferred: `artlint shards` only (start-up)

    if (out is None) == (not in_place):
        raise ArtlintError("give --out DIR for the fixed shards, or --in-place to rewrite "
                           "them where they are (not both)")
    settings = settings_of(config_file, isolated, select, extend_select, ignore, fail_on,
                         rules_dir, trust=trust_config_rules)
    fix = FixOptions(unsafe=unsafe_fixes, force=force, max_deletion=max_deletion / 100)
    linter = ArticleLinter.from_settings(settings, fix, fields=field or None)
    size = _size(max_record_size)
    key = markers.run_key(linter.fingerprint, fix, linter.fields, size)
    tasks = planning.plan(inputs, out, in_place, size, key, rerun)
    report = _run("fix", engine, linter, tasks, _where(engine, scheduler, workers,
                                                       connect_timeout))
    _write_summary(report, summary if summary is not None or out is None
                   else _summary_in(out))
    return report.exit_code(linter.fail_on, exit_zero)


def _size(value: str) -> int | None:
    try:
        return files.parse_size(value) or None
    except ArtlintError:
        raise ArtlintError(f"--max-record-size: expected a size like 50MB, 512KB or 0 (no "
                           f"limit); got `{value}`") from None


def _where(engine: str, scheduler: str, workers: int, connect_timeout: float) -> Where:
    from linter.shards.engines import ENGINES, Where  # deferred: `artlint shards` only (start-up)

    if engine not in ENGINES:
        raise ArtlintError(f"--engine: expected one of {', '.join(ENGINES)}; got `{engine}`")
    if engine != "dask" and (scheduler or workers):
        raise ArtlintError(f"--scheduler and --workers need --engine dask; got `{engine}`")
    if scheduler and workers:
        raise ArtlintError("--workers starts a local cluster; with --scheduler the "
                           "cluster's own workers are used: give one or the other")
    if workers < 0:
        raise ArtlintError(f"--workers: expected 1 or more; got {workers}")
    if connect_timeout <= 0:
        raise ArtlintError(f"--connect-timeout: expected seconds above 0; got {connect_timeout}")
    if engine == "dask":
        from linter.shards import dask_engine  # deferred: `artlint shards` only (start-up)

        dask_engine.require()  # say so now, before any work, when Dask is missing
    from linter.pipeline.parallel import default_jobs  # deferred: `artlint shards` only (start-up)

    return Where(scheduler, workers or default_jobs(), connect_timeout)


def _summary_in(out: str) -> str:
    from linter.shards import storage  # deferred: `artlint shards` only (start-up)
    from linter.shards.core import SUMMARY_NAME  # deferred: `artlint shards` only (start-up)

    return storage.join(storage.local(out), SUMMARY_NAME)


def _run(command: str, engine: str, linter: ArticleLinter, tasks: list[ShardTask],
         where: Where) -> shard_report.Report:
    from linter.shards import core as shards  # deferred: `artlint shards` only (start-up)
    from linter.shards import engines  # deferred: `artlint shards` only (start-up)
    from linter.shards import report as shard_report  # deferred: `artlint shards` only
    from linter.shards.planning import sweep_targets  # deferred: `artlint shards` only

    report = shard_report.Report(command, engine, "")
    started = time.perf_counter()

    def on_start(workers: str) -> None:
        report.workers = workers
        print(f"artlint: {command} {shards.count(len(tasks), 'shard')} with "
              f"{shards.count(len(linter.rules), 'rule')} on {workers} ({engine})", file=sys.stderr)

    def on_done(summary: shards.ShardSummary) -> None:
        done = len(report.shards) + 1
        print(shard_report.progress_line(done, len(tasks), summary), file=sys.stderr, flush=True)
        report.shards.append(summary)

    sweep_targets(tasks)  # what dead workers of an earlier run left
    report.shards = engines.run(engine, linter, tasks, on_start, on_done, where)
    sweep_targets(tasks)
    report.seconds = time.perf_counter() - started
    _print_totals(report)
    return report


def _print_totals(report: shard_report.Report) -> None:
    from linter.shards.core import count  # deferred: `artlint shards` only (start-up)

    totals = report.totals()
    parts = [count(totals["shards"], "shard"), count(totals["records"], "record")]
    if report.command == "fix":
        share = totals["removed"] / totals["characters"] if totals["characters"] else 0.0
        parts += [f"{totals['changed']:,} changed",
                  count(totals["fixed"], "fix") + " applied",
                  f"{count(totals['removed'], 'character')} removed ({share:.2%})"]
    parts += [count(totals["findings"], "finding"), count(totals["errors"], "error")]
    if totals["failed"]:
        parts.append(f"{totals['failed']:,} failed")
    if totals["held"]:
        parts.append(f"{count(totals['held_records'], 'record')} held back for review")
    if totals["resumed"]:
        parts.append(f"{count(totals['resumed'], 'shard')} done by an earlier run")
    print(f"artlint: {', '.join(parts)} in {report.seconds:.1f} s", file=sys.stderr)


def _write_summary(report: shard_report.Report, path: str | None) -> None:
    from linter.shards import report as shard_report  # deferred: `artlint shards` only

    data = report.as_json()
    if path is None:
        import json  # deferred: `artlint shards` only (start-up)

        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    try:
        shard_report.write_json(path, data)
    except OSError as exc:
        raise ArtlintError(f"{path}: cannot write the summary: {exc.strerror or exc}") from None
    print(f"artlint: summary written to {path}", file=sys.stderr)
