"""The composite GitHub Action (action.yml + action/run.sh) and the example workflow.

action.yml and docs/examples/artlint.yml are validated against GitHub's schemas as
vendored by check-jsonschema (offline). action/run.sh, which holds the action's logic, is
run with the GITHUB_* variables a runner sets, against the artlint of this checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "docs" / "examples" / "artlint.yml"
SCRIPT = ROOT / "action" / "run.sh"

PACK = """\
id: t-comments-closed
message: Comments-closed notice
category: t-comments
pattern: "comments are closed[.!]?"
"""
DIRTY = "Storm hits the coast\n\nResidents were evacuated.\n\nComments are closed.\n"
FIXED = "Storm hits the coast\n\nResidents were evacuated.\n"


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )


def test_action_yml_is_a_valid_github_action():
    result = check_jsonschema("vendor.github-actions", ACTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_example_workflow_is_a_valid_github_workflow():
    result = check_jsonschema("vendor.github-workflows", WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("schema", "source", "old", "new"),
    [
        ("vendor.github-actions", ACTION, "using: composite", "using: compose"),
        ("vendor.github-workflows", WORKFLOW, "runs-on: ubuntu-latest", "runs_on: ubuntu-latest"),
    ],
)
def test_the_schema_checks_reject_a_broken_file(tmp_path, schema, source, old, new):
    text = source.read_text()
    assert old in text
    broken = tmp_path / source.name
    broken.write_text(text.replace(old, new))
    assert check_jsonschema(schema, broken).returncode == 1


def test_action_inputs_reach_the_script_and_outputs_come_from_it():
    action = yaml.safe_load(ACTION.read_text())
    assert sorted(action["inputs"]) == ["args", "exit-zero", "fail-on", "fix", "paths",
                                        "python-version", "sarif-file"]
    assert action["inputs"]["paths"]["default"] == "."
    assert action["inputs"]["fix"]["default"] == "false"
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    [run] = [step for step in steps if step.get("id") == "artlint"]
    assert run["run"] == 'bash "$GITHUB_ACTION_PATH/action/run.sh"'
    assert run["shell"] == "bash"
    # Inputs go through the environment, never pasted into the script (no injection).
    assert "${{" not in run["run"]
    assert run["env"] == {
        "INPUT_PATHS": "${{ inputs.paths }}",
        "INPUT_ARGS": "${{ inputs.args }}",
        "INPUT_FAIL_ON": "${{ inputs.fail-on }}",
        "INPUT_EXIT_ZERO": "${{ inputs.exit-zero }}",
        "INPUT_FIX": "${{ inputs.fix }}",
        "INPUT_SARIF_FILE": "${{ inputs.sarif-file }}",
        "ARTLINT_PYTHON": "${{ steps.python.outputs.python-path }}",
        "ARTLINT_VENV": "${{ runner.temp }}/artlint-venv",
        "ARTLINT_ACTION_REPOSITORY": "${{ github.action_repository }}",
        "ARTLINT_ACTION_REF": "${{ github.action_ref }}",
    }
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.artlint.outputs.exit-code }}"
    assert action["outputs"]["findings"]["value"] == "${{ steps.artlint.outputs.findings }}"
    assert action["outputs"]["sarif-file"]["value"] == "${{ steps.artlint.outputs.sarif-file }}"


def test_example_workflow_checks_pull_requests_and_uploads_sarif():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    [job] = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    lint, upload = job["steps"][1:]
    assert lint["uses"].endswith("/artlint@v1")
    assert lint["with"]["sarif-file"] == "artlint.sarif"
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "artlint.sarif"
    assert "!cancelled()" in upload["if"]


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "dirty.txt").write_text(DIRTY)
    (tmp_path / "corpus" / "clean.txt").write_text(FIXED)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "dirty.txt").write_text(DIRTY)
    wrapper = tmp_path / "bin" / "artlint"
    wrapper.parent.mkdir()
    wrapper.write_text(  # logs each run, and the docs URL it was given
        f'#!/bin/sh\necho "$* | ${{ARTLINT_DOCS_URL:-}}" >> "{tmp_path}/calls.log"\n'
        f'exec "{sys.executable}" -m linter "$@"\n')
    wrapper.chmod(0o755)
    return tmp_path


def run_action(workspace: Path, env_extra: dict[str, str] | None = None,
               **inputs: str) -> tuple[subprocess.CompletedProcess, dict, str]:
    output, summary = workspace / "gh-output", workspace / "gh-summary.md"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "INPUT_", "ARTLINT"))}
    env.update({
        "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(workspace / "tmp"),
        "ARTLINT": str(workspace / "bin" / "artlint"),
        "INPUT_PATHS": inputs.get("paths", "corpus"),
        "INPUT_ARGS": inputs.get("args", "--rules-dir rules --select t-comments"),
        "INPUT_FIX": inputs.get("fix", "false"),
        "INPUT_SARIF_FILE": inputs.get("sarif_file", ""),
        "INPUT_FAIL_ON": inputs.get("fail_on", ""),
        "INPUT_EXIT_ZERO": inputs.get("exit_zero", "false"),
        **(env_extra or {}),
    })
    result = subprocess.run(["bash", str(SCRIPT)], cwd=workspace, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines()) \
        if output.exists() else {}
    return result, outputs, summary.read_text() if summary.exists() else ""


def test_check_annotates_fails_and_writes_outputs_and_one_summary(workspace):
    result, outputs, summary = run_action(workspace)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "::group::corpus/dirty.txt",
        "::warning file=corpus/dirty.txt,line=5,endLine=5,col=1,endColumn=20,"
        "title=artlint (t-comments-closed)::Comments-closed notice (fixable with `artlint fix`)",
        "::endgroup::",
        "Checked 2 files: 1 finding (0 errors, 1 warning, 0 info); "
        "1 fixable with `artlint fix`.",
    ]
    assert outputs == {"exit-code": "1", "findings": "1", "sarif-file": ""}
    assert summary.count("## artlint") == 1
    assert "| `corpus/dirty.txt` | 1 | 0 | 1 | 0 |" in summary
    assert (workspace / "corpus" / "dirty.txt").read_text() == DIRTY


def test_sarif_file_is_written_with_workspace_relative_uris(workspace):
    result, outputs, summary = run_action(workspace, sarif_file="out/artlint.sarif",
                                          paths="corpus\nother")
    assert result.returncode == 1, result.stderr
    assert outputs == {"exit-code": "1", "findings": "2", "sarif-file": "out/artlint.sarif"}
    log = json.loads((workspace / "out" / "artlint.sarif").read_text())
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]]
    assert uris == ["corpus/dirty.txt", "other/dirty.txt"]
    assert summary.count("## artlint") == 1  # the SARIF run does not add a second summary


def test_fix_strips_the_artefacts_then_check_passes(workspace):
    result, outputs, _ = run_action(workspace, fix="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (workspace / "corpus" / "dirty.txt").read_text() == FIXED
    assert (workspace / "other" / "dirty.txt").read_text() == DIRTY  # not in paths
    assert "Fixed 1 finding in 2 files (1 file changed); none remaining." in result.stdout
    assert outputs["exit-code"] == "0"
    assert outputs["findings"] == "0"


def test_clean_paths_pass(workspace):
    result, outputs, summary = run_action(workspace, paths="corpus/clean.txt")
    assert result.returncode == 0
    assert result.stdout == "Checked 1 file: no findings.\n"
    assert outputs["exit-code"] == "0"
    assert "Checked 1 file: no findings." in summary


def test_extra_args_are_passed_on(workspace):
    result, outputs, _ = run_action(workspace, args="--rules-dir rules --select t-comments "
                                                    "--fail-on error")
    assert result.returncode == 0  # the finding is a warning
    assert outputs["exit-code"] == "0"
    assert "::warning file=corpus/dirty.txt" in result.stdout


def test_args_one_a_line_keep_spaces_in_values(workspace):
    (workspace / "my rules").mkdir()
    (workspace / "my rules" / "pack.yaml").write_text(PACK)
    result, _, _ = run_action(workspace, args="--rules-dir\nmy rules\n  --select\n"
                                                    "t-comments\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "title=artlint (t-comments-closed)" in result.stdout


@pytest.mark.parametrize(("inputs", "code"), [
    ({"fail_on": "error"}, 0), ({"fail_on": "warning"}, 1), ({"exit_zero": "true"}, 0),
])
def test_fail_on_and_exit_zero_inputs(workspace, inputs, code):
    result, outputs, _ = run_action(workspace, **inputs)
    assert result.returncode == code, result.stdout + result.stderr
    assert outputs["exit-code"] == str(code)
    assert "::warning file=corpus/dirty.txt" in result.stdout  # still annotated


@pytest.mark.parametrize(("inputs", "message"), [
    ({"fail_on": "fatal"}, "input fail-on must be info, warning or error; got 'fatal'"),
    ({"exit_zero": "yes"}, "input exit-zero must be true or false; got 'yes'"),
])
def test_bad_fail_on_and_exit_zero_exit_2(workspace, inputs, message):
    result, _, _ = run_action(workspace, **inputs)
    assert result.returncode == 2
    assert result.stdout == f"::error title=artlint action::{message}\n"


def test_bad_inputs_exit_2(workspace):
    result, _, _ = run_action(workspace, fix="yes")
    assert result.returncode == 2
    assert result.stdout == "::error title=artlint action::input fix must be true or false; " \
                            "got 'yes'\n"
    missing, outputs, _ = run_action(workspace, paths="nowhere")
    assert missing.returncode == 2
    assert "nowhere: no such file or directory" in missing.stderr
    assert outputs["exit-code"] == "2"


def test_docs_show_the_example_workflow_as_it_is_in_the_file():
    doc = (ROOT / "docs" / "github-actions.md").read_text()
    example = "".join(line for line in WORKFLOW.read_text().splitlines(keepends=True)
                      if not line.startswith("#")).lstrip("\n")
    assert f"```yaml\n{example}```" in doc


EVIL_RULE = '''\
from pathlib import Path

Path(__file__).parent.parent.joinpath("MARKER").write_text("ran")
'''


def test_a_pull_requests_python_rules_are_refused_unless_args_trust_them(workspace):
    """The action never passes --trust-config-rules: a checkout whose configuration names
    a folder with a Python rule fails (exit 2) without running it."""
    (workspace / "artlint.toml").write_text('rules-dir = "rules"\n')
    (workspace / "rules" / "evil.py").write_text(EVIL_RULE)
    assert "--trust-config-rules" not in SCRIPT.read_text()
    assert "trust" not in json.dumps(yaml.safe_load(ACTION.read_text())["runs"]).lower()
    result, outputs, _ = run_action(workspace, args="--select t-comments")
    assert result.returncode == 2
    assert outputs["exit-code"] == "2"
    assert not (workspace / "MARKER").exists()
    assert f"{workspace / 'rules' / 'evil.py'}: Python rule not run" in result.stderr
    trusted, _, _ = run_action(workspace, args="--select t-comments --trust-config-rules")
    assert trusted.returncode == 1, trusted.stderr
    assert (workspace / "MARKER").exists()


# --- One pass, counted, cached (issue 18, item 6) -----------------------------------------


def calls(workspace: Path) -> list[str]:
    log = workspace / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.parametrize("fix", ["false", "true"])
def test_one_artlint_run_writes_annotations_sarif_summary_and_the_count(workspace, fix):
    result, outputs, summary = run_action(workspace, sarif_file="artlint.sarif", fix=fix,
                                          paths="corpus other")
    [call] = calls(workspace)  # one run, whatever is asked for
    assert call.startswith("check --output-format github ")
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::warning")]
    log = json.loads((workspace / "artlint.sarif").read_text())
    results = log["runs"][0]["results"]
    assert summary.count("## artlint") == 1
    if fix == "true":  # fixed in the same run: nothing left to report
        assert (workspace / "corpus" / "dirty.txt").read_text() == FIXED
        assert annotations == [] and results == []
        assert outputs == {"exit-code": "0", "findings": "0", "sarif-file": "artlint.sarif"}
        assert "Fixed 2 findings in 3 files (2 files changed); none remaining." in summary
        return
    assert len(annotations) == len(results) == 2
    assert outputs == {"exit-code": "1", "findings": "2", "sarif-file": "artlint.sarif"}
    assert "| `corpus/dirty.txt` | 1 | 0 | 1 | 0 |" in summary


def test_the_count_is_empty_when_the_run_stopped_before_reporting(workspace):
    result, outputs, _ = run_action(workspace, args="--select no-such-rule")
    assert result.returncode == 2
    assert outputs == {"exit-code": "2", "findings": "", "sarif-file": ""}


def test_sarif_help_uris_link_the_actions_own_repository_and_ref(workspace):
    env = {"ARTLINT_ACTION_REPOSITORY": "acme/artlint", "ARTLINT_ACTION_REF": "v1.2.0"}
    run_action(workspace, env_extra=env)
    assert calls(workspace)[0].endswith(" | https://github.com/acme/artlint/blob/v1.2.0")
    (workspace / "calls.log").unlink()
    run_action(workspace, env_extra={"ARTLINT_ACTION_REPOSITORY": "", "ARTLINT_ACTION_REF": ""})
    assert calls(workspace)[0].endswith(" | ")  # unknown: no helpUri rather than a wrong one


def fake_install(workspace: Path, version: str) -> dict[str, str]:
    """A cached virtualenv whose artlint says ``version`` (and runs this checkout), and a
    Python that records being asked to make a new one, and fails."""
    venv = workspace / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    artlint = venv / "bin" / "artlint"
    artlint.write_text(f'#!/bin/sh\n[ "$1" = --version ] && echo "artlint {version}" && exit 0\n'
                       f'exec "{sys.executable}" -m linter "$@"\n')
    artlint.chmod(0o755)
    python = workspace / "bin" / "fake-python"
    python.write_text(f'#!/bin/sh\necho "$*" >> "{workspace}/installs.log"\nexit 1\n')
    python.chmod(0o755)
    return {"ARTLINT": "", "ARTLINT_VENV": str(venv), "ARTLINT_PYTHON": str(python)}


def test_a_cached_install_of_this_version_is_reused_not_reinstalled(workspace):
    from linter import __version__

    result, outputs, _ = run_action(workspace, env_extra=fake_install(workspace, __version__))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"artlint {__version__}: reusing {workspace / 'venv'}" in result.stdout
    assert not (workspace / "installs.log").exists()
    assert outputs["findings"] == "1"


def test_an_install_of_another_version_is_replaced(workspace):
    result, _, _ = run_action(workspace, env_extra=fake_install(workspace, "0.0.1"))
    assert result.returncode == 2
    assert (workspace / "installs.log").read_text() == f"-m venv {workspace / 'venv'}\n"
    assert "::error title=artlint action::cannot create a virtualenv" in result.stdout


def test_the_cache_key_follows_the_version_and_the_code(tmp_path):
    action = yaml.safe_load(ACTION.read_text())
    steps = {step.get("id") or step.get("uses", "").split("@")[0]: step
             for step in action["runs"]["steps"]}
    cache = steps["actions/cache"]["with"]
    assert cache["path"] == steps["artlint"]["env"]["ARTLINT_VENV"]
    assert cache["key"].endswith("-${{ steps.python.outputs.python-version }}-"
                                 "${{ steps.key.outputs.key }}")
    for name in ("pyproject.toml", "linter/a.py", "rules/x/r.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('version = "1.2.3"\n' if name == "pyproject.toml" else "a")

    def key() -> str:
        out = tmp_path / "out"
        out.unlink(missing_ok=True)
        env = {**os.environ, "GITHUB_ACTION_PATH": str(tmp_path), "GITHUB_OUTPUT": str(out)}
        subprocess.run(["bash", str(ROOT / "action" / "cache-key.sh")], env=env, check=True)
        return out.read_text()

    first = key()
    assert first.startswith("key=1.2.3-") and first == key()
    (tmp_path / "rules" / "x" / "r.yaml").write_text("b")
    assert key() != first
