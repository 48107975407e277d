"""The hostile-repository test (issue 15, "Trust"): a cloned repository whose
`pyproject.toml` names a rules folder holding a Python rule that writes a marker file when
imported. Run from inside it, no command that loads rules runs that code unless the user
trusts the configuration (`--trust-config-rules`, ARTLINT_TRUST_CONFIG_RULES=1, or
`trusted-folders` in the user's own config); YAML rules from it and `--rules-dir` folders
the user names still load. Run it alone: `python -m pytest -q tests/test_trust.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.api import ArticleLinter
from linter.cli.app import app
from linter.config import linters
from linter.config import settings as config
from linter.errors import ArtlintError
from linter.rules import trust

EVIL = '''\
from pathlib import Path

from linter.rule import Rule

Path(__file__).parent.parent.joinpath("MARKER").write_text("the repository's code ran")


class Evil(Rule):
    id = "t-evil"
    message = "Evil"

    def check(self, doc):
        return []
'''
DATA_RULE = 'id: t-data\nmessage: Data rule\npattern: "comments are closed"\n'
STORY = "Headline\n\nBody text.\n\nComments are closed\n"
JSONL = '{"text": "Headline\\n\\nBody text.\\n"}\n'

# Every command that loads rules, as run from inside the repository.
COMMANDS = {
    "check": ["check", "--no-cache", "corpus"],
    "check FILE": ["check", "--no-cache", "corpus/story.txt"],
    "fix": ["fix", "--no-cache", "corpus"],
    "fix --diff": ["fix", "--diff", "--no-cache", "corpus"],
    "rules": ["rules"],
    "explain": ["explain", "t-data"],
    "config": ["config"],
    "test-rules": ["test-rules"],
    "score": ["score", "labelled"],
    "shards check": ["shards", "check", "--engine", "serial", "shards"],
    "shards fix": ["shards", "fix", "--engine", "serial", "--out", "out", "shards"],
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git-like checkout someone else controls; the current folder is inside it."""
    root = tmp_path / "checkout"
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.artlint]\nrules-dir = ".lintrules"\n')
    (root / ".lintrules").mkdir()
    (root / ".lintrules" / "evil.py").write_text(EVIL)
    (root / ".lintrules" / "data.yaml").write_text(DATA_RULE)
    for folder, name, text in (("corpus", "story.txt", STORY), ("shards", "a.jsonl", JSONL),
                               ("labelled", "page.txt", STORY)):
        (root / folder).mkdir()
        (root / folder / name).write_text(text)
    (root / "labelled" / "page.labels.json").write_text('{"artefact_lines": []}')
    monkeypatch.chdir(root)
    return root


def invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.stderr, result.stderr
    return result


def refused(repo: Path, stderr: str) -> bool:
    """The one-line refusal: names the rule file, the configuration and the flag."""
    lines = stderr.splitlines()
    return lines == [line for line in lines if "Python rule not run" in line][:1] and (
        f"artlint: error: {repo / '.lintrules' / 'evil.py'}: Python rule not run" in stderr
        and str(repo / "pyproject.toml") in stderr and "--trust-config-rules" in stderr
        and "ARTLINT_TRUST_CONFIG_RULES=1" in stderr and "trusted-folders" in stderr)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_command_runs_the_repositorys_python_rule(repo, command):
    result = invoke(*COMMANDS[command])
    assert not (repo / "MARKER").exists()
    assert result.exit_code == 2
    assert refused(repo, result.stderr), result.stderr
    assert (repo / "corpus" / "story.txt").read_text() == STORY


