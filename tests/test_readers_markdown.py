"""Markdown input (linter/sources/markdown.py): fixtures made from the seeds, expected
outputs written from the seeds' hand-cleaned texts."""

from __future__ import annotations

from conftest import FIXTURES
from typer.testing import CliRunner

from linter.cli import app as cli
from linter.document import Document
from linter.engine.linter import Linter
from linter.findings import Edit, Finding, Fix, Severity
from linter.sources import format_of, markdown

MD = FIXTURES / "markdown"


def run(*args, input=None):
    return CliRunner().invoke(cli.app, list(args), input=input, catch_exceptions=False)


def test_findings_are_located_in_the_markdown_source():
    path = MD / "000_04b6fc3692aff36b.input.md"
    result = run("check", "--isolated", "--output-format", "concise", str(path))
    lines = result.output.splitlines()
    # the front matter (5 lines and a blank) and a 5-line code block shift the seed's
    # line 23 to 34 and its line 36 to 47; `- ` instead of `  • ` moves the column to 3
    assert any(line.startswith(f"{path}:34:1: warning[dont-miss-block]") for line in lines)
    assert any(line.startswith(f"{path}:47:3: warning[support-journalism-prompt]")
               for line in lines)
    text = path.read_text().splitlines()
    assert text[33].startswith("DON") and text[46] == "- Support fearless journalism"


def test_code_front_matter_and_link_definitions_are_not_linted():
    text = ("---\nsource: Source link\n---\n\nAn article.\n\n"
            "```\nComments are closed.\n```\n\n"
            "    Source link\n\n"
            "[ref]: https://example.com \"See also\"\n\nThe end.\n")
    result = run("check", "--isolated", "--stdin-filename", "a.md", "-", input=text)
    assert result.exit_code == 0, result.output
    plain = run("check", "--isolated", "-", input=text)  # as plain text they are flagged
    assert "comment-residue" in plain.output and "source-footer" in plain.output


def test_removed_block_before_code_keeps_the_code_and_valid_markdown():
    text = ("# Title\n\nText.\n\n## DON'T MISS:\n"
            "- US tests new nuclear bomber in chilling warning to China and Russia[PICTURES]\n"
            "- Vladimir Putin death rumours surge after successor remark[LATEST]\n\n"
            "```\nSource link\n```\n\nMore text.\n\nSource: Read Full Article\n")
    result = run("fix", "--isolated", "--stdin-filename", "x.md", "-", input=text)
    assert result.stdout == ("# Title\n\nText.\n\n```\nSource link\n```\n\nMore text.\n")


class _Fake(Linter):
    """A linter whose one rule removes the text after a list marker, inside the line."""

    def __init__(self):
        super().__init__([])

    def check(self, doc):
        from linter.engine.linter import CheckResult

        findings = []
        for line in doc.lines:
            content = doc.text[line.start:line.end]
            at = content.find("Link copied")
            if at >= 0:
                start = line.start + at
                end = start + len("Link copied")
                findings.append(Finding("share", "m", Severity.WARNING, "share", start, end,
                                        line.index + 1, at + 1, line.index + 1, at + 12,
                                        Fix((Edit(start, end, ""),))))
        return CheckResult(findings)


def test_a_line_left_holding_only_a_list_marker_is_removed():
    source = Document("Text.\n\n- Link copied\n- Keep me\n\n## Link copied\n\nEnd.\n")
    text, result = markdown.fix(_Fake(), source)
    assert text == "Text.\n\n- Keep me\n\nEnd.\n"
    assert result.applied == 2


def test_inline_fix_is_carried_to_the_source_line():
    source = Document("> quoted: Link copied here\n")
    text, _ = markdown.fix(_Fake(), source)
    assert text == "> quoted:  here\n"


def test_format_detection_by_extension():
    assert format_of("a.md") == "markdown"
    assert format_of("a.MARKDOWN") == "markdown"
    assert format_of("a.jsonl.gz") == "jsonl"
    assert format_of("a.ndjson") == "jsonl"
    assert format_of("a.htm") == "html"
    assert format_of("a.txt.gz") == "text"
    assert format_of("a.data") == "text"


