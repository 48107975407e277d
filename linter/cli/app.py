"""The `artlint` command: check, fix, rules, explain. A thin layer over linter.engine.linter."""

from __future__ import annotations

import contextlib
import copy
import difflib
import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from linter import __version__, files
from linter import sources as readers
from linter.config import hierarchy
from linter.config import settings as config
from linter.document import Document
from linter.engine import guard
from linter.engine.linter import MAX_FIX_PASSES, MAX_TIMEOUTS, FixResult, Linter
from linter.errors import ArtlintError, InputError
from linter.findings import Severity
from linter.pipeline import ignorefile
from linter.report import output, stats
from linter.rule import Rule
from linter.rules import selectors

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Find and strip scraping artefacts from article text.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

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
    str, typer.Option("--select", help="Comma-separated rule ids or categories to run.")
]
IgnoreOpt = Annotated[
    str, typer.Option("--ignore", help="Comma-separated rule ids or categories to skip.")
]
FormatOpt = Annotated[
    str, typer.Option("--output-format", help="text or json.")
]
FailOnOpt = Annotated[
    str, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
]
ReportFormatOpt = Annotated[
    str,
    typer.Option("--output-format", help=(
        "text, concise, json, json-lines, github, sarif, junit or html "
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
    str, typer.Option("--extend-select", help="Comma-separated rules to run as well.")
]
StatisticsOpt = Annotated[
    bool, typer.Option("--statistics", help="Print the number of findings per rule instead.")
]
StdinFilenameOpt = Annotated[
    str, typer.Option("--stdin-filename", help="Name for stdin: picks its input format "
                      "(docs/formats.md) and names its findings.")
]
ShowFixesOpt = Annotated[
    bool, typer.Option("--show-fixes", help="Show what each fix changes (check) or what was "
                       "fixed per file (fix).")
]


def _version(value: bool) -> None:
    if value:
        print(f"artlint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Find and strip scraping artefacts from article text."""


def _fail(message: str) -> None:
    print(f"artlint: error: {message}", file=sys.stderr)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush raises nothing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def handles_errors(command: Callable[..., int]) -> Callable[..., None]:
    """Turn user errors into one message and exit 2, and return codes into exits."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            code = command(*args, **kwargs)
        except ArtlintError as exc:
            _fail(str(exc))
            code = EXIT_ERROR
        except KeyboardInterrupt:
            code = 130
        except BrokenPipeError:  # `artlint ... | head`: the reader left; stop quietly
            _quiet_stdout()
            code = EXIT_OK
        except OSError as exc:  # the system refused (disk full, permissions): a user cause
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}; files not yet processed were left as they are")
            code = EXIT_ERROR
        except MemoryError:
            _fail("out of memory; lower --max-file-size or lint fewer files at once")
            code = EXIT_ERROR
        except Exception as exc:  # an artlint bug: say so plainly
            if os.environ.get("ARTLINT_DEBUG"):
                raise
            if kwargs.get("verbose"):
                import traceback

                traceback.print_exc(file=sys.stderr)
            print(f"artlint: internal error: {type(exc).__name__}: {exc}\n"
                  "Please report it; set ARTLINT_DEBUG=1 to see the traceback.", file=sys.stderr)
            code = EXIT_ERROR
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
    return config.build(settings)


def _overrides(
    config_file: Path | None = None, isolated: bool = False, select: str = "",
    extend_select: str = "", ignore: str = "", fail_on: str = "",
    rules_dir: list[Path] | None = None, baseline: Path | None = None, trust: bool = False,
) -> config.Overrides:
    return config.Overrides(
        config=config_file, isolated=isolated, select=select, extend_select=extend_select,
        ignore=ignore, fail_on=fail_on, rules_dir=list(rules_dir or []), baseline=baseline,
        trust_config_rules=trust,
    )


def _settings(*args: Any, **kwargs: Any) -> config.Settings:
    """The run's configuration (``_overrides``' arguments): commands that read one."""
    return config.resolve(_overrides(*args, **kwargs))


def _resolver(*args: Any, **kwargs: Any) -> hierarchy.Resolver:
    """The closest configuration per file (``_overrides``' arguments): check and fix."""
    return hierarchy.Resolver(_overrides(*args, **kwargs))


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
        chosen[option] = selectors.split(value)
        selectors.validate(chosen[option], rules, option)
    return selectors.choose(rules, chosen["--select"] or None, chosen["--extend-select"],
                            chosen["--ignore"])


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise ArtlintError(f"{option}: expected one of {', '.join(allowed)}; got `{value}`")
    return value


def _read(path: str, safety: Safety | None = None) -> Document:
    limit = (safety or Safety()).max_file_size
    if path == files.STDIN:
        data = files.read_stream(sys.stdin.buffer, _shown(path), limit)
        return Document.from_bytes(data, _shown(path))
    return files.read(path, limit)


EXIT_REVIEW = 3  # `fix`: a fix was held back by the deletion guard (needs review)
ForceOpt = Annotated[bool, typer.Option(
    "--force", help="Apply fixes the deletion guard would hold back for review.")]
MaxDeletionOpt = Annotated[float, typer.Option(
    "--max-deletion", min=0, max=100,
    help="Hold back (exit 3) a fix that would remove more than this percentage of a "
         "file's text, or empty it.")]
MaxFileSizeOpt = Annotated[str, typer.Option(
    "--max-file-size", help="Skip larger files (e.g. 50MB, 512KB; 0: no limit).")]
FollowLinksOpt = Annotated[bool, typer.Option(
    "--follow-links", help="Lint symbolic links in folders that point outside the paths "
    "given (and descend into linked folders).")]
VerboseOpt = Annotated[bool, typer.Option(
    "--verbose", "-v", help="More detail on skipped files, held-back fixes and failures.")]


@dataclass
class Safety:
    """The run's safety settings (README "Safety"), and the files held back for review."""

    max_file_size: int | None = files.DEFAULT_MAX_FILE_SIZE
    force: bool = False
    max_deletion: float = guard.DEFAULT_MAX_DELETION
    verbose: bool = False
    follow_links: bool = False
    held: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, max_file_size: str = "50MB", **settings: Any) -> Safety:
        size = files.parse_size(max_file_size)
        return cls(max_file_size=size or None, **settings)


def _collect(paths: list[str], safety: Safety) -> list[str]:
    notes: list[str] = []
    targets = files.collect(paths, follow_links=safety.follow_links, notes=notes)
    for note in notes:
        print(f"artlint: note: {note}", file=sys.stderr)
    return targets


def _progress(paths: list[str], enabled: bool) -> Iterator[str]:
    """Yield paths, with a rich progress bar on stderr for long runs on a terminal."""
    show = enabled and len(paths) > 20 and sys.stderr.isatty() and not os.environ.get("CI")
    if not show:
        yield from paths
        return
    from rich.progress import track

    yield from track(paths, description="Linting", transient=True, console=_stderr_console())


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@app.command()
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
) -> int:
    """Report artefacts; exit 1 if any is at or above --fail-on."""
    paths = paths or ["."]  # as ruff: no path lints the current folder
    if fix_ or fix_only:  # `check --fix` is `fix`, as in ruff
        if statistics or write_baseline or baseline_file or add_ignore:
            raise ArtlintError("--fix and --fix-only cannot be combined with --statistics, "
                               "--write-baseline, --baseline or --add-ignore")
        return fix.__wrapped__(  # type: ignore[attr-defined]
            paths, unsafe_fixes=unsafe_fixes, output_format=output_format, fail_on=fail_on,
            rules_dir=rules_dir, select=select, ignore=ignore, exit_zero=exit_zero,
            progress=progress, sarif_root=sarif_root, max_file_size=max_file_size,
            follow_links=follow_links, verbose=verbose, config_file=config_file,
            isolated=isolated, extend_select=extend_select, show_fixes=show_fixes,
            no_cache=no_cache, cache_dir=cache_dir, stdin_filename=stdin_filename, jobs=jobs,
            trust_config_rules=trust_config_rules, allow_empty=allow_empty, color=color,
            output_file=output_file, quiet=quiet, fix_only=fix_only, report=report)
    if unsafe_fixes:
        raise ArtlintError("--unsafe-fixes applies fixes: use it with --fix or `artlint fix`")
    safety = Safety.of(max_file_size, follow_links=follow_links, verbose=verbose)
    fmt = _choice(output_format or output.default_format(), output.FORMATS, "--output-format")
    color = _choice(color, output.COLOR_CHOICES, "--color")
    _extras_format(fmt, statistics, show_fixes)
    reports = _reports(report)
    resolver = _resolver(config_file, isolated, select, extend_select, ignore, fail_on,
                         rules_dir, baseline_file, trust_config_rules)
    settings = resolver.root
    threshold = settings.fail_on
    linters = hierarchy.RunLinters(resolver)  # each built on the first file the cache lacks
    targets, unlinted = _targets(paths, safety, resolver, linters)
    if files.STDIN in targets:  # HTML or Markdown piped in says so: read it as that
        stdin_filename = readers.stdin_name(stdin_filename)
    summary = output.Summary()
    _report_unlinted(unlinted, summary, allow_empty)
    groups = _groups(resolver, linters, targets, stdin_filename, every=False)

    def step(batch: list[str], linter: Any, results: Any, workers: Any) -> None:
        _check_batch(batch, linter, results, workers, summary, safety, stdin_filename)

    _run_groups(groups, linters, _Caching(settings, no_cache, cache_dir), jobs, progress, step)
    _in_order(summary, targets, len(groups))
    _report_switched_off(summary)
    _apply_baseline(summary, settings, write_baseline)
    if add_ignore:
        _add_ignores(summary, resolver)
    stream = _report_stream(output_file, sys.stdout)
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
    _save_report(stream, output_file)
    _write_reports(reports, summary.findings, summary, printer)
    recorded = write_baseline is not None or add_ignore
    return _exit_code(summary, threshold, exit_zero=exit_zero or recorded)


def _targets(paths: list[str], safety: Safety, resolver: hierarchy.Resolver,
             linters: hierarchy.RunLinters) -> tuple[list[str], list[str]]:
    """The files to lint (each judged by its closest configuration), and what to say about
    each path given that gives none. With no file, the run's linter is built all the same,
    so a bad rule or selection is still reported."""
    found = _collect(paths, safety)
    targets = resolver.filter_files(paths, found)
    if not targets:
        linters.of(resolver.root).validate()
    return targets, _unlinted(paths, found, targets, resolver.root)


def _groups(resolver: hierarchy.Resolver, linters: hierarchy.RunLinters, targets: list[str],
            stdin_filename: str, every: bool) -> list[tuple[config.Settings, list[str]]]:
    """The targets grouped by configuration; notes on nested files said, and the linters
    that could refuse to run (or, with ``every``, all of them) built before any file."""
    groups = resolver.groups(targets, stdin_filename)
    for note in resolver.notes:
        print(f"artlint: note: {note}", file=sys.stderr)
    linters.validate(groups, every=every and len(groups) > 1)
    return groups


@dataclass
class _Caching:
    """How the run caches results: one folder (the run's), a store per configuration."""

    run: config.Settings
    off: bool
    folder: Path | None

    def open(self, settings: config.Settings) -> Any:
        from linter.pipeline import cache

        folder = cache.folder_for(self.run, self.folder, enabled=not self.off)
        fingerprint = cache.source_fingerprint(settings) if folder is not None else ""
        return cache.ResultCache(folder, fingerprint)


def _run_groups(
    groups: list[tuple[config.Settings, list[str]]], linters: hierarchy.RunLinters,
    caching: _Caching, jobs: int, progress: bool,
    step: Callable[[list[str], Any, Any, Any], None],
) -> None:
    """``step(batch, linter, results, workers)`` over each group's files in batches."""
    _switched_off.clear()
    for settings, members in groups:
        linter = linters.of(settings)
        results = caching.open(settings)
        workers = _workers(linter, jobs, len(members))
        try:
            for batch in _batches(_progress(members, progress)):
                step(batch, linter, results, workers)
        finally:
            workers.close()
            results.close()


def _in_order(summary: output.Summary, targets: list[str], groups: int) -> None:
    """Findings and files back in the order of the targets, after several groups."""
    if groups < 2:
        return
    rank = {_shown(path): number for number, path in enumerate(targets)}
    last = len(rank)
    summary.findings.sort(key=lambda item: rank.get(item.path, last))
    summary.paths.sort(key=lambda path: rank.get(path, last))


def _unlinted(paths: list[str], found: list[str], targets: list[str],
              settings: config.Settings) -> list[str]:
    """A message for each path given by name that leads to no file linted: never green
    by accident (README "Which files are linted")."""
    linted = {os.path.abspath(path) for path in targets if path != files.STDIN}
    messages = []
    for raw in dict.fromkeys(paths):
        if raw == files.STDIN:
            continue
        full = os.path.abspath(raw)
        folder = os.path.isdir(raw)
        if full in linted or (folder and any(files.inside(path, full) for path in linted)):
            continue
        if not folder:
            messages.append(f"{raw}: skipped: excluded by `exclude` or .gitignore "
                            "(force-exclude is on)" if raw in found else
                            f"{raw}: not linted")
        elif any(files.inside(os.path.abspath(path), full) for path in found):
            messages.append(f"{raw}: no file linted: every file in it is excluded by "
                            "`exclude` or .gitignore")
        else:
            messages.append(f"{raw}: no file to lint in it (looked for {_looked_for(settings)})")
    if not targets and not messages:
        messages.append("no file to lint")
    return messages


def _looked_for(settings: config.Settings) -> str:
    if list(settings["include"]) == list(files.DEFAULT_INCLUDE):
        return f"{', '.join(files.LINTED_SUFFIXES)}, gzipped or not"
    return f"the `include` globs {', '.join(settings['include'])}"


def _report_unlinted(messages: list[str], summary: output.Summary, allow_empty: bool) -> None:
    """Say what was not linted; it fails the run (exit 2) unless --allow-empty."""
    for message in messages:
        if allow_empty:
            print(f"artlint: note: {message}", file=sys.stderr)
        else:
            _fail(f"{message} (--allow-empty to accept that)")
            summary.problems += 1


def _workers(linter: Linter, jobs: int, files_count: int) -> Any:
    from linter.pipeline import parallel

    if jobs < 0:
        raise ArtlintError(f"--jobs: expected a number of processes, 0 (auto) or more; "
                           f"got `{jobs}`")
    if files_count < parallel.MIN_PARALLEL:
        return parallel.Workers(linter, 1)
    return parallel.Workers(linter, jobs or parallel.default_jobs())


def _batches(paths: Iterator[str]) -> Iterator[list[str]]:
    from linter.pipeline.parallel import BATCH

    batch: list[str] = []
    for path in paths:
        batch.append(path)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_batch(
    batch: list[str], linter: Linter, results: Any, workers: Any, summary: output.Summary,
    safety: Safety, stdin_filename: str,
) -> None:
    """Read a batch, answer what the cache knows, check the rest (on workers if worth it)."""
    docs: list[tuple[str, Document]] = []
    for path in batch:
        if readers.handled(path, linter, stdin_filename):  # Markdown, HTML, JSONL, gzip
            _check_docs(docs, results, workers, summary)
            docs = []
            readers.check_one(linter, path, summary, safety, stdin_filename, results)
            continue
        try:
            docs.append((path, _read(path, safety)))
        except InputError as exc:
            _fail(str(exc))
            summary.problems += 1
    _check_docs(docs, results, workers, summary)


def _check_docs(
    docs: list[tuple[str, Document]], results: Any, workers: Any, summary: output.Summary
) -> None:
    known = results.lookup_many([doc for _, doc in docs])
    fresh = iter(workers.check([doc for (_, doc), hit in zip(docs, known, strict=True)
                                if hit is None]))
    for (path, doc), hit in zip(docs, known, strict=True):
        result = hit
        if result is None:
            result = next(fresh)
            results.store(doc, result)
        summary.files += 1
        summary.paths.append(_shown(path))
        summary.problems += _report_errors(result.errors)
        summary.findings += [output.Located(_shown(path), doc, f) for f in result.findings]


def _extras_format(fmt: str, statistics: bool, show_fixes: bool) -> None:
    if statistics and fmt not in stats.STATISTICS_FORMATS:
        raise ArtlintError(f"--statistics works with --output-format "
                           f"{', '.join(stats.STATISTICS_FORMATS)}; got `{fmt}`")
    if show_fixes and fmt not in stats.SHOW_FIXES_FORMATS:
        raise ArtlintError(f"--show-fixes works with --output-format "
                           f"{', '.join(stats.SHOW_FIXES_FORMATS)}; got `{fmt}`")


def _apply_baseline(
    summary: output.Summary, settings: config.Settings, write_to: Path | None
) -> None:
    """Write the findings to a new baseline, or keep only those not in the baseline."""
    from linter.pipeline import baseline

    if write_to is not None:
        count = baseline.write(write_to, summary.findings)
        print(f"artlint: wrote {count} baseline entr{'y' if count == 1 else 'ies'} "
              f"({len(summary.findings)} findings) to {write_to}", file=sys.stderr)
        return
    known = settings["baseline"]
    if known is None:
        return
    outcome = baseline.apply(known, summary.findings, summary.paths)
    summary.findings = outcome.new
    for line in baseline.describe(outcome, known):
        print(line, file=sys.stderr)


def _add_ignores(summary: output.Summary, resolver: hierarchy.Resolver) -> None:
    """Record each finding in the ignore file of its file's configuration
    (linter.pipeline.ignorefile)."""
    by_file: dict[Path, list[output.Located]] = {}
    for item in summary.findings:
        settings = resolver.for_path(item.path)
        path = ignorefile.path_for(settings["ignore-file"], settings.base)
        by_file.setdefault(path, []).append(item)
    if not by_file:
        root = resolver.root
        by_file[ignorefile.path_for(root["ignore-file"], root.base)] = []
    for path, items in by_file.items():
        ignores = ignorefile.load(path)
        added = ignores.add((item.doc, item.finding) for item in items)
        ignores.write()
        print(f"artlint: added {added} entr{'y' if added == 1 else 'ies'} to the ignore file "
              f"{path} ({len(items)} findings)", file=sys.stderr)


def _shown(path: str) -> str:
    return "<stdin>" if path == files.STDIN else path


# Rule id -> the files it skipped after it was switched off for timing out (engine
# MAX_TIMEOUTS); reported once, at the end of the run (_report_switched_off).
_switched_off: dict[str, dict[str, None]] = {}
SKIPPED_SHOWN = 5  # files named in that report; the rest are counted


def _report_errors(errors: list[Any]) -> int:
    """Print rule errors; a file a switched-off rule skipped is only noted, for later."""
    count = 0
    for error in errors:
        if getattr(error, "skipped", False):
            _switched_off.setdefault(error.rule, {})[_shown(error.path)] = None
            continue
        _fail(str(error))
        count += 1
    return count


def _report_switched_off(summary: output.Summary) -> None:
    """One line per rule switched off for timing out, with the files it skipped."""
    for rule, skipped in sorted(_switched_off.items()):
        paths = list(skipped)
        shown = ", ".join(paths[:SKIPPED_SHOWN])
        more = f" and {len(paths) - SKIPPED_SHOWN} more" if len(paths) > SKIPPED_SHOWN else ""
        _fail(f"rule `{rule}` timed out {MAX_TIMEOUTS} times and was switched off for the "
              f"rest of the run; it skipped {output._count(len(paths), 'file')}: {shown}{more} "
              "(fix the rule, or --ignore it)")
        summary.problems += 1
    _switched_off.clear()


def _exit_code(
    summary: output.Summary, threshold: Severity, changed: bool = False, exit_zero: bool = False
) -> int:
    """2 if anything failed, else 1 for findings at or above the threshold (or changes)."""
    if summary.problems:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    failing = any(item.finding.severity.rank >= threshold.rank for item in summary.findings)
    return EXIT_FINDINGS if failing or changed else EXIT_OK


@app.command()
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
    fmt = _choice(output_format or output.default_format(), output.FORMATS, "--output-format")
    color = _choice(color, output.COLOR_CHOICES, "--color")
    _extras_format(fmt, False, show_fixes)
    reports = _reports(report)
    resolver = _resolver(config_file, isolated, select, extend_select, ignore, fail_on,
                         rules_dir, trust=trust_config_rules)
    settings = resolver.root
    threshold = settings.fail_on
    # Each built on the first file the cache lacks; --show-fixes logs on the linters.
    linters = hierarchy.RunLinters(resolver, fix_log=show_fixes)
    targets, unlinted = _targets(paths, safety, resolver, linters)
    if files.STDIN in targets:  # HTML or Markdown piped in says so: read it as that
        stdin_filename = readers.stdin_name(stdin_filename)
    stdin_to_stdout = files.STDIN in targets and not diff  # keep stdout for the fixed text
    stream = _report_stream(output_file, sys.stderr if stdin_to_stdout else sys.stdout)
    printer = output.Printer(fmt, stream, linter=linters, sarif_root=sarif_root,
                             color=output.use_color(color, stream), quiet=quiet)
    summary = output.Summary()
    _report_unlinted(unlinted, summary, allow_empty)
    groups = _groups(resolver, linters, targets, stdin_filename, every=True)

    def step(batch: list[str], linter: Any, results: Any, workers: Any) -> None:
        _fix_batch(batch, linter, summary, diff, unsafe_fixes, safety, results, workers,
                   stdin_filename)

    # --show-fixes logs on the linter objects, which workers cannot share: one process.
    caching = _Caching(settings, no_cache or show_fixes, cache_dir)
    _run_groups(groups, linters, caching, 1 if show_fixes else jobs, progress, step)
    _in_order(summary, targets, len(groups))
    _report_switched_off(summary)
    printer.findings([] if fix_only else summary.findings)
    printer.summary(summary, fixing="diff" if diff else "fix")
    if show_fixes:
        print(stats.applied_fixes(linters.logged_fixes(), "Would fix" if diff else "Fixed"),
              file=printer.stream)
    output.write_step_summary(summary, fixing="diff" if diff else "fix")
    _save_report(stream, output_file)
    _write_reports(reports, [] if fix_only else summary.findings, summary, printer,
                   "diff" if diff else "fix")
    changed = summary.changed_files > 0 and (diff or exit_non_zero_on_fix)
    code = _exit_code(summary, threshold, changed, exit_zero or fix_only)
    return EXIT_REVIEW if safety.held and code != EXIT_ERROR else code


def _report_stream(output_file: Path | None, default: TextIO) -> TextIO:
    """Where the report goes: ``default``, or a buffer saved to --output-file at the end."""
    return default if output_file is None else io.StringIO()


def _reports(given: list[str]) -> list[tuple[str, Path]]:
    """--report FORMAT:FILE values, checked before anything is linted."""
    reports = []
    for value in given:
        fmt, sep, name = value.partition(":")
        if not sep or not name or fmt not in output.FORMATS:
            raise ArtlintError(f"--report: expected FORMAT:FILE, FORMAT one of "
                               f"{', '.join(output.FORMATS)}; got `{value}`")
        reports.append((fmt, Path(name)))
    return reports


def _write_reports(reports: list[tuple[str, Path]], items: list[output.Located],
                   summary: output.Summary, printer: output.Printer, fixing: str = "") -> None:
    """Write each --report from the same findings as the main report."""
    for fmt, path in reports:
        buffer = io.StringIO()
        other = output.Printer(fmt, buffer, color=False, linter=printer.linter,
                               sarif_root=printer.sarif_root, quiet=printer.quiet)
        other.findings(items)
        other.summary(summary, fixing)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            files.write_new(Path(os.path.abspath(path)), buffer.getvalue().encode("utf-8"))
        except OSError as exc:
            raise ArtlintError(f"--report {fmt}:{path}: cannot write: "
                               f"{exc.strerror or exc}") from None


def _save_report(report: TextIO, output_file: Path | None) -> None:
    if output_file is None:
        return
    assert isinstance(report, io.StringIO)
    try:
        files.write_new(Path(os.path.abspath(output_file)), report.getvalue().encode("utf-8"))
    except OSError as exc:
        raise ArtlintError(f"--output-file {output_file}: cannot write: "
                           f"{exc.strerror or exc}") from None


def _fix_batch(
    batch: list[str], linter: Linter, summary: output.Summary, diff: bool, unsafe: bool,
    safety: Safety, cache: Any, workers: Any, stdin_filename: str,
) -> None:
    """Read a batch, skip what the cache knows is clean, fix the rest (on workers if worth
    it), then guard, write and report file by file in order."""
    pending: list[tuple[str, Document, Any]] = []
    for path in batch:
        if readers.handled(path, linter, stdin_filename):  # Markdown, HTML, JSONL, gzip
            _fix_docs(pending, linter, summary, diff, unsafe, safety, cache, workers)
            pending = []
            readers.fix_one(linter, path, summary, diff, unsafe, safety, stdin_filename, cache)
            continue
        try:
            if path == files.STDIN:
                doc, stamp = _read(path, safety), None
            else:
                doc, stamp = files.read_stamped(path, safety.max_file_size)
        except InputError as exc:
            _fail(str(exc))
            summary.problems += 1
            continue
        pending.append((path, doc, stamp))
    _fix_docs(pending, linter, summary, diff, unsafe, safety, cache, workers)


def _fix_docs(
    pending: list[tuple[str, Document, Any]], linter: Linter, summary: output.Summary,
    diff: bool, unsafe: bool, safety: Safety, cache: Any, workers: Any,
) -> None:
    from linter.pipeline.cache import unfixed

    known = cache.lookup_many([doc for _, doc, _ in pending])
    todo = [doc for (_, doc, _), hit in zip(pending, known, strict=True)
            if hit is None or hit.has_fix(unsafe)]
    fresh = iter(workers.fix(todo, unsafe))
    for (path, doc, stamp), hit in zip(pending, known, strict=True):
        if hit is not None and not hit.has_fix(unsafe):
            result = unfixed(doc, hit)
        else:
            result = next(fresh)
            cache.store_fixed(result)
        _finish_fix(linter, path, doc, stamp, result, summary, diff, safety)


def _finish_fix(
    linter: Linter, path: str, doc: Document, stamp: Any, result: FixResult,
    summary: output.Summary, diff: bool, safety: Safety,
) -> None:
    """Guard, write (or print) and report one file's fix."""
    summary.files += 1
    summary.paths.append(_shown(path))
    summary.problems += _report_errors(result.errors)
    if not result.converged:
        _fail(f"{_shown(path)}: fixes did not settle after {MAX_FIX_PASSES} passes; "
              "review this file")
        summary.problems += 1
    held = None if safety.force else guard.review(
        doc.text, result.text, result.touched, safety.max_deletion)
    if held is not None:
        _hold(path, doc, held, result.touched, safety)
        summary.findings += [output.Located(_shown(path), doc, f)
                             for f in linter.check(doc).findings]
        if path == files.STDIN and not diff:
            sys.stdout.buffer.write(doc.to_bytes())
            sys.stdout.flush()
        return
    summary.findings += [output.Located(_shown(path), result.fixed, f) for f in result.remaining]
    if diff:
        if result.changed:
            summary.changed_files += 1
            _print_diff(_shown(path), doc.text, result.text)
    elif path == files.STDIN:
        summary.changed_files += result.changed
        sys.stdout.buffer.write(doc.to_bytes(result.text))
        sys.stdout.flush()
    elif result.changed:
        if not _write(path, doc, result.text, summary, stamp, safety):
            return  # nothing written: its fixes are not counted
        summary.changed_files += 1
    summary.fixed += result.applied


def _hold(
    path: str, doc: Document, review: guard.Review, touched: dict[int, list[str]],
    safety: Safety,
) -> None:
    """Report a fix the deletion guard held back; the file is left as it is."""
    safety.held.append(path)
    hint = "" if review.empty else f" (or --max-deletion {review.enough()} or more)"
    print(f"artlint: needs review: {_shown(path)}: fix held back: it {review.reason()}; "
          f"file left as it is: check those rules, or rerun with --force{hint}",
          file=sys.stderr)
    if safety.verbose:
        by_rule: dict[str, list[int]] = {}
        for line, rules in sorted(touched.items()):
            for rule in dict.fromkeys(rules):
                by_rule.setdefault(rule, []).append(line + 1)
        for rule, lines in by_rule.items():
            print(f"  {rule}: lines {_ranges(lines)} of {len(doc.lines)}", file=sys.stderr)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans)


