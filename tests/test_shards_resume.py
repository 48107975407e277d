"""Resuming `artlint shards fix --out` (linter/shards/markers.py): a run killed part-way
is finished by the next one, whose output is byte for byte an uninterrupted run's; a
shard is redone when its input, its output or the configuration changed, or with
--rerun; two runs sharing --out do each shard once. Real processes, real SIGKILL, the
serial engine (no Dask needed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import shardcorpus
from typer.testing import CliRunner

from linter.cli.app import app

# A rule that finds nothing and takes its time: each shard lasts long enough for the test
# to kill the run between two shards' markers.
SLOW = '''\
import time

from linter.rule import Rule


class Slow(Rule):
    id = "t-slow"
    message = "never"
    category = "t"

    def check(self, doc):
        time.sleep({seconds})
        return []
'''
SHARDS = 8


def run(*args):
    return CliRunner().invoke(app, ["shards", *args], catch_exceptions=False)


def _shards(folder: Path) -> list[Path]:
    """``SHARDS`` shards of two records each, flagged and clean seed articles."""
    lines = [line for shard in shardcorpus.shard_lines().values() for line in shard
             if line.strip() and '"text"' in line and "broken" not in line]
    folder.mkdir(parents=True)
    paths = []
    for n in range(SHARDS):
        path = folder / f"part-{n}.jsonl"
        two = [lines[(2 * n) % len(lines)], lines[(2 * n + 1) % len(lines)]]
        path.write_text("".join(line.rstrip("\r\n") + "\n" for line in two), encoding="utf-8")
        paths.append(path)
    return paths


def _rules(folder: Path, seconds: float) -> Path:
    folder.mkdir()
    (folder / "slow.py").write_text(SLOW.format(seconds=seconds))
    return folder


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.jsonl"))}


def _summary(out: Path) -> dict:
    return json.loads((out / "artlint-summary.json").read_text())


def _command(shards: Path, out: Path, rules: Path, *more: str) -> list[str]:
    return [sys.executable, "-m", "linter", "shards", "fix", "--engine", "serial",
            "--isolated", "--rules-dir", str(rules), str(shards), "--out", str(out), *more]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(shardcorpus.ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}


def _markers(out: Path) -> list[Path]:
    return sorted((out / ".artlint-done").glob("*.json"))


def _kill_after(command: list[str], out: Path, done: int) -> int:
    """Start ``command``, SIGKILL it once ``done`` shards have markers; the markers then."""
    process = subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while len(_markers(out)) < done and process.poll() is None:
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    return len(_markers(out))


def test_a_killed_run_resumes_and_ends_with_the_uninterrupted_output(tmp_path):
    shards = tmp_path / "in"
    _shards(shards)
    rules = _rules(tmp_path / "rules", 0.15)
    whole = tmp_path / "whole"
    done = subprocess.run(_command(shards, whole, rules), env=_env(), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    interrupted = tmp_path / "out"
    marked = _kill_after(_command(shards, interrupted, rules), interrupted, 3)
    assert 3 <= marked < SHARDS, "the kill landed before the run ended"
    assert len(_outputs(interrupted)) < SHARDS or marked < SHARDS
    resumed = subprocess.run(_command(shards, interrupted, rules), env=_env(),
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert _outputs(interrupted) == _outputs(whole)
    assert len(_outputs(whole)) == SHARDS
    summary = _summary(interrupted)
    assert summary["totals"]["resumed"] == marked
    assert "done by an earlier run" in resumed.stderr
    for key in ("records", "changed", "fixed", "held", "findings", "written", "bytes"):
        assert summary["totals"][key] == _summary(whole)["totals"][key], key
    assert not list(interrupted.rglob("*.artlint")), "what the killed worker left is removed"


@pytest.fixture
def done(tmp_path):
    """Shards, and a finished run into out/."""
    shards = tmp_path / "in"
    paths = _shards(shards)
    out = tmp_path / "out"
    result = run("fix", "--engine", "serial", "--isolated", str(shards), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert _summary(out)["totals"]["resumed"] == 0
    return shards, paths, out


def _resumed(out: Path) -> set[str]:
    return {s["name"] for s in _summary(out)["shards"] if s["resumed"]}


def test_a_second_run_skips_every_finished_shard(done):
    shards, _, out = done
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.jsonl")}
    result = run("fix", "--engine", "serial", "--isolated", str(shards), "--out", str(out))
    assert result.exit_code == 0
    assert len(_resumed(out)) == SHARDS
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.jsonl")} == before


def test_rerun_does_every_shard_again(done):
    shards, _, out = done
    result = run("fix", "--engine", "serial", "--isolated", "--rerun", str(shards),
                 "--out", str(out))
    assert result.exit_code == 0
    assert _resumed(out) == set()


def test_a_changed_input_is_redone(done):
    shards, paths, out = done
    paths[2].write_text('{"text": "Changed.\\n\\nComments are closed."}\n')
    result = run("fix", "--engine", "serial", "--isolated", str(shards), "--out", str(out))
    assert result.exit_code == 0
    assert _resumed(out) == {p.name for p in paths} - {"part-2.jsonl"}
    assert (out / "part-2.jsonl").read_bytes() == b'{"text": "Changed."}\n'


def test_a_touched_input_is_redone(done):
    """Size and modification time are the input's identity: the same bytes written again
    are redone (a content hash would skip them, at the price of reading every input)."""
    shards, paths, out = done
    os.utime(paths[1], ns=(time.time_ns(), time.time_ns() + 10**9))
    run("fix", "--engine", "serial", "--isolated", str(shards), "--out", str(out))
    assert "part-1.jsonl" not in _resumed(out)


def test_a_removed_or_replaced_output_is_redone(done):
    shards, _, out = done
    reference = _outputs(out)
    (out / "part-3.jsonl").unlink()
    (out / "part-4.jsonl").write_bytes(b"damaged\n")
    run("fix", "--engine", "serial", "--isolated", str(shards), "--out", str(out))
    assert {"part-3.jsonl", "part-4.jsonl"}.isdisjoint(_resumed(out))
    assert len(_resumed(out)) == SHARDS - 2
    assert _outputs(out) == reference


def test_another_configuration_redoes_every_shard(done):
    shards, _, out = done
    run("fix", "--engine", "serial", "--isolated", "--ignore", "related-links", str(shards),
        "--out", str(out))
    assert _resumed(out) == set()


def test_a_damaged_marker_is_ignored(done):
    shards, _, out = done
    marker = out / ".artlint-done" / "part-5.jsonl.json"
    marker.write_text("{not json")
    run("fix", "--engine", "serial", "--isolated", str(shards), "--out", str(out))
    assert "part-5.jsonl" not in _resumed(out)
    assert json.loads(marker.read_text())["version"] == 1


def test_a_marker_is_written_after_its_output(done):
    """Every marker vouches for the output there: its recorded size and time are the
    output's (so a marker cannot name a missing or partial output)."""
    _, _, out = done
    for marker in _markers(out):
        data = json.loads(marker.read_text())
        output = out / marker.name.removesuffix(".json")
        info = output.stat()
        assert data["output"] == {"size": info.st_size, "mtime_ns": info.st_mtime_ns}


