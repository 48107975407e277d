"""The `artlint` command end to end: options, exit codes, output formats, files on disk.

Most tests run the Typer app in-process with CliRunner (stdout and stderr are kept
apart by click >= 8.2); a few run `python -m linter` in a subprocess for real bytes on
stdin/stdout and real exit codes.

The built-in rule pack is still growing, so most tests load a small rule pack of their
own (``PACK``, through --rules-dir) and --select only its categories: every expected
output below is worked out by hand from those four rules. A few tests at the end run
the built-in pack on the classic artefacts ("DON'T MISS:", "Source link", "Comments are
closed.") and assert only what its rules are documented to do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter import __version__
from linter.cli.app import app
from linter.rules.loader import load_rules

BOM = b"\xef\xbb\xbf"

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
---
id: t-dont-miss
message: DONT-MISS block
category: t-related
pattern: "don't miss\\\\s*:?"
block:
  follow: headline
  max-lines: 8
---
id: t-share
message: Share widget
category: t-share
pattern: "share this article"
"""
PACK_CATEGORIES = "t-comments,t-footers,t-related,t-share"
COMMENT_MSG = "Comments-closed notice"
SOURCE_MSG = "Source-link footer"
DONT_MISS_MSG = "DONT-MISS block"
SHARE_MSG = "Share widget"

# A DON'T MISS block (lines 5-7) and a "Source link" footer (line 11).
ARTICLE = (
    "Storm hits the coast\n"  # 1
    "\n"  # 2
    "The storm arrived on Monday.\n"  # 3
    "\n"  # 4
    "DON'T MISS:\n"  # 5
    "Minister resigns over expenses row\n"  # 6
    "Germany aims to overhaul its army\n"  # 7
    "\n"  # 8
    "Residents were evacuated.\n"  # 9
    "\n"  # 10
    "Source link\n"  # 11
)
ARTICLE_FIXED = (
    "Storm hits the coast\n"
    "\n"
    "The storm arrived on Monday.\n"
    "\n"
    "Residents were evacuated.\n"
)
COMMENTS = "Rain in the hills\n\nIt rained all week in the hills.\n\nComments are closed.\n"
COMMENTS_FIXED = "Rain in the hills\n\nIt rained all week in the hills.\n"
CLEAN = "A quiet day\n\nNothing happened in the town today, the mayor said.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def pack(tmp_path) -> list[str]:
    """Options that load the test pack and run only its rules."""
    folder = tmp_path / "test-pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    return ["--rules-dir", str(folder), "--select", PACK_CATEGORIES]


def run(runner: CliRunner, *args: str, input: bytes | str | None = None):
    result = runner.invoke(app, list(args), input=input)
    # A user error never shows a traceback, and never escapes as an exception.
    assert "Traceback" not in result.stdout + result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def artlint(*args: str, cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("ARTLINT_DEBUG", "FORCE_COLOR")}
    proc = subprocess.run(
        [sys.executable, "-m", "linter", *args],
        cwd=cwd, input=input, capture_output=True, timeout=120, env=env, check=False,
    )
    assert b"Traceback" not in proc.stdout + proc.stderr
    return proc


def lines_of(result) -> list[str]:
    return result.stdout.splitlines()


# ---------------------------------------------------------------------------------------
# check: exit codes and output formats
# ---------------------------------------------------------------------------------------


def test_check_clean_file_exits_0_with_summary(runner, tmp_path, pack):
    path = write(tmp_path, "clean.txt", CLEAN)
    result = run(runner, "check", *pack, str(path))
    assert result.exit_code == 0
    assert result.stdout == "Checked 1 file: no findings.\n"
    assert result.stderr == ""


def test_check_findings_exit_1_concise(runner, tmp_path, pack):
    path = write(tmp_path, "story.txt", ARTICLE)
    result = run(runner, "check", *pack, "--output-format", "concise", str(path))
    assert result.exit_code == 1
    assert lines_of(result) == [
        f"{path}:5:1: warning[t-dont-miss] {DONT_MISS_MSG}",
        f"{path}:11:1: warning[t-source-link] {SOURCE_MSG}",
    ]
    assert result.stderr == ""


def test_check_text_format_marks_fixable_shows_line_and_summary(runner, tmp_path, pack):
    story = write(tmp_path, "story.txt", ARTICLE)
    clean = write(tmp_path, "clean.txt", CLEAN)
    result = run(runner, "check", *pack, str(story), str(clean))
    assert result.exit_code == 1
    assert lines_of(result) == [
        f"{story}:5:1: warning[t-dont-miss] {DONT_MISS_MSG} [*]",
        "    | DON'T MISS:  (+2 more lines)",
        f"{story}:11:1: warning[t-source-link] {SOURCE_MSG} [*]",
        "    | Source link",
        "Checked 2 files: 2 findings (0 errors, 2 warnings, 0 info); "
        "2 fixable with `artlint fix`.",
    ]


def test_check_json_has_documented_keys_and_hand_computed_positions(runner, tmp_path, pack):
    text = (
        "Storm hits the coast\n"  # offsets 0..20 (LF at 20)
        "\n"  # 21
        "Rain fell.\n"  # 22..32
        "\n"  # 33
        "  Source link  \n"  # line 5 starts at 34; core 36..47; LF at 49
        "\n"  # 50
        "• Share this article\n"  # line 7 starts at 51; core 53..71; LF at 71
    )
    assert len(text) == 72
    path = write(tmp_path, "pos.txt", text)
    result = run(runner, "check", *pack, "--output-format", "json", str(path))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    keys = {"path", "line", "column", "end_line", "end_column", "rule", "category",
            "severity", "message", "fixable", "fix"}
    assert isinstance(data, list)
    assert all(isinstance(item, dict) and set(item) == keys for item in data)
    assert data == [
        {
            "path": str(path), "line": 5, "column": 3, "end_line": 5, "end_column": 14,
            "rule": "t-source-link", "category": "t-footers", "severity": "warning",
            "message": SOURCE_MSG, "fixable": True,
            "fix": {"applicability": "safe",
                    "edits": [{"start": 34, "end": 50, "replacement": ""}]},
        },
        {
            # The bullet is one character (three UTF-8 bytes): columns count characters.
            "path": str(path), "line": 7, "column": 3, "end_line": 7, "end_column": 21,
            "rule": "t-share", "category": "t-share", "severity": "warning",
            "message": SHARE_MSG, "fixable": True,
            "fix": {"applicability": "safe",
                    "edits": [{"start": 51, "end": 72, "replacement": ""}]},
        },
    ]
    assert result.stderr == ""


def test_check_json_offsets_are_after_the_bom(runner, tmp_path, pack):
    path = write(tmp_path, "bom.txt", BOM + b"Title\r\n\r\nSource link\r\n")
    [item] = json.loads(run(runner, "check", *pack, "--output-format", "json",
                            str(path)).stdout)
    # "Title\r\n" is 7 characters, "\r\n" 2 more: line 3 starts at 9 and ends at 9+11+2.
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (3, 1, 3, 12)
    assert item["fix"]["edits"] == [{"start": 9, "end": 22, "replacement": ""}]


