"""Parquet in and out (linter/sources/parquet.py, linter/pipeline/tables.py): `artlint
check/fix FILE.parquet` and `artlint shards check|fix` on Parquet shards. The reference
is the single-process CLI on the same records as JSON Lines: the same texts fixed, the
same findings; every other column, the schema (with its metadata), nulls and the codec
kept. pyarrow comes with the parquet extra; .ci/run installs it, so CI runs these.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
import shardcorpus
from typer.testing import CliRunner

from linter.cli.app import app

if os.environ.get("CI"):
    import pyarrow as pa  # CI installs the parquet extra: a missing pyarrow is a failure
    import pyarrow.parquet as pq
else:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")


def texts() -> list[str]:
    seeds = shardcorpus.SEEDS
    dirty = [p.read_text(encoding="utf-8") for p in seeds]
    clean = [Path(str(p).replace(".input.", ".expected.")).read_text(encoding="utf-8")
             for p in seeds]
    return [dirty[0], clean[0], dirty[1], dirty[2], clean[1], dirty[3], dirty[4]]


def write_table(path: Path, values: list[str | None], codec: str = "zstd") -> None:
    n = len(values)
    table = pa.table({
        "id": pa.array(range(n), pa.int64()),
        "text": pa.array(values, pa.large_string()),
        "meta": pa.array([{"lang": "en", "score": i / 3} for i in range(n)]),
        "tags": pa.array([["a", str(i)] for i in range(n)]),
    }).replace_schema_metadata({b"origin": b"crawl-2024"})
    pq.write_table(table, path, compression=codec)


def write_jsonl(path: Path, values: list[str | None]) -> None:
    path.write_text("".join(json.dumps({"text": v}) + "\n" for v in values if v is not None))


def cli(*args):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def files(tmp_path):
    values = [*texts(), None]
    table, lines = tmp_path / "in.parquet", tmp_path / "in.jsonl"
    write_table(table, values)
    write_jsonl(lines, values)
    return table, lines, values


def _fixed_texts(jsonl: Path) -> list[str]:
    return [json.loads(line)["text"] for line in jsonl.read_text().splitlines()]


def test_fix_fixes_the_text_column_as_json_lines_and_keeps_the_rest(files):
    table, lines, values = files
    before = pq.read_table(table)
    result = cli("fix", "--isolated", str(table))
    assert result.exit_code == 0, result.stderr
    cli("fix", "--isolated", str(lines))
    after = pq.read_table(table)
    assert after.schema == before.schema and after.schema.metadata == before.schema.metadata
    assert after.column("text").to_pylist()[:-1] == _fixed_texts(lines)
    assert after.column("text").to_pylist() != values, "something was fixed"
    assert after.column("text").to_pylist()[-1] is None
    for column in ("id", "meta", "tags"):
        assert after.column(column) == before.column(column)
    codec = pq.ParquetFile(table).metadata.row_group(0).column(1).compression
    assert codec == "ZSTD"


def test_check_reports_rows_as_json_lines_records(files):
    table, lines, _ = files
    table_rows = cli("check", "--isolated", "--output-format", "json-lines", str(table))
    lines_rows = cli("check", "--isolated", "--output-format", "json-lines", str(lines))
    assert table_rows.exit_code == lines_rows.exit_code == 1

    def strip(output):
        rows = [json.loads(line) for line in output.splitlines()]
        return [(r["rule"], r["line"], r["message"]) for r in rows]

    assert strip(table_rows.stdout) == strip(lines_rows.stdout)
    text = cli("check", "--isolated", str(table)).stdout
    assert f"{table}:1:1: " in text and "(field `text`, line" in text


def test_an_unchanged_table_is_not_rewritten(tmp_path):
    clean = [Path(str(p).replace(".input.", ".expected.")).read_text(encoding="utf-8")
             for p in shardcorpus.SEEDS]
    table = tmp_path / "clean.parquet"
    write_table(table, clean)
    stamp = (table.read_bytes(), table.stat().st_mtime_ns)
    assert cli("fix", "--isolated", str(table)).exit_code == 0
    assert (table.read_bytes(), table.stat().st_mtime_ns) == stamp


def test_rows_are_numbered_across_batches(tmp_path, monkeypatch):
    from linter.sources import parquet

    monkeypatch.setattr(parquet, "BATCH_ROWS", 2)
    values = ["Fine words." for _ in range(5)] + [texts()[0]]
    table = tmp_path / "many.parquet"
    write_table(table, values)
    result = cli("check", "--isolated", "--output-format", "json-lines", str(table))
    lines = {json.loads(row)["line"] for row in result.stdout.splitlines()}
    assert lines == {6}
    assert cli("fix", "--isolated", str(table)).exit_code == 0
    assert pq.ParquetFile(table).metadata.num_row_groups == 3
    assert pq.read_table(table).column("text").to_pylist()[:5] == values[:5]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: pq.write_table(pa.table({"body": ["x"]}), p),
     "no text column 'text' (columns: body); name it with --field or jsonl-fields"),
    (lambda p: pq.write_table(pa.table({"text": [1, 2]}), p),
     "column 'text' holds int64, not text (string)"),
    (lambda p: p.write_bytes(b"PAR1 not really"), "not a valid Parquet file"),
])
def test_a_table_artlint_cannot_lint_gets_one_line(tmp_path, make, message):
    table = tmp_path / "bad.parquet"
    make(table)
    before = table.read_bytes()
    for command in ("check", "fix"):
        result = cli(command, "--isolated", str(table))
        assert result.exit_code == 2
        assert message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert table.read_bytes() == before


def test_without_pyarrow_the_message_says_how_to_install_it(files, monkeypatch):
    table, _, _ = files
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = cli("check", "--isolated", str(table))
    assert result.exit_code == 2
    assert "pip install 'artlint[parquet]'" in result.stderr
    shards = CliRunner().invoke(app, ["shards", "check", "--engine", "serial", "--isolated",
                                      str(table)])
    assert shards.exit_code == 2
    assert shards.stderr.strip() == ("artlint: error: reading Parquet needs pyarrow, which is "
                                     "not installed: pip install 'artlint[parquet]'")


# --------------------------------------------------------------------------------------
# artlint shards
# --------------------------------------------------------------------------------------


def test_shards_fix_writes_what_the_cli_writes(files, tmp_path):
    table, _, _ = files
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "a.parquet").write_bytes(table.read_bytes())
    clean = [Path(str(p).replace(".input.", ".expected.")).read_text(encoding="utf-8")
             for p in shardcorpus.SEEDS]
    write_table(shards / "b.parquet", clean, codec="snappy")
    reference = {name: (shards / name).read_bytes() for name in ("a.parquet", "b.parquet")}
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["shards", "fix", "--engine", "serial", "--isolated",
                                      str(shards), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    cli("fix", "--isolated", str(table))
    assert (out / "a.parquet").read_bytes() == table.read_bytes() != reference["a.parquet"]
    assert (out / "b.parquet").read_bytes() == reference["b.parquet"]
    summary = json.loads((out / "artlint-summary.json").read_text())
    assert summary["totals"]["records"] == len(texts()) + 1 + len(clean)
    assert summary["totals"]["changed"] == 5


def test_shards_check_counts_what_check_finds(files):
    table, lines, _ = files
    result = CliRunner().invoke(app, ["shards", "check", "--engine", "serial", "--isolated",
                                      str(table)])
    found = cli("check", "--isolated", "--output-format", "json-lines", str(lines)).stdout
    per_rule: dict[str, int] = {}
    for row in found.splitlines():
        rule = json.loads(row)["rule"]
        per_rule[rule] = per_rule.get(rule, 0) + 1
    assert json.loads(result.stdout)["findings"] == per_rule


def test_shards_use_the_field_option_for_the_column(tmp_path):
    table = tmp_path / "body.parquet"
    pq.write_table(pa.table({"body": [texts()[0]]}), table)
    result = CliRunner().invoke(app, ["shards", "check", "--engine", "serial", "--isolated",
                                      "--field", "body", str(table)])
    assert json.loads(result.stdout)["totals"]["findings"] > 0
    missing = CliRunner().invoke(app, ["shards", "check", "--engine", "serial", "--isolated",
                                       str(table)])
    assert missing.exit_code == 2
    assert "no text column 'text' (columns: body)" in missing.stderr


def test_a_file_damaged_in_a_later_row_group_is_left_as_it_is_without_a_traceback(tmp_path):
    import subprocess

    path = tmp_path / "damaged.parquet"
    n = 4000
    table = pa.table({"text": pa.array([f"Row {i} of real text.\n\nComments are closed.\n"
                                        for i in range(n)])})
    pq.write_table(table, path, row_group_size=1000, compression="none")
    data = bytearray(path.read_bytes())
    middle = len(data) * 3 // 4  # inside a later row group's pages
    data[middle:middle + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    result = subprocess.run([sys.executable, "-m", "linter", "fix", "--no-cache", str(path)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert "left unchanged" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert path.read_bytes() == before


def test_a_fixed_file_keeps_each_columns_own_codec(tmp_path):
    path = tmp_path / "mixed.parquet"
    table = pa.table({"text": ["Body.\n\nComments are closed.\n", "Clean body.\n"],
                      "tags": [["a"], ["b", "c"]], "score": [1.5, 2.5]})
    pq.write_table(table, path, compression={"text": "zstd", "tags.list.element": "gzip",
                                             "score": "none"})
    result = CliRunner().invoke(app, ["fix", "--no-cache", "--isolated", str(path)])
    assert result.exit_code == 0, result.output
    group = pq.ParquetFile(path).metadata.row_group(0)
    codecs = {group.column(i).path_in_schema: group.column(i).compression
              for i in range(group.num_columns)}
    assert codecs == {"text": "ZSTD", "tags.list.element": "GZIP", "score": "UNCOMPRESSED"}
    assert pq.read_table(path).column("text").to_pylist()[0] == "Body.\n"


def test_fix_diff_of_a_row_marks_a_field_without_a_final_newline(tmp_path):
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"text": ["Body.\n\nComments are closed."]}), path)
    result = CliRunner().invoke(app, ["fix", "--diff", "--no-cache", "--isolated", str(path)])
    assert f"--- a/{path}:1:text\n+++ b/{path}:1:text\n" in result.stdout
    assert "-Comments are closed.\n\\ No newline at end of field\n" in result.stdout