def test_two_runs_sharing_out_do_each_shard_once(tmp_path):
    shards = tmp_path / "in"
    _shards(shards)
    rules = _rules(tmp_path / "rules", 0.05)
    out = tmp_path / "out"
    both = [subprocess.Popen(_command(shards, out, rules, "--summary", str(tmp_path / f"{n}.json")),
                             env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for n in range(2)]
    for process in both:
        assert process.wait(timeout=300) == 0, process.stderr.read()
        process.stderr.close()
    summaries = [json.loads((tmp_path / f"{n}.json").read_text()) for n in range(2)]
    done = [s["name"] for summary in summaries for s in summary["shards"] if not s["resumed"]]
    assert sorted(done) == sorted(f"part-{n}.jsonl" for n in range(SHARDS))
    reference = tmp_path / "reference"
    run("fix", "--engine", "serial", "--isolated", "--rules-dir", str(rules), str(shards),
        "--out", str(reference))
    assert _outputs(out) == _outputs(reference)
    assert not list(out.rglob("*.artlint"))


def test_a_marker_with_wrong_types_is_ignored(done):
    shards, _, out = done
    marker = out / ".artlint-done" / "part-6.jsonl.json"
    data = json.loads(marker.read_text())
    data["summary"]["records"] = "many"
    marker.write_text(json.dumps(data))
    result = run("fix", "--engine", "serial", "--isolated", str(shards), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "part-6.jsonl" not in _resumed(out)
    assert _summary(out)["totals"]["records"] == 2 * SHARDS