def test_check_json_with_no_findings_is_empty_list(runner, tmp_path, pack):
    path = write(tmp_path, "clean.txt", CLEAN)
    result = run(runner, "check", *pack, "--output-format", "json", str(path))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_check_block_finding_spans_the_block_lines(runner, tmp_path, pack):
    path = write(tmp_path, "story.txt", ARTICLE)
    result = run(runner, "check", *pack, "--output-format", "json", str(path))
    item = json.loads(result.stdout)[0]
    # Lines 5..7: "DON'T MISS:" .. "Germany aims to overhaul its army" (33 characters).
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (5, 1, 7, 34)


def test_a_url_is_a_clear_error_pointing_at_shards(runner, tmp_path, pack):
    result = run(runner, "check", *pack, "s3://bucket/shard.parquet")
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: s3://bucket/shard.parquet: `check` and `fix` "
                             "read local files; URLs (s3://, gs://, hf://...) are read by "
                             "`artlint shards` (docs/large-corpora.md)\n")


def test_check_missing_path_exits_2_naming_it(runner, tmp_path, pack):
    good = write(tmp_path, "story.txt", ARTICLE)
    missing = tmp_path / "nowhere" / "gone.txt"
    result = run(runner, "check", *pack, str(good), str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"artlint: error: {missing}: no such file or directory\n"
    assert "1 file" in result.stdout  # story.txt was still checked


def test_fail_on(runner, tmp_path, pack):
    path = write(tmp_path, "story.txt", ARTICLE)
    result = run(runner, "check", *pack, "--fail-on", "error", "--output-format", "concise",
                 str(path))
    assert result.exit_code == 0
    assert len(lines_of(result)) == 2  # still reported, just not failing
    assert run(runner, "check", *pack, "--fail-on", "info", str(path)).exit_code == 1
    assert run(runner, "check", *pack, "--fail-on", "warning", str(path)).exit_code == 1


def test_fail_on_error_fails_on_an_error_rule(runner, tmp_path):
    rules = tmp_path / "rules"
    write(rules, "end.yaml", 'id: t-the-end\nmessage: End marker\nseverity: error\n'
                             'category: t-end\npattern: "the end"\n')
    path = write(tmp_path, "a.txt", "Story\n\nIt was long.\n\nTHE END\n")
    result = run(runner, "check", "--rules-dir", str(rules), "--select", "t-end",
                 "--fail-on", "error", "--output-format", "concise", str(path))
    assert result.exit_code == 1
    assert lines_of(result) == [f"{path}:5:1: error[t-the-end] End marker"]


def test_exit_zero(runner, tmp_path, pack):
    path = write(tmp_path, "story.txt", COMMENTS)
    result = run(runner, "check", *pack, "--exit-zero", "--output-format", "concise", str(path))
    assert result.exit_code == 0
    assert lines_of(result) == [f"{path}:5:1: warning[t-comments-closed] {COMMENT_MSG}"]
    # --exit-zero does not hide errors: an unreadable file still exits 2.
    bad = write(tmp_path, "bad.txt", b"\xff\xfe\n")
    assert run(runner, "check", *pack, "--exit-zero", str(path), str(bad)).exit_code == 2
    # fix --diff would change the file, but --exit-zero wins.
    diff = run(runner, "fix", *pack, "--diff", "--exit-zero", str(path))
    assert diff.exit_code == 0
    assert "-Comments are closed." in diff.stdout
    assert path.read_text() == COMMENTS


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--output-format", "xml"], "--output-format: expected one of text, concise, json, "
                                     "json-lines, github, sarif, junit, html; got `xml`"),
        (["--fail-on", "fatal"], "--fail-on: expected one of info, warning, error; got `fatal`"),
        (["--select", "no-such-rule"], "--select: unknown rule or category `no-such-rule`"),
        (["--ignore", "t-comments,nope"], "--ignore: unknown rule or category `nope`"),
    ],
)
@pytest.mark.parametrize("command", ["check", "fix"])
def test_bad_option_values_exit_2_naming_the_option(runner, tmp_path, command, args, needle):
    rules = tmp_path / "rules"
    write(rules, "pack.yaml", PACK)
    path = write(tmp_path, "story.txt", COMMENTS)
    result = run(runner, command, "--rules-dir", str(rules), *args, str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("artlint: error: ")
    assert needle in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert path.read_text() == COMMENTS  # a bad option never touches files


def test_select_and_ignore_by_id_and_category(runner, tmp_path, pack):
    rules_dir = pack[1]
    path = write(tmp_path, "a.txt", "Headline here\n\nSome prose.\n\nSource link\n\n"
                                    "Comments are closed.\n")
    source = f"{path}:5:1: warning[t-source-link] {SOURCE_MSG}"
    comment = f"{path}:7:1: warning[t-comments-closed] {COMMENT_MSG}"

    def lines(*options: str) -> list[str]:
        result = run(runner, "check", "--rules-dir", rules_dir, "--output-format", "concise",
                     *options, str(path))
        assert result.stderr == ""
        return lines_of(result)

    assert lines("--select", PACK_CATEGORIES) == [source, comment]
    assert lines("--select", "t-comments-closed") == [comment]  # id
    assert lines("--select", "t-footers") == [source]  # category
    assert lines("--select", "t-comments,t-footers", "--ignore", "t-comments") == [source]
    assert lines("--select", "t-comments,t-footers", "--ignore", "t-source-link") == [comment]
    assert lines("--select", " t-comments , t-footers ") == [source, comment]
    assert lines("--select", "t-share") == []
    nothing = run(runner, "check", "--rules-dir", rules_dir, "--select", "all", "--ignore",
                  "all", str(path))  # no rule left: an error, not a pass
    assert nothing.exit_code == 2 and "leaves no rule to run" in nothing.stderr


def test_select_builtin_category(runner, tmp_path):
    path = write(tmp_path, "story.txt", ARTICLE)
    result = run(runner, "check", "--select", "related-links", "--output-format", "json",
                 str(path))
    data = json.loads(result.stdout)
    assert {item["category"] for item in data} == {"related-links"}
    assert ("dont-miss-block", 5, 7) in {(i["rule"], i["line"], i["end_line"]) for i in data}


def test_folder_recursion_picks_text_files_and_skips_hidden(runner, tmp_path, pack):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", COMMENTS)
    write(corpus, "notes.md", COMMENTS)  # Markdown: every format artlint reads is linted
    write(corpus, "story.yaml", COMMENTS)  # not a format artlint reads
    write(corpus, ".draft.txt", COMMENTS)  # hidden file
    write(corpus, ".cache/c.txt", COMMENTS)  # hidden folder
    write(corpus, "sub/.git/d.txt", COMMENTS)  # hidden folder deeper down
    write(corpus, "sub/b.text", COMMENTS)
    write(corpus, "sub/deeper/e.txt", COMMENTS)
    write(corpus, "sub/deeper/f.txt", CLEAN)
    result = run(runner, "check", *pack, "--output-format", "concise", str(corpus))
    assert result.exit_code == 1
    assert lines_of(result) == [
        f"{corpus}/a.txt:5:1: warning[t-comments-closed] {COMMENT_MSG}",
        f"{corpus}/notes.md:5:1: warning[t-comments-closed] {COMMENT_MSG}",
        f"{corpus}/sub/b.text:5:1: warning[t-comments-closed] {COMMENT_MSG}",
        f"{corpus}/sub/deeper/e.txt:5:1: warning[t-comments-closed] {COMMENT_MSG}",
    ]
    text = run(runner, "check", *pack, str(corpus))
    assert lines_of(text)[-1] == (
        "Checked 5 files: 4 findings (0 errors, 4 warnings, 0 info); "
        "4 fixable with `artlint fix`."
    )


def test_file_named_explicitly_is_checked_whatever_its_suffix(runner, tmp_path, pack):
    path = write(tmp_path, "notes.md", COMMENTS)
    result = run(runner, "check", *pack, "--output-format", "concise", str(path))
    assert lines_of(result) == [f"{path}:5:1: warning[t-comments-closed] {COMMENT_MSG}"]


def test_same_file_twice_is_checked_once(runner, tmp_path, pack):
    path = write(tmp_path, "a.txt", COMMENTS)
    result = run(runner, "check", *pack, "--output-format", "concise", str(path), str(tmp_path))
    assert lines_of(result) == [f"{path}:5:1: warning[t-comments-closed] {COMMENT_MSG}"]


def test_check_stdin_reports_as_stdin(runner, pack):
    result = run(runner, "check", *pack, "--output-format", "concise", "-",
                 input=COMMENTS.encode())
    assert result.exit_code == 1
    assert lines_of(result) == [f"<stdin>:5:1: warning[t-comments-closed] {COMMENT_MSG}"]


@pytest.mark.parametrize("command", ["check", "fix"])
def test_stdin_given_twice_is_read_once(runner, pack, command):
    result = run(runner, command, *pack, "-", "-", input=COMMENTS.encode())
    summary = result.stdout.splitlines()[-1] if command == "check" else result.stderr
    assert "in 1 file" in summary or "Checked 1 file:" in summary, summary
    if command == "fix":
        assert result.stdout == COMMENTS_FIXED


# ---------------------------------------------------------------------------------------
# bad input files
# ---------------------------------------------------------------------------------------

BAD_UTF8 = b"Good line\nBad \xff byte\n"  # 0xff at offset 14, on line 2
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"


def bad_corpus(folder: Path) -> dict[str, Path]:
    return {
        "a": write(folder, "a.txt", COMMENTS),
        "bad": write(folder, "b-bad.txt", BAD_UTF8),
        "bin": write(folder, "c-bin.txt", BINARY),
        "clean": write(folder, "d-clean.txt", CLEAN),
        "e": write(folder, "e.txt", ARTICLE),
    }


def test_check_reports_unreadable_files_and_checks_the_rest(runner, tmp_path, pack):
    corpus = tmp_path / "corpus"
    paths = bad_corpus(corpus)
    result = run(runner, "check", *pack, "--output-format", "concise", str(corpus))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"artlint: error: {paths['bad']}: cannot lint: not valid UTF-8 "
        "(byte 0xff at offset 14, line 2)",
        f"artlint: error: {paths['bin']}: cannot lint: binary file (contains NUL bytes)",
    ]
    assert lines_of(result) == [
        f"{paths['a']}:5:1: warning[t-comments-closed] {COMMENT_MSG}",
        f"{paths['e']}:5:1: warning[t-dont-miss] {DONT_MISS_MSG}",
        f"{paths['e']}:11:1: warning[t-source-link] {SOURCE_MSG}",
    ]
    assert paths["bad"].read_bytes() == BAD_UTF8
    assert paths["bin"].read_bytes() == BINARY


