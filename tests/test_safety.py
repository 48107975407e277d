"""Nothing lost: careful writes, links, the deletion guard, hostile rules, resource limits,
clear failures (README "Safety")."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter import files, writes
from linter.cli import app as cli
from linter.document import Document
from linter.engine import guard
from linter.engine.linter import Linter
from linter.engine.literals import analyse
from linter.errors import ArtlintError, InputError
from linter.rule import Rule
from linter.rules import yaml_rule
from linter.rules.loader import load_dir

ARTICLE = "Rain in the hills\n\nIt rained all week in the hills.\n\nComments are closed.\n"
ARTICLE_FIXED = "Rain in the hills\n\nIt rained all week in the hills.\n"
GREEDY_RULE = "id: t-everything\nmessage: greedy\ncategory: t\npattern: '.+'\n"
@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(cli.app, list(args), input=input, catch_exceptions=False)


def rules_dir(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


# ---------------------------------------------------------------------------------------
# careful writes
# ---------------------------------------------------------------------------------------

def test_write_atomic_keeps_mode_and_leaves_no_temp_file(tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes(b"old\n")
    story.chmod(0o604)
    writes.write_atomic(str(story), b"new\n")
    assert story.read_bytes() == b"new\n"
    assert story.stat().st_mode & 0o7777 == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def test_failed_rename_leaves_original_and_no_temp_file(tmp_path, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_bytes(b"original\n")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        writes.write_atomic(str(story), b"fixed\n")
    assert story.read_bytes() == b"original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def test_symlink_target_is_fixed_in_place_and_link_stays_a_link(runner, tmp_path):
    real = tmp_path / "corpus" / "real.txt"
    real.parent.mkdir()
    real.write_text(ARTICLE)
    link = tmp_path / "corpus" / "link.txt"
    link.symlink_to("real.txt")
    result = run(runner, "fix", "--output-format", "concise", str(link))
    assert result.exit_code == 0
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert real.read_text() == ARTICLE_FIXED


def test_file_changed_since_read_is_not_overwritten(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(ARTICLE)
    doc, stamp = files.read_stamped(str(story))
    story.write_text(ARTICLE + "An editor's late addition.\n")
    with pytest.raises(files.StaleFileError) as caught:
        writes.write_atomic(str(story), doc.to_bytes(ARTICLE_FIXED), expected=stamp)
    assert str(caught.value) == (
        f"{story}: changed on disk while artlint was fixing it (size 74 -> 101 bytes); "
        "left as it is: run artlint again")
    assert story.read_text() == ARTICLE + "An editor's late addition.\n"


def test_same_size_change_is_caught_by_the_hash(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("abc\n")
    _, stamp = files.read_stamped(str(story))
    story.write_text("abd\n")
    os.utime(story, ns=(stamp.mtime_ns, stamp.mtime_ns))  # same size, same mtime
    with pytest.raises(files.StaleFileError, match=r"\(content differs\)"):
        writes.write_atomic(str(story), b"x\n", expected=stamp)
    assert story.read_text() == "abd\n"


def test_cli_reports_a_file_edited_during_the_run_and_goes_on(runner, tmp_path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ARTICLE)
    b.write_text(ARTICLE)
    real_read = files.read_stamped

    def read_then_someone_edits(path, max_size=None):
        result = real_read(path, max_size)
        if path.endswith("a.txt"):
            Path(path).write_text(ARTICLE.upper())
        return result

    monkeypatch.setattr(files, "read_stamped", read_then_someone_edits)
    result = run(runner, "fix", "--output-format", "concise", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: {a}: changed on disk while artlint was fixing it "
        "(content differs); left as it is: run artlint again\n")
    assert a.read_text() == ARTICLE.upper()
    assert b.read_text() == ARTICLE_FIXED


def test_unwritable_folder_is_reported_and_file_untouched(runner, tmp_path, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_text(ARTICLE)

    def refuse(*args, **kwargs):  # what mkstemp does in a read-only folder (even for root)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # what linter.writes calls
    result = run(runner, "fix", str(story))
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: {story}: cannot write: Permission denied; left unchanged\n")
    assert story.read_text() == ARTICLE


def test_a_file_the_user_may_not_write_is_reported_and_left_alone(runner, tmp_path,
                                                                  monkeypatch):
    story, other = tmp_path / "story.txt", tmp_path / "other.txt"
    story.write_text(ARTICLE)
    other.write_text(ARTICLE)
    story.chmod(0o444)
    real_access = os.access

    def access(path, mode, **kwargs):  # what a user who is not root sees (root may write)
        if str(path) == str(story) and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(writes.os, "access", access)
    result = run(runner, "fix", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: {story}: cannot write: Permission denied (the "
                             "file is read-only to you); left unchanged\n")
    assert story.read_text() == ARTICLE
    assert oct(story.stat().st_mode & 0o777) == oct(0o444)
    assert other.read_text() == ARTICLE_FIXED
    # what it still holds is reported as remaining, not taken for fixed
    assert f"{story}:5:1: warning[comment-residue]" in result.stdout
    assert "Fixed 1 finding in 2 files (1 file changed); 1 remaining" in result.stdout


def test_a_json_lines_file_not_written_still_reports_what_it_holds(runner, tmp_path,
                                                                    monkeypatch):
    shard = tmp_path / "shard.jsonl"
    record = '{"text": "Rain in the hills\\n\\nComments are closed.\\n"}\n'
    shard.write_text(record + "{broken\n")
    real_access = os.access
    monkeypatch.setattr(writes.os, "access", lambda path, mode, **kw: False
                        if str(path) == str(shard) else real_access(path, mode, **kw))
    result = run(runner, "fix", "--no-cache", str(shard))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"artlint: error: {shard}:2: not valid JSON (Expecting property name enclosed in "
        "double quotes: line 1 column 2 (char 1)); record kept as it is",
        f"artlint: error: {shard}: cannot write: Permission denied (the file is read-only to "
        "you); left unchanged"]
    assert shard.read_text() == record + "{broken\n"
    assert f"{shard}:1:1: warning[comment-residue]" in result.stdout
    assert "Fixed 0 findings in 1 file (0 files changed); 1 remaining" in result.stdout


# ---------------------------------------------------------------------------------------
# links: never out of the paths given unless asked
# ---------------------------------------------------------------------------------------

@pytest.fixture
def linked_tree(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    (outside / "secret.txt").write_text(ARTICLE)
    (corpus / "out.txt").symlink_to(outside / "secret.txt")
    (corpus / "again.txt").symlink_to(corpus / "a.txt")
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (corpus / "sub").symlink_to(outside, target_is_directory=True)
    return corpus, outside


def test_collect_skips_links_out_of_the_paths_given(linked_tree):
    corpus, outside = linked_tree
    notes: list[str] = []
    found = files.collect([str(corpus)], notes=notes)
    assert found == [str(corpus / "a.txt")]  # again.txt is the same file, linted once
    assert notes == [
        f"{corpus / 'dangling.txt'}: skipped: broken symbolic link",
        f"{corpus / 'out.txt'}: skipped: symbolic link to {outside / 'secret.txt'}, "
        "outside the paths given (--follow-links to lint it)",
    ]


def test_collect_follows_links_when_asked(linked_tree):
    corpus, _ = linked_tree
    found = files.collect([str(corpus)], follow_links=True)
    assert found == [str(corpus / "a.txt"), str(corpus / "out.txt")]  # sub/secret.txt = out


def test_fix_does_not_touch_a_file_outside_through_a_link(runner, linked_tree):
    corpus, outside = linked_tree
    result = run(runner, "fix", "--output-format", "concise", str(corpus))
    assert result.exit_code == 0
    assert (outside / "secret.txt").read_text() == ARTICLE
    assert (corpus / "a.txt").read_text() == ARTICLE_FIXED
    assert "(--follow-links to lint it)" in result.stderr
    run(runner, "fix", "--follow-links", str(corpus))
    assert (outside / "secret.txt").read_text() == ARTICLE_FIXED


# ---------------------------------------------------------------------------------------
# the guard against runaway deletion
# ---------------------------------------------------------------------------------------

def test_review_measures_the_share_of_non_space_text():
    original = "x" * 700 + "\n" + "y" * 300 + "\n"
    assert guard.review(original, "x" * 700 + "\n", {1: ["r"]}) is None  # 30%: allowed
    held = guard.review(original, "y" * 300 + "\n", {0: ["r", "s"], 1: ["r"]})
    assert held is not None
    assert (held.removed, held.empty, held.rules) == (0.7, False, [("r", 2), ("s", 1)])
    assert held.reason() == (
        "would remove 70% of its text (limit 30%); rules: r (2 lines), s (1 line)")


def test_review_holds_an_emptied_file_and_ignores_small_removals():
    assert guard.review("Source link\n", "", {0: ["source"]}).empty
    # 33% of a tiny file is below MIN_GUARDED_CHARS removed: a normal fix
    assert guard.review("a" * 40 + "\n" + "b" * 20 + "\n", "a" * 40 + "\n", {1: ["r"]}) is None
    assert guard.review("same\n", "same\n", {}) is None


def test_fix_holds_back_a_runaway_rule_and_exits_3(runner, tmp_path):
    rules = rules_dir(tmp_path, "greedy.yaml", GREEDY_RULE)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = corpus / "story.txt"
    story.write_text("Rain fell.\n" * 50)
    result = run(runner, "fix", "--rules-dir", str(rules), "--select", "t-everything",
                 "--output-format", "concise", str(corpus))
    assert result.exit_code == 3
    assert result.stderr == (
        f"artlint: needs review: {story}: fix held back: it would leave the file empty; "
        "rules: t-everything (50 lines); file left as it is: check those rules, or rerun "
        "with --force\n")
    assert story.read_text() == "Rain fell.\n" * 50
    assert f"{story}:50:1: warning[t-everything] greedy" in result.stdout  # still reported


def test_share_limit_is_configurable_and_force_applies(runner, tmp_path):
    rules = rules_dir(tmp_path, "half.yaml",
                      "id: t-half\nmessage: m\ncategory: t\npattern: 'drop .*'\n")
    story = tmp_path / "story.txt"
    # lines long enough to be paragraphs: twenty short lines would be a listing, whose
    # fixes are held back anyway (linter.structure.is_listing)
    tail = "of the article text here, long enough to be read as a paragraph of prose."
    text = "".join(f"keep line {i} {tail}\n" for i in range(10))
    text += "".join(f"drop line {i} {tail}\n" for i in range(10))
    story.write_text(text)
    args = ["fix", "--rules-dir", str(rules), "--select", "t-half", str(story)]
    result = run(runner, *args, "--verbose")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"artlint: needs review: {story}: fix held back: it would remove 50% of its text "
        "(limit 30%); rules: t-half (10 lines); file left as it is: check those rules, or "
        "rerun with --force (or --max-deletion 50 or more)",
        "  t-half: lines 11-20 of 20",
    ]
    assert story.read_text() == text
    assert run(runner, *args, "--max-deletion", "49.9").exit_code == 3
    assert story.read_text() == text
    assert run(runner, *args, "--max-deletion", "50").exit_code == 0  # as the hint says
    assert story.read_text() == text[: len(text) // 2]
    story.write_text(text)
    assert run(runner, *args, "--force").exit_code == 0
    assert story.read_text() == text[: len(text) // 2]


def test_guard_applies_to_stdin_and_diff(runner, tmp_path):
    rules = rules_dir(tmp_path, "greedy.yaml", GREEDY_RULE)
    base = ["fix", "--rules-dir", str(rules), "--select", "t-everything"]
    piped = run(runner, *base, "-", input="one\ntwo\n")
    assert piped.exit_code == 3
    assert piped.stdout == "one\ntwo\n"  # the input, unchanged
    story = tmp_path / "story.txt"
    story.write_text("one\ntwo\n")
    diff = run(runner, *base, "--diff", str(story))
    assert diff.exit_code == 3
    assert "@@" not in diff.stdout


def test_builtin_pack_on_the_seed_corpus_is_never_held_back(runner, tmp_path):
    import shutil

    seeds = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
    for path in seeds.glob("*.input.txt"):
        shutil.copy(path, tmp_path / path.name)
    result = run(runner, "fix", "--output-format", "concise", str(tmp_path))
    assert "needs review" not in result.stderr
    assert result.exit_code in (0, 1)


# ---------------------------------------------------------------------------------------
# hostile or broken rules
# ---------------------------------------------------------------------------------------

def test_analysis_marks_nested_repeats_risky_so_they_run_under_the_timeout():
    assert [analyse(p).risky for p in ("(?:a|aa)+b", "(a+)+b", "(\\w+\\s?)*$", "a+b")] == [
        True, True, True, False]


def test_catastrophic_user_pattern_on_a_short_line_is_reported_not_a_hang(
        runner, tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_rule, "REGEX_TIMEOUT", 0.2)
    rules = rules_dir(tmp_path, "cat.yaml",
                      "id: t-cat\nmessage: m\ncategory: t\npattern: '(?:a|aa)+b'\n")
    story = tmp_path / "story.txt"
    story.write_text("a" * 60 + "\n\nA sentence.\n")  # 61 characters: far below LONG_LINE
    started = time.monotonic()
    result = run(runner, "check", "--rules-dir", str(rules), "--select", "t-cat", str(story))
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith(f"artlint: error: {story}: rule `t-cat` failed after 0.")
    assert message.endswith(" s: a pattern timed out (limit 0.2 s a line); rule skipped "
                            "for this file (fix the rule, or --ignore it)")


def test_slow_pattern_that_analysis_calls_safe_is_stopped_by_the_rule_time_limit(tmp_path):
    # Ten adjacent repeats are not "nested", so each call runs without a timeout; each
    # call is slow (about 1 s on 2,000 digits): over many lines only the limit stops it.
    source = "\\d*" * 10 + "[a-z]"
    assert analyse(source).risky is False
    (tmp_path / "slow.yaml").write_text(
        f"id: t-slow\nmessage: m\ncategory: t\npattern: '{source}'\n")
    slow = load_dir(tmp_path, source="user")
    doc = Document(("1" * 1900 + "!\n") * 200, "digits.txt")
    started = time.monotonic()
    result = Linter(slow, time_limit=0.5).check(doc)
    assert time.monotonic() - started < 5
    assert [(e.rule, e.path, e.message) for e in result.errors] == [
        ("t-slow", "digits.txt", "ran over its time limit (0.5 s for this file)")]
    assert 0.5 <= result.errors[0].elapsed < 2


class Loops(Rule):
    """Never returns."""

    id = "t-loop"
    message = "never"
    category = "t"

    def check(self, doc):
        while True:
            pass


def test_python_rule_that_never_returns_is_stopped_and_the_others_run():
    comments = load_yaml_rule("id: t-closed\nmessage: m\npattern: 'comments are closed\\.?'\n")
    result = Linter([Loops(), *comments], time_limit=0.3).check(Document(ARTICLE, "a.txt"))
    assert [f.rule for f in result.findings] == ["t-closed"]
    assert str(result.errors[0]).startswith("a.txt: rule `t-loop` failed after 0.")
    assert str(result.errors[0]).endswith(
        " s: ran over its time limit (0.3 s for this file); rule skipped for this file "
        "(fix the rule, or --ignore it)")


def test_rule_time_limit_grows_with_the_document():
    assert guard.rule_time_limit(10, 500) == 10
    assert guard.rule_time_limit(10, 12_000_000) == 120
    assert guard.rule_time_limit(None, 12_000_000) is None


def test_watchdog_restores_an_outer_timer_and_handler():
    import signal

    def outer(signum, frame):
        raise AssertionError("outer")

    previous = signal.signal(signal.SIGALRM, outer)
    signal.setitimer(signal.ITIMER_REAL, 50)
    try:
        Linter([], time_limit=1).check(Document("x\n"))
        assert signal.getsignal(signal.SIGALRM) is outer
        assert 45 < signal.getitimer(signal.ITIMER_REAL)[0] <= 50
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load_yaml_rule(text: str) -> list[Rule]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "rule.yaml").write_text(text)
        return load_dir(Path(folder), source="user")


def test_yaml_rules_are_loaded_safely(tmp_path):
    (tmp_path / "evil.yaml").write_text(
        "id: t-evil\nmessage: !!python/object/apply:os.system ['echo pwned']\npattern: x\n")
    with pytest.raises(ArtlintError, match=r"evil\.yaml"):
        load_dir(tmp_path, source="user")


# ---------------------------------------------------------------------------------------
# resource limits
# ---------------------------------------------------------------------------------------

def test_file_over_the_size_limit_is_skipped_with_a_message(runner, tmp_path):
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text(ARTICLE * 100)
    small.write_text(ARTICLE)
    result = run(runner, "fix", "--max-file-size", "2KB", "--output-format", "concise",
                 str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: {big}: cannot lint: file too large (7.2 KB, limit 2.0 KB); "
        "skipped: raise --max-file-size to lint it\n")
    assert big.read_text() == ARTICLE * 100
    assert small.read_text() == ARTICLE_FIXED


def test_stdin_over_the_size_limit_is_refused(runner):
    result = run(runner, "check", "--max-file-size", "10", "-", input="x" * 11)
    assert result.exit_code == 2
    assert result.stderr == (
        "artlint: error: <stdin>: cannot lint: file too large (over 10 bytes, limit 10 bytes);"
        " skipped: raise --max-file-size to lint it\n")


def test_a_device_is_refused_not_read():
    """Only regular files are read (stdin is read up to the limit, above)."""
    with pytest.raises(InputError, match=r"it is a character device, not a regular file"):
        files.read("/dev/zero", max_size=1024)


@pytest.mark.parametrize(("text", "size"), [
    ("50MB", 50 * 2**20), ("512k", 512 * 2**10), ("1GiB", 2**30), ("1000", 1000), ("0", 0),
    ("1.5M", 3 * 2**19),
])
def test_parse_size(text, size):
    assert files.parse_size(text) == size


@pytest.mark.parametrize("size", ["lots", "inf", "1e400MB", "-inf"])
def test_bad_size_is_a_usage_error(runner, tmp_path, size):
    result = run(runner, "check", "--max-file-size", size, str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: --max-file-size: expected a size like 50MB, "
                             f"512KB or 0 (no limit); got `{size}`\n")


def test_ten_megabyte_single_line_finishes_in_bounded_time(linter):
    import random

    words = random.Random(8).choices(["rain", "fell", "on", "the", "hills", "all", "week"],
                                     k=2_000_000)
    doc = Document(" ".join(words) + "\n", "long.txt")  # 10 MB, one line, no repeats
    started = time.monotonic()
    result = linter.fix(doc)
    assert time.monotonic() - started < 30
    assert result.errors == []
    assert result.text == doc.text


def test_a_million_empty_lines_finish_in_bounded_time(linter):
    doc = Document("\n" * 1_000_000, "empty.txt")
    started = time.monotonic()
    result = linter.fix(doc)
    assert time.monotonic() - started < 30
    assert (result.errors, result.changed) == ([], False)


# ---------------------------------------------------------------------------------------
# clear failures
# ---------------------------------------------------------------------------------------

def test_os_error_is_one_message_not_a_traceback(runner, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "/corpus/secret")

    monkeypatch.setattr(files, "collect", broken)
    result = run(runner, "check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: /corpus/secret: Permission denied; files not "
                             "yet processed were left as they are\n")


def test_verbose_shows_the_traceback_of_an_internal_error_only(runner, tmp_path, monkeypatch):
    def bug(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(files, "collect", bug)
    quiet = run(runner, "check", str(tmp_path))
    loud = run(runner, "check", "--verbose", str(tmp_path))
    assert (quiet.exit_code, loud.exit_code) == (2, 2)
    assert "Traceback" not in quiet.stderr
    assert "Traceback (most recent call last)" in loud.stderr
    assert quiet.stderr.startswith("artlint: internal error: KeyError: 'oops'")


def test_exit_code_table_documents_review():
    table = (Path(__file__).resolve().parents[1] / "docs" / "output-formats.md").read_text()
    assert "| 3 | `fix`: a fix was held back for review" in table


@pytest.mark.parametrize(("data", "expected", "limit"), [
    (b"hello", 5, 100),  # the usual case: the size fstat gave
    (b"hello world", 5, 100),  # the file grew after fstat: the rest is read too
    (b"hello world", 5, None),  # no size limit
    (b"", 0, 100),
    (b"abc", 10, 100),  # the file shrank
])
def test_read_stream_with_an_expected_size_reads_everything(data, expected, limit):
    import io

    assert files.read_stream(io.BytesIO(data), "f.txt", limit, expected) == data


def test_read_stream_refuses_a_file_that_grew_past_the_limit():
    import io

    with pytest.raises(InputError, match="file too large"):
        files.read_stream(io.BytesIO(b"x" * 50), "f.txt", 20, expected=5)
    with pytest.raises(InputError, match="file too large"):
        files.read_stream(io.BytesIO(b"x" * 50), "f.txt", 20, expected=30)


def test_a_share_just_over_the_limit_is_not_shown_as_the_limit():
    from linter.engine.guard import Review

    review = Review(removed=0.3004, empty=False, limit=0.3, rules=[("r", 1)])
    assert review.reason() == "would remove 30.04% of its text (limit 30%); rules: r (1 line)"
    review = Review(removed=0.3049, empty=False, limit=0.3, rules=[("r", 1)])
    assert review.reason().startswith("would remove 30.5% of its text")
    review = Review(removed=0.70, empty=False, limit=0.3, rules=[("r", 1)])
    assert review.reason().startswith("would remove 70% of its text")


def test_writing_a_file_removes_the_temporary_files_dead_writers_left(tmp_path):
    """Stale means the writer is dead (its lock is free), not old: a live writer's
    temporary file stays however old it is, a dead one's goes however young."""
    story = tmp_path / "story.txt"
    story.write_text("old\n")
    dead = tmp_path / f".story.txt.k1ll3d{files.TEMP_SUFFIX}"
    other = tmp_path / f".other.txt.k1ll3d{files.TEMP_SUFFIX}"  # same folder, other file
    for temp in (dead, other):
        temp.write_text("half written")  # nobody holds a lock on them
    with live_writer(tmp_path / "third.txt") as busy:
        os.utime(busy, (1, 1))  # written by a run that has been going for decades
        writes.write_atomic(str(story), b"new\n")
        assert busy.exists()
    assert story.read_text() == "new\n"
    assert not dead.exists() and not other.exists()