def _write(
    path: str, doc: Document, text: str, summary: output.Summary,
    stamp: files.Stamp | None = None, safety: Safety | None = None,
) -> bool:
    """Write the fixed text; report and count a failure. True if the file was written."""
    try:
        files.write_atomic(path, doc.to_bytes(text), expected=stamp)
    except files.StaleFileError as exc:
        _fail(str(exc))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if safety is not None and safety.verbose and exc.errno:
            import errno

            reason += f" [{errno.errorcode.get(exc.errno, exc.errno)}]"
        _fail(f"{path}: cannot write: {reason}; left unchanged")
    else:
        return True
    summary.problems += 1
    return False


def _print_diff(path: str, before: str, after: str) -> None:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        f"a/{path}", f"b/{path}",
    )
    for line in lines:
        sys.stdout.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")


@app.command("rules")
@handles_errors
def list_rules(
    output_format: FormatOpt = "text",
    rules_dir: RulesDirOpt = [],  # noqa: B006
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    trust_config_rules: TrustOpt = False,
) -> int:
    """List every rule: id, category, severity, fixable, languages, source."""
    from linter.rules import ruledocs

    fmt = _choice(output_format, ("text", "json"), "--output-format")
    settings = _settings(config_file, isolated, rules_dir=rules_dir, trust=trust_config_rules)
    ruledocs.print_table(_documented_rules(settings), fmt)
    return EXIT_OK


