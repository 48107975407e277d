"""Configuration through the CLI: discovery, --config/--isolated, selection, severities,
fail-on, per-file ignores, include/exclude/.gitignore, rules-dir, rule options and
`artlint config`. Each test builds a small corpus with its own config file and rule pack
(``PACK``, selected with `pack:local` so the built-in pack stays out of the way).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli.app import app
from linter.rules import selectors
from linter.rules.yaml_rule import load_file

PACK = """\
id: t-closed
message: Closed notice
category: t-comments
pattern: "comments are closed\\\\.?"
---
id: t-source
message: Source footer
category: t-footers
pattern: "source link"
---
id: t-share-bar
message: Share bar
category: t-share
pattern: "share this article"
opt-in: true
"""
# t-closed on line 3, t-source on line 5, t-share-bar (opt-in) on line 7.
STORY = "Headline\n\nComments are closed.\n\nSource link\n\nShare this article\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def corpus(root: Path, config: str, name: str = "artlint.toml") -> Path:
    """root/<name> (the config), root/rules/pack.yaml, root/corpus/story.txt."""
    write(root / name, config)
    write(root / "rules" / "pack.yaml", PACK)
    write(root / "corpus" / "story.txt", STORY)
    return root


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.stderr, result.stderr
    return result


def lines(result) -> list[str]:
    return result.stdout.splitlines()


# A selector that names an opt-in rule (its id, category, a prefix, its pack, `all`)
# turns it on, so the corpus selects two categories rather than `pack:local`.
LOCAL = 'rules-dir = "rules"\nselect = ["t-comments", "t-footers"]\n'


def test_artlint_toml_found_by_walking_up_and_rules_dir_relative_to_it(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    monkeypatch.chdir(tmp_path / "corpus")  # the config is one folder up
    result = run("check", "--output-format", "concise", ".")
    assert result.exit_code == 1
    assert lines(result) == [
        "story.txt:3:1: warning[t-closed] Closed notice",
        "story.txt:5:1: warning[t-source] Source footer",
    ]


def test_pyproject_tool_artlint_is_read_and_a_pyproject_without_it_is_skipped(
    tmp_path, monkeypatch
):
    corpus(tmp_path, "[tool.artlint]\n" + LOCAL + 'ignore = ["t-source"]\n', "pyproject.toml")
    write(tmp_path / "corpus" / "pyproject.toml", "[project]\nname = 'x'\n")  # no table
    monkeypatch.chdir(tmp_path / "corpus")
    result = run("check", "--output-format", "concise", "story.txt")
    assert lines(result) == ["story.txt:3:1: warning[t-closed] Closed notice"]


@pytest.mark.parametrize("table", [
    '[tool]\nartlint = { rules-dir = "rules", select = ["t-comments", "t-footers"], '
    'ignore = ["t-source"] }\n',
    'tool.artlint.rules-dir = "rules"\ntool.artlint.select = ["t-comments", "t-footers"]\n'
    'tool.artlint.ignore = ["t-source"]\n',
    '[tool]\nartlint.rules-dir = "rules"\nartlint.select = ["t-comments", "t-footers"]\n'
    'artlint.ignore = ["t-source"]\n',
])
def test_pyproject_tool_artlint_is_read_however_toml_spells_it(tmp_path, monkeypatch, table):
    corpus(tmp_path, table, "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "concise", "corpus")
    assert lines(result) == ["corpus/story.txt:3:1: warning[t-closed] Closed notice"]


@pytest.mark.parametrize("name", ["artlint.toml", "pyproject.toml"])
def test_a_configuration_saved_with_a_bom_is_read(tmp_path, monkeypatch, name):
    table = "[tool.artlint]\n" if name == "pyproject.toml" else ""
    corpus(tmp_path, "\ufeff" + table + LOCAL + 'ignore = ["t-source"]\n', name)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "concise", "corpus")
    assert result.stderr == ""
    assert lines(result) == ["corpus/story.txt:3:1: warning[t-closed] Closed notice"]


def test_pyproject_tool_artlint_that_is_not_a_table_is_an_error(tmp_path, monkeypatch):
    corpus(tmp_path, "[tool]\nartlint = 3\n", "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    result = run("check", "corpus")
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: {tmp_path / 'pyproject.toml'}: "
                             "`tool.artlint`: must be a table\n")


def test_dot_artlint_toml_wins_over_pyproject_in_the_same_folder(tmp_path, monkeypatch):
    corpus(tmp_path, "[tool.artlint]\n" + LOCAL + 'ignore = ["t-source"]\n', "pyproject.toml")
    write(tmp_path / ".artlint.toml", LOCAL + 'ignore = ["t-closed"]\n')
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "concise", "corpus")
    assert lines(result) == ["corpus/story.txt:5:1: warning[t-source] Source footer"]


def test_config_option_forces_a_file_and_isolated_ignores_them_all(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL + 'ignore = ["t-closed"]\n')
    write(tmp_path / "other" / "strict.toml", 'rules-dir = "../rules"\nselect = ["t-closed"]\n')
    monkeypatch.chdir(tmp_path)
    forced = run("check", "--config", "other/strict.toml", "--output-format", "concise",
                 "corpus")
    assert lines(forced) == ["corpus/story.txt:3:1: warning[t-closed] Closed notice"]
    isolated = run("check", "--isolated", "--rules-dir", "rules", "--select", "t-footers",
                   "--output-format", "concise", "corpus")
    assert lines(isolated) == ["corpus/story.txt:5:1: warning[t-source] Source footer"]
    both = run("check", "--isolated", "--config", "artlint.toml", "corpus")
    assert both.exit_code == 2
    assert both.stderr == ("artlint: error: --config and --isolated cannot be used "
                           "together\n")


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ("selct = []\n", "`selct`: unknown key (did you mean `select`?); allowed: select, "
                         "extend-select, ignore, severity, fail-on, include, exclude"),
        ('fail-on = "fatal"\n', "`fail-on`: expected `info`, `warning` (default) or `error`"),
        ('select = "t-closed"\n', "`select`: expected a list of rule selectors"),
        ('[severity]\nt-closed = "loud"\n', "`severity`: expected a table of rule selector"),
        ('[per-file-ignores]\n"*.txt" = "t-closed"\n', "`per-file-ignores`: expected a table"),
        ('select = ["t-nope"]\n' + 'rules-dir = "rules"\n',
         "`select`: unknown rule or category `t-nope`"),
        ('rules-dir = "rules"\n[per-file-ignores]\n"*.txt" = ["zzz"]\n',
         "`per-file-ignores` `*.txt`: unknown rule or category `zzz`"),
        ("select = [\n", "invalid TOML"),
        ('include = ["[z-a]*"]\n', "`include`: bad glob '[z-a]*': bad character range"),
        ('exclude = ["[z-a]/"]\n', "`exclude`: bad glob '[z-a]/': bad character range"),
        ('[per-file-ignores]\n"[z-a]*" = ["t-closed"]\n',
         "`per-file-ignores`: bad glob '[z-a]*'"),
        ('[formats]\n"[z-a]*" = "text"\n', "`formats`: bad glob '[z-a]*'"),
        ("jsonl-fields = []\n", "`jsonl-fields`: expected a list of JSON Lines fields"),
        ("include = []\n", "`include`: expected a list of globs: the files searched for in "
                           "folders"),
        ('jsonl-fields = ["article..body"]\n', "at least one, each a field name or a dotted "
                                               "path; got ['article..body']"),
    ],
)
def test_bad_config_exits_2_naming_the_file_the_key_and_what_is_allowed(
    tmp_path, monkeypatch, config, needle
):
    corpus(tmp_path, config)
    monkeypatch.chdir(tmp_path)
    result = run("check", "corpus")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"artlint: error: {tmp_path / 'artlint.toml'}")
    assert needle in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(("name", "table"), [("artlint.toml", b""),
                                           ("pyproject.toml", b"[tool.artlint]\n")])
def test_a_config_file_not_in_utf8_names_the_byte_and_line(tmp_path, monkeypatch, name, table):
    """Found by discovery, not named by --config: a pyproject.toml whose [tool.artlint] cannot
    be decoded is an error, not a file silently passed over for the defaults."""
    corpus(tmp_path, "", name)
    (tmp_path / name).write_bytes(table + b'select = ["all"]\nfail-on = "\xff"\n')
    monkeypatch.chdir(tmp_path)
    result = run("check", "corpus")
    assert result.exit_code == 2
    offset, line = 28 + len(table), 2 + table.count(b"\n")
    assert result.stderr == (f"artlint: error: {tmp_path / name}: not valid UTF-8 "
                             f"(byte 0xff at offset {offset}, line {line}): TOML is UTF-8 text\n")


def test_a_pyproject_not_in_utf8_without_an_artlint_table_is_passed_over(tmp_path, monkeypatch):
    corpus(tmp_path, "", "pyproject.toml")
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "caf\xe9"\n')
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "concise", "corpus")
    assert result.stderr == ""
    assert result.exit_code == 1  # the built-in pack ran on the story


def test_prefix_selectors_match_whole_kebab_words_of_ids_and_categories():
    rules = {rule.id: rule for rule in load_file("p.yaml", PACK)}
    closed, share = rules["t-closed"], rules["t-share-bar"]
    assert selectors.matches("t-comments", closed)  # category
    assert selectors.matches("t", closed)  # prefix of id and category
    assert selectors.matches("t-share", share)  # category and id prefix
    assert not selectors.matches("t-clo", closed)  # not a whole word
    assert not selectors.matches("t-closed-x", closed)
    assert selectors.matches("pack:local", closed)
    assert not selectors.matches("pack:builtin", closed)
    assert [r.id for r in selectors.choose(list(rules.values()), None)] == [
        "t-closed", "t-source"]  # opt-in rule left out by default
    assert [r.id for r in selectors.choose(list(rules.values()), ["t"], (), ["t-footers"])] == [
        "t-closed", "t-share-bar"]


def test_cli_select_overrides_the_file_and_ignore_and_extend_select_add_to_it(
    tmp_path, monkeypatch
):
    corpus(tmp_path, LOCAL + 'ignore = ["t-source"]\nextend-select = ["t-share-bar"]\n')
    monkeypatch.chdir(tmp_path)
    base = run("check", "--output-format", "concise", "corpus")
    assert lines(base) == ["corpus/story.txt:3:1: warning[t-closed] Closed notice",
                           "corpus/story.txt:7:1: warning[t-share-bar] Share bar"]
    narrowed = run("check", "--select", "t-footers,t-comments", "--ignore", "t-closed",
                   "--output-format", "concise", "corpus")
    # --select replaces the file's select; both ignores apply; extend-select still adds.
    assert lines(narrowed) == ["corpus/story.txt:7:1: warning[t-share-bar] Share bar"]
    config = run("config", "--ignore", "t-closed")
    assert 'ignore = ["t-source", "t-closed"]' \
        f"  # from: {tmp_path / 'artlint.toml'} + --ignore" in lines(config)


def test_extend_select_on_the_command_line_turns_on_an_opt_in_rule(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--extend-select", "t-share", "--output-format", "concise",
                 "corpus")
    assert lines(result)[-1] == "corpus/story.txt:7:1: warning[t-share-bar] Share bar"
    assert len(lines(result)) == 3


def test_severity_overrides_and_fail_on(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL + 'fail-on = "error"\n[severity]\nt = "info"\nt-source = "error"\n')
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "json", "corpus")
    data = json.loads(result.stdout)
    assert [(item["rule"], item["severity"]) for item in data] == [
        ("t-closed", "info"), ("t-source", "error")]  # the exact id beats the prefix
    assert result.exit_code == 1  # an error, with fail-on = error
    write(tmp_path / "corpus" / "story.txt", "Headline\n\nComments are closed.\n")
    assert run("check", "corpus").exit_code == 0  # only an info finding left
    assert run("check", "--fail-on", "info", "corpus").exit_code == 1  # the CLI wins


def test_per_file_ignores_glob_relative_to_the_config(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL + '[per-file-ignores]\n"corpus/live/**" = ["t-footers"]\n'
                             '"*-wire.txt" = ["all"]\n')
    write(tmp_path / "corpus" / "live" / "deep" / "b.txt", STORY)
    write(tmp_path / "corpus" / "ap-wire.txt", STORY)
    monkeypatch.chdir(tmp_path / "corpus")  # globs still resolve against the config folder
    result = run("check", "--output-format", "concise", ".")
    assert lines(result) == [  # a folder's files come before its subfolders'
        "story.txt:3:1: warning[t-closed] Closed notice",
        "story.txt:5:1: warning[t-source] Source footer",
        "live/deep/b.txt:3:1: warning[t-closed] Closed notice",
    ]
    fixed = run("fix", str(tmp_path / "corpus" / "live" / "deep" / "b.txt"))
    assert fixed.exit_code == 0
    # The footer remains: the rule is ignored for this file, so it is never fixed either.
    assert (tmp_path / "corpus" / "live" / "deep" / "b.txt").read_text() == (
        "Headline\n\nSource link\n\nShare this article\n")


def test_include_exclude_and_gitignore(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL + 'include = ["*.txt", "*.text"]\nexclude = ["drafts", '
                             '"corpus/old/*.txt"]\n')
    for name in ("drafts/a.txt", "old/b.txt", "old/keep.text", "skip/c.txt", "d.md"):
        write(tmp_path / "corpus" / name, STORY)
    write(tmp_path / ".gitignore", "skip/\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--output-format", "concise", "--select", "t-closed", "corpus")
    assert lines(result) == [
        "corpus/story.txt:3:1: warning[t-closed] Closed notice",
        "corpus/old/keep.text:3:1: warning[t-closed] Closed notice",
    ]
    # A file named on the command line is linted even when excluded or git-ignored...
    named = run("check", "--output-format", "concise", "--select", "t-closed",
                "corpus/skip/c.txt", "corpus/drafts/a.txt")
    assert len(lines(named)) == 2
    # ...unless force-exclude is on; and respect-gitignore = false lints ignored files.
    write(tmp_path / "artlint.toml", LOCAL + 'exclude = ["drafts"]\nforce-exclude = true\n'
                                             "respect-gitignore = false\n")
    forced = run("check", "--output-format", "concise", "--select", "t-closed",
                 "corpus/skip/c.txt", "corpus/drafts/a.txt")
    assert lines(forced) == ["corpus/skip/c.txt:3:1: warning[t-closed] Closed notice"]
    narrow = 'include = ["corpus/old/*"]\n'
    write(tmp_path / "artlint.toml", LOCAL + narrow)
    only_old = run("check", "--output-format", "concise", "--select", "t-closed", "corpus")
    assert lines(only_old) == ["corpus/old/b.txt:3:1: warning[t-closed] Closed notice",
                               "corpus/old/keep.text:3:1: warning[t-closed] Closed notice"]


MASTHEAD = "Korea JoongAng Daily\n\nPyongyang reconfirms ties with Russia\n\nThe text.\n"


def test_rule_options_masthead_names(tmp_path, monkeypatch):
    write(tmp_path / "a.txt", MASTHEAD)
    monkeypatch.chdir(tmp_path)
    default = run("check", "--isolated", "--select", "masthead", "--output-format",
                  "concise", "a.txt")
    assert lines(default) == []  # "Daily" is not a built-in masthead word
    write(tmp_path / "artlint.toml", 'select = ["masthead"]\n[options.masthead]\n'
                                     'names = ["korea joongang daily"]\n')
    configured = run("check", "--output-format", "concise", "a.txt")
    assert lines(configured) == [
        "a.txt:1:1: warning[masthead] Publication masthead above the headline"]
    fixed = run("fix", "a.txt")
    assert fixed.exit_code == 0
    assert (tmp_path / "a.txt").read_text() == "Pyongyang reconfirms ties with Russia\n\n" \
                                               "The text.\n"


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ("[options.masthead]\nname = []\n",
         "`options.masthead`: `name`: not an option of this rule (options: `names`)"),
        ('[options.masthead]\nnames = "Daily"\n',
         "`options.masthead`: `names`: expected list of strings, got 'Daily'"),
        ("[options.mastheads]\nnames = []\n", "`options.mastheads`: no such rule; rules with "
                                              "options: masthead"),
    ],
)
def test_bad_rule_options_exit_2(tmp_path, monkeypatch, options, needle):
    write(tmp_path / "artlint.toml", options)
    write(tmp_path / "a.txt", MASTHEAD)
    monkeypatch.chdir(tmp_path)
    result = run("check", "a.txt")
    assert result.exit_code == 2
    assert result.stderr == f"artlint: error: {tmp_path / 'artlint.toml'}: {needle}\n"


def test_artlint_config_prints_values_and_origins(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL + 'fail-on = "error"\n')
    monkeypatch.chdir(tmp_path / "corpus")
    config = tmp_path / "artlint.toml"
    result = run("config", "--extend-select", "t-share-bar")
    assert result.exit_code == 0
    out = lines(result)
    assert out[0] == f"# configuration file: {config}"
    assert out[1] == f"# paths and globs resolve against: {tmp_path}"
    assert f'select = ["t-comments", "t-footers"]  # from: {config}' in out
    assert f'rules-dir = ["{tmp_path / "rules"}"]  # from: {config}' in out
    assert f'fail-on = "error"  # from: {config}' in out
    assert 'extend-select = ["t-share-bar"]  # from: --extend-select' in out
    assert "respect-gitignore = true  # from: default" in out
    assert out[-1].startswith("# 3 of ")
    assert out[-1].endswith("rules enabled: t-closed, t-share-bar, t-source")
    data = json.loads(run("config", "--output-format", "json").stdout)
    assert data["settings"]["fail-on"] == {"value": "error", "from": str(config)}
    assert data["rules"]["enabled"] == ["t-closed", "t-source"]


def test_artlint_config_on_this_repository_works(monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = run("config")
    assert result.exit_code == 0
    assert "fail-on = " in result.stdout
    assert "rules enabled: " in result.stdout


def test_configuration_doc_lists_every_key(tmp_path):
    from conftest import ROOT

    from linter.config.settings import KEYS

    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    assert rows[: len(KEYS)] == [f"| `{key}` | {text} |" for key, text in KEYS.items()]


def test_git_is_asked_only_where_a_repository_may_be(tmp_path, monkeypatch):
    from linter.config.paths import _may_be_in_work_tree

    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert not _may_be_in_work_tree(str(deep))  # /tmp has no .git above it
    (tmp_path / "a" / ".git").write_text("gitdir: /elsewhere/.git/worktrees/a\n")
    assert _may_be_in_work_tree(str(deep))  # a worktree's or submodule's .git file
    assert not _may_be_in_work_tree(str(tmp_path))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "repo.git"))
    assert _may_be_in_work_tree(str(tmp_path))


BROKEN_RULE = '''
from linter.rule import Rule


class Broken(Rule):
    """Fails on every document it runs on."""

    id = "t-broken"
    message = "never"

    def check(self, doc):
        raise RuntimeError("ran")
'''


def test_a_per_file_ignored_rule_does_not_run_on_that_file(tmp_path, monkeypatch):
    corpus(tmp_path, LOCAL + 'extend-select = ["t-broken"]\n'
                             '[per-file-ignores]\n"corpus/quiet/*" = ["t-broken"]\n')
    write(tmp_path / "rules" / "broken.py", BROKEN_RULE)
    write(tmp_path / "corpus" / "quiet" / "a.txt", STORY)
    monkeypatch.chdir(tmp_path)
    trusted = ("check", "--trust-config-rules", "--no-cache", "--output-format", "concise")
    quiet = run(*trusted, "corpus/quiet/a.txt")
    assert quiet.exit_code == 1 and "t-broken" not in quiet.output  # not run: cannot fail
    loud = run(*trusted, "corpus/story.txt")
    assert loud.exit_code == 2 and "t-broken" in loud.output and "ran" in loud.output


def test_a_pyproject_that_cannot_be_read_is_found_so_that_its_error_is_named(
    tmp_path, monkeypatch
):
    from linter.config import settings

    (tmp_path / "pyproject.toml").write_text("[tool.artlint]\n", encoding="utf-8")
    real = Path.open

    def denied(path: Path, *args, **kwargs):
        if path.name == "pyproject.toml":
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)  # root reads a chmod 000 file
    assert settings.in_folder(tmp_path) == tmp_path / "pyproject.toml"


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_a_selector_option_that_names_no_selector_is_an_error(tmp_path, monkeypatch, option):
    corpus(tmp_path, "")
    monkeypatch.chdir(tmp_path)
    result = run("check", option, " , ", "corpus")
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: {option}: expected comma-separated rule "
                             "selectors; got ` , `\n")


def test_an_empty_select_list_in_the_config_is_an_error_not_the_default_set(
    tmp_path, monkeypatch
):
    corpus(tmp_path, "select = []\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "corpus")
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: {tmp_path / 'artlint.toml'}: `select`: expected "
                             "a list of rule selectors: run these instead of the default set, at "
                             "least one (leave `select` out for the default set); got []\n")


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select", "--fail-on",
                                    "--output-format", "--max-file-size", "--stdin-filename"])
def test_an_option_given_an_empty_value_is_refused_not_taken_for_the_default(
    tmp_path, monkeypatch, option
):
    """`--select "$RULES"` with RULES unset ran the default set."""
    corpus(tmp_path, "")
    monkeypatch.chdir(tmp_path)
    result = run("check", option, "", "corpus")
    assert result.exit_code == 2
    assert "expected a value; got an empty one" in result.stderr
    assert option in result.stderr