def test_fix_leaves_unreadable_files_byte_identical_and_fixes_the_rest(runner, tmp_path, pack):
    corpus = tmp_path / "corpus"
    paths = bad_corpus(corpus)
    before = {name: path.stat() for name, path in paths.items()}
    result = run(runner, "fix", *pack, str(corpus))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"artlint: error: {paths['bad']}: cannot lint: not valid UTF-8 "
        "(byte 0xff at offset 14, line 2)",
        f"artlint: error: {paths['bin']}: cannot lint: binary file (contains NUL bytes)",
    ]
    assert paths["bad"].read_bytes() == BAD_UTF8
    assert paths["bin"].read_bytes() == BINARY
    for name in ("bad", "bin", "clean"):
        assert paths[name].stat().st_mtime_ns == before[name].st_mtime_ns
        assert paths[name].stat().st_ino == before[name].st_ino
    assert paths["a"].read_text() == COMMENTS_FIXED
    assert paths["e"].read_text() == ARTICLE_FIXED
    assert paths["clean"].read_text() == CLEAN
    assert lines_of(result) == [
        "Fixed 3 findings in 3 files (2 files changed); none remaining. 2 errors (see above)."
    ]


def test_fix_leaves_a_file_with_cr_line_endings_as_it_is_and_says_why(runner, tmp_path, pack):
    mac = COMMENTS.replace("\n", "\r").encode()
    old = write(tmp_path, "mac.txt", mac)
    other = write(tmp_path, "a.txt", COMMENTS)
    result = run(runner, "fix", *pack, str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: {old}: cannot lint: its lines end in CR alone (classic Mac OS); "
        "artlint splits lines at LF: convert it with tr '\\r' '\\n'\n")
    assert old.read_bytes() == mac
    assert other.read_text() == COMMENTS_FIXED


def test_bad_input_exit_codes_through_a_real_process(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    paths = bad_corpus(tmp_path / "corpus")
    proc = artlint("fix", "--rules-dir", "rules", "--select", PACK_CATEGORIES, "corpus",
                   cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        "artlint: error: corpus/b-bad.txt: cannot lint: not valid UTF-8 "
        "(byte 0xff at offset 14, line 2)",
        "artlint: error: corpus/c-bin.txt: cannot lint: binary file (contains NUL bytes)",
    ]
    assert paths["bad"].read_bytes() == BAD_UTF8
    assert paths["bin"].read_bytes() == BINARY
    assert paths["a"].read_bytes() == COMMENTS_FIXED.encode()
    assert paths["e"].read_bytes() == ARTICLE_FIXED.encode()


@pytest.mark.parametrize(("data", "options", "reason"), [
    (BINARY, (), b"binary file (contains NUL bytes)"),
    (BAD_UTF8, (), b"not valid UTF-8"),
    (b"x" * 100_000, ("--max-file-size", "10"), b"file too large"),
])
def test_fix_echoes_stdin_it_cannot_read_as_it_came(tmp_path, data, options, reason):
    """`fix -` is a filter (a pipe, an editor's buffer): stdout must not come back empty
    for input it left alone, as it does not for a clean text or a fix held back."""
    proc = artlint("fix", *options, "-", cwd=tmp_path, input=data)
    assert proc.returncode == 2
    assert proc.stdout == data
    assert b"cannot lint: " + reason in proc.stderr


def test_fix_diff_on_stdin_it_cannot_read_prints_no_diff(tmp_path):
    proc = artlint("fix", "--diff", "-", cwd=tmp_path, input=BAD_UTF8)
    assert proc.returncode == 2
    assert proc.stdout.startswith(b"Would fix 0 findings")  # the summary, no text
    assert b"Bad" not in proc.stdout


@pytest.mark.parametrize("command", ["check", "fix"])
def test_bad_selection_is_reported_when_no_file_needs_the_rules(runner, tmp_path, command):
    """The linter is built lazily (only on a cache miss); a bad option must still fail."""
    empty = tmp_path / "empty"
    empty.mkdir()
    path = write(tmp_path, "story.txt", CLEAN)
    assert run(runner, "check", str(path)).exit_code == 0  # now every file is cached
    for target in (empty, path):
        result = run(runner, command, "--select", "bogus", str(target))
        assert result.exit_code == 2
        assert "--select: unknown rule or category `bogus`" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "missing.txt"],
        ["fix", "missing.txt"],
        ["check", "--rules-dir", "no-such-folder", "ok.txt"],
        ["check", "--select", "bogus", "ok.txt"],
        ["rules", "--output-format", "concise"],
        ["explain", "nonexistent-rule"],
        ["check", "bad.txt"],
        ["fix", "bad.txt"],
    ],
)
def test_user_errors_exit_2_with_one_line_and_no_traceback(runner, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "ok.txt", CLEAN)
    write(tmp_path, "bad.txt", BAD_UTF8)
    result = run(runner, *args)  # run() asserts there is no traceback
    assert result.exit_code == 2
    assert result.stderr.startswith("artlint: error: ")
    assert result.stderr.count("\n") == 1
    assert (tmp_path / "bad.txt").read_bytes() == BAD_UTF8


