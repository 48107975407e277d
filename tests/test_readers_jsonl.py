"""JSON Lines input (linter/sources/jsonl.py, run.py): records fixed in place, everything
else kept byte for byte, streamed."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from linter.cli import app as cli
from linter.sources import jsonl

JL = FIXTURES / "jsonl"
ARTEFACT = "Real text of the article.\n\nComments are closed.\n\nMore real text here."
CLEANED = "Real text of the article.\n\nMore real text here."


def run(*args, input=None):
    return CliRunner().invoke(cli.app, list(args), input=input, catch_exceptions=False)


def test_fix_gives_the_hand_cleaned_records(tmp_path):
    target = tmp_path / "corpus.jsonl"
    shutil.copyfile(JL / "corpus.input.jsonl", target)
    result = run("fix", "--isolated", str(target))
    assert result.exit_code == 2  # the broken record 3 is reported
    assert f"{target}:3: not valid JSON" in result.output
    assert target.read_bytes() == (JL / "corpus.expected.jsonl").read_bytes()


def test_clean_records_round_trip_byte_for_byte(tmp_path):
    target = tmp_path / "clean.jsonl"
    lines = (JL / "corpus.expected.jsonl").read_text().splitlines(keepends=True)
    target.write_text("".join(line for n, line in enumerate(lines) if n != 2))
    before = target.read_bytes(), target.stat().st_mtime_ns
    result = run("fix", "--isolated", str(target))
    assert result.exit_code == 0, result.output
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before


def test_findings_name_record_line_in_field_and_column():
    path = JL / "corpus.input.jsonl"
    out = run("check", "--isolated", "--output-format", "concise", str(path)).output
    # record 1 is seed 000: its line 23 holds DON'T MISS, line 36 the prompt (column 5)
    assert f"{path}:1:1: warning[dont-miss-block] Related-articles / most-read block " \
        "(header plus linked headlines) (field `text`, line 23, column 1)" in out
    assert "warning[support-journalism-prompt] Subscription or donation prompt (field " \
        "`text`, line 36, column 5)" in out
    assert f"{path}:2:1: warning[see-also-line]" in out  # record 2 is seed 001
    assert "(field `text`, line 22, column 1)" in out
    assert f"{path}:4:" not in out  # the clean record


def test_only_the_changed_field_is_rewritten(tmp_path):
    first = ('{"z": 1,  "text": "' + ARTEFACT.replace("\n", "\\n") +
             '", "a": {"b": [1, 2.50, "\\u00e9"]}, "ok": true}\n')
    second = '{"text": "Fine \\u00e9 text.", "x": null}\r\n'
    target = tmp_path / "a.jsonl"
    target.write_text(first + second, newline="")
    run("fix", "--isolated", str(target))
    expected = first.replace(ARTEFACT.replace("\n", "\\n"), CLEANED.replace("\n", "\\n"))
    assert target.read_bytes() == (expected + second).encode()


def test_nested_and_several_fields(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "artlint.toml").write_text('jsonl-fields = ["title", "article.body"]\n')
    record = {"title": "Comments are closed.", "article": {"body": ARTEFACT, "n": 1},
              "text": "Comments are closed."}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n")
    out = run("check", "--output-format", "concise", "a.jsonl").output
    assert ("a.jsonl:1:1: warning[comment-residue] Comment-section residue (field `title`, line 1, "
            "column 1)") in out
    assert ("a.jsonl:1:1: warning[comment-residue] Comment-section residue (field `article.body`, "
            "line 3, column 1)") in out
    result = run("fix", "a.jsonl")
    assert "needs review: a.jsonl:1 (title)" in result.output  # it would empty the field
    fixed = json.loads((tmp_path / "a.jsonl").read_text())
    assert list(fixed) == ["title", "article", "text"]
    assert fixed["article"] == {"body": CLEANED, "n": 1}
    assert fixed["text"] == "Comments are closed."  # not a configured field
    assert fixed["title"] == "Comments are closed."


def test_gzip_and_stdin_filename(tmp_path):
    target = tmp_path / "a.jsonl.gz"
    target.write_bytes(gzip.compress(json.dumps({"text": ARTEFACT}).encode() + b"\n"))
    run("fix", "--isolated", str(target))
    assert json.loads(gzip.decompress(target.read_bytes())) == {"text": CLEANED}
    result = run("fix", "--isolated", "--stdin-filename", "x.ndjson", "-",
                 input=json.dumps({"text": ARTEFACT, "id": 3}) + "\n")
    assert result.stdout == json.dumps({"text": CLEANED, "id": 3}) + "\n"
    check = run("check", "--isolated", "--output-format", "concise",
                "--stdin-filename", "x.ndjson", "-", input=json.dumps({"text": ARTEFACT}))
    assert "x.ndjson:1:1: warning[comment-residue] Comment-section residue (field `text`, " \
        "line 3, column 1)" in check.output


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_corrupt_gzip_is_named_left_alone_and_the_run_goes_on(tmp_path, command):
    whole = gzip.compress(json.dumps({"text": ARTEFACT}).encode() + b"\n")
    corrupt = tmp_path / "a.jsonl.gz"
    broken = whole[:10] + b"\xff" * 40  # a gzip header, then no valid deflate block
    corrupt.write_bytes(broken)
    good = tmp_path / "b.jsonl.gz"
    good.write_bytes(whole)
    result = run(command, "--isolated", str(corrupt), str(good))
    assert result.exit_code == 2
    assert f"artlint: error: {corrupt}: cannot read: " in result.stderr
    assert "invalid block type" in result.stderr
    assert "internal error" not in result.stderr
    assert corrupt.read_bytes() == broken
    if command == "fix":
        assert json.loads(gzip.decompress(good.read_bytes())) == {"text": CLEANED}
    else:
        assert "comment-residue" in result.stdout


def test_locate_handles_escapes_and_duplicates():
    line = '{"text": "a\\"b", "x": {"text": "no"}, "text": "last \\u00e9"}'
    found = jsonl.locate(line, "text")
    assert found is not None and found.text == "last é"
    assert line[found.start:found.end] == '"last \\u00e9"'
    assert jsonl.replace_fields(line, {"text": "new é"}).endswith('"text": "new \\u00e9"}')
    assert jsonl.locate('{"a": 1}', "text") is None


PEAK = """
import sys, tracemalloc
from typer.testing import CliRunner
from linter.cli import app as cli
args = ["fix", "--isolated", "--output-format", "concise", "--no-progress",
        "--select", "comment-residue", sys.argv[1]]
