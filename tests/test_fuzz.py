"""Bounded fuzzing of artlint (the long run is benchmarks/fuzz.py): arbitrary text and
bytes through reading, writing, check and fix, with the built-in pack and a replace rule."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))

import artlint_fuzz as fz

from linter.cli import app as cli
from linter.engine.linter import Linter
from linter.rule import Rule

BOUNDED = settings(max_examples=100, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow,
                                          HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def replace_linter():
    return fz.replace_linter()


@BOUNDED
@given(data=fz.BYTES)
def test_read_then_write_without_fixes_is_byte_identical(data):
    with tempfile.TemporaryDirectory() as folder:
        fz.check_bytes_round_trip(data, Path(folder))


@BOUNDED
@given(text=fz.TEXTS)
def test_fix_is_idempotent_deletes_only_and_never_fails(linter, text):
    fz.check_fix(linter, text)


@BOUNDED
@given(text=fz.TEXTS)
def test_fix_inserts_only_a_rules_declared_replacement(replace_linter, text):
    fz.check_replace(replace_linter, text + "\nad: buy now\n")


@settings(max_examples=10, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=fz.BYTES)
def test_cli_fix_never_crashes_on_any_bytes(tmp_path, data):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(cli.app, ["fix", "--output-format", "concise", str(path)])
    assert result.exit_code in (0, 1, 2, 3), result.output
    assert "internal error" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


class Inserts(Rule):
    """Replaces the first character with text of its own: what the properties forbid."""

    id = "t-inserts"
    message = "m"
    category = "t"

    def check(self, doc):
        if doc.text.startswith("a"):
            yield self.replace_span(doc, 0, 1, "b")


def test_the_properties_catch_a_rule_that_inserts_text():
    assert fz.is_subsequence("ace", "abcde") and not fz.is_subsequence("aec", "abcde")
    with pytest.raises(AssertionError, match="fix inserted text"):
        fz.check_fix(Linter([Inserts()]), "abc\n")
