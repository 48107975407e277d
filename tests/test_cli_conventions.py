"""ruff's command-line conventions (issue 18, item 4): `check --fix`, `--fix-only`,
`--output-file`, `--quiet`."""

from __future__ import annotations

from typer.testing import CliRunner

from linter.cli import app as cli

BODY = ("The council voted on Tuesday to close the old bridge to cars for good.\n\n"
        "Work on the new crossing starts next spring, officials said.\n\n"
        "Residents had asked for the closure for years.\n\n")
# A phrase finding (fixed by default) and a lone number in the body (its fix is unsafe).
STORY = BODY + "12\n\nThe mayor welcomed the decision.\n\nComments are closed.\n"
FIXED = BODY + "12\n\nThe mayor welcomed the decision.\n"


def run(*args: str):
    return CliRunner().invoke(cli.app, [*args, "--isolated", "--no-cache"])


def test_check_fix_fixes_and_reports_what_is_left(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    result = run("check", "--fix", str(story))
    assert story.read_text() == FIXED
    assert result.exit_code == 1  # the lone number is left, and reported
    assert "warning[lone-number]" in result.stdout
    assert "Fixed 1 finding in 1 file (1 file changed)" in result.stdout


def test_check_fix_only_fixes_and_reports_nothing_left(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    result = run("check", "--fix-only", str(story))
    assert story.read_text() == FIXED
    assert result.exit_code == 0
    assert "lone-number" not in result.stdout


def test_check_fix_with_unsafe_fixes_applies_them(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    assert run("check", "--fix", "--unsafe-fixes", str(story)).exit_code == 0
    assert "12\n" not in story.read_text()


def test_unsafe_fixes_without_fix_is_a_mistake(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    result = run("check", "--unsafe-fixes", str(story))
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: --unsafe-fixes applies fixes: use it with --fix "
                             "or `artlint fix`\n")
    assert story.read_text() == STORY


def test_quiet_prints_the_findings_and_no_summary(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    result = run("check", "-q", str(story))
    assert result.exit_code == 1
    assert "warning[comment-residue]" in result.stdout
    assert "Checked" not in result.stdout


def test_output_file_takes_the_report(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    report = tmp_path / "out" / "report.txt"
    (tmp_path / "out").mkdir()
    result = run("check", "--output-file", str(report), str(story))
    assert result.exit_code == 1
    assert result.stdout == ""
    text = report.read_text()
    assert "a.txt:11:1: warning[comment-residue] Comment-section residue [*]" in text
    assert "Checked 1 file: 2 findings" in text and "\x1b[" not in text
    fixed = run("fix", "-o", str(report), str(story))
    assert fixed.exit_code == 1 and "Fixed 1 finding" in report.read_text()


def test_an_output_file_that_cannot_be_written_is_one_error(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    result = run("check", "--output-file", str(tmp_path / "no" / "such" / "r.txt"), str(story))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"artlint: error: --output-file {tmp_path}/no/such/r.txt: "
                                    "cannot write: ")


def test_report_writes_more_formats_from_the_same_run(tmp_path):
    """--report FORMAT:FILE (issue 18, item 6): the Action's one pass."""
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    sarif, lines = tmp_path / "out" / "a.sarif", tmp_path / "a.jsonl"
    result = run("check", "--output-format", "concise", "--report", f"sarif:{sarif}",
                 "--report", f"json-lines:{lines}", str(story))
    assert result.exit_code == 1
    alone = run("check", "--output-format", "sarif", str(story))
    assert sarif.read_text() == alone.stdout
    assert lines.read_text() == run("check", "--output-format", "json-lines", str(story)).stdout
    assert len(result.stdout.splitlines()) == 2  # the concise report itself is unchanged


def test_a_bad_report_value_is_one_error_before_anything_is_linted(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    result = run("fix", "--report", f"xml:{tmp_path / 'a.xml'}", str(story))
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: --report: expected FORMAT:FILE, FORMAT one of "
                             "text, concise, json, json-lines, github, sarif, junit, html; "
                             f"got `xml:{tmp_path / 'a.xml'}`\n")
    assert story.read_text() == STORY


def test_a_report_is_never_written_over_a_file_being_linted(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    for args, option in (
        (("check", "-o", str(story), str(tmp_path)), f"--output-file {story}"),
        (("fix", "--report", f"json:{story}", str(tmp_path)), f"--report json:{story}"),
        (("check", "--write-baseline", str(story), str(story)), f"--write-baseline {story}"),
    ):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr == (f"artlint: error: {option}: is one of the files being "
                                 "linted; write it to another file (nothing was linted or "
                                 "written)\n")
        assert story.read_text() == STORY


def test_a_report_through_a_symbolic_link_updates_its_target_and_keeps_the_link(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    (tmp_path / "real.json").write_text("old\n")
    link = tmp_path / "latest.json"
    link.symlink_to("real.json")
    run("check", "--output-format", "concise", "--report", f"json:{link}", str(story))
    assert link.is_symlink()
    assert '"rule": "lone-number"' in (tmp_path / "real.json").read_text()


def test_a_report_into_a_fifo_is_written_into_it_not_put_in_its_place(tmp_path):
    """`-o /dev/stdout` (a link to a pipe or a terminal): a rename would replace it."""
    import os
    import threading

    story = tmp_path / "a.txt"
    story.write_text(STORY)
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    run("check", "--output-format", "concise", "-o", str(fifo), str(story))
    reader.join(10)
    assert fifo.is_fifo()
    assert b"warning[lone-number]" in got[0]


def test_two_reports_into_one_file_are_refused_before_anything_is_linted(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    out = tmp_path / "r.json"
    result = run("check", "-o", str(out), "--report", f"sarif:{out}", str(story))
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: --report sarif:{out}: --output-file {out} "
                             "writes the same file; give each its own (nothing was linted or "
                             "written)\n")
    assert not out.exists()


def test_fix_diff_with_a_document_format_on_stdout_is_refused(tmp_path):
    """The diff and a JSON array on one stdout parse as neither."""
    story = tmp_path / "a.txt"
    story.write_text(STORY)
    result = run("fix", "--diff", "--output-format", "json", str(story))
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: --diff prints the changes on stdout, where a "
                             "json report would not parse: write the report to a file (-o "
                             "FILE, or --report json:FILE)\n")
    report = tmp_path / "r.json"
    saved = run("fix", "--diff", "--output-format", "json", "-o", str(report), str(story))
    assert saved.stdout.startswith("--- a/")
    assert report.read_text().lstrip().startswith("[")
    assert story.read_text() == STORY


def test_check_fix_takes_the_guard_options_its_hold_message_names(tmp_path):
    """The guard says "rerun with --force (or --max-deletion N)"; `check --fix` refused
    both options."""
    story = tmp_path / "a.txt"
    promo = ("Sign up for our newsletter to get the latest news, offers and updates "
             "delivered straight to your inbox every morning.\n\n")
    text = "Storm hits the coast on Monday.\n\n" + promo * 3
    story.write_text(text)
    held = run("check", "--fix", str(story))  # over 200 characters and 30% of the text
    assert held.exit_code == 3 and "--max-deletion" in held.stderr
    assert story.read_text() == text
    assert run("check", "--fix", "--max-deletion", "100", str(story)).exit_code == 0
    assert story.read_text().strip() == "Storm hits the coast on Monday."
    story.write_text("Comments are closed.\n\nShare this article\n")
    emptied = run("check", "--fix", str(story))
    assert emptied.exit_code == 3 and "rerun with --force" in emptied.stderr
    assert run("check", "--fix", "--force", str(story)).exit_code == 0
    assert story.read_text().strip() == ""
    for option in (("--force",), ("--max-deletion", "50")):
        refused = run("check", *option, str(story))
        assert refused.exit_code == 2
        assert refused.stderr == (f"artlint: error: {option[0]} applies fixes: use it with "
                                  "--fix or `artlint fix`\n")
