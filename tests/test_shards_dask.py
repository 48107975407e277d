"""`artlint shards` on a real Dask cluster: a LocalCluster of two worker processes on the
loopback interface (no threads standing in for workers, no mock), shared by the tests
of this file. The reference is the single-process `artlint fix`/`check` on the same
records (tests/shardcorpus.py).

Dask is in the `test` extra, so CI runs these; elsewhere they are skipped when Dask is
not installed.
"""

from __future__ import annotations

import json
import logging
import os
import socket

import pytest
import shardcorpus
from typer.testing import CliRunner

from linter import ArticleLinter
from linter.cli.app import app
from linter.shards import dask_engine
from linter.shards.engines import Where
from linter.shards.planning import plan

if os.environ.get("CI"):
    import distributed  # CI installs the test extra: a missing Dask is a failure there
else:
    distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="session")
def cluster():
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
        dashboard_address=None, silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    client.wait_for_workers(2, timeout=60)
    yield cluster, client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return shardcorpus.corpus(tmp_path_factory.mktemp("dask-shards"))


def _worker_pids(client):
    return set(client.run(os.getpid).values())


def test_fix_on_the_cluster_writes_what_the_single_process_cli_writes(cluster, corpus,
                                                                     tmp_path):
    local, client = cluster
    folder, shards, reference = corpus
    before = {name: path.read_bytes() for name, path in shards.items()}
    done = shardcorpus.cli("shards", "fix", "--isolated", "--scheduler",
                           local.scheduler_address, str(folder), "--out", str(tmp_path))
    assert done.returncode == reference["exit"] == 2, done.stderr  # the invalid record
    assert "Traceback" not in done.stderr
    for name in shards:
        assert (tmp_path / name).read_bytes() == reference["bytes"][name], name
        assert shards[name].read_bytes() == before[name]
    summary = json.loads((tmp_path / "artlint-summary.json").read_text())
    totals = summary["totals"]
    assert summary["engine"] == "dask"
    assert totals["changed"] == shardcorpus.changed_records(shards, reference["bytes"]) > 0
    assert totals["fixed"] == reference["fixed"]
    assert summary["findings"] == reference["remaining"]
    assert totals["errors"] == reference["invalid"] == 1
    assert (totals["shards"], totals["written"], totals["failed"]) == (len(shards),) * 2 + (0,)
    pids = {int(s["worker"].rsplit(":", 1)[1]) for s in summary["shards"]}
    assert pids <= _worker_pids(client) and len(pids) == 2, "both worker processes worked"
    assert done.stderr.count("artlint: [") == len(shards)  # a progress line per shard


def test_check_on_the_cluster_counts_what_artlint_check_finds(cluster, corpus):
    local, _ = cluster
    folder, _, reference = corpus
    done = shardcorpus.cli("shards", "check", "--isolated", "--scheduler",
                           local.scheduler_address, str(folder))
    assert done.returncode == 2, done.stderr
    assert json.loads(done.stdout)["findings"] == reference["found"]


def test_workers_option_starts_a_local_cluster(corpus, tmp_path):
    folder, shards, reference = corpus
    done = shardcorpus.cli("shards", "fix", "--isolated", "--workers", "2", str(folder),
                           "--out", str(tmp_path))
    assert done.returncode == 2, done.stderr
    assert "local cluster of 2 worker processes" in done.stderr
    for name in shards:
        assert (tmp_path / name).read_bytes() == reference["bytes"][name], name


def test_an_unreadable_shard_fails_alone_on_the_cluster(cluster, corpus, tmp_path):
    local, _ = cluster
    folder, shards, reference = corpus
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00 not gzip")
    result = CliRunner().invoke(app, [
        "shards", "fix", "--isolated", "--scheduler", local.scheduler_address, str(folder),
        str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    summary = json.loads((tmp_path / "out" / "artlint-summary.json").read_text())
    assert [s["name"] for s in summary["shards"] if s["failed"]] == ["bad.jsonl.gz"]
    assert "bad.jsonl.gz: failed" in result.stderr
    for name in shards:
        assert (tmp_path / "out" / name).read_bytes() == reference["bytes"][name]


def test_workers_refuse_a_linter_whose_rules_they_do_not_have(cluster, corpus, tmp_path):
    local, _ = cluster
    folder, _, _ = corpus
    lint = ArticleLinter(isolated=True)
    lint.fingerprint = "0" * 24  # as if the client had other rules than the workers
    started = []
    summaries = dask_engine.run(lint, plan([str(folder)], tmp_path), started.append,
                                lambda summary: None, Where(local.scheduler_address))
    assert started == [f"2 workers at {local.scheduler_address}"]
    assert summaries and all("install the same artlint" in s.failed for s in summaries)
    assert not list(tmp_path.iterdir())


def test_the_api_object_ships_to_workers(cluster):
    _, client = cluster
    lint = ArticleLinter(isolated=True)
    texts = [path.read_text(encoding="utf-8") for path in shardcorpus.SEEDS]
    assert client.gather(client.map(lint.fix, texts)) == [lint.fix(text) for text in texts]


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("address", ["nonsense", "http://127.0.0.1:8786", "CLOSED"])
def test_a_bad_scheduler_address_gets_one_line(corpus, address):
    folder, _, _ = corpus
    address = address.replace("CLOSED", f"tcp://127.0.0.1:{_closed_port()}")
    result = CliRunner().invoke(app, [
        "shards", "check", "--isolated", "--scheduler", address, "--connect-timeout", "1",
        str(folder)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"artlint: error: --scheduler {address}: cannot connect")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