def test_missing_rules_dir_is_named(runner, tmp_path):
    path = write(tmp_path, "ok.txt", CLEAN)
    result = run(runner, "check", "--rules-dir", str(tmp_path / "nope"), str(path))
    assert result.exit_code == 2
    assert result.stderr == f"artlint: error: {tmp_path / 'nope'}: rules folder does not exist\n"


@pytest.mark.parametrize(("option", "message"), [
    ("--rules-dir", "not a folder of rules"),
    ("--config", "cannot read configuration: Is a directory"),
    ("--baseline", "cannot read baseline: Is a directory"),
])
def test_a_file_or_folder_of_the_wrong_kind_is_named_plainly(runner, tmp_path, option,
                                                             message):
    path = write(tmp_path, "ok.txt", CLEAN)
    wrong = path if option == "--rules-dir" else tmp_path  # a file, or a folder
    result = run(runner, "check", option, str(wrong), str(path))
    assert result.exit_code == 2
    assert result.stderr == f"artlint: error: {wrong}: {message}\n"


# ---------------------------------------------------------------------------------------
# fix
# ---------------------------------------------------------------------------------------


def test_fix_in_place_and_clean_file_untouched(runner, tmp_path, pack):
    corpus = tmp_path / "corpus"
    story = write(corpus, "story.txt", ARTICLE)
    clean = write(corpus, "clean.txt", CLEAN)
    os.utime(clean, ns=(1_000_000_000, 1_000_000_000))
    clean_before = clean.stat()
    result = run(runner, "fix", *pack, str(story), str(clean))
    assert result.exit_code == 0
    assert story.read_text() == ARTICLE_FIXED
    clean_after = clean.stat()
    assert clean.read_text() == CLEAN
    assert clean_after.st_mtime_ns == clean_before.st_mtime_ns == 1_000_000_000
    assert clean_after.st_ino == clean_before.st_ino
    assert result.stdout == "Fixed 2 findings in 2 files (1 file changed); none remaining.\n"
    assert result.stderr == ""
    # No temporary files are left behind.
    assert sorted(p.name for p in corpus.iterdir()) == ["clean.txt", "story.txt"]


def test_fix_is_idempotent(runner, tmp_path, pack):
    corpus = tmp_path / "corpus"
    story = write(corpus, "story.txt", ARTICLE)
    comments = write(corpus, "comments.txt", COMMENTS)
    assert run(runner, "fix", *pack, str(corpus)).exit_code == 0

    def state() -> dict[Path, tuple[bytes, int, int]]:
        return {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
                for p in (story, comments)}

    first = state()
    assert first[story][0] == ARTICLE_FIXED.encode()
    assert first[comments][0] == COMMENTS_FIXED.encode()
    again = run(runner, "fix", *pack, str(corpus))
    assert again.exit_code == 0
    assert again.stdout == "Fixed 0 findings in 2 files (0 files changed); none remaining.\n"
    assert state() == first
    assert run(runner, "check", *pack, str(corpus)).exit_code == 0


def test_fix_keeps_permission_bits(runner, tmp_path, pack):
    story = write(tmp_path, "story.txt", COMMENTS)
    story.chmod(0o640)
    assert run(runner, "fix", *pack, str(story)).exit_code == 0
    assert story.read_text() == COMMENTS_FIXED
    assert story.stat().st_mode & 0o7777 == 0o640


def test_fix_through_a_symlink_replaces_the_target(runner, tmp_path, pack):
    target = write(tmp_path, "real.txt", COMMENTS)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run(runner, "fix", *pack, str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text() == COMMENTS_FIXED


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # BOM + CRLF + no final newline; artefacts in the middle and at the very end.
        (BOM + b"Storm hits the coast\r\n\r\nThe storm arrived on Monday.\r\n\r\n"
               b"Source link\r\n\r\nResidents were evacuated.\r\n\r\nComments are closed.",
         BOM + b"Storm hits the coast\r\n\r\nThe storm arrived on Monday.\r\n\r\n"
               b"Residents were evacuated."),
        # CRLF with a final CRLF; a DON'T MISS block in the middle.
        (b"Title line\r\n\r\nFirst paragraph.\r\n\r\nDON'T MISS:\r\n"
         b"Minister resigns over expenses row\r\n\r\nLast paragraph.\r\n",
         b"Title line\r\n\r\nFirst paragraph.\r\n\r\nLast paragraph.\r\n"),
        # LF, BOM, no final newline, artefact in the middle.
        (BOM + b"Title line\n\nFirst paragraph.\n\nComments are closed.\n\nLast paragraph.",
         BOM + b"Title line\n\nFirst paragraph.\n\nLast paragraph."),
        # Mixed endings: the kept lines keep their own.
        (b"Title line\r\n\r\nFirst paragraph.\n\nSource link\r\n\r\nLast paragraph.\n",
         b"Title line\r\n\r\nFirst paragraph.\n\nLast paragraph.\n"),
        # CRLF, no final newline, the artefact is the last line: no stray CRLF is left.
        (b"Title line\r\n\r\nLast paragraph.\r\nShare this article",
         b"Title line\r\n\r\nLast paragraph."),
    ],
    ids=["bom-crlf-no-eol", "crlf-block", "bom-lf-no-eol", "mixed-endings", "crlf-last-line"],
)
def test_fix_keeps_bom_line_endings_and_final_newline(runner, tmp_path, pack, before, after):
    path = write(tmp_path, "story.txt", before)
    assert run(runner, "fix", *pack, str(path)).exit_code == 0
    assert path.read_bytes() == after
    # The same bytes come out of stdin mode.
    piped = run(runner, "fix", *pack, "-", input=before)
    assert piped.stdout_bytes == after