@app.command()
@handles_errors
def explain(
    rule_id: Annotated[str, typer.Argument(help="The rule to explain.")],
    rules_dir: RulesDirOpt = [],  # noqa: B006
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    trust_config_rules: TrustOpt = False,
) -> int:
    """Show one rule's documentation and examples."""
    from linter.rules import ruledocs

    settings = _settings(config_file, isolated, rules_dir=rules_dir, trust=trust_config_rules)
    rules = {rule.id: rule for rule in _documented_rules(settings)}
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, rules, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise ArtlintError(f"no rule `{rule_id}`{hint}; `artlint rules` lists them")
    ruledocs.print_explanation(rules[rule_id])
    return EXIT_OK


def _documented_rules(settings: config.Settings) -> list[Any]:
    """The rules `artlint rules` lists and `explain` documents: every known text rule,
    and the built-in HTML rules, which run on HTML input with their category."""
    from linter.sources.html import builtin_html_rules

    return [*_known_rules(settings), *builtin_html_rules()]


def _known_rules(settings: config.Settings) -> list[Rule]:
    """Every loaded rule (configured rules folders included), with the configuration's
    severities and options applied."""
    rules = config.known_rules(settings)
    config.configure(rules, settings)
    return rules


def main() -> None:
    _for_command(sys.argv[1:2])(prog_name="artlint")


