"""The ignore file (linter/config/ignorefile.py): findings judged to be article text, recorded
beside the corpus instead of as comments inside it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from linter.cli import app as cli

TEXT = "An article about the council.\n\nShare this article\n\nSource link\n"


def run(*args):
    return CliRunner().invoke(cli.app, list(args), catch_exceptions=False)


def test_add_ignore_records_findings_that_are_then_neither_reported_nor_fixed(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXT)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert "share-buttons" in run("check", *cache, "a.txt").output  # the cache holds it now
    added = run("check", *cache, "--select", "share", "--add-ignore", "a.txt")
    assert added.exit_code == 0, added.output
    data = json.loads((tmp_path / ".artlint-ignore.json").read_text())
    assert [(e["path"], e["rule"], e["text"]) for e in data["entries"]] == [
        ("a.txt", "share-buttons", "Share this article")]
    after = run("check", *cache, "--output-format", "concise", "a.txt")
    assert after.exit_code == 1
    assert "share-buttons" not in after.output and "source-footer" in after.output
    assert run("fix", *cache, "a.txt").exit_code == 0
    assert (tmp_path / "a.txt").read_text() == "An article about the council.\n\n" \
                                               "Share this article\n"


def test_an_entry_survives_edits_but_not_a_change_of_the_flagged_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXT)
    run("check", "--no-cache", "--select", "share", "--add-ignore", "a.txt")
    (tmp_path / "a.txt").write_text("A new first line.\n\n" + TEXT.replace(
        "Share this article", "  SHARE this   article"))
    assert "share-buttons" not in run("check", "--no-cache", "a.txt").output
    (tmp_path / "a.txt").write_text(TEXT.replace("Share this article", "Share this story"))
    assert "share-buttons" in run("check", "--no-cache", "a.txt").output


def test_adding_twice_records_each_finding_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXT)
    run("check", "--no-cache", "--select", "share", "--add-ignore", "a.txt")
    again = run("check", "--no-cache", "--add-ignore", "a.txt")
    assert "added 1 entry" in again.output  # only source-footer is new
    data = json.loads((tmp_path / ".artlint-ignore.json").read_text())
    assert sorted(e["rule"] for e in data["entries"]) == ["share-buttons", "source-footer"]


def test_the_ignore_file_key_names_another_file_relative_to_the_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "artlint.toml").write_text('ignore-file = "meta/ignores.json"\n')
    (tmp_path / "meta").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(TEXT)
    run("check", "--no-cache", "--add-ignore", "corpus")
    data = json.loads((tmp_path / "meta" / "ignores.json").read_text())
    assert {e["path"] for e in data["entries"]} == {"../corpus/a.txt"}
    assert run("check", "--no-cache", "corpus").exit_code == 0


def test_json_lines_records_are_ignored_by_the_file_they_are_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.jsonl").write_text(json.dumps({"text": TEXT}) + "\n")
    run("check", "--no-cache", "--select", "share", "--add-ignore", "p.jsonl")
    out = run("check", "--no-cache", "--output-format", "concise", "p.jsonl").output
    assert "share-buttons" not in out and "source-footer" in out


def test_a_malformed_ignore_file_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / ".artlint-ignore.json").write_text('{"format": "artlint-ignore", "version": 1,'
                                                   ' "entries": [{"path": "a.txt"}]}')
    result = run("check", "--no-cache", "a.txt")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert ".artlint-ignore.json: entry 1: expected an object with string `path`, `rule` " \
           "and `fingerprint`" in result.output
