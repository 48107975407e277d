"""Baselines through the CLI: --write-baseline records findings, --baseline reports only new
ones (surviving moved lines) and names stale entries."""

from __future__ import annotations

import json

from test_config import LOCAL, STORY, corpus, lines, run, write


def test_write_baseline_then_only_new_findings_are_reported(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    monkeypatch.chdir(tmp_path)
    written = run("check", "--write-baseline", "base.json", "--output-format", "concise",
                  "corpus")
    assert written.exit_code == 0  # today's findings are accepted
    assert written.stderr == "artlint: wrote 2 baseline entries (2 findings) to base.json\n"
    data = json.loads((tmp_path / "base.json").read_text())
    assert data["format"] == "artlint-baseline"
    assert data["version"] == 1
    assert [(e["path"], e["rule"], e["count"], e["text"]) for e in data["entries"]] == [
        ("corpus/story.txt", "t-closed", 1, "Comments are closed."),
        ("corpus/story.txt", "t-source", 1, "Source link"),
    ]
    same = run("check", "--baseline", "base.json", "--output-format", "concise", "corpus")
    assert same.exit_code == 0
    assert lines(same) == []
    assert same.stderr == "artlint: baseline base.json: 2 known findings not reported\n"

    # Lines move and a known artefact appears a second time: only the second is new.
    write(tmp_path / "corpus" / "story.txt",
          "New intro line.\n\n" + STORY + "\nComments are closed.\n")
    moved = run("check", "--baseline", "base.json", "--output-format", "concise", "corpus")
    assert moved.exit_code == 1
    assert lines(moved) == ["corpus/story.txt:11:1: warning[t-closed] Closed notice"]


def baselined(root, monkeypatch, other: str, story: str) -> None:
    """corpus/story.txt and corpus/other.txt recorded in base.json, then story.txt
    rewritten as ``story``."""
    corpus(root, LOCAL)
    write(root / "corpus" / "other.txt", other)
    monkeypatch.chdir(root)
    assert run("check", "--write-baseline", "base.json", "corpus").exit_code == 0
    write(root / "corpus" / "story.txt", story)


def test_stale_entries_are_reported_for_checked_files_only(tmp_path, monkeypatch):
    baselined(tmp_path, monkeypatch, "Comments are closed.\n",
              "Headline\n\nComments are closed.\n")
    result = run("check", "--baseline", "base.json", "corpus/story.txt")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "artlint: baseline base.json: 1 known finding not reported",
        "artlint: baseline base.json: 1 stale entry (fixed or changed since it was written; "
        "update it with --write-baseline):",
        "  corpus/story.txt: t-source: 'Source link'",
    ]  # corpus/other.txt was not checked: its entry is not stale


def test_baseline_from_the_config_file_resolves_against_its_folder(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL + 'baseline = "base.json"\n')
    monkeypatch.chdir(tmp_path)
    assert run("check", "--write-baseline", "base.json", "corpus").exit_code == 0
    monkeypatch.chdir(tmp_path / "corpus")
    result = run("check", "--output-format", "concise", ".")
    assert result.exit_code == 0
    assert lines(result) == []
    assert "2 known findings not reported" in result.stderr


def test_missing_or_malformed_baseline_exits_2(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    monkeypatch.chdir(tmp_path)
    missing = run("check", "--baseline", "nope.json", "corpus")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("artlint: error: nope.json: baseline file does not exist")
    write(tmp_path / "bad.json", '{"format": "artlint-baseline", "version": 1, '
                                 '"entries": [{"path": "x"}]}')
    bad = run("check", "--baseline", "bad.json", "corpus")
    assert bad.exit_code == 2
    assert bad.stderr == ("artlint: error: bad.json: malformed baseline: each entry needs "
                          "path, rule, fingerprint and count\n")


def test_fingerprints_ignore_case_spacing_and_curly_quotes_but_not_words():
    from linter.document import Document
    from linter.pipeline import baseline
    from linter.report.output import Located
    from linter.rules.yaml_rule import load_file

    (rule,) = load_file("r.yaml", 'id: t-x\nmessage: m\npattern: "don.t\\\\s+miss\\\\s+.*"\n')

    def fingerprint(text):
        doc = Document(text)
        (finding,) = rule.check(doc)
        return baseline.fingerprint(Located("a.txt", doc, finding))

    assert fingerprint("Don't miss this") == fingerprint("DON’T  MISS   this")
    assert fingerprint("Don't miss this") != fingerprint("Don't miss that")


def test_fix_leaves_out_what_the_configured_baseline_knows(tmp_path, monkeypatch):
    """A pre-commit fix hook with `baseline` in the configuration: what the fix leaves and
    the baseline records is not reported, and does not fail the run."""
    corpus(tmp_path, LOCAL + 'extend-unsafe-fixes = ["t-source"]\nbaseline = "base.json"\n')
    monkeypatch.chdir(tmp_path)
    assert run("check", "--write-baseline", "base.json", "corpus").exit_code == 0
    fixed = run("fix", "--output-format", "concise", "corpus")
    assert "Comments are closed." not in (tmp_path / "corpus" / "story.txt").read_text()
    assert lines(fixed) == []
    assert fixed.exit_code == 0
    assert "1 known finding not reported" in fixed.stderr


def test_writing_a_baseline_for_part_of_the_corpus_keeps_the_other_files_entries(
    tmp_path, monkeypatch
):
    baselined(tmp_path, monkeypatch, "Headline\n\nComments are closed.\n",
              "Headline\n\nSource link\n")
    part = run("check", "--write-baseline", "base.json", "corpus/story.txt")
    assert part.stderr == ("artlint: wrote 1 baseline entry (1 findings) to base.json; kept 1 "
                           "for files not linted in this run\n")
    data = json.loads((tmp_path / "base.json").read_text())
    assert [(e["path"], e["rule"]) for e in data["entries"]] == [
        ("corpus/other.txt", "t-closed"), ("corpus/story.txt", "t-source")]
    whole = run("check", "--baseline", "base.json", "corpus")
    assert whole.exit_code == 0
