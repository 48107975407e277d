"""--jobs: workers give exactly the serial result, and only run when the batch is big."""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.document import Document
from linter.engine.linter import Linter
from linter.pipeline import parallel
from linter.rules.loader import load_rules

SEEDS = sorted((FIXTURES / "seeds").glob("*.input.txt"))


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """80 files: the five seeds over and over (workers forced on for this size)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 20)
    monkeypatch.setattr(parallel, "useful_jobs", lambda wanted: wanted)
    for n in range(80):
        seed = SEEDS[n % len(SEEDS)]
        (tmp_path / f"{n:03d}.txt").write_bytes(seed.read_bytes())
    return tmp_path


def run(*args):
    return CliRunner().invoke(app, [*args, "--no-cache", "--no-progress"])


def test_parallel_check_prints_what_a_serial_check_prints(corpus):
    serial = run("check", "--jobs", "1", "--output-format", "json", ".")
    workers = run("check", "--jobs", "2", "--output-format", "json", ".")
    assert workers.exit_code == serial.exit_code == 1
    assert workers.stdout == serial.stdout
    assert workers.stdout.count('"rule"') == 16 * 18  # 18 findings per 5 seeds (test_seeds)


def test_parallel_fix_writes_what_a_serial_fix_writes(corpus, tmp_path_factory):
    other = tmp_path_factory.mktemp("serial")
    for path in corpus.glob("*.txt"):
        (other / path.name).write_bytes(path.read_bytes())
    assert run("fix", "--jobs", "2", str(corpus)).exit_code == 0
    assert run("fix", "--jobs", "1", str(other)).exit_code == 0
    for path in sorted(corpus.glob("*.txt")):
        assert path.read_bytes() == (other / path.name).read_bytes()
    expected = {seed.name.split(".")[0]: seed.with_name(seed.name.replace(".input.", ".expected."))
                for seed in SEEDS}
    first = (corpus / "000.txt").read_bytes()
    assert first == expected[SEEDS[0].name.split(".")[0]].read_bytes()


def test_small_batches_stay_in_the_parent():
    linter = Linter(load_rules(plugins=False))
    workers = parallel.Workers(linter, jobs=2)
    try:
        docs = [("text", Document("Comments are closed.\n", f"{n}.txt")) for n in range(3)]
        assert [r.findings[0].rule for r in workers.check(docs)] == ["comment-residue"] * 3
    finally:
        workers.close()


def test_negative_jobs_is_a_usage_error(corpus):
    result = run("check", "--jobs", "-1", ".")
    assert result.exit_code == 2
    assert "--jobs: expected a number of processes" in result.stderr


def test_workers_are_cut_to_the_cpus_other_processes_leave_idle(monkeypatch):
    monkeypatch.setattr(parallel, "default_jobs", lambda: 4)
    runnable = iter([4, 3, 4, 4, 4])  # this process and 2-3 others: 2 CPUs are busy
    monkeypatch.setattr(parallel, "_runnable", lambda: next(runnable))
    assert parallel.useful_jobs(4) == 2
    monkeypatch.setattr(parallel, "_runnable", lambda: 1)  # only this process runs
    assert parallel.useful_jobs(4) == 4
    assert parallel.useful_jobs(2) == 2
    assert parallel.useful_jobs(1) == 1
    monkeypatch.setattr(parallel, "_runnable", lambda: 9)
    assert parallel.useful_jobs(4) == 1


def test_without_proc_loadavg_the_load_average_decides(monkeypatch):
    def missing() -> int:
        raise FileNotFoundError("/proc/loadavg")

    monkeypatch.setattr(parallel, "default_jobs", lambda: 4)
    monkeypatch.setattr(parallel, "_runnable", missing)
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (2.7, 0.0, 0.0))
    assert parallel.useful_jobs(4) == 1
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (0.2, 0.0, 0.0))
    assert parallel.useful_jobs(4) == 4


def test_this_process_is_not_counted_as_busy_elsewhere():
    assert parallel._runnable() >= 1  # the reader itself is running
    assert parallel.busy_elsewhere() >= 0


def test_the_load_is_looked_at_only_when_workers_would_start(corpus, monkeypatch):
    looked: list[int] = []

    def counting(wanted):
        looked.append(wanted)
        return 1  # a busy machine: stay serial

    monkeypatch.setattr(parallel, "useful_jobs", counting)
    cached = ["check", "--jobs", "2", "--cache-dir", str(corpus / "cache"), "--no-progress", "."]
    assert CliRunner().invoke(app, cached).exit_code == 1
    assert looked == [2]  # 80 uncached files: worth asking
    assert CliRunner().invoke(app, cached).exit_code == 1
    assert looked == [2]  # all answered by the cache: not asked again


def test_read_ahead_cuts_a_batch_at_its_byte_budget_and_streams_json_lines(tmp_path,
                                                                            monkeypatch):
    from linter.pipeline import run as driver
    from linter.pipeline import streams
    from linter.pipeline.safety import Safety
    from linter.report import output

    for name in ("a.txt", "b.md", "c.txt", "e.txt"):
        (tmp_path / name).write_text("x" * 40 + "\n")
    (tmp_path / "d.jsonl").write_text('{"text": "x"}\n')
    paths = [str(tmp_path / n) for n in ("a.txt", "b.md", "c.txt", "d.jsonl", "e.txt", "f.txt")]
    monkeypatch.setattr(driver, "READ_AHEAD_BYTES", 80)
    summary = output.Summary()
    units = list(driver.read_ahead(paths, Linter([]), Safety(), "", summary))
    shown = [u if isinstance(u, tuple) else [s.doc.path.rsplit("/", 1)[1] for s in u]
             for u in units]
    assert shown == [["a.txt", "b.md"], ["c.txt"], (streams, paths[3]), ["e.txt"]]
    assert [s.fmt for s in units[0]] == ["text", "markdown"]
    assert summary.problems == 1  # f.txt does not exist: reported, and the run goes on


def test_a_worker_that_dies_fails_the_run_with_a_message_instead_of_hanging(corpus):
    """A worker killed (out of memory, os._exit in a rule) left Pool.starmap waiting
    forever; the run now stops with one message and exit 2."""
    rules = corpus / "rules"
    rules.mkdir()
    (rules / "dies.py").write_text(
        "import os\nfrom linter.rule import Rule\n\n\nclass Dies(Rule):\n"
        "    id = 'dies'\n    message = 'm'\n\n    def check(self, doc):\n"
        "        if 'DON' in doc.text:\n            os._exit(7)\n        return iter(())\n")
    (corpus / "artlint.toml").write_text('rules-dir = ["rules"]\n')
    result = CliRunner().invoke(app, ["check", "--jobs", "2", "--no-cache", "--no-progress",
                                      "--trust-config-rules", "--output-format", "concise",
                                      "."])
    assert result.exit_code == 2
    assert "a worker process died while linting" in result.stderr