def test_a_writer_killed_mid_write_leaves_a_temporary_file_the_next_run_removes(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("old\n")
    with live_writer(tmp_path / "story.txt") as temp:
        pass  # leaving the block kills the writer with SIGKILL
    assert temp.exists()
    writes.sweep_stale_temps(tmp_path, again=True)
    assert not temp.exists()
    assert story.read_text() == "old\n"


@contextlib.contextmanager
def live_writer(target):
    """A real process holding a TempFile beside ``target``; SIGKILLed at the end."""
    code = ("import sys, time, pathlib; from linter import writes; "
            "t = writes.TempFile(pathlib.Path(sys.argv[1])); t.handle.write(b'half'); "
            "t.handle.flush(); print(t.path, flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE,
                             text=True)
    try:
        yield Path(child.stdout.readline().strip())
    finally:
        child.kill()
        child.wait()
        child.stdout.close()


def test_a_timeout_swallowed_once_is_raised_again():
    """An alarm that lands in a finaliser is swallowed by Python ("Exception ignored in
    __del__"); the watchdog must raise again, or the rule runs on unwatched."""
    swallowed = 0
    watchdog = guard.Watchdog(0.05)
    with watchdog, pytest.raises(guard.RuleTimeout), watchdog.rule():
        end = time.monotonic() + 3
        while time.monotonic() < end:
            try:
                sum(range(1000))
            except guard.RuleTimeout:
                swallowed += 1
                if swallowed > 1:
                    raise
    assert swallowed == 2


@pytest.mark.parametrize("stdin", [False, True])
def test_the_size_limit_holds_for_the_text_inside_a_gzip_file(runner, tmp_path, stdin):
    """40 KB of gzip that holds 21 MB of text is over a 1 MB limit (a gzip bomb)."""
    import gzip

    data = gzip.compress(b"Hello there.\n\n" * 1_500_000)
    path = tmp_path / "big.txt.gz"
    path.write_bytes(data)
    args = ["--stdin-filename", "big.txt.gz", "-"] if stdin else [str(path)]
    result = runner.invoke(cli.app, ["check", "--max-file-size", "1MB", *args],
                           input=data if stdin else None)
    what = "stream" if stdin else "file"
    shown = "big.txt.gz" if stdin else str(path)
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: {shown}: cannot lint: text of the gzip {what} "
                             "too large (over 1.0 MB, limit 1.0 MB); skipped: raise "
                             "--max-file-size to lint it\n")


def test_a_max_deletion_that_is_not_a_number_is_an_error_not_the_guard_switched_off(
    runner, tmp_path
):
    path = tmp_path / "a.txt"
    path.write_text("Comments are closed.\n")
    result = runner.invoke(cli.app, ["fix", "--max-deletion", "nan", str(path)])
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: --max-deletion: expected a percentage from 0 "
                             "to 100; got nan\n")
    assert path.read_text() == "Comments are closed.\n"
