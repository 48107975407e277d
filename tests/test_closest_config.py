"""The closest configuration file wins per file, as in ruff (issue 18, item 4).

Run from a repository's root (as pre-commit runs), a file below a folder holding its own
`artlint.toml`, `.artlint.toml` or `pyproject.toml` [tool.artlint] is linted with that
file's rule selection, severities, options, per-file-ignores and include/exclude; the
run's own keys (fail-on, baseline) and the output come from the run's configuration;
`--config` and `--isolated` override every file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_config import LOCAL, PACK, STORY, lines, run, write

NESTED = """\
rules-dir = "../../rules"
select = ["t-footers"]

[severity]
t-footers = "error"
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """root/artlint.toml (t-closed and t-source), root/corpus/live/artlint.toml (t-source
    only, as an error); a story in corpus/, corpus/live/ and corpus/z/. Run from root."""
    write(tmp_path / "artlint.toml", LOCAL)
    write(tmp_path / "rules" / "pack.yaml", PACK)
    write(tmp_path / "corpus" / "live" / "artlint.toml", 'exclude = ["drafts"]\n' + NESTED)
    for name in ("a.txt", "live/b.txt", "live/drafts/c.txt", "z/d.txt"):
        write(tmp_path / "corpus" / name, STORY)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARTLINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


EXPECTED = [
    "corpus/a.txt:3:1: warning[t-closed] Closed notice",
    "corpus/a.txt:5:1: warning[t-source] Source footer",
    "corpus/live/b.txt:5:1: error[t-source] Source footer",
    "corpus/z/d.txt:3:1: warning[t-closed] Closed notice",
    "corpus/z/d.txt:5:1: warning[t-source] Source footer",
]


def test_a_subfolder_config_governs_its_files_from_the_repository_root(repo):
    first = run("check", "--output-format", "concise", "corpus")
    assert lines(first) == EXPECTED  # drafts/ excluded by the nested file; order kept
    assert first.exit_code == 1
    cached = run("check", "--output-format", "concise", "corpus")  # the result cache agrees
    assert lines(cached) == EXPECTED


def test_files_named_one_by_one_as_pre_commit_passes_them(repo):
    named = ["corpus/live/b.txt", "corpus/a.txt", "corpus/live/drafts/c.txt"]
    result = run("check", "--output-format", "concise", "--no-cache", *named)
    assert lines(result) == [
        "corpus/live/b.txt:5:1: error[t-source] Source footer",
        "corpus/a.txt:3:1: warning[t-closed] Closed notice",
        "corpus/a.txt:5:1: warning[t-source] Source footer",
        # named, so linted although the nested file excludes drafts/ (as ruff does)
        "corpus/live/drafts/c.txt:5:1: error[t-source] Source footer",
    ]


def test_config_and_isolated_override_every_file(repo):
    forced = run("check", "--output-format", "concise", "--config", "artlint.toml",
                 "--no-cache", "corpus/live/b.txt")
    assert lines(forced) == ["corpus/live/b.txt:3:1: warning[t-closed] Closed notice",
                             "corpus/live/b.txt:5:1: warning[t-source] Source footer"]
    isolated = run("check", "--output-format", "concise", "--isolated", "--rules-dir", "rules",
                   "--select", "t-comments", "--no-cache", "corpus/live/b.txt")
    assert lines(isolated) == ["corpus/live/b.txt:3:1: warning[t-closed] Closed notice"]


def test_command_line_selection_applies_on_top_of_each_file(repo):
    result = run("check", "--output-format", "concise", "--select", "t-closed", "--no-cache",
                 "corpus/live/b.txt", "corpus/a.txt")
    assert lines(result) == ["corpus/live/b.txt:3:1: warning[t-closed] Closed notice",
                             "corpus/a.txt:3:1: warning[t-closed] Closed notice"]


