"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit.

pre-commit clones a hook repository at a commit and pip-installs it into a virtualenv of
its own. So that this tests the code as it is now, uncommitted changes included, the test
copies the working tree (tracked and untracked files, not ignored ones) into a throw-away
repository, commits it, and points a corpus repository's .pre-commit-config.yaml at that
commit. This needs the network once per run (pip fetches setuptools and artlint's
dependencies) and takes about 30-60 s.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from linter.files import LINTED_SUFFIXES

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"

DIRTY = (
    "Storm hits the coast\n"
    "\n"
    "The storm arrived on Monday.\n"
    "\n"
    "Comments are closed.\n"  # comment-residue
    "\n"
    "Source link\n"  # source-footer
)
FIXED = "Storm hits the coast\n\nThe storm arrived on Monday.\n"
CLEAN = "Flood warning lifted\n\nThe river fell overnight.\n"


def test_hooks_check_and_fix_every_format_artlint_reads():
    text = HOOKS.read_text()
    hooks = {hook["id"]: hook for hook in yaml.safe_load(text)}
    assert sorted(hooks) == ["artlint", "artlint-fix"]
    assert hooks["artlint"]["entry"] == "artlint check"
    assert hooks["artlint-fix"]["entry"] == "artlint fix --exit-non-zero-on-fix"
    assert {hook["language"] for hook in hooks.values()} == {"python"}
    # The pattern is written once (a YAML anchor) and matches exactly what artlint reads.
    assert text.count("&artlint-files") == 1 and text.count("*artlint-files") == 1
    pattern = hooks["artlint"]["files"]
    assert hooks["artlint-fix"]["files"] == pattern
    for suffix in LINTED_SUFFIXES:
        assert re.search(pattern, f"corpus/story{suffix}"), suffix
        assert re.search(pattern, f"corpus/story{suffix}.gz"), suffix
    for other in ("story.csv", "story.txt.bak", "story.tar.gz", "story.yaml", "txt"):
        assert not re.search(pattern, other), other


def git(*args: str, cwd: Path, env: dict[str, str], check: bool = True):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=check, timeout=60)


def snapshot(dest: Path, env: dict[str, str]) -> str:
    """Commit the working tree as it is (uncommitted changes included); return the sha."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard",
                 cwd=ROOT, env=env).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # skip files deleted but not yet committed
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", cwd=dest, env=env)
    git("add", "-A", cwd=dest, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=dest, env=env)
    return git("rev-parse", "HEAD", cwd=dest, env=env).stdout.strip()


def hook_repository(base: Path) -> tuple[Path, str, dict[str, str]]:
    """This working tree committed under ``base`` (its path and sha), and the environment
    pre-commit runs in: its own home, so the hooks' virtualenv is made once per session."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "GIT_", "PRE_COMMIT", "ARTLINT"))}
    env.update({
        "PRE_COMMIT_HOME": str(base / "cache"), "HOME": str(base / "home"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    })
    (base / "home").mkdir()
    source = base / "artlint"
    return source, snapshot(source, env), env


def corpus_repository(repo: Path, hooks: tuple[Path, str, dict[str, str]]) -> None:
    """A git repository at ``repo`` whose .pre-commit-config.yaml uses ``hooks``."""
    source, sha, env = hooks
    repo.mkdir()
    git("init", "-q", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n"
        f"  - repo: {source}\n"
        f"    rev: {sha}\n"
        f"    hooks:\n"
        f"      - id: artlint\n"
        f"      - id: artlint-fix\n"
    )
    git("add", ".pre-commit-config.yaml", cwd=repo, env=env)
    git("commit", "-q", "-m", "config", cwd=repo, env=env)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, hooks):
    repo = tmp_path_factory.mktemp("precommit") / "corpus"
    corpus_repository(repo, hooks)
    (repo / "dirty.txt").write_text(DIRTY)
    (repo / "clean.txt").write_text(CLEAN)
    (repo / "notes.csv").write_text(DIRTY)  # not a format artlint reads
    (repo / "dirty.md").write_text(DIRTY)
    return repo, hooks[2]


def pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pre-commit", *args], cwd=repo, env=env, capture_output=True, text=True,
        timeout=600, check=False)


def test_hooks_under_the_real_pre_commit(corpus):
    repo, env = corpus

    clean = pre_commit(repo, env, "run", "artlint", "--files", "clean.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"^artlint\.+Passed$", clean.stdout, re.M), clean.stdout

    dirty = pre_commit(repo, env, "run", "artlint", "--files", "dirty.txt", "clean.txt")
    assert dirty.returncode == 1, dirty.stdout + dirty.stderr
    assert re.search(r"^artlint\.+Failed$", dirty.stdout, re.M)
    assert "dirty.txt:5:1: warning[comment-residue] Comment-section residue [*]" in dirty.stdout
    assert "dirty.txt:7:1: warning[source-footer] Syndication / source footer [*]" in dirty.stdout
    assert "clean.txt:" not in dirty.stdout

    markdown = pre_commit(repo, env, "run", "artlint", "--files", "dirty.md")
    assert markdown.returncode == 1, markdown.stdout + markdown.stderr
    assert "dirty.md:5:1: warning[comment-residue]" in markdown.stdout

    skipped = pre_commit(repo, env, "run", "artlint", "--files", "notes.csv")
    assert skipped.returncode == 0
    assert re.search(r"^artlint\.+\(no files to check\)Skipped$", skipped.stdout, re.M)

    fixed = pre_commit(repo, env, "run", "artlint-fix", "--files", "dirty.txt", "clean.txt")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr  # it changed a file
    assert "- exit code: 1" in fixed.stdout
    assert "Fixed 2 findings in 2 files (1 file changed); none remaining." in fixed.stdout
    assert (repo / "dirty.txt").read_text() == FIXED
    assert (repo / "clean.txt").read_text() == CLEAN
    assert (repo / "notes.csv").read_text() == DIRTY

    stable = pre_commit(repo, env, "run", "artlint-fix", "--files", "dirty.txt", "clean.txt")
    assert stable.returncode == 0, stable.stdout + stable.stderr
    assert (repo / "dirty.txt").read_text() == FIXED
    after = pre_commit(repo, env, "run", "artlint", "--files", "dirty.txt")
    assert after.returncode == 0

    installed = pre_commit(repo, env, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    (repo / "new.txt").write_text(DIRTY)
    git("add", "new.txt", cwd=repo, env=env)
    head = git("rev-parse", "HEAD", cwd=repo, env=env).stdout
    blocked = git("commit", "-m", "add a dirty article", cwd=repo, env=env, check=False)
    assert blocked.returncode != 0
    assert "new.txt:5:1: warning[comment-residue]" in blocked.stdout + blocked.stderr
    assert git("rev-parse", "HEAD", cwd=repo, env=env).stdout == head
    # The fix hook stripped the staged file; once that is staged, the commit goes through.
    assert (repo / "new.txt").read_text() == FIXED
    git("add", "new.txt", cwd=repo, env=env)
    passed = git("commit", "-m", "add a clean article", cwd=repo, env=env, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git("rev-parse", "HEAD", cwd=repo, env=env).stdout != head