def test_fix_diff_prints_unified_diff_and_writes_nothing(runner, tmp_path, pack):
    path = write(tmp_path, "c.txt", COMMENTS)
    mtime = path.stat().st_mtime_ns
    result = run(runner, "fix", *pack, "--diff", "--output-format", "concise", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        f"--- a/{path}\n"
        f"+++ b/{path}\n"
        "@@ -1,5 +1,3 @@\n"
        " Rain in the hills\n"
        " \n"
        " It rained all week in the hills.\n"
        "-\n"
        "-Comments are closed.\n"
    )
    assert path.read_bytes() == COMMENTS.encode()
    assert path.stat().st_mtime_ns == mtime


def test_fix_diff_marks_missing_final_newline(runner, tmp_path, pack):
    path = write(tmp_path, "c.txt", "Title line\n\nBody text.\n\nSource link")
    result = run(runner, "fix", *pack, "--diff", "--output-format", "concise", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        f"--- a/{path}\n"
        f"+++ b/{path}\n"
        "@@ -1,5 +1,3 @@\n"
        " Title line\n"
        " \n"
        "-Body text.\n"
        "-\n"
        "-Source link\n"
        "\\ No newline at end of file\n"
        "+Body text.\n"
        "\\ No newline at end of file\n"
    )
    assert path.read_text() == "Title line\n\nBody text.\n\nSource link"


def test_fix_diff_with_nothing_to_change_exits_0(runner, tmp_path, pack):
    path = write(tmp_path, "clean.txt", CLEAN)
    result = run(runner, "fix", *pack, "--diff", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        "Would fix 0 findings in 1 file (0 files would change); none remaining.\n"
    )


def test_fix_stdin_writes_only_the_fixed_text_to_stdout(runner, pack):
    result = run(runner, "fix", *pack, "-", input=ARTICLE.encode())
    assert result.exit_code == 0
    assert result.stdout_bytes == ARTICLE_FIXED.encode()
    assert result.stderr == "Fixed 2 findings in 1 file (1 file changed); none remaining.\n"


def test_fix_stdin_with_other_files_keeps_stdout_clean(runner, tmp_path, pack):
    other = write(tmp_path, "other.txt", COMMENTS)
    result = run(runner, "fix", *pack, "-", str(other), input=ARTICLE.encode())
    assert other.read_text() == COMMENTS_FIXED
    assert result.stdout_bytes == ARTICLE_FIXED.encode()


def test_fix_stdin_json_report_goes_to_stderr(runner, pack):
    result = run(runner, "fix", *pack, "--output-format", "json", "-", input=COMMENTS.encode())
    assert result.stdout_bytes == COMMENTS_FIXED.encode()
    assert json.loads(result.stderr) == []


def test_fix_stdin_through_a_real_process_keeps_bytes(tmp_path):
    (tmp_path / "pack.yaml").write_text(PACK)
    before = BOM + b"Title line\r\n\r\nBody text.\r\n\r\nDON'T MISS:\r\nA headline here\r\n"
    proc = artlint("fix", "--rules-dir", ".", "--select", PACK_CATEGORIES, "-",
                   cwd=tmp_path, input=before)
    assert proc.returncode == 0
    assert proc.stdout == BOM + b"Title line\r\n\r\nBody text.\r\n"
    assert proc.stderr == b"Fixed 1 finding in 1 file (1 file changed); none remaining.\n"


def test_fix_stdin_clean_input_is_echoed_unchanged(tmp_path):
    (tmp_path / "pack.yaml").write_text(PACK)
    data = BOM + b"A quiet day\r\n\r\nNothing happened."
    proc = artlint("fix", "--rules-dir", ".", "--select", PACK_CATEGORIES, "-",
                   cwd=tmp_path, input=data)
    assert proc.returncode == 0
    assert proc.stdout == data


def test_exit_non_zero_on_fix(runner, tmp_path, pack):
    path = write(tmp_path, "c.txt", COMMENTS)
    result = run(runner, "fix", *pack, "--exit-non-zero-on-fix", str(path))
    assert result.exit_code == 1
    assert path.read_text() == COMMENTS_FIXED  # it still fixes
    again = run(runner, "fix", *pack, "--exit-non-zero-on-fix", str(path))
    assert again.exit_code == 0
    # Without the flag a fix that leaves nothing behind exits 0.
    write(tmp_path, "c.txt", COMMENTS)
    assert run(runner, "fix", *pack, str(path)).exit_code == 0


def test_fix_exits_1_when_unfixable_findings_remain(runner, tmp_path, pack):
    rules = Path(pack[1])
    write(rules, "end.yaml", 'id: t-the-end\nmessage: End marker\ncategory: t-end\n'
                             'fix: none\npattern: "the end"\n')
    path = write(tmp_path, "a.txt", "Story\n\nIt was long.\n\nTHE END\n\nComments are closed.\n")
    result = run(runner, "fix", "--rules-dir", str(rules), "--select", "t-end,t-comments",
                 str(path))
    assert result.exit_code == 1
    assert path.read_text() == "Story\n\nIt was long.\n\nTHE END\n"
    assert lines_of(result) == [
        f"{path}:5:1: warning[t-the-end] End marker",
        "    | THE END",
        "Fixed 1 finding in 1 file (1 file changed); "
        "1 remaining (0 errors, 1 warning, 0 info).",
    ]


# ---------------------------------------------------------------------------------------
# rules and explain
# ---------------------------------------------------------------------------------------


# The built-in HTML rules (rules/html/) and their categories, as written in those files.
HTML_RULES = {
    "html-advert-container": "advertising",
    "html-comments-container": "comments",
    "html-cookie-container": "cookie-consent",
    "html-newsletter-container": "subscription",
    "html-related-container": "related-links",
    "html-share-container": "share-widgets",
}


def test_explain_documents_an_html_rule(runner):
    result = run(runner, "explain", "html-share-container")
    assert result.exit_code == 0
    assert result.stdout.startswith("# html-share-container\n")
    assert "category: share-widgets" in result.stdout
    assert "source: builtin:html" in result.stdout
    assert "`<div class=\"shadow\">` is not" in result.stdout  # the rule's own docstring


def _fix_column(rule) -> str:
    if not rule.fixable:
        return "-"
    if rule.applicability.value == "unsafe":
        return "unsafe"
    return "anchored" if rule.evidence.value == "shape" else "safe"


def test_rules_lists_every_rule_with_columns(runner):
    result = run(runner, "rules")
    assert result.exit_code == 0
    lines = lines_of(result)
    assert lines[0].split() == [
        "id", "category", "severity", "fixable", "evidence", "fix", "default", "languages", "source"
    ]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    rules = [rule for rule in load_rules() if rule.id not in HTML_RULES]
    assert set(rows) == {rule.id for rule in rules} | set(HTML_RULES)
    assert len(lines) == 1 + len(rules) + len(HTML_RULES)
    for rule in rules:
        assert rows[rule.id][1:7] == [rule.category, rule.severity.value,
                                      "yes" if rule.fixable else "no", rule.evidence.value,
                                      _fix_column(rule),
                                      "opt-in" if rule.opt_in else "on"]
        assert rows[rule.id][-1] == "builtin"
    for rule_id, category in HTML_RULES.items():
        assert rows[rule_id][1:] == [category, "warning", "yes", "phrase", "safe", "on", "any",
                                     "builtin:html"]
    assert rows["dont-miss-block"][1:6] == ["related-links", "warning", "yes", "phrase", "safe"]
    assert rows["lone-number"][1:6] == ["counters", "warning", "yes", "shape", "anchored"]
    # Sorted by category, then id.
    keys = [(row[1], row[0]) for row in (line.split() for line in lines[1:])]
    assert keys == sorted(keys)


