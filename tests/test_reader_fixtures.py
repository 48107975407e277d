"""The Markdown and HTML fixtures (made from the seeds, expected outputs cleaned by hand):
`artlint fix` turns each input into its expected file, and leaves an expected file as it
is, byte for byte and without rewriting it."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from linter.cli import app as cli

SUFFIXES = {"markdown": ".md", "html": ".html"}
CASES = [
    (folder, path.name.removesuffix(f".input{suffix}"), suffix)
    for folder, suffix in SUFFIXES.items()
    for path in sorted((FIXTURES / folder).glob(f"*.input{suffix}"))
]


def run(*args: str) -> object:
    return CliRunner().invoke(cli.app, list(args), catch_exceptions=False)


def test_every_format_has_fixtures():
    assert {folder for folder, _, _ in CASES} == set(SUFFIXES)


@pytest.mark.parametrize(("folder", "seed", "suffix"), CASES)
def test_fix_gives_the_hand_cleaned_file(tmp_path, folder, seed, suffix):
    target = tmp_path / f"{seed}{suffix}"
    shutil.copyfile(FIXTURES / folder / f"{seed}.input{suffix}", target)
    result = run("fix", "--isolated", "--output-format", "concise", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (FIXTURES / folder / f"{seed}.expected{suffix}").read_bytes()


@pytest.mark.parametrize(("folder", "seed", "suffix"), CASES)
def test_clean_file_round_trips_byte_for_byte(tmp_path, folder, seed, suffix):
    expected = FIXTURES / folder / f"{seed}.expected{suffix}"
    target = tmp_path / f"{seed}{suffix}"
    shutil.copyfile(expected, target)
    before = target.stat().st_mtime_ns
    assert run("check", "--isolated", str(target)).exit_code == 0
    result = run("fix", "--isolated", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == expected.read_bytes()
    assert target.stat().st_mtime_ns == before  # not rewritten
