"""The `artlint` command: check, fix, rules, explain. A thin layer over linter.engine."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer

from linter import __version__, files, output
from linter.document import Document
from linter.engine import MAX_FIX_PASSES, Linter
from linter.errors import ArtlintError, InputError
from linter.findings import Severity
from linter.loader import load_rules
from linter.rule import Rule

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Find and strip scraping artefacts from article text.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

PathsArg = Annotated[list[str], typer.Argument(help="Files or folders to lint; - for stdin.")]
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
    str, typer.Option("--output-format", help="text, concise or json.")
]
FailOnOpt = Annotated[
    str, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
]
ExitZeroOpt = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")
]
ProgressOpt = Annotated[
    bool, typer.Option("--progress/--no-progress", help="Progress bar on a terminal.")
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
        except Exception as exc:  # an artlint bug: say so plainly
            if os.environ.get("ARTLINT_DEBUG"):
                raise
            print(f"artlint: internal error: {type(exc).__name__}: {exc}\n"
                  "Please report it; set ARTLINT_DEBUG=1 to see the traceback.", file=sys.stderr)
            code = EXIT_ERROR
        raise typer.Exit(code)

    return run


def build_linter(rules_dir: list[Path], select: str, ignore: str) -> Linter:
    return Linter(select_rules(load_rules(rules_dir), select, ignore))


def select_rules(rules: list[Rule], select: str, ignore: str) -> list[Rule]:
    """Rules named (by id or category, or `all`) in ``select``, minus those in ``ignore``.

    With no ``select``, every rule that is not opt-in runs. An opt-in rule runs when
    ``select`` names it, its category, or `all`.
    """
    known = {rule.id for rule in rules} | {rule.category for rule in rules} | {"all"}
    wanted = _names(select, known, "--select")
    unwanted = _names(ignore, known, "--ignore")

    def named(rule: Rule, names: set[str]) -> bool:
        return bool(names & {rule.id, rule.category, "all"})

    def chosen(rule: Rule) -> bool:
        return named(rule, wanted) if wanted else not rule.opt_in

    return [rule for rule in rules if chosen(rule) and not named(rule, unwanted)]


def _names(value: str, known: set[str], option: str) -> set[str]:
    names = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(names - known)
    if unknown:
        raise ArtlintError(f"{option}: unknown rule or category `{unknown[0]}`; "
                           "`artlint rules` lists them")
    return names


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise ArtlintError(f"{option}: expected one of {', '.join(allowed)}; got `{value}`")
    return value


def _read(path: str) -> Document:
    if path == files.STDIN:
        data = sys.stdin.buffer.read()
        return Document.from_bytes(data, _shown(path))
    return files.read(path)


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
    paths: PathsArg,
    output_format: FormatOpt = "text",
    fail_on: FailOnOpt = "warning",
    rules_dir: RulesDirOpt = [],  # noqa: B006 - typer reads the default
    select: SelectOpt = "",
    ignore: IgnoreOpt = "",
    exit_zero: ExitZeroOpt = False,
    progress: ProgressOpt = True,
) -> int:
    """Report artefacts; exit 1 if any is at or above --fail-on."""
    fmt = _choice(output_format, output.FORMATS, "--output-format")
    threshold = Severity(_choice(fail_on, ("info", "warning", "error"), "--fail-on"))
    linter = build_linter(rules_dir, select, ignore)
    targets = files.collect(paths)
    summary = output.Summary()
    for path in _progress(targets, progress):
        try:
            doc = _read(path)
        except InputError as exc:
            _fail(str(exc))
            summary.problems += 1
            continue
        result = linter.check(doc)
        summary.files += 1
        summary.problems += _report_errors(result.errors)
        summary.findings += [output.Located(_shown(path), doc, f) for f in result.findings]
    printer = output.Printer(fmt)
    printer.findings(summary.findings)
    printer.summary(summary)
    return _exit_code(summary, threshold, exit_zero=exit_zero)


def _shown(path: str) -> str:
    return "<stdin>" if path == files.STDIN else path


def _report_errors(errors: list[Any]) -> int:
    for error in errors:
        _fail(str(error))
    return len(errors)


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
    paths: PathsArg,
    diff: Annotated[bool, typer.Option("--diff", help="Show the changes; write nothing.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply fixes marked unsafe.")
    ] = False,
    exit_non_zero_on_fix: Annotated[
        bool, typer.Option("--exit-non-zero-on-fix", help="Exit 1 when any file changed.")
    ] = False,
    output_format: FormatOpt = "text",
    fail_on: FailOnOpt = "warning",
    rules_dir: RulesDirOpt = [],  # noqa: B006
    select: SelectOpt = "",
    ignore: IgnoreOpt = "",
    exit_zero: ExitZeroOpt = False,
    progress: ProgressOpt = True,
) -> int:
    """Strip artefacts in place (or print the fixed text for stdin)."""
    fmt = _choice(output_format, output.FORMATS, "--output-format")
    threshold = Severity(_choice(fail_on, ("info", "warning", "error"), "--fail-on"))
    linter = build_linter(rules_dir, select, ignore)
    targets = files.collect(paths)
    stdin_to_stdout = files.STDIN in targets and not diff  # keep stdout for the fixed text
    printer = output.Printer(fmt, sys.stderr if stdin_to_stdout else sys.stdout)
    summary = output.Summary()
    for path in _progress(targets, progress):
        _fix_one(linter, path, summary, diff=diff, unsafe=unsafe_fixes)
    printer.findings(summary.findings)
    printer.summary(summary, fixing="diff" if diff else "fix")
    changed = summary.changed_files > 0 and (diff or exit_non_zero_on_fix)
    return _exit_code(summary, threshold, changed, exit_zero)


def _fix_one(
    linter: Linter, path: str, summary: output.Summary, diff: bool, unsafe: bool
) -> None:
    try:
        doc = _read(path)
    except InputError as exc:
        _fail(str(exc))
        summary.problems += 1
        return
    result = linter.fix(doc, unsafe=unsafe)
    summary.files += 1
    summary.fixed += result.applied
    summary.problems += _report_errors(result.errors)
    if not result.converged:
        _fail(f"{_shown(path)}: fixes did not settle after {MAX_FIX_PASSES} passes; "
              "review this file")
        summary.problems += 1
    summary.findings += [output.Located(_shown(path), result.fixed, f) for f in result.remaining]
    if result.changed:
        summary.changed_files += 1
    if diff:
        _print_diff(_shown(path), doc.text, result.text) if result.changed else None
    elif path == files.STDIN:
        sys.stdout.buffer.write(doc.to_bytes(result.text))
        sys.stdout.flush()
    elif result.changed:
        _write(path, doc, result.text, summary)


def _write(path: str, doc: Document, text: str, summary: output.Summary) -> None:
    try:
        files.write_atomic(path, doc.to_bytes(text))
    except OSError as exc:
        _fail(f"{path}: cannot write: {exc.strerror or exc}; left unchanged")
        summary.problems += 1


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
) -> int:
    """List every rule: id, category, severity, fixable, languages, source."""
    from linter import ruledocs

    fmt = _choice(output_format, ("text", "json"), "--output-format")
    ruledocs.print_table(load_rules(rules_dir), fmt)
    return EXIT_OK


@app.command()
@handles_errors
def explain(
    rule_id: Annotated[str, typer.Argument(help="The rule to explain.")],
    rules_dir: RulesDirOpt = [],  # noqa: B006
) -> int:
    """Show one rule's documentation and examples."""
    from linter import ruledocs

    rules = {rule.id: rule for rule in load_rules(rules_dir)}
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, rules, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise ArtlintError(f"no rule `{rule_id}`{hint}; `artlint rules` lists them")
    ruledocs.print_explanation(rules[rule_id])
    return EXIT_OK


def main() -> None:
    app(prog_name="artlint")


@app.command()
@handles_errors
def score(
    folder: Annotated[Path, typer.Argument(help="Folder of <page>.txt + <page>.labels.json.")],
    rules_dir: RulesDirOpt = [],  # noqa: B006
    select: SelectOpt = "",
    ignore: IgnoreOpt = "",
    top: Annotated[int, typer.Option("--top", help="How many missed lines to list.")] = 25,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead.")] = False,
) -> int:
    """Score `fix` on a line-labelled corpus: precision, recall, F1, content lost."""
    import json

    from linter import scoring

    if not folder.is_dir():
        raise ArtlintError(f"{folder}: not a folder")
    result = scoring.score(build_linter(rules_dir, select, ignore), folder)
    if not result.pages:
        raise ArtlintError(f"{folder}: no <page>.txt with a <page>.labels.json beside it")
    print(json.dumps(scoring.as_json(result), indent=2) if as_json else scoring.report(result, top))
    return EXIT_OK