def test_rules_json(runner, tmp_path, pack):
    result = run(runner, "rules", "--output-format", "json", "--rules-dir", pack[1])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ids = [row["id"] for row in data]
    assert len(ids) == len(set(ids))
    assert set(ids) == {rule.id for rule in load_rules()} | set(HTML_RULES) | {
        "t-comments-closed", "t-source-link", "t-dont-miss", "t-share",
    }
    assert all(
        set(row) == {"id", "category", "severity", "fixable", "evidence", "fix", "default",
                     "languages", "source"}
        for row in data
    )
    by_id = {row["id"]: row for row in data}
    assert by_id["t-dont-miss"] == {
        "id": "t-dont-miss", "category": "t-related", "severity": "warning",
        "fixable": "yes", "evidence": "phrase", "fix": "safe", "default": "on", "languages": "any",
        "source": str(Path(pack[1]) / "pack.yaml"),
    }


def test_explain_shows_description_and_examples(runner):
    rule = {r.id: r for r in load_rules()}["dont-miss-block"]
    result = run(runner, "explain", "dont-miss-block")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(f"# dont-miss-block\n\n*{rule.message}*\n\ncategory: related-links · ")
    assert rule.description.strip().splitlines()[0] in out
    assert "\n## Examples\n" in out
    assert "\nFlagged:\n" in out
    assert "\nNot flagged:\n" in out
    assert "Don't miss the chance to" in out  # a documented good example
    for example in rule.examples:
        text = example.get("bad", example.get("good"))
        assert f"```text\n{text.rstrip()}\n```" in out


def test_explain_says_which_rules_mark_an_entrys_metadata(runner):
    marked = run(runner, "explain", "date-stamp").stdout
    assert "Its findings are an entry's metadata" in marked
    unmarked = run(runner, "explain", "share-buttons").stdout
    assert "Its findings are an entry's metadata" not in unmarked


def test_explain_custom_rule_from_rules_dir(runner, tmp_path):
    rules = tmp_path / "rules"
    write(rules, "r.yaml", 'id: t-plug\nmessage: Newsletter plug\ncategory: t-plugs\n'
                           'pattern: "sign up now"\ndescription: |\n  A plug for the '
                           'newsletter.\nexamples:\n  - bad: "Sign up now"\n    fixed: ""\n'
                           '  - good: "Sign up now, the union urged its members."\n')
    result = run(runner, "explain", "--rules-dir", str(rules), "t-plug")
    assert result.exit_code == 0
    assert result.stdout == (
        "# t-plug\n"
        "\n"
        "*Newsletter plug*\n"
        "\n"
        "category: t-plugs · severity: warning · fixable: yes · evidence: phrase · fix: safe · "
        "default: on · languages: any · "
        f"source: {rules / 'r.yaml'}\n"
        "\n"
        "A plug for the newsletter.\n"
        "\n"
        "## Examples\n"
        "\n"
        "Flagged:\n"
        "\n"
        "```text\n"
        "Sign up now\n"
        "```\n"
        "\n"
        "Fixed:\n"
        "\n"
        "```text\n"
        "\n"
        "```\n"
        "\n"
        "Not flagged:\n"
        "\n"
        "```text\n"
        "Sign up now, the union urged its members.\n"
        "```\n"
    )


def test_explain_python_rule_uses_docstring(runner):
    result = run(runner, "explain", "masthead")
    assert result.exit_code == 0
    assert "The name of the publication as the first line of the text" in result.stdout


def test_explain_unknown_rule_suggests_a_close_one(runner):
    result = run(runner, "explain", "dont-mis-block")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "artlint: error: no rule `dont-mis-block` (did you mean `dont-miss-block`?); "
        "`artlint rules` lists them\n"
    )


def test_explain_unknown_rule_without_close_match(runner):
    result = run(runner, "explain", "zzzzzz")
    assert result.exit_code == 2
    assert result.stderr == "artlint: error: no rule `zzzzzz`; `artlint rules` lists them\n"


# ---------------------------------------------------------------------------------------
# --rules-dir
# ---------------------------------------------------------------------------------------

CUSTOM_RULE = """\
id: t-newsletter-plug
message: Newsletter plug
category: t-plugs
severity: info
pattern: "sign up for our newsletter[.!]?"
"""

PY_RULE = '''\
from linter.rule import Rule


class Shout(Rule):
    """A line in capitals ending with three exclamation marks."""

    id = "t-shout-line"
    message = "Shouted line"
    category = "t-plugs"

    def check(self, doc):
        for core in doc.cores:
            if core.text.endswith("!!!") and core.text.isupper():
                yield self.delete_lines(doc, core.index)
'''


def test_rules_dir_custom_rules_are_loaded_and_reported(runner, tmp_path):
    rules = tmp_path / "my-rules"
    yaml_path = write(rules, "plug.yaml", CUSTOM_RULE)
    py_path = write(rules, "sub/shout.py", PY_RULE)
    write(rules, "_helper.py", "raise RuntimeError('never imported')\n")  # skipped: _ prefix
    write(rules, "README.md", "not a rule\n")
    path = write(tmp_path, "a.txt", "Title line\n\nBody.\n\nSign up for our newsletter!\n\n"
                                    "BUY NOW!!!\n")
    base = ["--rules-dir", str(rules), "--select", "t-plugs"]
    result = run(runner, "check", *base, "--output-format", "concise", str(path))
    assert result.exit_code == 1
    assert lines_of(result) == [
        f"{path}:5:1: info[t-newsletter-plug] Newsletter plug",
        f"{path}:7:1: warning[t-shout-line] Shouted line",
    ]
    # An info finding alone does not fail with the default --fail-on warning.
    only_info = run(runner, "check", "--rules-dir", str(rules), "--select", "t-newsletter-plug",
                    str(path))
    assert only_info.exit_code == 0
    assert lines_of(only_info)[-1] == (
        "Checked 1 file: 1 finding (0 errors, 0 warnings, 1 info); "
        "1 fixable with `artlint fix`."
    )
    listed = json.loads(run(runner, "rules", "--rules-dir", str(rules),
                            "--output-format", "json").stdout)
    by_id = {row["id"]: row for row in listed}
    assert by_id["t-newsletter-plug"] == {
        "id": "t-newsletter-plug", "category": "t-plugs", "severity": "info",
        "fixable": "yes", "evidence": "phrase", "fix": "safe", "default": "on", "languages": "any",
        "source": str(yaml_path),
    }
    assert by_id["t-shout-line"]["source"] == str(py_path)
    fixed = run(runner, "fix", *base, str(path))
    assert fixed.exit_code == 0
    assert path.read_text() == "Title line\n\nBody.\n"


