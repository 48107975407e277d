"""`artlint shards` on an object store through fsspec (linter/shards/storage.py): a real
S3 protocol server (moto's server mode, what s3fs itself tests with) on the loopback
interface, driven by s3fs; nothing in artlint is mocked. The reference is the
single-process `artlint fix` on local copies of the same shards (tests/shardcorpus.py).

These need the cloud extra (fsspec, s3fs) and are skipped only when it is not installed;
moto is a test dependency. .ci/run installs the extra, so CI runs them.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
import shardcorpus
from typer.testing import CliRunner

from linter.cli.app import app

if os.environ.get("CI"):
    import fsspec  # CI installs the cloud extra: a missing one is a failure there
    import s3fs  # noqa: F401
else:
    fsspec = pytest.importorskip("fsspec")
    pytest.importorskip("s3fs")
from moto.server import ThreadedMotoServer

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def server():
    saved = {key: os.environ.get(key) for key in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    yield f"http://{host}:{port}"
    moto.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def s3(server, monkeypatch):
    """An empty bucket; fsspec's s3 driver pointed at the server (in this process through
    its configuration, in child processes through FSSPEC_S3_ENDPOINT_URL)."""
    monkeypatch.setitem(fsspec.config.conf, "s3", {"endpoint_url": server})
    monkeypatch.setenv("FSSPEC_S3_ENDPOINT_URL", server)
    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    bucket = f"t-{uuid.uuid4().hex[:12]}"
    fs.mkdir(bucket)
    return fs, bucket


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return shardcorpus.corpus(tmp_path_factory.mktemp("cloud-shards"))


def run(*args):
    return CliRunner().invoke(app, ["shards", *args], catch_exceptions=False)


def upload(fs, folder: Path, prefix: str) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fs.pipe_file(f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes())


def test_fix_from_s3_to_s3_writes_what_the_cli_writes(s3, corpus):
    fs, bucket = s3
    folder, shards, reference = corpus
    upload(fs, folder, f"{bucket}/in")
    result = run("fix", "--engine", "serial", "--isolated", f"s3://{bucket}/in",
                 "--out", f"s3://{bucket}/out")
    assert result.exit_code == reference["exit"] == 2, result.stderr  # the invalid record
    fs.invalidate_cache()
    for name in shards:
        assert fs.cat_file(f"{bucket}/out/{name}") == reference["bytes"][name], name
    summary = json.loads(fs.cat_file(f"{bucket}/out/artlint-summary.json"))
    assert summary["totals"]["written"] == len(shards)
    assert summary["shards"][0]["source"].startswith(f"s3://{bucket}/in/")
    names = {p.removeprefix(f"{bucket}/out/") for p in fs.find(f"{bucket}/out")}
    assert names == {*shards, "artlint-summary.json", *(f".artlint-done/{n}.json" for n in shards)}


def test_a_second_run_on_s3_resumes(s3, corpus):
    fs, bucket = s3
    folder, shards, _ = corpus
    upload(fs, folder, f"{bucket}/in")
    args = ["fix", "--engine", "serial", "--isolated", f"s3://{bucket}/in", "--out",
            f"s3://{bucket}/out"]
    run(*args)
    first = {name: fs.info(f"{bucket}/out/{name}")["ETag"] for name in shards}
    fs.pipe_file(f"{bucket}/in/b/part-2.ndjson", b'{"text": "New.\\n\\nComments are closed."}\n')
    result = run(*args)
    summary = json.loads(fs.cat_file(f"{bucket}/out/artlint-summary.json"))
    resumed = {s["name"] for s in summary["shards"] if s["resumed"]}
    assert resumed == set(shards) - {"b/part-2.ndjson"}, result.stderr
    assert result.exit_code == 2  # the invalid record in a/part-1.jsonl.gz, from its marker
    fs.invalidate_cache()
    assert fs.cat_file(f"{bucket}/out/b/part-2.ndjson") == b'{"text": "New."}\n'
    assert fs.info(f"{bucket}/out/part-4.jsonl.gz")["ETag"] == first["part-4.jsonl.gz"]


def test_local_shards_to_s3_and_back(s3, corpus, tmp_path):
    _, bucket = s3
    folder, shards, reference = corpus
    assert run("fix", "--engine", "serial", "--isolated", str(folder), "--out",
               f"s3://{bucket}/fixed").exit_code == 2
    result = run("fix", "--engine", "serial", "--isolated", f"s3://{bucket}/fixed",
                 "--out", str(tmp_path / "again"))
    for name in shards:  # fixing the fixed shards changes nothing: copied byte for byte
        assert (tmp_path / "again" / name).read_bytes() == reference["bytes"][name], name
    assert result.exit_code == 2  # the invalid record is still there


def test_a_failed_shard_leaves_no_object(s3, corpus):
    fs, bucket = s3
    fs.pipe_file(f"{bucket}/in/bad.jsonl.gz", b"\x1f\x8b\x08\x00 not gzip")
    fs.pipe_file(f"{bucket}/in/good.jsonl", b'{"text": "Fine."}\n')
    result = run("fix", "--engine", "serial", "--isolated", f"s3://{bucket}/in", "--out",
                 f"s3://{bucket}/out")
    assert result.exit_code == 2
    fs.invalidate_cache()
    assert not fs.exists(f"{bucket}/out/bad.jsonl.gz")
    assert fs.cat_file(f"{bucket}/out/good.jsonl") == b'{"text": "Fine."}\n'


def test_check_reads_s3_shards(s3, corpus):
    fs, bucket = s3
    folder, _, reference = corpus
    upload(fs, folder, f"{bucket}/in")
    result = run("check", "--engine", "serial", "--isolated", f"s3://{bucket}/in")
    assert json.loads(result.stdout)["findings"] == reference["found"]


@pytest.mark.parametrize(("args", "message"), [
    (["check", "s3://BUCKET/missing.jsonl"], "s3://BUCKET/missing.jsonl: no such file or folder"),
    (["check", "s3://BUCKET/empty/"], "no such file or folder"),
    (["fix", "s3://BUCKET/in", "--in-place"], "shards at URLs are not rewritten in place"),
    (["check", "nosuchstore://x/y.jsonl"], "nosuchstore://x/y.jsonl: "),
])
def test_user_mistakes_with_urls_get_one_line(s3, args, message):
    fs, bucket = s3
    fs.pipe_file(f"{bucket}/in/a.jsonl", b'{"text": "Fine."}\n')
    args = [a.replace("BUCKET", bucket) for a in args]
    result = run(*args, "--engine", "serial", "--isolated")
    assert result.exit_code == 2
    assert message.replace("BUCKET", bucket) in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_parquet_shard_on_s3_is_fixed_as_the_cli_fixes_it(s3, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    fs, bucket = s3
    texts = [p.read_text(encoding="utf-8") for p in shardcorpus.SEEDS]
    local = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": range(len(texts)), "text": texts}), local)
    fs.pipe_file(f"{bucket}/in/t.parquet", local.read_bytes())
    result = run("fix", "--engine", "serial", "--isolated", f"s3://{bucket}/in", "--out",
                 f"s3://{bucket}/out")
    assert result.exit_code == 0, result.stderr
    assert CliRunner().invoke(app, ["fix", "--isolated", str(local)]).exit_code == 0
    fs.invalidate_cache()
    assert fs.cat_file(f"{bucket}/out/t.parquet") == local.read_bytes()


def test_dask_workers_read_and_write_s3(s3, corpus):
    pytest.importorskip("distributed")
    fs, bucket = s3
    folder, shards, reference = corpus
    upload(fs, folder, f"{bucket}/in")
    done = shardcorpus.cli("shards", "fix", "--isolated", "--workers", "2",
                           f"s3://{bucket}/in", "--out", f"s3://{bucket}/out")
    assert done.returncode == 2, done.stderr
    fs.invalidate_cache()
    for name in shards:
        assert fs.cat_file(f"{bucket}/out/{name}") == reference["bytes"][name], name
    workers = {s["worker"] for s in json.loads(
        fs.cat_file(f"{bucket}/out/artlint-summary.json"))["shards"]}
    assert len(workers) >= 1 and all(":" in w for w in workers)
