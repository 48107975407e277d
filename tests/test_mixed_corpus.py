"""A mixed-format corpus end to end (issue 18, "Done when"): one git repository holding the
same article as .txt, .md, .html and .jsonl, in a folder and a subfolder, linted through
the console command, through real pre-commit and through the Action's script. Every file
is linted, and every location reported is real: the path exists, the line is in the file,
and the text there (for JSON Lines, in the record's field) is the flagged text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_precommit import corpus_repository, git

ROOT = Path(__file__).resolve().parents[1]
ARTLINT = str(Path(sys.executable).parent / "artlint")  # the console command
ARTEFACTS = ("Comments are closed.", "Source link")  # comment-residue, source-footer
BODY = "The storm arrived on Monday and flooded the harbour."
STORY = f"Storm hits the coast\n\n{BODY}\n\n{ARTEFACTS[0]}\n\n{ARTEFACTS[1]}\n"
ARTICLES = {
    "story.txt": STORY,
    "story.md": (f"# Storm hits the coast\n\n{BODY.replace('Monday', '*Monday*')}\n\n"
                 f"| Town | Rain |\n|------|------|\n| Hull | 40mm |\n\n"
                 f"{ARTEFACTS[0]}\n\n{ARTEFACTS[1]}\n"),
    "story.html": (f"<!doctype html>\n<html>\n<body>\n<h1>Storm hits the coast</h1>\n"
                   f"<p>{BODY}</p>\n  <p>{ARTEFACTS[0]}</p>\n<div><p>{ARTEFACTS[1]}</p></div>\n"
                   f"</body>\n</html>\n"),
    "stories.jsonl": (json.dumps({"id": 1, "text": "Flood warning lifted\n\nThe river fell."})
                      + "\n" + json.dumps({"id": 2, "text": STORY}) + "\n"),
}
FILES = sorted(f"{folder}/{name}" for folder in ("news", "news/archive") for name in ARTICLES)


@pytest.fixture(scope="module")
def repo(tmp_path_factory, hooks) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("mixed") / "corpus"
    corpus_repository(repo, hooks)
    env = hooks[2]
    for name in FILES:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(ARTICLES[Path(name).name], encoding="utf-8")
    git("add", "-A", cwd=repo, env=env)
    git("commit", "-q", "-m", "articles", cwd=repo, env=env)
    return repo, env


def flagged(repo: Path, path: str, line: int, column: int, field: str | None = None,
            field_line: int = 0, field_column: int = 0) -> str:
    """The artefact at a reported location; fails unless the location is real."""
    lines = (repo / path).read_text(encoding="utf-8").splitlines()
    assert 1 <= line <= len(lines), (path, line)
    text, col = lines[line - 1], column
    if field is not None:  # JSON Lines: the record's line, then the place in its field
        assert column == 1
        field_lines = json.loads(text)[field].splitlines()
        assert 1 <= field_line <= len(field_lines), (path, line, field_line)
        text, col = field_lines[field_line - 1], field_column
    found = [a for a in ARTEFACTS if text[col - 1:].startswith(a)]
    assert found, (path, line, column, text)
    return found[0]


def assert_every_file_and_artefact(reported: list[tuple[str, str]]) -> None:
    """Each file reported with both artefacts, once each."""
    assert sorted(reported) == sorted((path, a) for path in FILES for a in ARTEFACTS)


TEXT_LINE = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<col>\d+): warning\[[a-z-]+\] [^(\n]*"
                       r"(?:\(field `(?P<field>[^`]+)`, line (?P<fline>\d+), column "
                       r"(?P<fcol>\d+)\))?", re.M)


def from_text(repo: Path, output: str) -> list[tuple[str, str]]:
    return [(m["path"], flagged(repo, m["path"], int(m["line"]), int(m["col"]), m["field"],
                                int(m["fline"] or 0), int(m["fcol"] or 0)))
            for m in TEXT_LINE.finditer(output)]


def test_the_console_command(repo):
    repo, env = repo
    done = subprocess.run([ARTLINT, "check", "--no-cache", "--output-format", "json"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    items = json.loads(done.stdout)
    assert_every_file_and_artefact([
        (i["path"], flagged(repo, i["path"], i["line"], i["column"], i.get("field"),
                            i.get("field_line", 0), i.get("field_column", 0)))
        for i in items])
    text = subprocess.run([ARTLINT, "check", "--no-cache", "."], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)
    assert_every_file_and_artefact(from_text(repo, text.stdout))
    assert "Checked 8 files: 16 findings" in text.stdout


def test_real_pre_commit(repo):
    repo, env = repo
    done = subprocess.run(["pre-commit", "run", "artlint", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert_every_file_and_artefact(from_text(repo, done.stdout))
    # pre-commit may split the files over parallel runs: their counts add up.
    checked = re.findall(r"^Checked (\d+) files?: (\d+) findings", done.stdout, re.M)
    assert [sum(int(c[i]) for c in checked) for i in (0, 1)] == [8, 16], done.stdout


ANNOTATION = re.compile(r"^::warning file=(?P<path>[^,]+),line=(?P<line>\d+),endLine=\d+,"
                        r"(?:col=(?P<col>\d+),endColumn=\d+,)?title=[^:]+::[^(\n]*"
                        r"(?:\(field `(?P<field>[^`]+)`, line (?P<fline>\d+), column "
                        r"(?P<fcol>\d+)\))?", re.M)


def test_the_actions_script(repo, tmp_path):
    repo, env = repo
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    env = {**{k: v for k, v in env.items() if not k.startswith("INPUT_")},
           "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repo), "GITHUB_OUTPUT": str(output),
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTION_PATH": str(ROOT),
           "RUNNER_TEMP": str(tmp_path / "tmp"), "ARTLINT": ARTLINT, "INPUT_PATHS": "news",
           "INPUT_ARGS": "--no-cache", "INPUT_SARIF_FILE": str(tmp_path / "artlint.sarif")}
    done = subprocess.run(["bash", str(ROOT / "action" / "run.sh")], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert_every_file_and_artefact([
        (m["path"], flagged(repo, m["path"], int(m["line"]), int(m["col"] or 1), m["field"],
                            int(m["fline"] or 0), int(m["fcol"] or 0)))
        for m in ANNOTATION.finditer(done.stdout)])
    assert "Checked 8 files: 16 findings" in done.stdout
    assert "findings=16" in output.read_text().splitlines()
    assert summary.read_text().count("| `news/") == 8
    log = json.loads((tmp_path / "artlint.sarif").read_text())
    sarif = []
    for result in log["runs"][0]["results"]:
        where = result["locations"][0]["physicalLocation"]
        path, region, props = where["artifactLocation"]["uri"], where["region"], \
            result["properties"]
        found = flagged(repo, path, region["startLine"], region.get("startColumn", 1),
                        props.get("field"), props.get("fieldLine", 0),
                        props.get("fieldColumn", 0))
        assert region["snippet"]["text"].rstrip("\n") == found
        sarif.append((path, found))
    assert_every_file_and_artefact(sarif)


def test_each_route_is_checked_against_real_files():
    """The location check itself fails on a location that is not real."""
    with pytest.raises(AssertionError):
        flagged(ROOT, "README.md", 10**6, 1)
    with pytest.raises(AssertionError):
        flagged(ROOT, "README.md", 1, 1)  # a line that holds no artefact
    assert os.path.exists(ARTLINT)
