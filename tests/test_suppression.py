"""Inline suppression comments through the CLI, on .txt and .md files, and the opt-in
`unused-suppression` rule."""

from __future__ import annotations

from test_config import LOCAL, corpus, lines, run, write

TEXT = (
    "Headline\n"  # 1
    "\n"  # 2
    "<!-- artlint: disable-next-line=t-closed -->\n"  # 3
    "\n"  # 4
    "Comments are closed.\n"  # 5: suppressed (next non-blank line)
    "Comments are closed.\n"  # 6: reported
    "<!-- artlint: disable=t-footers -->\n"  # 7
    "Source link\n"  # 8: suppressed (category)
    "<!-- artlint: enable=t-footers -->\n"  # 9
    "Source link\n"  # 10: reported
    "<!-- artlint: disable -->\n"  # 11
    "Comments are closed. Source link\n"  # 12 (matches neither: both need the whole line)
    "Source link\n"  # 13: suppressed (everything)
    "<!-- artlint:enable -->\n"  # 14
    "Comments are closed.\n"  # 15: reported
)


def test_disable_enable_and_disable_next_line_in_a_txt_file(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    write(tmp_path / "corpus" / "story.txt", TEXT)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "concise", "corpus/story.txt")
    assert lines(result) == [
        "corpus/story.txt:6:1: warning[t-closed] Closed notice",
        "corpus/story.txt:10:1: warning[t-source] Source footer",
        "corpus/story.txt:15:1: warning[t-closed] Closed notice",
    ]
    assert result.exit_code == 1


def test_suppressed_findings_are_not_fixed(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    text = ("Headline\n\n<!-- artlint: disable-next-line=t-source -->\nSource link\n\n"
            "Comments are closed.\n")
    path = write(tmp_path / "corpus" / "story.md", text)
    monkeypatch.chdir(tmp_path)
    result = run("fix", "corpus/story.md")  # a Markdown file named on the command line
    assert result.exit_code == 0
    assert path.read_text() == ("Headline\n\n<!-- artlint: disable-next-line=t-source -->\n"
                                "Source link\n")


def test_a_disable_all_with_an_enable_of_one_rule(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    write(tmp_path / "corpus" / "story.txt",
          "<!-- artlint: disable=all -->\n<!-- artlint: enable=t-closed -->\n"
          "Comments are closed.\nSource link\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "concise", "corpus/story.txt")
    assert lines(result) == ["corpus/story.txt:3:1: warning[t-closed] Closed notice"]


UNUSED = (
    "Headline\n"  # 1
    "<!-- artlint: disable-next-line=t-closed,t-source -->\n"  # 2: t-source unused
    "Comments are closed.\n"  # 3
    "<!-- artlint: disable=t-nope -->\n"  # 4: unknown
    "<!-- artlint: disable-next-line=t-share-bar -->\n"  # 5: rule not enabled: not reported
    "Plain text.\n"  # 6
)


def test_unused_suppressions_are_reported_only_when_the_rule_is_selected(
    tmp_path, monkeypatch
):
    corpus(tmp_path, LOCAL)
    write(tmp_path / "corpus" / "story.txt", UNUSED)
    monkeypatch.chdir(tmp_path)
    quiet = run("check", "--output-format", "concise", "corpus/story.txt")
    assert lines(quiet) == []
    assert quiet.exit_code == 0
    loud = run("check", "--extend-select", "unused-suppression", "--output-format", "concise",
               "corpus/story.txt")
    assert lines(loud) == [
        "corpus/story.txt:2:1: warning[unused-suppression] "
        "`artlint: disable-next-line=t-source` suppresses nothing",
        "corpus/story.txt:4:1: warning[unused-suppression] "
        "unknown rule `t-nope` in a suppression comment",
    ]
    assert loud.exit_code == 1