def test_the_console_command_refuses_it_too(repo):
    """The real `artlint` process, from a subfolder of the checkout."""
    env = {k: v for k, v in os.environ.items() if k != trust.ENV}
    done = subprocess.run([sys.executable, "-m", "linter", "check", "story.txt"],
                          cwd=repo / "corpus", env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 2
    assert not (repo / "MARKER").exists()
    assert refused(repo, done.stderr), done.stderr


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_runs_it_with_the_flag(repo, command):
    args = COMMANDS[command]
    head = 2 if args[0] == "shards" else 1
    result = invoke(*args[:head], "--trust-config-rules", *args[head:])
    assert (repo / "MARKER").exists(), result.output
    assert result.exit_code in (0, 1), result.output


def test_the_environment_variable_trusts_it(repo, monkeypatch):
    monkeypatch.setenv(trust.ENV, "1")
    result = invoke("rules")
    assert result.exit_code == 0, result.output
    assert (repo / "MARKER").exists()
    assert "t-evil" in result.stdout


def test_a_bad_environment_value_is_an_error(repo, monkeypatch):
    monkeypatch.setenv(trust.ENV, "maybe")
    result = invoke("rules")
    assert result.exit_code == 2
    assert result.stderr == (f"artlint: error: {trust.ENV}: expected 1 (trust the "
                             "configuration's Python rules) or 0; got `maybe`\n")
    assert not (repo / "MARKER").exists()


def user_config(text: str) -> Path:
    path = trust.user_config()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_trusted_folder_in_the_users_own_config_trusts_it(repo):
    user_config(f'trusted-folders = ["{repo.parent}"]\n')
    result = invoke("check", "--no-cache", "corpus")
    assert result.exit_code == 1, result.output
    assert (repo / "MARKER").exists()


def test_a_trusted_folder_elsewhere_does_not(repo, tmp_path):
    (tmp_path / "mine").mkdir()
    user_config(f'trusted-folders = ["{tmp_path / "mine"}"]\n')
    result = invoke("check", "--no-cache", "corpus")
    assert result.exit_code == 2
    assert not (repo / "MARKER").exists()


def test_the_repository_cannot_trust_itself(repo):
    """`trusted-folders` in the repository's configuration is no key of it, and an
    `artlint/config.toml` inside the repository is not the user's."""
    (repo / "pyproject.toml").write_text(
        f'[tool.artlint]\nrules-dir = ".lintrules"\ntrusted-folders = ["{repo}"]\n')
    result = invoke("check", "--no-cache", "corpus")
    assert result.exit_code == 2 and "`trusted-folders`: unknown key" in result.stderr
    (repo / "pyproject.toml").write_text('[tool.artlint]\nrules-dir = ".lintrules"\n')
    (repo / ".config" / "artlint").mkdir(parents=True)
    (repo / ".config" / "artlint" / "config.toml").write_text(f'trusted-folders = ["{repo}"]\n')
    assert refused(repo, invoke("check", "--no-cache", "corpus").stderr)
    assert not (repo / "MARKER").exists()


@pytest.mark.parametrize(("text", "needle"), [
    ('trusted-folders = "/srv"\n', "`trusted-folders`: expected a list of absolute folders"),
    ('trusted-folders = ["relative/path"]\n', "expected a list of absolute folders"),
    ('trust = ["/srv"]\n', "`trust`: unknown key; allowed: `trusted-folders`"),
    ("trusted-folders = [\n", "cannot read your artlint configuration"),
])
def test_a_bad_user_config_is_an_error_naming_it(repo, text, needle):
    path = user_config(text)
    result = invoke("check", "--no-cache", "corpus")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"artlint: error: {path}: ") and needle in result.stderr
    assert not (repo / "MARKER").exists()


def test_yaml_rules_from_the_repository_still_load(repo):
    (repo / ".lintrules" / "evil.py").unlink()
    result = invoke("check", "--no-cache", "--output-format", "concise", "corpus")
    assert result.exit_code == 1, result.output
    assert "warning[t-data] Data rule" in result.stdout


def test_a_rules_dir_the_user_names_is_trusted(repo, tmp_path):
    result = invoke("check", "--isolated", "--no-cache", "--rules-dir", ".lintrules", "corpus")
    assert result.exit_code == 1, result.output
    assert (repo / "MARKER").exists()
    outside = tmp_path / "own"
    outside.mkdir()
    (outside / "own.py").write_text(EVIL.replace("t-evil", "t-own").replace(
        'parent.parent.joinpath("MARKER")', 'parent.joinpath("OWN")'))
    isolated = invoke("check", "--isolated", "--no-cache", "--rules-dir", str(outside), "corpus")
    assert isolated.exit_code == 1, isolated.output
    assert (outside / "OWN").exists()


def test_installed_plugins_stay_trusted(repo, monkeypatch):
    from test_loader import FakeEntryPoint, PluginShout, use_entry_points

    (repo / ".lintrules" / "evil.py").unlink()
    use_entry_points(monkeypatch, FakeEntryPoint("shout", "pkg:PluginShout", PluginShout))
    result = invoke("rules")
    assert result.exit_code == 0 and "plugin-shout" in result.stdout


def test_the_library_refuses_it_unless_asked(repo):
    with pytest.raises(ArtlintError, match="Python rule not run"):
        ArticleLinter()
    assert not (repo / "MARKER").exists()
    assert "t-evil" in ArticleLinter(trust_config_rules=True).rules
    assert (repo / "MARKER").exists()


def test_settings_carry_the_decision_to_other_processes(repo):
    """Workers (Dask) build the rules from pickled settings, not from their environment."""
    settings = config.resolve(config.Overrides())
    assert not settings.trusted
    assert linters.untrusted_folders(settings) == {repo / ".lintrules": repo / "pyproject.toml"}
    trusted = config.resolve(config.Overrides(trust_config_rules=True))
    assert trusted.trusted and linters.untrusted_folders(trusted) == {}
    named = config.resolve(config.Overrides(rules_dir=[repo / "corpus" / ".." / ".lintrules"]))
    assert linters.untrusted_folders(named) == {}  # the user named it as well