def test_several_rules_dirs(runner, tmp_path):
    one = tmp_path / "one"
    two = tmp_path / "two"
    write(one, "plug.yaml", CUSTOM_RULE)
    write(two, "shout.py", PY_RULE)
    path = write(tmp_path, "a.txt", "Title\n\nSign up for our newsletter.\n\nBUY NOW!!!\n")
    result = run(runner, "check", "--rules-dir", str(one), "--rules-dir", str(two),
                 "--select", "t-plugs", "--output-format", "concise", str(path))
    assert lines_of(result) == [
        f"{path}:3:1: info[t-newsletter-plug] Newsletter plug",
        f"{path}:5:1: warning[t-shout-line] Shouted line",
    ]


RULE_FILE_ERRORS = {
    "unknown-key": (
        "bad.yaml",
        "id: my-rule\nmessage: Mine\npattern: \"hello\"\nseverty: error\n",
        4,
        "unknown key `severty` (did you mean `severity`?); allowed: id, message, pattern,",
    ),
    "bad-regex": (
        "bad.yaml",
        "id: my-rule\nmessage: Mine\npatterns:\n  - \"fine\"\n  - \"(unclosed\"\n",
        5,
        "rule `my-rule`: invalid regex '(unclosed'",
    ),
    "missing-id": (
        "bad.yaml",
        "message: Mine\npattern: \"hello\"\n",
        1,
        "missing required key `id`: a kebab-case name",
    ),
    "invalid-yaml": (
        "bad.yaml",
        "id: my-rule\nmessage: a: b\npattern: \"x\"\n",
        2,
        "invalid YAML: mapping values are not allowed",
    ),
    "bad-severity": (
        "bad.yml",
        "id: my-rule\nmessage: Mine\npattern: \"x\"\nseverity: fatal\n",
        4,
        "rule `my-rule`: `severity` must be one of info, warning, error; got 'fatal'",
    ),
    "unsafe-tag": (
        "bad.yaml",
        "id: my-rule\nmessage: !!python/name:os.system\npattern: \"x\"\n",
        2,
        "invalid YAML value: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/name:os.system'",
    ),
    "python-raises-on-import": (
        "broken.py",
        "import os\n\nraise RuntimeError(\"boom at import\")\n",
        3,
        "cannot import: RuntimeError: boom at import",
    ),
}


@pytest.mark.parametrize("case", sorted(RULE_FILE_ERRORS))
@pytest.mark.parametrize("command", ["check", "fix", "rules"])
def test_rules_dir_errors_one_line_with_file_and_line(runner, tmp_path, case, command):
    name, text, line, expected = RULE_FILE_ERRORS[case]
    rules = tmp_path / "rules"
    rule_file = write(rules, name, text)
    story = write(tmp_path, "a.txt", COMMENTS)
    paths = [] if command == "rules" else [str(story)]
    result = run(runner, command, "--rules-dir", str(rules), *paths)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"artlint: error: {rule_file}:{line}: ")
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert story.read_text() == COMMENTS  # nothing is fixed when the rules do not load


def test_python_rule_import_error_line_with_relative_rules_dir(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "rel/broken.py", "import os\n\nraise RuntimeError(\"boom\")\n")
    write(tmp_path, "a.txt", CLEAN)
    result = run(runner, "check", "--rules-dir", "rel", "a.txt")
    assert result.exit_code == 2
    assert result.stderr == "artlint: error: rel/broken.py:3: cannot import: RuntimeError: boom\n"


SYNTAX_ERROR_RULE = "from linter.rule import Rule\n\n\nclass Bad(Rule)\n    id = 'x'\n"


def test_python_rule_syntax_error_names_file_and_line(runner, tmp_path):
    rules = tmp_path / "rules"
    rule_file = write(rules, "syntax.py", SYNTAX_ERROR_RULE)
    result = run(runner, "rules", "--rules-dir", str(rules))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"artlint: error: {rule_file}:4: cannot import: ")
    assert "SyntaxError" in result.stderr


def test_python_rule_syntax_error_is_one_line(runner, tmp_path):
    rules = tmp_path / "rules"
    write(rules, "syntax.py", SYNTAX_ERROR_RULE)
    result = run(runner, "rules", "--rules-dir", str(rules))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1


def test_duplicate_rule_ids_in_rules_dir_name_both_files(runner, tmp_path):
    rules = tmp_path / "rules"
    first = write(rules, "a.yaml", 'id: my-rule\nmessage: A\npattern: "a"\n')
    second = write(rules, "b.yaml", 'id: my-rule\nmessage: B\npattern: "b"\n')
    result = run(runner, "rules", "--rules-dir", str(rules))
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: rule id `my-rule` is defined twice: in {first} and in {second}\n"
    )


def test_duplicate_rule_ids_across_rules_dirs(runner, tmp_path):
    first = write(tmp_path / "one", "a.yaml", 'id: my-rule\nmessage: A\npattern: "a"\n')
    second = write(tmp_path / "two", "b.yaml", 'id: my-rule\nmessage: B\npattern: "b"\n')
    result = run(runner, "rules", "--rules-dir", str(tmp_path / "one"),
                 "--rules-dir", str(tmp_path / "two"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: rule id `my-rule` is defined twice: in {first} and in {second}\n"
    )


def test_rule_id_clashing_with_builtin_names_both_sources(runner, tmp_path):
    rules = tmp_path / "rules"
    mine = write(rules, "mine.yaml", 'id: dont-miss-block\nmessage: Mine\npattern: "x"\n')
    path = write(tmp_path, "a.txt", COMMENTS)
    result = run(runner, "check", "--rules-dir", str(rules), str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: rule id `dont-miss-block` is defined twice: in builtin and in {mine}\n"
    )


BROKEN_CHECK_RULE = '''\
from linter.rule import Rule


class Broken(Rule):
    """Always fails."""

    id = "t-broken-rule"
    message = "Never shown"
    category = "t-broken"

    def check(self, doc):
        raise ValueError("kaboom")
'''


def test_python_rule_whose_check_raises_is_reported_and_others_still_run(runner, tmp_path,
                                                                         pack):
    rules = Path(pack[1])
    write(rules, "broken.py", BROKEN_CHECK_RULE)
    a = write(tmp_path, "a.txt", COMMENTS)
    b = write(tmp_path, "b.txt", CLEAN)
    result = run(runner, "check", "--rules-dir", str(rules), "--select",
                 "t-broken,t-comments", "--output-format", "concise", str(a), str(b))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"artlint: error: {a}: rule `t-broken-rule` failed: ValueError: kaboom",
        f"artlint: error: {b}: rule `t-broken-rule` failed: ValueError: kaboom",
    ]
    assert lines_of(result) == [f"{a}:5:1: warning[t-comments-closed] {COMMENT_MSG}"]


def test_python_rule_whose_check_raises_does_not_stop_fix(runner, tmp_path, pack):
    rules = Path(pack[1])
    write(rules, "broken.py", BROKEN_CHECK_RULE)
    a = write(tmp_path, "a.txt", COMMENTS)
    result = run(runner, "fix", "--rules-dir", str(rules), "--select", "t-broken,t-comments",
                 str(a))
    assert result.exit_code == 2
    # Reported once per file, though the fixer checks again after each pass.
    assert result.stderr == (
        f"artlint: error: {a}: rule `t-broken-rule` failed: ValueError: kaboom\n"
    )
    assert a.read_text() == COMMENTS_FIXED