def test_config_maps_unusual_names_to_a_format(tmp_path, monkeypatch):
    (tmp_path / "artlint.toml").write_text('[formats]\n"*.data" = "markdown"\n')
    (tmp_path / "a.data").write_text("Text.\n\n```\nComments are closed.\n```\n")
    monkeypatch.chdir(tmp_path)
    assert run("check", "a.data").exit_code == 0
    (tmp_path / "artlint.toml").write_text("")
    assert "comment-residue" in run("check", "a.data").output


def test_an_unknown_format_in_the_config_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "artlint.toml").write_text('[formats]\n"*.data" = "docx"\n')
    (tmp_path / "a.data").write_text("Text.\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "a.data")
    assert result.exit_code == 2 and "formats" in result.output


def test_markdown_in_folders_by_default_and_include_narrows(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text("Text.\n\nComments are closed.\n")
    (tmp_path / "b.txt").write_text("Text.\n\nComments are closed.\n")
    monkeypatch.chdir(tmp_path)
    found = run("check", "--isolated", "--output-format", "concise", ".").output
    assert "a.md:3:1: warning[comment-residue]" in found
    assert "b.txt:3:1: warning[comment-residue]" in found
    (tmp_path / "artlint.toml").write_text('include = ["*.txt"]\n')
    found = run("check", "--output-format", "concise", ".").output
    assert "a.md" not in found and "b.txt:3:1: warning[comment-residue]" in found


def test_tables_setext_headings_html_blocks_and_breaks_are_structure():
    # markdown-it-py parses them: a table's |---| row, a setext underline, an HTML block
    # and a thematic break are markup, so no shape rule reports (or deletes) them
    text = ("Title\n=====\n\nThe article opens with a paragraph of prose.\n\n"
            "| Team | W |\n|---|---|\n| Ajax | 3 |\n\n"
            "Second part\n-----------\n\n<div class=\"x\">\n* * *\n</div>\n\n***\n\n"
            "The article ends here, as articles do.\n")
    result = run("check", "--isolated", "--stdin-filename", "a.md", "-", input=text)
    assert result.exit_code == 0, result.output
    fixed = run("fix", "--isolated", "--unsafe-fixes", "--stdin-filename", "a.md", "-",
                input=text)
    assert fixed.stdout == text
    plain = run("check", "--isolated", "-", input=text)  # as plain text they are flagged
    assert "symbol-only-line" in plain.output


def test_a_suppression_comment_in_markdown_still_suppresses():
    text = "An article.\n\n<!-- artlint: disable-next-line=source-footer -->\nSource link\n"
    result = run("check", "--isolated", "--stdin-filename", "a.md", "-", input=text)
    assert result.exit_code == 0, result.output


BODY = ("The council voted on Tuesday to close the old bridge to cars for good.\n\n"
        "The mayor said the decision was overdue and long awaited by residents.\n")


def test_a_setext_heading_removed_takes_its_underline_with_it():
    """Left behind, "---" would open the text as front matter (the article would become
    metadata), and "===" would underline the paragraph above it."""
    for text, fixed in [
        ("Share this article\n---\n" + BODY + "\n---\n\nEngineers agreed.\n",
         BODY + "\n---\n\nEngineers agreed.\n"),
        ("Opening paragraph.\n\nShare this article\n===\n\n" + BODY, None),
    ]:
        result = run("fix", "--isolated", "--stdin-filename", "x.md", "-", input=text)
        assert result.exit_code == 0, result.output
        assert "Share this article" not in result.stdout
        assert "===" not in result.stdout and not result.stdout.startswith("---")
        if fixed is not None:
            assert result.stdout == fixed


def test_a_fix_that_would_open_front_matter_keeps_the_lines_above_the_break():
    text = "Share this article\n\n---\n\n" + BODY + "\n---\n\nEngineers agreed.\n"
    result = run("fix", "--isolated", "--stdin-filename", "x.md", "-", input=text)
    assert result.stdout == text
    assert result.exit_code == 1  # the finding is left, and reported