def _for_command(first: list[str]) -> typer.Typer:
    """The app, with only the command the arguments name when they name one: typer builds
    every registered command's options (~15 ms for all of them) before parsing any."""
    if not first or os.environ.get("_ARTLINT_COMPLETE"):
        return app
    commands = [c for c in app.registered_commands if _command_name(c) == first[0]]
    groups = [g for g in app.registered_groups if g.name == first[0]]
    if not commands and not groups:
        return app  # an option, or a mistyped command that typer names
    narrowed = copy.copy(app)
    narrowed.registered_commands, narrowed.registered_groups = commands, groups
    return narrowed


def _command_name(command: Any) -> str:
    return command.name or command.callback.__name__.lower().replace("_", "-")


@app.command()
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
    import json

    from linter import scoring

    if not folder.is_dir():
        raise ArtlintError(f"{folder}: not a folder")
    chosen = _choice(half, scoring.HALVES, "--half") if half else None
    result = scoring.score(
        build_linter(rules_dir, select, ignore, trust=trust_config_rules), folder, chosen)
    if not result.pages:
        raise ArtlintError(f"{folder}: no <page>.txt with a <page>.labels.json beside it"
                           + (f" in site half {chosen}" if chosen else ""))
    print(json.dumps(scoring.as_json(result), indent=2) if as_json else scoring.report(result, top))
    return EXIT_OK


