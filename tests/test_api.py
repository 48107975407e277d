"""The library API (linter/api.py): the same results as the `artlint` command on the same
text, records and JSON Lines bytes; picklable to another process.

The command is the independent check: every expected value below comes from running
`artlint check`/`fix` on a file holding the same text, not from the API itself.
"""

from __future__ import annotations

import json
import multiprocessing
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from linter import ArticleLinter, ArtlintError
from linter.cli.app import app

SEEDS = sorted((FIXTURES / "seeds").glob("*.input.txt"))
PACK = """\
id: t-comments-closed
message: Comments-closed notice
category: t-comments
pattern: "comments are closed[.!]?"
---
id: t-source-link
message: Source-link footer
category: t-footers
pattern: "source link"
"""


def cli(*args):
    return CliRunner().invoke(app, [*args], catch_exceptions=False)


def cli_findings(*args):
    """Findings of `artlint ... --output-format json-lines`, as dicts without the path."""
    result = cli(*args, "--output-format", "json-lines")
    assert result.exit_code in (0, 1), result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    for row in rows:
        row.pop("path")
    return rows


def as_rows(findings):
    rows = [finding.to_dict("-") for finding in findings]
    for row in rows:
        row.pop("path")
    return rows


@pytest.fixture(scope="module")
def lint():
    return ArticleLinter(isolated=True)


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK)
    return folder


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_check_gives_the_findings_of_artlint_check(lint, seed, tmp_path):
    text = seed.read_text(encoding="utf-8")
    expected = cli_findings("check", "--isolated", str(seed))
    assert expected, "the seed has artefacts"
    assert as_rows(lint.check(text)) == expected


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_fix_gives_the_text_artlint_fix_writes(lint, seed, tmp_path):
    target = tmp_path / "article.txt"
    shutil.copyfile(seed, target)
    remaining = cli_findings("fix", "--isolated", str(target))
    text, findings = lint.fix(seed.read_text(encoding="utf-8"))
    assert text == target.read_text(encoding="utf-8")
    assert text != seed.read_text(encoding="utf-8")
    assert as_rows(findings) == remaining


def test_options_select_and_rules_dirs_as_on_the_command_line(pack, tmp_path):
    text = "Real text.\n\nComments are closed.\n\nSource link\n"
    target = tmp_path / "a.txt"
    target.write_text(text)
    lint = ArticleLinter(isolated=True, rules_dirs=[pack], select="t-comments,t-footers",
                         ignore=["t-footers"])
    assert lint.rules == ["t-comments-closed"]
    expected = cli_findings("check", "--isolated", "--rules-dir", str(pack), "--select",
                            "t-comments,t-footers", "--ignore", "t-footers", str(target))
    assert [row["rule"] for row in expected] == ["t-comments-closed"]
    assert as_rows(lint.check(text)) == expected


def test_a_configuration_file_is_read(pack, tmp_path):
    config = tmp_path / "artlint.toml"
    config.write_text(f'rules-dir = ["{pack.name}"]\nselect = ["t-footers"]\n')
    lint = ArticleLinter(config)
    assert lint.rules == ["t-source-link"]
    assert ArticleLinter(cwd=tmp_path).rules == ["t-source-link"]  # found from cwd
    assert "t-source-link" not in ArticleLinter(cwd=tmp_path, isolated=True).rules


def test_a_bad_configuration_raises_artlint_error(tmp_path):
    with pytest.raises(ArtlintError, match="no-such-rule"):
        ArticleLinter(isolated=True, select="no-such-rule")
    with pytest.raises(ArtlintError, match="does not exist"):
        ArticleLinter(tmp_path / "missing.toml")
    with pytest.raises(ArtlintError, match="max_deletion"):
        ArticleLinter(isolated=True, max_deletion=30)


def test_a_fix_held_back_by_the_deletion_guard_as_on_the_command_line(pack, tmp_path):
    text = "Comments are closed.\n"
    target = tmp_path / "a.txt"
    target.write_text(text)
    result = cli("fix", "--isolated", "--rules-dir", str(pack), "--select", "t-comments",
                 str(target))
    assert result.exit_code == 3 and target.read_text() == text  # held back
    lint = ArticleLinter(isolated=True, rules_dirs=[pack], select="t-comments")
    outcome = lint.lint(text, fix=True)
    assert outcome.text == text and not outcome.changed
    assert outcome.held is not None and "empty" in outcome.held
    assert [f.rule for f in outcome.findings] == ["t-comments-closed"]
    forced = ArticleLinter(isolated=True, rules_dirs=[pack], select="t-comments", force=True)
    assert forced.fix(text).text == ""


