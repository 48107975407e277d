"""`--output-format github` (workflow-command annotations), its default inside GitHub
Actions, and the markdown summary appended to $GITHUB_STEP_SUMMARY.

Every expected line is written by hand from the three-rule pack and ``STORY`` of
tests/formatcase.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from formatcase import SELECT, STORY, pack
from typer.testing import CliRunner

from linter.cli.app import app
from linter.report import github, markdown

PACK = pack('"Comments closed: 100% residue, remove"')
CLEAN = "Storm hits the coast\n\nResidents were evacuated.\n"
NO_GITHUB = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "story.txt").write_text(STORY)
    (tmp_path / "corpus" / "clean.txt").write_text(CLEAN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def artlint(*args: str, env: dict[str, str | None] | None = None):
    result = CliRunner().invoke(
        app, [args[0], "--rules-dir", "rules", "--select", SELECT, *args[1:]],
        env={**NO_GITHUB, **(env or {})},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


STORY_ANNOTATIONS = [
    "::group::corpus/story.txt",
    "::notice file=corpus/story.txt,line=3,endLine=3,col=19,endColumn=30,"
    "title=artlint (t-click-here)::Click-here link residue (fixable with `artlint fix`)",
    "::warning file=corpus/story.txt,line=5,endLine=7,"
    "title=artlint (t-dont-miss)::DONT-MISS block (fixable with `artlint fix`)",
    "::error file=corpus/story.txt,line=11,endLine=11,col=1,endColumn=20,"
    "title=artlint (t-comments-closed)::Comments closed: 100%25 residue, remove"
    " (fixable with `artlint fix`)",
    "::endgroup::",
]


def test_github_format_prints_one_group_per_file_with_an_annotation_per_finding(corpus):
    result = artlint("check", "--output-format", "github", "corpus")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        *STORY_ANNOTATIONS,
        "Checked 2 files: 3 findings (1 error, 1 warning, 1 info); "
        "3 fixable with `artlint fix`.",
    ]


def test_github_is_the_default_inside_github_actions_only(corpus):
    inside = artlint("check", "corpus", env={"GITHUB_ACTIONS": "true"})
    assert inside.stdout.splitlines()[:5] == STORY_ANNOTATIONS
    outside = artlint("check", "corpus", env={"GITHUB_ACTIONS": "false"})
    assert outside.stdout.startswith(
        "corpus/story.txt:3:19: info[t-click-here] Click-here link residue")
    assert "::" not in outside.stdout
    asked = artlint("check", "--output-format", "concise", "corpus",
                    env={"GITHUB_ACTIONS": "true"})
    assert asked.stdout.splitlines()[0] == (
        "corpus/story.txt:3:19: info[t-click-here] Click-here link residue")


def test_github_format_for_fix_annotates_what_remains(corpus):
    result = artlint("fix", "--output-format", "github", "corpus")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Fixed 3 findings in 2 files (1 file changed); none remaining."]
    assert (corpus / "corpus" / "story.txt").read_text() == (
        "Storm hits the coast\n\nThe storm arrived (link) on Monday.\n\n"
        "Residents were evacuated.\n")


def test_properties_and_message_are_escaped_like_the_toolkit(corpus):
    odd = corpus / "corpus" / "a,b:c%.txt"
    odd.write_text("Comments are closed.\n")
    result = artlint("check", "--output-format", "github", str(odd.relative_to(corpus)))
    assert result.stdout.splitlines()[:3] == [
        "::group::corpus/a,b:c%25.txt",
        "::error file=corpus/a%2Cb%3Ac%25.txt,line=1,endLine=1,col=1,endColumn=20,"
        "title=artlint (t-comments-closed)::Comments closed: 100%25 residue, remove"
        " (fixable with `artlint fix`)",
        "::endgroup::",
    ]


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("50% off", "50%25 off", "50%25 off"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escaping_functions(raw, data, prop):
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


def test_a_note_follows_when_github_would_hide_annotations(corpus):
    many = "".join(f"Paragraph {n}.\n\nComments are closed.\n\n" for n in range(12))
    (corpus / "corpus" / "many.txt").write_text(many)
    result = artlint("check", "--output-format", "github", "corpus/many.txt")
    lines = result.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 12
    assert lines[-1] == (
        "GitHub shows about 10 annotations of each level per step; this run made 12 errors. "
        "Every finding is listed above, in the step summary, and in the SARIF upload "
        "(--output-format sarif).")
    few = artlint("check", "--output-format", "github", "corpus/story.txt")
    assert "GitHub shows" not in few.stdout


# --- $GITHUB_STEP_SUMMARY ----------------------------------------------------------------


def test_step_summary_is_appended_with_counts_by_file_worst_first_and_by_rule(corpus):
    worse = "Comments are closed.\n\nText.\n\nComments are closed!\n"
    (corpus / "corpus" / "worse.txt").write_text(worse)
    target = corpus / "summary.md"
    target.write_text("earlier step\n")
    result = artlint("check", "--output-format", "concise", "corpus",
                     env={"GITHUB_STEP_SUMMARY": str(target)})
    assert result.exit_code == 1
    assert target.read_text() == (
        "earlier step\n"
        "## artlint\n"
        "\n"
        "Checked 3 files: 5 findings (3 errors, 1 warning, 1 info); "
        "5 fixable with `artlint fix`.\n"
        "\n"
        "### Findings by file\n"
        "\n"
        "| File | Findings | Errors | Warnings | Info |\n"
        "| --- | ---: | ---: | ---: | ---: |\n"
        "| `corpus/worse.txt` | 2 | 2 | 0 | 0 |\n"
        "| `corpus/story.txt` | 3 | 1 | 1 | 1 |\n"
        "\n"
        "### Findings by rule\n"
        "\n"
        "| Rule | Severity | Findings | Files |\n"
        "| --- | --- | ---: | ---: |\n"
        "| `t-comments-closed` | error | 3 | 2 |\n"
        "| `t-click-here` | info | 1 | 1 |\n"
        "| `t-dont-miss` | warning | 1 | 1 |\n"
        "\n"
    )


def test_worse_files_ranks_errors_before_warnings_before_count(corpus):
    (corpus / "corpus" / "clean.txt").unlink()
    (corpus / "corpus" / "warn.txt").write_text(
        "Text.\n\nDON'T MISS:\nA headline here now\n\nMore.\n\nDON'T MISS:\nAnother one here\n")
    (corpus / "corpus" / "err.txt").write_text("Comments are closed.\n")
    target = corpus / "summary.md"
    artlint("check", "--output-format", "json", "corpus", env={"GITHUB_STEP_SUMMARY": str(target)})
    rows = [line for line in target.read_text().splitlines() if line.startswith("| `corpus")]
    assert rows == [
        "| `corpus/story.txt` | 3 | 1 | 1 | 1 |",
        "| `corpus/err.txt` | 1 | 1 | 0 | 0 |",
        "| `corpus/warn.txt` | 2 | 0 | 2 | 0 |",
    ]


def test_step_summary_for_a_clean_run_and_for_fix(corpus):
    target = corpus / "summary.md"
    artlint("check", "corpus/clean.txt", env={"GITHUB_STEP_SUMMARY": str(target)})
    assert target.read_text() == "## artlint\n\nChecked 1 file: no findings.\n\n"
    target.unlink()
    artlint("fix", "corpus", env={"GITHUB_STEP_SUMMARY": str(target)})
    assert target.read_text() == (
        "## artlint\n\nFixed 3 findings in 2 files (1 file changed); none remaining.\n\n")


def test_no_step_summary_without_the_variable(corpus, monkeypatch):
    artlint("check", "corpus", env={"GITHUB_STEP_SUMMARY": ""})
    assert sorted(p.name for p in Path(corpus).iterdir()) == ["corpus", "rules"]


def test_markdown_cells_are_code_spans_that_render_literally():
    """Readable as raw text (issue 18): no backslash before every punctuation mark, yet a
    name holding markup, a backtick or a `|` renders as itself in one table cell."""
    from markdown_it import MarkdownIt

    name = "a|b `c` <i>*x*</i>_[y](z)\nnext"
    cell = markdown.code(name)
    assert cell == "``a\\|b `c` <i>*x*</i>_[y](z) next``"
    table = f"| File | N |\n| --- | ---: |\n| {cell} | 1 |\n"
    html = MarkdownIt("commonmark").enable("table").render(table)
    assert "<td><code>a|b `c` &lt;i&gt;*x*&lt;/i&gt;_[y](z) next</code></td>" in html
    assert markdown.code("corpus/a.txt") == "`corpus/a.txt`"


def test_step_summary_tables_stop_after_max_rows(corpus, monkeypatch):
    monkeypatch.setattr(markdown, "MAX_ROWS", 1)
    target = corpus / "summary.md"
    artlint("check", "corpus", "--output-format", "json", env={"GITHUB_STEP_SUMMARY": str(target)})
    text = target.read_text()
    assert "| `corpus/story.txt` | 3 | 1 | 1 | 1 |\n\n… and 0 more files." not in text
    assert text.count("| `t-") == 1
    assert "\n… and 2 more rules.\n" in text