@app.command()
@handles_errors
def clean(
    cache_dir: CacheDirOpt = None,
    config_file: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> int:
    """Remove the result cache."""
    from linter.pipeline import cache

    settings = _settings(config_file, isolated)
    folder = cache.folder_for(settings, cache_dir, enabled=True)
    removed = cache.clean([folder]) if folder is not None else []
    print(f"removed {removed[0]}" if removed else f"no cache at {folder}")
    return EXIT_OK


@app.command("config")
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
    import json

    fmt = _choice(output_format, ("text", "json"), "--output-format")
    resolver = _resolver(config_file, isolated, select, extend_select, ignore, fail_on,
                         rules_dir, trust=trust_config_rules)
    settings = _settings_for(resolver, path)
    for note in resolver.notes:
        print(f"artlint: note: {note}", file=sys.stderr)
    linter = config.build(settings)
    info = config.describe(settings, linter)
    print(json.dumps(info, ensure_ascii=False, indent=2) if fmt == "json" else config.render(info))
    return EXIT_OK


def _settings_for(resolver: hierarchy.Resolver, path: str | None) -> config.Settings:
    if path is None:
        return resolver.root
    if not os.path.exists(path):
        raise ArtlintError(f"{path}: no such file or folder")
    return resolver.for_folder(path) if os.path.isdir(path) else resolver.for_path(path)


@app.command("new-rule")
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
    from linter.rules import harness

    if folder is None:
        configured = _settings()["rules-dir"]
        folder = configured[0] if configured else Path(".")
    path = harness.new_rule(rule_id, kind, folder, category, message)
    print(f"Created {path}. Edit it, then run: artlint test-rules {folder}")
    return EXIT_OK


@app.command("test-rules")
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
    from linter.rules import harness
    from linter.rules.loader import load_dir

    if folders:
        rules = []
        for folder in folders:
            if not folder.is_dir():
                raise ArtlintError(f"{folder}: rules folder does not exist")
            rules += load_dir(folder)
    else:
        rules = _known_rules(_settings(config_file, isolated, rules_dir=rules_dir,
                                       trust=trust_config_rules))
    names = selectors.split(select)
    selectors.validate(names, rules, "--select")
    if names:
        rules = [rule for rule in rules if any(selectors.matches(n, rule) for n in names)]
    if not rules:
        raise ArtlintError("no rules to test")
    report = harness.run(rules)
    print(harness.render(report, verbose=verbose))
    return EXIT_OK if report.ok else EXIT_FINDINGS


# `artlint shards`: JSON Lines shards on a distributed engine (linter/cli/shards.py).
from linter.cli import shards as shards_command  # noqa: E402 - it builds on the options above

app.add_typer(shards_command.app, name="shards")