def test_records_give_what_the_jsonl_reader_writes(lint, tmp_path):
    source = FIXTURES / "jsonl" / "corpus.input.jsonl"
    target = tmp_path / "corpus.jsonl"
    shutil.copyfile(source, target)
    cli("fix", "--isolated", str(target))
    before = source.read_text(encoding="utf-8").splitlines()
    after = target.read_text(encoding="utf-8").splitlines()
    valid = [n for n, line in enumerate(before) if _parses(line)]
    assert len(valid) < len(before), "the fixture has an invalid record"
    records = [json.loads(before[n]) for n in valid]
    copies = json.loads(json.dumps(records))
    results = list(lint.fix_records(records))
    assert [r.record for r in results] == [json.loads(after[n]) for n in valid]
    assert records == copies, "the records given are left as they were"
    assert any(r.changed for r in results) and not all(r.changed for r in results)
    for result, record in zip(results, records, strict=True):
        assert (result.record is record) == (not result.changed)


def test_check_records_reach_nested_fields_and_skip_others(lint):
    text = (FIXTURES / "seeds" / SEEDS[0].name).read_text(encoding="utf-8")
    records = [{"a": {"body": text}}, {"a": {"body": 3}}, {"a": "flat"}, {}]
    results = list(lint.check_records(records, fields="a.body"))
    assert as_rows(results[0].findings) == as_rows(lint.check(text))
    assert [len(r.fields) for r in results] == [1, 0, 0, 0]
    with pytest.raises(TypeError, match="mapping"):
        list(lint.check_records(["not a record"]))


def test_lint_line_gives_the_bytes_artlint_fix_writes(lint, tmp_path):
    source = FIXTURES / "jsonl" / "corpus.input.jsonl"
    target = tmp_path / "corpus.jsonl"
    shutil.copyfile(source, target)
    cli("fix", "--isolated", str(target))
    lines = source.read_bytes().splitlines(keepends=True)
    out = [lint.lint_line(raw, fix=True) for raw in lines]
    assert b"".join(item.out for item in out) == target.read_bytes()
    assert sum(item.problem is not None for item in out) == 1  # the broken record


def test_pickles_as_configuration_and_gives_identical_results(lint):
    text = SEEDS[1].read_text(encoding="utf-8")
    data = pickle.dumps(lint)
    assert len(data) < 20_000, "rules and automata are rebuilt, not shipped"
    copy = pickle.loads(data)
    assert copy.rules == lint.rules
    assert copy.fix(text) == lint.fix(text)
    assert copy.check(text) == lint.check(text)


def test_unpickles_in_a_fresh_process(pack, tmp_path):
    (tmp_path / "artlint.toml").write_text(
        f'rules-dir = ["{pack.name}"]\nselect = ["t-comments"]\n'
        '[per-file-ignores]\n"skip/*" = ["t-comments"]\n')  # per-file ignores: closures
    lint = ArticleLinter(tmp_path / "artlint.toml")
    text = SEEDS[2].read_text(encoding="utf-8") + "\nComments are closed.\n"
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        fixed = pool.apply(_fix_in_worker, (lint, text, "a.txt"))
        skipped = pool.apply(_fix_in_worker, (lint, text, str(tmp_path / "skip" / "b.txt")))
    assert fixed == lint.fix(text, path="a.txt")
    assert "Comments are closed." not in fixed.text
    assert skipped == lint.fix(text, path=str(tmp_path / "skip" / "b.txt"))
    assert "Comments are closed." in skipped.text


def _fix_in_worker(lint, text, path):
    return lint.fix(text, path=path)


def test_a_process_with_other_rules_refuses_to_run_it(lint):
    restore, args = lint.__reduce__()
    copy = restore(*args[:-1], "0" * 24)  # a sender whose rules had another fingerprint
    with pytest.raises(ArtlintError, match="install the same artlint"):
        copy.check("Some text.\n")


def test_import_linter_does_not_load_the_engine():
    code = ("import sys, linter; assert 'linter.api' not in sys.modules; "
            "from linter import ArticleLinter; assert 'linter.api' in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stderr


def _parses(line):
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("value", ["", ",", []])
def test_a_selection_that_names_no_rule_is_an_error_as_on_the_command_line(value):
    with pytest.raises(ArtlintError, match=r"^select: expected rule selectors; got "):
        ArticleLinter(isolated=True, select=value)


def test_rules_dirs_given_one_folder_as_a_string_is_an_error_not_read_letter_by_letter():
    with pytest.raises(ArtlintError, match=r"^rules_dirs: expected a list of folders; got one"):
        ArticleLinter(isolated=True, rules_dirs="/tmp/myrules")


def test_relative_rules_dirs_are_resolved_when_the_linter_is_made(tmp_path, monkeypatch):
    """A worker with another working folder (a pickled linter) still finds them."""
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "r.yaml").write_text('id: house-rule\nmessage: m\npattern: "zzz"\n')
    monkeypatch.chdir(tmp_path)
    made = ArticleLinter(isolated=True, rules_dirs=["house"], select="house-rule")
    monkeypatch.chdir("/")
    again = pickle.loads(pickle.dumps(made))
    assert again.settings["rules-dir"] == [tmp_path / "house"]
