"""Real locations for JSON Lines (issue 18, item 2): in every output format a finding in a
record names the file itself and the record's physical line in it; the field and the line
and column inside the field are extra fields."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from linter.cli import app as cli

RECORDS = ('{"id": 1, "text": "Title\\n\\nBody text here.\\n"}\n'
           "\n"
           '{"id": 2, "text": "Title\\n\\nBody.\\n\\nComments are closed.\\n"}\n')


@pytest.fixture
def shard(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pages.jsonl").write_text(RECORDS)
    return "pages.jsonl"


def run(shard: str, fmt: str) -> str:
    result = CliRunner().invoke(cli.app, ["check", "--isolated", "--no-cache",
                                          "--select", "comment-residue", "--output-format",
                                          fmt, shard])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_text_names_the_file_and_the_records_line(shard):
    assert run(shard, "concise") == ("pages.jsonl:3:1: warning[comment-residue] Comment-section "
                                     "residue (field `text`, line 5, column 1)\n")


@pytest.mark.parametrize("fmt", ["json", "json-lines"])
def test_json_has_the_file_the_line_and_the_place_in_the_field(shard, fmt):
    out = run(shard, fmt)
    found = json.loads(out)[0] if fmt == "json" else json.loads(out.splitlines()[0])
    schema = json.loads((ROOT / "docs" / "schemas" / "findings-v1.json").read_text())
    jsonschema.validate([found], schema)
    assert {k: found[k] for k in ("path", "line", "column", "end_line", "field", "field_line",
                                  "field_column", "field_end_line")} == {
        "path": "pages.jsonl", "line": 3, "column": 1, "end_line": 3, "field": "text",
        "field_line": 5, "field_column": 1, "field_end_line": 5}


def test_github_annotations_attach_to_the_file(shard):
    line = next(x for x in run(shard, "github").splitlines() if x.startswith("::warning"))
    assert line.startswith("::warning file=pages.jsonl,line=3,endLine=3,title=artlint "
                           "(comment-residue)::Comment-section residue (field `text`, line 5, "
                           "column 1)")


def test_sarif_points_at_the_file_and_line(shard):
    result = json.loads(run(shard, "sarif"))["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "pages.jsonl"
    assert location["region"]["startLine"] == 3
    assert {k: result["properties"][k] for k in ("field", "fieldLine", "fieldColumn")} == {
        "field": "text", "fieldLine": 5, "fieldColumn": 1}
    assert "fixes" not in result  # its edits count inside the field


def test_junit_lists_the_file_with_its_failure_on_the_records_line(shard):
    root = ET.fromstring(run(shard, "junit"))
    cases = root.findall(".//testcase")
    assert [(c.get("file"), c.get("line")) for c in cases] == [("pages.jsonl", "3")]
    assert cases[0].find("failure") is not None


def test_fix_diff_shows_a_records_field_with_its_own_no_newline_marker(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pages.jsonl").write_text('{"text": "Body.\\n\\nComments are closed."}\n')
    result = CliRunner().invoke(cli.app, ["fix", "--diff", "--isolated", "--no-cache",
                                          "--select", "comment-residue", "pages.jsonl"])
    assert result.stdout.startswith("--- a/pages.jsonl:1:text\n+++ b/pages.jsonl:1:text\n")
    assert "-Comments are closed.\n\\ No newline at end of field\n" in result.stdout
    assert "end of file" not in result.stdout
