"""Never green by accident (issue 18, item 1): every format artlint reads is linted in
folders by default, and a run that lints nothing, or a path given by name that leads to no
file linted, says so and exits 2 unless --allow-empty."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from linter.cli import app as cli

DIRTY = "Storm hits the coast\n\nThe storm arrived on Monday.\n\nComments are closed.\n"


def run(*args: str):
    return CliRunner().invoke(cli.app, [*args, "--isolated", "--no-cache", "--output-format",
                                        "concise"])


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """The same kind of article as .md, .html, .jsonl and .jsonl.gz, each in its folder."""
    for folder, name in (("md", "000_04b6fc3692aff36b.input.md"),
                         ("html", "000_04b6fc3692aff36b.input.html")):
        (tmp_path / folder).mkdir()
        source = FIXTURES / ("markdown" if folder == "md" else folder) / name
        shutil.copyfile(source, tmp_path / folder / name)
    (tmp_path / "jsonl").mkdir()
    record = b'{"text": "Storm hits\\n\\nComments are closed.\\n"}\n'
    (tmp_path / "jsonl" / "a.jsonl").write_bytes(record)
    (tmp_path / "jsonl" / "b.jsonl.gz").write_bytes(gzip.compress(record))
    return tmp_path


def test_every_format_in_folders_is_linted_by_default(mixed):
    result = run("check", str(mixed / "md"), str(mixed / "html"), str(mixed / "jsonl"))
    assert result.exit_code == 1, result.stderr
    linted = {line.split(":")[0] for line in result.stdout.splitlines() if ":" in line}
    assert {Path(p).name for p in linted} == {
        "000_04b6fc3692aff36b.input.md", "000_04b6fc3692aff36b.input.html", "a.jsonl",
        "b.jsonl.gz"}


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_run_that_lints_nothing_fails_and_says_why(tmp_path, command):
    (tmp_path / "empty").mkdir()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "a.pdf").write_bytes(b"%PDF-1.4")
    result = run(command, str(tmp_path / "empty"), str(tmp_path / "pdfs"))
    assert result.exit_code == 2
    for folder in ("empty", "pdfs"):
        assert (f"artlint: error: {tmp_path / folder}: no file to lint in it (looked for "
                ".txt, .text, .md, .markdown, .html, .htm, .jsonl, .ndjson, gzipped or not) "
                "(--allow-empty to accept that)") in result.stderr


def test_allow_empty_turns_the_errors_into_notes(tmp_path):
    result = run("check", "--allow-empty", str(tmp_path))
    assert result.exit_code == 0
    assert f"artlint: note: {tmp_path}: no file to lint in it" in result.stderr


def test_one_empty_folder_among_good_ones_still_fails_the_run(tmp_path):
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "a.txt").write_text("Storm hits\n\nThe storm arrived on Monday.\n")
    (tmp_path / "typo").mkdir()
    result = run("check", str(tmp_path / "good"), str(tmp_path / "typo"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'typo'}: no file to lint in it" in result.stderr


def test_a_named_file_force_excluded_is_reported(tmp_path, monkeypatch):
    (tmp_path / "artlint.toml").write_text('exclude = ["drafts"]\nforce-exclude = true\n')
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(DIRTY)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.app, ["check", "--no-cache", "drafts/a.txt"])
    assert result.exit_code == 2
    assert ("drafts/a.txt: skipped: excluded by `exclude` or .gitignore (force-exclude is "
            "on)") in result.stderr
    result = CliRunner().invoke(cli.app, ["check", "--no-cache", "drafts"])
    assert result.exit_code == 2
    assert "drafts: no file linted: every file in it is excluded" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_git_ignored_folder_named_on_the_command_line_is_linted(tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("scraped/\n")
    (tmp_path / "scraped" / "inner").mkdir(parents=True)
    (tmp_path / "scraped" / "inner" / "a.txt").write_text(DIRTY)
    monkeypatch.chdir(tmp_path)
    named = CliRunner().invoke(cli.app, ["check", "--no-cache", "--output-format", "concise",
                                         "scraped"])
    assert named.exit_code == 1, named.stderr
    assert "scraped/inner/a.txt:5:1: warning[comment-residue]" in named.stdout
    above = CliRunner().invoke(cli.app, ["check", "--no-cache", "."])
    assert above.exit_code == 2  # the folder is ignored when met in a walk: nothing else
    assert ".: no file linted: every file in it is excluded by `exclude` or .gitignore" \
        in above.stderr


@pytest.mark.parametrize("command", ["check", "fix"])
def test_no_path_lints_the_current_folder(tmp_path, monkeypatch, command):
    (tmp_path / "a.txt").write_text(DIRTY)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.app, [command, "--isolated", "--no-cache"])
    if command == "check":
        assert result.exit_code == 1
        assert "a.txt:5:1: warning[comment-residue]" in result.stdout
    else:
        assert result.exit_code == 0
        assert (tmp_path / "a.txt").read_text() == DIRTY.replace("\n\nComments are closed.", "")


def _unreadable(monkeypatch, folder: Path) -> None:
    """``folder`` as a folder artlint may not read (chmod 000 does not stop root)."""
    import os

    from linter import files

    real_scandir = os.scandir

    def scandir(path):
        if os.path.abspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)


@pytest.mark.parametrize("command", ["check", "fix"])
def test_an_unreadable_folder_is_an_error_and_the_run_goes_on(tmp_path, monkeypatch, command):
    (tmp_path / "a.txt").write_text(DIRTY)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(DIRTY)
    _unreadable(monkeypatch, tmp_path / "locked")
    result = run(command, str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: {tmp_path / 'locked'}: cannot read folder: "
                             "Permission denied; its files were not linted\n")
    fixed = DIRTY.replace("\n\nComments are closed.", "")
    assert (tmp_path / "a.txt").read_text() == (DIRTY if command == "check" else fixed)
    assert (tmp_path / "locked" / "b.txt").read_text() == DIRTY
    named = run(command, "--allow-empty", str(tmp_path / "locked"))  # one message, still 2
    assert named.exit_code == 2
    assert named.stderr == (f"artlint: error: {tmp_path / 'locked'}: cannot read folder: "
                            "Permission denied; its files were not linted\n")


def test_a_named_file_in_a_folder_that_cannot_be_searched_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(DIRTY)
    hidden = tmp_path / "locked" / "b.txt"
    hidden.parent.mkdir()
    hidden.write_text(DIRTY)
    real_is_dir = Path.is_dir

    def is_dir(self):  # what stat says below a folder without search permission
        if str(self) == str(hidden):
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    result = run("check", str(hidden), str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert result.stderr == f"artlint: error: {hidden}: cannot lint: Permission denied\n"
    assert f"{tmp_path / 'a.txt'}:5:1: warning[comment-residue]" in result.stdout


def test_a_link_named_beside_its_target_is_linted_once_and_the_run_passes(tmp_path,
                                                                         monkeypatch):
    """`artlint check *.txt` with latest.txt -> 2024-05-01.txt: the file is linted once,
    through one of its names; neither name is 'not linted'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "2024-05-01.txt").write_text(DIRTY)
    (tmp_path / "latest.txt").symlink_to("2024-05-01.txt")
    result = run("check", "2024-05-01.txt", "latest.txt")
    assert result.stderr == ""
    assert result.exit_code == 1
    assert result.stdout.count("comment-residue") == 1


def test_a_json_lines_file_with_no_field_to_lint_is_an_error(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"body": "Comments are closed."}\n{"body": "More."}\n')
    result = run("check", str(path))
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: {path}: no record has a field to lint (text; "
                             "set `jsonl-fields`); nothing in it was linted\n")
    (tmp_path / "empty.jsonl").write_text("")  # no record at all: like an empty text file
    assert run("check", str(tmp_path / "empty.jsonl")).exit_code == 0


@pytest.mark.parametrize("options", [("--ignore", "all"),
                                     ("--select", "comments", "--ignore", "comments")])
def test_a_selection_that_leaves_no_rule_is_an_error(tmp_path, options):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY)
    result = run("check", *options, str(path))
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: --ignore: leaves no rule to run (it ignores "
                             "every rule `select` chose); nothing would be linted\n")
