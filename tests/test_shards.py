"""`artlint shards` without Dask: the engine-agnostic shard core (linter/shards/core.py) run by
the serial engine, the command's checks of its options, and the message when Dask is
missing. Every expected output comes from the single-process `artlint fix`/`check` on
the same records (tests/shardcorpus.py). tests/test_shards_dask.py runs the same on a
real Dask cluster.
"""

from __future__ import annotations

import gzip
import json
import sys

import pytest
import shardcorpus
from typer.testing import CliRunner

from linter.cli.app import app

PACK = """\
id: t-comments-closed
message: Comments-closed notice
category: t-comments
pattern: "comments are closed[.!]?"
"""


def run(*args):
    return CliRunner().invoke(app, ["shards", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The shards, and what the single-process CLI does with them."""
    return shardcorpus.corpus(tmp_path_factory.mktemp("shards"))


def _snapshot(shards):
    return {name: (path.read_bytes(), path.stat().st_mtime_ns) for name, path in shards.items()}


def test_fix_writes_the_shards_the_cli_writes(corpus, tmp_path):
    folder, shards, reference = corpus
    before = _snapshot(shards)
    result = run("fix", "--engine", "serial", "--isolated", str(folder), "--out",
                 str(tmp_path / "out"))
    assert result.exit_code == reference["exit"] == 2, result.stderr  # the invalid record
    for name in shards:
        assert (tmp_path / "out" / name).read_bytes() == reference["bytes"][name], name
    assert _snapshot(shards) == before, "the inputs are left as they were"
    summary = json.loads((tmp_path / "out" / "artlint-summary.json").read_text())
    totals = summary["totals"]
    lines = shardcorpus.shard_lines()
    assert totals["records"] == sum(bool(line.strip()) for v in lines.values() for line in v)
    assert totals["changed"] == shardcorpus.changed_records(shards, reference["bytes"]) > 0
    assert totals["fixed"] == reference["fixed"] > 0
    assert summary["findings"] == reference["remaining"]
    assert totals["errors"] == reference["invalid"] == 1
    assert (totals["shards"], totals["written"], totals["failed"]) == (len(shards),) * 2 + (0,)
    bad = [s for s in summary["shards"] if s["error_count"]]
    assert [s["name"] for s in bad] == ["a/part-1.jsonl.gz"]
    assert bad[0]["messages"][0].startswith("a/part-1.jsonl.gz:2: not valid JSON")
    assert not list((tmp_path / "out").rglob("*.artlint")), "no temporary file is left"


def test_fix_removes_what_dead_workers_left_in_out(corpus, tmp_path):
    """A worker killed mid-shard leaves a temporary file nobody holds a lock on; the next
    run removes it whatever its age. Another file's hidden files are left alone."""
    folder, _, _ = corpus
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    dead = out / "a" / ".part-0.jsonl.k1ll3d.artlint"
    dead.write_bytes(b'{"text": "half a sh')
    kept = out / "a" / ".notes.txt"
    kept.write_text("mine")
    run("fix", "--engine", "serial", "--isolated", str(folder), "--out", str(out))
    assert not dead.exists()
    assert kept.read_text() == "mine"


def test_unchanged_shards_are_copied_byte_for_byte(corpus, tmp_path):
    folder, shards, _ = corpus
    run("fix", "--engine", "serial", "--isolated", str(folder), "--out", str(tmp_path))
    for name in ("b/part-2.ndjson", "part-4.jsonl.gz"):  # hand-cleaned records only
        assert (tmp_path / name).read_bytes() == shards[name].read_bytes()


def test_check_counts_what_artlint_check_finds(corpus):
    folder, shards, reference = corpus
    before = _snapshot(shards)
    result = run("check", "--engine", "serial", "--isolated", str(folder))
    assert result.exit_code == 2, result.stderr
    summary = json.loads(result.stdout)
    assert summary["findings"] == reference["found"]
    assert summary["totals"]["written"] == 0 and summary["command"] == "check"
    assert _snapshot(shards) == before


def test_check_exits_1_on_findings_and_0_with_exit_zero(corpus, tmp_path):
    _, shards, _ = corpus
    one = str(shards["a/part-0.jsonl"])
    assert run("check", "--engine", "serial", "--isolated", one).exit_code == 1
    assert run("check", "--engine", "serial", "--isolated", "--exit-zero", one).exit_code == 0
    clean = str(shards["b/part-2.ndjson"])
    assert run("check", "--engine", "serial", "--isolated", clean).exit_code == 0


def test_fix_in_place_rewrites_only_the_changed_shards(corpus, tmp_path):
    _, _, reference = corpus
    copies = shardcorpus.write_shards(tmp_path)
    before = _snapshot(copies)
    result = run("fix", "--engine", "serial", "--isolated", "--in-place", str(tmp_path),
                 "--summary", str(tmp_path / "summary.json"))
    assert result.exit_code == 2, result.stderr
    for name, path in copies.items():
        assert path.read_bytes() == reference["bytes"][name], name
    for name in ("b/part-2.ndjson", "part-4.jsonl.gz"):
        assert (copies[name].read_bytes(), copies[name].stat().st_mtime_ns) == before[name]
    assert json.loads((tmp_path / "summary.json").read_text())["totals"]["written"] == 3


def test_an_unreadable_shard_is_named_and_the_others_are_done(corpus, tmp_path):
    folder, shards, reference = corpus
    bad = tmp_path / "in" / "bad.jsonl.gz"
    bad.parent.mkdir()
    bad.write_bytes(b"\x1f\x8b\x08\x00 this is not gzip data")
    result = run("fix", "--engine", "serial", "--isolated", str(folder), str(bad), "--out",
                 str(tmp_path / "out"))
    assert result.exit_code == 2
    summary = json.loads((tmp_path / "out" / "artlint-summary.json").read_text())
    failed = [s for s in summary["shards"] if s["failed"]]
    assert [s["name"] for s in failed] == ["bad.jsonl.gz"]
    assert "nothing written" in failed[0]["failed"]
    assert "bad.jsonl.gz: failed" in result.stderr
    assert not (tmp_path / "out" / "bad.jsonl.gz").exists()
    for name in shards:
        assert (tmp_path / "out" / name).read_bytes() == reference["bytes"][name]
    assert not list((tmp_path / "out").rglob("*.artlint"))


def test_a_record_over_the_size_limit_is_copied_as_the_cli_does(corpus, tmp_path):
    _, shards, _ = corpus
    source = shards["a/part-0.jsonl"]
    reference = tmp_path / "cli" / source.name
    reference.parent.mkdir()
    reference.write_bytes(source.read_bytes())
    shardcorpus.cli("fix", "--isolated", "--max-file-size", "3500", str(reference))
    result = run("fix", "--engine", "serial", "--isolated", "--max-record-size", "3500",
                 str(source), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert (tmp_path / "out" / source.name).read_bytes() == reference.read_bytes()
    assert reference.read_bytes() != source.read_bytes()  # the small records were fixed
    summary = json.loads((tmp_path / "out" / "artlint-summary.json").read_text())
    assert summary["totals"]["records"] == 4
    assert any("over the size limit" in m for m in summary["shards"][0]["messages"])


def test_a_fix_held_back_for_review_exits_3_like_the_cli(tmp_path):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "pack.yaml").write_text(PACK)
    shard = tmp_path / "in" / "a.jsonl"
    shard.parent.mkdir()
    shard.write_text('{"text": "Comments are closed."}\n{"text": "Fine.\\n\\nComments are '
                     'closed.\\n"}\n')
    options = ["--isolated", "--rules-dir", str(tmp_path / "pack"), "--select", "t-comments"]
    copy = tmp_path / "cli.jsonl"
    copy.write_bytes(shard.read_bytes())
    assert shardcorpus.cli("fix", *options, str(copy)).returncode == 3
    result = run("fix", "--engine", "serial", *options, str(shard), "--out",
                 str(tmp_path / "out"))
    assert result.exit_code == 3, result.stderr
    assert (tmp_path / "out" / "a.jsonl").read_bytes() == copy.read_bytes()
    summary = json.loads((tmp_path / "out" / "artlint-summary.json").read_text())
    assert (summary["totals"]["held"], summary["totals"]["changed"]) == (1, 1)


@pytest.mark.parametrize(("args", "message"), [
    (["fix", "IN", "--out", "IN"], "is inside the input folder"),
    # it worked once, then the rerun read its fixed shards as input
    (["fix", "IN", "--out", "IN/clean"], "is inside the input folder"),
    (["fix", "IN/a/part-0.jsonl", "--out", "IN/a"], "would overwrite the input shard"),
    (["fix", "IN", "--out", "IN/part-4.jsonl.gz"], "exists and is not a folder"),
    (["fix", "IN"], "give --out DIR"),
    (["fix", "IN", "--out", "OUT", "--in-place"], "give --out DIR"),
    (["check", "IN/missing.jsonl"], "no such file or folder"),
    (["check", "OUT"], "no shards (*.jsonl"),
    (["check", "IN", "--engine", "spark"], "--engine: expected one of dask, serial"),
    (["check", "IN", "--engine", "serial", "--workers", "2"], "need --engine dask"),
    (["check", "IN", "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"],
     "give one or the other"),
    (["check", "IN", "--max-record-size", "lots"], "--max-record-size: expected a size"),
    (["check", "IN", "--select", "no-such-rule"], "no-such-rule"),
])
def test_user_mistakes_get_one_line_and_exit_2(corpus, tmp_path, args, message):
    folder, _, _ = corpus
    (tmp_path / "empty").mkdir()
    args = [a.replace("IN", str(folder)).replace("OUT", str(tmp_path / "empty")) for a in args]
    result = run(*args, "--isolated")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_without_dask_the_message_says_how_to_install_it(corpus, tmp_path, monkeypatch):
    folder, _, _ = corpus
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    result = run("fix", "--isolated", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "artlint: error: the Dask engine needs dask[distributed], which is not installed: "
        "pip install 'artlint[dask]'")
    assert not (tmp_path / "out").exists()


def test_the_check_command_does_not_import_dask():
    code = ("import sys; from linter.cli import app; "
            "assert 'distributed' not in sys.modules and 'dask' not in sys.modules")
    assert shardcorpus.subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_fixed_gzip_shards_are_gzip(corpus, tmp_path):
    folder, _, _ = corpus
    run("fix", "--engine", "serial", "--isolated", str(folder), "--out", str(tmp_path))
    data = gzip.decompress((tmp_path / "a" / "part-1.jsonl.gz").read_bytes())
    assert data.count(b"\n") == 4


class _Appending:
    """A linter that appends a record to the shard while the shard is being read."""

    def __init__(self, lint, path):
        self.lint, self.path, self.done = lint, path, False

    @property
    def engine(self):
        return self.lint.engine

    def lint_line(self, raw, **options):
        if not self.done:
            self.done = True
            with open(self.path, "ab") as handle:
                handle.write(b'{"text": "late"}\n')
        return self.lint.lint_line(raw, **options)


@pytest.mark.parametrize("in_place", [False, True])
def test_a_shard_that_changes_while_read_is_not_written(corpus, tmp_path, in_place):
    from linter import ArticleLinter
    from linter.shards.core import run_shard
    from linter.shards.planning import plan

    _, shards, _ = corpus
    shard = tmp_path / "a.jsonl"
    shard.write_bytes(shards["a/part-0.jsonl"].read_bytes())
    (task,) = plan([str(shard)], None if in_place else tmp_path / "out", in_place)
    summary = run_shard(_Appending(ArticleLinter(isolated=True), shard), task)
    assert summary.failed == "the shard changed while it was read; nothing written"
    assert not summary.written
    assert not (tmp_path / "out" / "a.jsonl").exists()
    assert shard.read_bytes() == shards["a/part-0.jsonl"].read_bytes() + b'{"text": "late"}\n'
    assert [p.name for p in tmp_path.rglob("*.artlint")] == []


def test_file_urls_are_local_paths(corpus, tmp_path):
    folder, shards, reference = corpus
    result = run("fix", "--engine", "serial", "--isolated", f"file://{folder}", "--out",
                 f"file://{tmp_path / 'out'}")
    assert result.exit_code == 2, result.stderr  # the invalid record
    for name in shards:
        assert (tmp_path / "out" / name).read_bytes() == reference["bytes"][name], name
    summary = json.loads((tmp_path / "out" / "artlint-summary.json").read_text())
    assert summary["shards"][0]["source"].startswith(str(folder))


def test_the_summary_counts_characters_removed_per_rule_and_records_held(tmp_path):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "pack.yaml").write_text(PACK)
    shard = tmp_path / "in" / "a.jsonl"
    shard.parent.mkdir()
    records = [
        {"text": "A paragraph that stays.\n\nComments are closed.\n"},  # fixed
        {"text": "Comments are closed."},  # the fix would empty it: held back
        {"text": "Nothing to see.", "title": "Comments are closed."},  # untouched
        {"text": "One.\n\nComments are closed.\n", "more": "Fine.\n\nComments are closed!\n"},
    ]
    shard.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = run("fix", "--engine", "serial", "--isolated", "--rules-dir",
                 str(tmp_path / "pack"), "--select", "t-comments", "--field", "text",
                 "--field", "more", str(shard), "--out", str(tmp_path / "out"))
    assert result.exit_code == 3, result.stderr
    summary = json.loads((tmp_path / "out" / "artlint-summary.json").read_text())
    totals = summary["totals"]
    closed = len("Comments are closed.\n")
    assert summary["removed"] == {"t-comments-closed": 2 * closed + len("Comments are closed!\n")}
    assert totals["removed"] == summary["removed"]["t-comments-closed"]
    assert totals["characters"] == sum(len(v) for r in records for k, v in r.items()
                                       if k in ("text", "more"))
    assert (totals["changed"], totals["held"], totals["held_records"]) == (2, 1, 1)
    assert summary["shards"][0]["removed"] == summary["removed"]
    assert f"{totals['removed']} characters removed" in result.stderr
    assert "1 record held back for review" in result.stderr


def test_without_fsspec_a_url_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "fsspec", None)  # `import fsspec` fails
    result = run("check", "--engine", "serial", "--isolated", "s3://bucket/shards/")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "artlint: error: reading and writing shards at URLs needs fsspec (and the store's "
        "driver, e.g. s3fs), which is not installed: pip install 'artlint[cloud]'")