# ---------------------------------------------------------------------------------------
# the built-in pack on the classic artefacts
# ---------------------------------------------------------------------------------------

CLASSIC = (
    "Storm hits the coast\n"  # 1
    "\n"  # 2
    "The storm arrived on Monday, the weather service said.\n"  # 3
    "\n"  # 4
    "DON'T MISS:\n"  # 5
    "Minister resigns over expenses row\n"  # 6
    "Germany aims to overhaul its army\n"  # 7
    "\n"  # 8
    "Residents were evacuated before the worst of the wind arrived.\n"  # 9
    "\n"  # 10
    "Source link\n"  # 11
    "\n"  # 12
    "Comments are closed.\n"  # 13
)
CLASSIC_FIXED = (
    "Storm hits the coast\n"
    "\n"
    "The storm arrived on Monday, the weather service said.\n"
    "\n"
    "Residents were evacuated before the worst of the wind arrived.\n"
)


def test_builtin_pack_flags_and_fixes_the_classic_artefacts(runner, tmp_path):
    path = write(tmp_path, "classic.txt", CLASSIC)
    result = run(runner, "check", "--output-format", "json", str(path))
    assert result.exit_code == 1
    found = {(item["line"], item["column"], item["end_line"], item["category"])
             for item in json.loads(result.stdout)}
    assert (5, 1, 7, "related-links") in found  # the DON'T MISS block, with its headlines
    assert (11, 1, 11, "copyright") in found  # "Source link"
    assert (13, 1, 13, "comments") in found  # "Comments are closed."
    assert {line for line, *_ in found} <= {5, 6, 7, 11, 13}  # the prose is not flagged
    assert "dont-miss-block" in {item["rule"] for item in json.loads(result.stdout)}
    fixed = run(runner, "fix", str(path))
    assert fixed.exit_code == 0
    assert path.read_text() == CLASSIC_FIXED
    assert run(runner, "check", str(path)).exit_code == 0


def test_builtin_pack_through_a_real_process(tmp_path):
    write(tmp_path, "classic.txt", CLASSIC)
    write(tmp_path, "clean.txt", CLEAN)
    assert artlint("check", "clean.txt", cwd=tmp_path).returncode == 0
    assert artlint("check", "classic.txt", cwd=tmp_path).returncode == 1
    proc = artlint("fix", "-", cwd=tmp_path, input=CLASSIC.encode())
    assert proc.returncode == 0
    assert proc.stdout == CLASSIC_FIXED.encode()


# ---------------------------------------------------------------------------------------
# version and entry
# ---------------------------------------------------------------------------------------


def test_python_m_linter_version(tmp_path):
    proc = artlint("--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == f"artlint {__version__}\n".encode()
    assert __version__ == "0.1.0"
    assert proc.stderr == b""


def test_real_process_check_exit_codes(tmp_path):
    (tmp_path / "pack.yaml").write_text(PACK)
    write(tmp_path, "clean.txt", CLEAN)
    write(tmp_path, "dirty.txt", COMMENTS)
    opts = ["--rules-dir", ".", "--select", PACK_CATEGORIES]
    assert artlint("check", *opts, "clean.txt", cwd=tmp_path).returncode == 0
    dirty = artlint("check", *opts, "--output-format", "concise", "dirty.txt", cwd=tmp_path)
    assert dirty.returncode == 1
    assert dirty.stdout == f"dirty.txt:5:1: warning[t-comments-closed] {COMMENT_MSG}\n".encode()
    missing = artlint("check", "gone.txt", "clean.txt", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr == b"artlint: error: gone.txt: no such file or directory\n"
    assert b"Checked 1 file" in missing.stdout  # the run went on with clean.txt


def test_no_arguments_shows_help(runner):
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "check" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch):
    from linter.pipeline import run as pipeline_run

    paths = [f"f{i}.txt" for i in range(30)]
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    calls = []
    monkeypatch.setattr("rich.progress.track", lambda items, **kw: calls.append(kw) or items)
    assert list(pipeline_run.with_progress(paths, enabled=True)) == paths
    assert len(calls) == 1 and calls[0]["transient"]
    monkeypatch.setenv("CI", "true")
    assert list(pipeline_run.with_progress(paths, enabled=True)) == paths
    monkeypatch.delenv("CI")
    assert list(pipeline_run.with_progress(paths, enabled=False)) == paths
    assert list(pipeline_run.with_progress(paths[:5], enabled=True)) == paths[:5]
    assert len(calls) == 1  # no bar in CI, when disabled, or for short runs


def test_a_closed_pipe_ends_quietly():
    """`artlint rules | head -1`: no error message when the reader goes away."""
    proc = subprocess.Popen([sys.executable, "-m", "linter", "rules"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().split()[0] == b"id"
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=60)
    assert b"error" not in stderr.lower(), stderr


@pytest.mark.parametrize("args", [["check", "--help"], ["shards", "fix", "--help"],
                                  ["--help"], ["chek"], ["explain", "comment-residue"]])
def test_main_builds_only_the_named_command_and_says_the_same(args):
    """main() hands typer only the command named (start-up); nothing the user sees changes."""
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    full = ("import sys; from linter.cli.app import app; "
            "sys.argv = ['artlint', *sys.argv[1:]]; app(prog_name='artlint')")
    runs = [subprocess.run([sys.executable, *how, *args], capture_output=True, text=True,
                           env=env, timeout=120, check=False)
            for how in (["-m", "linter"], ["-c", full])]
    assert (runs[0].returncode, runs[0].stdout, runs[0].stderr) == (
        runs[1].returncode, runs[1].stdout, runs[1].stderr)
    assert runs[0].stdout or runs[0].stderr


def test_only_the_named_command_is_registered():
    from linter.cli.app import _for_command

    narrowed = _for_command(["fix"])
    assert [c.callback.__name__ for c in narrowed.registered_commands] == ["fix"]
    assert narrowed.registered_groups == []
    assert _for_command(["shards"]).registered_commands == []
    assert _for_command(["--version"]) is _for_command(["nope"]) is _for_command([]) is app
    assert len(app.registered_commands) > 5  # the app itself is left whole


@pytest.mark.parametrize("command", [["fix", "--diff"], ["check"]])
def test_a_closed_pipe_during_a_run_ends_quietly_with_exit_0_as_ruff(tmp_path, command):
    """`artlint fix --diff corpus | head -1`: the reader leaves mid-run; nothing is
    reported as an unreadable input, nothing is written, and the exit is 0 (ruff and
    ripgrep do the same)."""
    for n in range(1500):
        (tmp_path / f"a{n:04d}.txt").write_text("Title\n\nComments are closed.\n")
    proc = subprocess.Popen([sys.executable, "-m", "linter", *command, "--no-cache",
                             "--isolated", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert stderr == b""
    assert (tmp_path / "a0000.txt").read_text() == "Title\n\nComments are closed.\n"


def test_explain_says_which_languages_patterns_fix_by_default(runner):
    result = run(runner, "explain", "cookie-banner")
    assert result.exit_code == 0
    assert ("Its fix applies by default to what its en patterns find; its de, fr, es, pt, it, "
            "nl, ru, id patterns report, and `--unsafe-fixes` applies their fixes "
            "(`fix-languages`).") in result.stdout
