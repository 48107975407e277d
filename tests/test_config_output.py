"""`--statistics` and `--show-fixes` through the CLI."""

from __future__ import annotations

import json

from test_config import LOCAL, corpus, lines, run, write


def test_statistics_counts_findings_per_rule(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    write(tmp_path / "corpus" / "two.txt", "Comments are closed.\n\nText.\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--statistics", "corpus")
    assert result.exit_code == 1
    assert lines(result) == [
        "2  t-closed  [*] Closed notice",
        "1  t-source  [*] Source footer",
        "Found 3 findings; [*] fixable with `artlint fix`.",
    ]
    data = json.loads(run("check", "--statistics", "--output-format", "json", "corpus").stdout)
    assert data == [
        {"rule": "t-closed", "count": 2, "fixable": 2, "severity": "warning",
         "message": "Closed notice"},
        {"rule": "t-source", "count": 1, "fixable": 1, "severity": "warning",
         "message": "Source footer"},
    ]
    sarif = run("check", "--statistics", "--output-format", "sarif", "corpus")
    assert sarif.exit_code == 2
    assert sarif.stderr == ("artlint: error: --statistics works with --output-format text, "
                            "concise, json; got `sarif`\n")


def test_show_fixes_on_check_and_on_fix(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    monkeypatch.chdir(tmp_path)
    shown = run("check", "--show-fixes", "--output-format", "concise", "corpus")
    assert lines(shown) == [
        "corpus/story.txt:3:1: warning[t-closed] Closed notice",
        "corpus/story.txt:5:1: warning[t-source] Source footer",
        "Fixes `artlint fix` would apply:",
        "corpus/story.txt:3:1: t-closed (safe fix)",
        "    - Comments are closed.",
        "corpus/story.txt:5:1: t-source (safe fix)",
        "    - Source link",
    ]
    write(tmp_path / "corpus" / "clean.txt", "Nothing to see.\n")
    fixed = run("fix", "--show-fixes", "--output-format", "concise", "corpus")
    assert fixed.exit_code == 0
    assert lines(fixed)[-2:] == [
        "Fixed 1 file:",
        "  corpus/story.txt: t-closed (1 line), t-source (1 line)",
    ]
    assert (tmp_path / "corpus" / "story.txt").read_text() == "Headline\n\nShare this article\n"