def test_fix_uses_the_closest_config_too(repo):
    result = run("fix", "--no-cache", "corpus")
    assert result.exit_code == 0, result.stderr
    assert (repo / "corpus" / "a.txt").read_text() == "Headline\n\nShare this article\n"
    assert (repo / "corpus" / "live" / "b.txt").read_text() == (
        "Headline\n\nComments are closed.\n\nShare this article\n")
    assert (repo / "corpus" / "live" / "drafts" / "c.txt").read_text() == STORY


def test_run_keys_in_a_nested_file_are_named_and_left_to_the_runs_config(repo):
    write(repo / "corpus" / "live" / "artlint.toml", NESTED.replace(
        "[severity]", 'fail-on = "info"\n\n[severity]').replace('"error"', '"info"'))
    result = run("check", "--output-format", "concise", "--no-cache", "corpus/live/b.txt")
    assert lines(result) == ["corpus/live/b.txt:5:1: info[t-source] Source footer"]
    assert result.exit_code == 0  # the run's fail-on (warning) decides, not the nested one
    nested = repo / "corpus" / "live" / "artlint.toml"
    assert result.stderr == (
        f"artlint: note: {nested}: `fail-on` applies to the whole run, so it is read from "
        f"the run's configuration ({repo / 'artlint.toml'}), not from here; run artlint "
        f"from {nested.parent} to use it\n")


@pytest.mark.parametrize(("text", "needle"), [
    ('selct = ["t-closed"]\n', "`selct`: unknown key (did you mean `select`?)"),
    ('rules-dir = "../../rules"\nselect = ["t-nope"]\n',
     "`select`: unknown rule or category `t-nope`"),
])
def test_a_bad_nested_file_is_one_error_naming_it(repo, text, needle):
    write(repo / "corpus" / "live" / "artlint.toml", text)
    result = run("fix", "--no-cache", "corpus")
    assert result.exit_code == 2
    nested = repo / "corpus" / "live" / "artlint.toml"
    assert result.stderr.startswith(f"artlint: error: {nested}: {needle}")
    assert len(result.stderr.splitlines()) == 1
    assert (repo / "corpus" / "a.txt").read_text() == STORY  # nothing fixed


def test_an_untrusted_python_rule_in_a_nested_file_stops_the_run_before_any_fix(repo):
    write(repo / "corpus" / "live" / "house" / "rule.py", "raise SystemExit('ran')\n")
    write(repo / "corpus" / "live" / "artlint.toml", 'rules-dir = "house"\n')
    result = run("fix", "--no-cache", "corpus")
    assert result.exit_code == 2
    assert "Python rule not run" in result.stderr
    assert (repo / "corpus" / "a.txt").read_text() == STORY


def test_add_ignore_writes_the_ignore_file_beside_each_config(repo):
    result = run("check", "--add-ignore", "--no-cache", "corpus")
    assert result.exit_code == 0, result.stderr
    nested = json.loads((repo / "corpus" / "live" / ".artlint-ignore.json").read_text())
    assert [(e["path"], e["rule"]) for e in nested["entries"]] == [("b.txt", "t-source")]
    root = json.loads((repo / ".artlint-ignore.json").read_text())
    assert {e["path"] for e in root["entries"]} == {"corpus/a.txt", "corpus/z/d.txt"}
    assert run("check", "--no-cache", "corpus").exit_code == 0


def test_artlint_config_explains_the_file_that_governs_a_path(repo):
    nested = repo / "corpus" / "live" / "artlint.toml"
    result = run("config", "corpus/live/b.txt")
    assert result.exit_code == 0, result.stderr
    out = lines(result)
    assert out[0] == f"# configuration file: {nested}"
    assert f'select = ["t-footers"]  # from: {nested}' in out
    assert 'fail-on = "warning"  # from: default' in out
    assert out[-1].endswith("rules enabled: t-source")
    folder = run("config", "corpus/live")  # a folder: the file its files would use
    assert lines(folder)[0] == f"# configuration file: {nested}"
    assert lines(run("config"))[0] == f"# configuration file: {repo / 'artlint.toml'}"