CliRunner().invoke(cli.app, args)  # warm up: rules loaded and compiled once
tracemalloc.start()
CliRunner().invoke(cli.app, args)
print(tracemalloc.get_traced_memory()[1])
"""


def _peak(target) -> int:
    """The peak Python memory of a fix, in a process of its own (threads other tests
    leave behind, Dask's for one, would count too in this one)."""
    done = subprocess.run([sys.executable, "-c", PEAK, str(target)], capture_output=True,
                          text=True, check=True)
    return int(done.stdout.split()[-1])


def test_fix_streams_in_bounded_memory(tmp_path):
    text = ("A long paragraph of real article text that stays. " * 40 + "\n\n"
            "Comments are closed.\n\nThe end of the article.")
    record = json.dumps({"id": 0, "text": text, "pad": "x" * 1000}) + "\n"
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    small.write_text(record * 500)
    big.write_text(record * 4000)  # about 12 MB
    peak_small, peak_big = _peak(small), _peak(big)
    assert big.stat().st_size > 10_000_000
    # eight times the records, about the same peak: the file is never held whole
    assert peak_big < peak_small * 1.5 + 500_000, (peak_small, peak_big)
    assert peak_big < big.stat().st_size / 2
    with open(big) as handle:
        first = json.loads(handle.readline())
    assert first["text"].endswith("stays. \n\nThe end of the article.")



@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_record_with_a_lone_surrogate_is_linted_through_the_cache(tmp_path, monkeypatch,
                                                                    command):
    """JSON may escape a lone surrogate ("\\ud800"), which UTF-8 cannot encode: the cache
    key once failed on it and took the whole run down."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "s.jsonl"
    target.write_text('{"text": "x \\ud800 y.\\n\\nComments are closed.\\n\\nz."}\n')
    result = CliRunner().invoke(cli.app, [command, "--isolated", str(target)])
    assert "internal error" not in result.stderr
    if command == "check":
        assert result.exit_code == 1 and "comment-residue" in result.stdout
    else:
        assert result.exit_code == 0
        assert target.read_text() == '{"text": "x \\ud800 y.\\n\\nz."}\n'


def test_a_file_saved_with_a_bom_has_its_first_record_linted_and_keeps_the_bom(tmp_path):
    target = tmp_path / "bom.jsonl"
    target.write_bytes(b'\xef\xbb\xbf{"text": "' + ARTEFACT.replace("\n", "\\n").encode()
                       + b'"}\n{"text": "x"}\n')
    result = run("fix", "--isolated", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (b'\xef\xbb\xbf{"text": "' + CLEANED.replace("\n", "\\n")
                                   .encode() + b'"}\n{"text": "x"}\n')
