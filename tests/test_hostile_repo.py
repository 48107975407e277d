"""The hostile-repository test (issue 15): a stranger's checkout holding every trap at
once, linted from inside it with the real console command, as the Action and pre-commit do.

The traps: a Python rule that writes a marker when imported, a YAML alias bomb, a rule file
nested 100 deep, a 2 MB rule file, a rule with a catastrophic (ReDoS) pattern, a FIFO named
`*.txt`, a symbolic link out of the checkout, and a planted hidden temporary file. Each run
must end within its timeout, run none of the repository's code, print no traceback and name
the trap it stops at; once the rule files are cleared away, check and fix lint the article,
skip the FIFO and the link with a note, and leave the link's target untouched.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

EVIL = 'from pathlib import Path\nPath(__file__).parents[1].joinpath("MARKER").write_text("ran")\n'
TRAPS = {  # rule file -> what the error must say
    "evil.py": "Python rule not run",
    "bomb.yaml": "anchors and aliases",
    "deep.yaml": "nested too deeply",
    "big.yaml": "rule file too large",
}
STORY = "Headline\n\nBody text of the article.\n\nComments are closed\n"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    rules, corpus = root / ".lintrules", root / "corpus"
    for folder in (root / ".git", rules, corpus):
        folder.mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.artlint]\nrules-dir = ".lintrules"\n')
    (rules / "evil.py").write_text(EVIL)
    laughs = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 12))
    (rules / "bomb.yaml").write_text(f"id: t-bomb\nmessage: m\nl0: &l0 lol\n{laughs}")
    (rules / "deep.yaml").write_text("id: t-deep\nmessage: m\nx: " + "[" * 100 + "]" * 100 + "\n")
    (rules / "big.yaml").write_text("id: t-big\nmessage: m\npattern: x\n# " + "p" * 2_000_000)
    (rules / "redos.yaml").write_text('id: t-redos\nmessage: m\nmatch: search\n'
                                      'pattern: "(a+)+$"\n')
    (corpus / "story.txt").write_text(STORY)
    (corpus / "long.txt").write_text("a" * 40_000 + "!\n")  # feeds the ReDoS pattern
    os.mkfifo(corpus / "pipe.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("Not yours.\n\nComments are closed\n")
    (corpus / "secret.txt").symlink_to(outside)
    (corpus / ".story.txt.planted.artlint").write_text("planted")
    return root


def artlint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "linter", *args, "--no-cache", "corpus"],
                            cwd=root, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "XDG_CONFIG_HOME": str(root / "no-config")})
    assert "Traceback" not in result.stderr, result.stderr
    assert not (root / "MARKER").exists(), "the repository's code ran"
    return result


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_checkout_full_of_traps_runs_no_code_hangs_on_nothing_and_names_each(checkout):
    rules = checkout / ".lintrules"
    left = dict(TRAPS)
    while left:  # each run stops at one bad rule file: clear it away and run again
        result = artlint(checkout, "check")
        assert result.returncode == 2
        named = [name for name in left if f"{name}" in result.stderr]
        assert len(named) == 1, result.stderr
        assert left.pop(named[0]) in result.stderr
        (rules / named[0]).unlink()
    for command in ("check", "fix"):
        result = artlint(checkout, command)
        assert result.returncode == 2, result.stderr  # the ReDoS rule failed on long.txt
        assert "pipe.txt: skipped: a named pipe (FIFO)" in result.stderr
        assert "secret.txt: skipped: symbolic link to" in result.stderr
        assert "rule `t-redos` failed" in result.stderr
    corpus = checkout / "corpus"
    assert (corpus / "story.txt").read_text() == "Headline\n\nBody text of the article.\n"
    assert stat.S_ISFIFO((corpus / "pipe.txt").lstat().st_mode)
    assert (corpus / "secret.txt").read_text() == "Not yours.\n\nComments are closed\n"
    assert not (corpus / ".story.txt.planted.artlint").exists()  # nobody's: swept
