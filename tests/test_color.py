"""Colour as ruff and the no-color.org / force-color.org conventions have it (issue 18,
item 4): `--color auto|always|never`; with auto, NO_COLOR turns it off and FORCE_COLOR on."""

from __future__ import annotations

import io

import pytest
from typer.testing import CliRunner

from linter.cli import app as cli
from linter.document import Document
from linter.findings import Finding, Severity
from linter.report import output

ESC = "\x1b["


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("choice", "env", "tty", "expected"), [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),  # empty means unset (no-color.org)
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
])
def test_use_color(choice, env, tty, expected):
    stream = Terminal() if tty else io.StringIO()
    assert output.use_color(choice, stream, env) is expected


def test_no_color_on_a_terminal_writes_no_escape_at_all(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    doc = Document("Title\n\nComments are closed.\n", "a.txt")
    finding = Finding(rule="r", message="m", severity=Severity.WARNING, category="c",
                      start=7, end=27, line=3, column=1, end_line=3, end_column=21)
    printer = output.Printer("text", stream)
    printer.findings([output.Located("a.txt", doc, finding)])
    printer.summary(output.Summary(files=1))
    assert ESC not in stream.getvalue()
    assert stream.getvalue().startswith("a.txt:3:1: warning[r] m\n    | Comments are closed.")


@pytest.mark.parametrize(("args", "env", "escapes"), [
    ([], {}, False),
    ([], {"FORCE_COLOR": "1"}, True),
    (["--color", "always"], {"NO_COLOR": "1"}, True),
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
])
def test_the_cli_follows_the_option_then_the_environment(tmp_path, args, env, escapes):
    story = tmp_path / "a.txt"
    story.write_text("Title\n\nComments are closed.\n")
    result = CliRunner().invoke(cli.app, ["check", "--isolated", "--no-cache", *args,
                                          str(story)], env=env)
    assert result.exit_code == 1
    assert (ESC in result.stdout) is escapes
