"""The console script's fast path (linter.cli.fastpath): `artlint check` with common
options runs without typer, and hands the check exactly what typer would."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli import app as cli
from linter.cli import checking, fastpath

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "fixtures" / "corpus" / "aeb_boilerpipe_3c5bf8db4272925b.txt"

FAST = [
    ["check"],
    ["check", "a.txt"],
    ["check", "--no-cache", "a.txt", "folder/", "-"],
    ["check", "-q", "-v", "--no-progress", "--exit-zero", "a.txt"],
    ["check", "--quiet", "--verbose", "a.txt"],
    ["check", "--output-format", "json", "--select=comment", "--ignore", "x", "--extend-select",
     "y", "--fail-on", "error", "--color", "never", "--max-file-size", "1MB",
     "--stdin-filename", "s.html", "--jobs", "2", "--cache-dir", "c/", "--config", "a.toml",
     "-o", "out.txt", "--sarif-root", "/tmp", "a.txt"],
    ["check", "-j", "3", "--progress", "--isolated", "--statistics", "--show-fixes",
     "--follow-links", "--allow-empty", "--trust-config-rules", "--output-file=x", "b"],
]

TO_TYPER = [
    [], ["--help"], ["fix", "a.txt"], ["rules"], ["check", "--help"], ["check", "-h"],
    ["check", "--fix", "a"], ["check", "--jobs", "x"], ["check", "--jobs", "-1"],
    ["check", "-o=x"], ["check", "--select", "a", "--select", "b"], ["check", "--", "a"],
    ["check", "-qv"], ["check", ""], ["check", "--output-format"], ["check", "--select="],
    ["check", "--progress", "--no-progress"], ["check", "--no-cache=1"], ["check", "--nope"],
    ["check", "--rules-dir", "r"], ["check", "--report", "json:x"], ["check", "-j", "٣"],
]


def typer_arguments(argv, monkeypatch):
    """The keyword arguments typer passes the check for ``argv``."""
    seen = {}

    def record(**kwargs):
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(checking, "run_check", record)
    result = CliRunner().invoke(cli.app, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize("argv", FAST)
def test_the_fast_path_passes_what_typer_passes(argv, monkeypatch):
    defaults = typer_arguments(["check"], monkeypatch)
    assert typer_arguments(argv, monkeypatch) == {**defaults, **fastpath.check_options(argv)}


def test_the_checks_own_defaults_are_the_commands(monkeypatch):
    """What the fast path leaves out, run_check's defaults give, as typer's would."""
    own = {name: p.default for name, p in inspect.signature(checking.run_check).parameters.items()}
    typer_defaults = typer_arguments(["check"], monkeypatch)
    assert own.keys() == typer_defaults.keys()
    for name, value in typer_defaults.items():
        assert own[name] == value or (value == [] and own[name] is None), name


@pytest.mark.parametrize("argv", TO_TYPER)
def test_everything_else_goes_to_typer(argv):
    assert fastpath.check_options(argv) is None


def run(*args, env=None):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "100", **(env or {})}, check=False)


@pytest.mark.parametrize("args", [["--no-cache", "--isolated", str(STORY)],
                                  ["--no-cache", "--isolated", "--output-format", "json", "-q",
                                   str(STORY), str(STORY.parent / "missing.txt")],
                                  ["--no-cache", "--isolated", "--select", "nope", str(STORY)]])
def test_a_fast_check_says_what_typer_says(args):
    full = ("import sys; from linter.cli.app import app; "
            "sys.argv = ['artlint', *sys.argv[1:]]; app(prog_name='artlint')")
    fast, typer_run = run("-m", "linter", "check", *args), run("-c", full, "check", *args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer_run.returncode, typer_run.stdout, typer_run.stderr)
    assert fast.stdout or fast.stderr


def test_a_fast_check_never_imports_typer():
    code = ("import sys; sys.argv = ['artlint', *sys.argv[1:]]\n"
            "from linter.cli.entry import main\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print(code, 'typer' in sys.modules, file=sys.stderr)")
    result = run("-c", code, "check", "--no-cache", "--isolated", str(STORY))
    assert result.stderr.split()[-2:] == ["1", "False"], result.stderr


def test_every_fast_option_is_compared_with_typer():
    """An option the fast path reads but no case above runs could drift from typer's."""
    given = {arg.partition("=")[0] for argv in FAST for arg in argv}
    assert set(fastpath.FLAGS) | set(fastpath.VALUES) <= given
