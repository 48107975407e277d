"""`--output-format json` and `json-lines` against the documented schema
(docs/schemas/findings-v1.json), with values worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from linter.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "findings-v1.json").read_text())
FINDING = {"$ref": "#/$defs/finding", "$defs": SCHEMA["$defs"]}

PACK = """\
id: t-comments-closed
message: Comments-closed notice
category: t-comments
severity: error
pattern: "comments are closed[.!]?"
---
id: t-click-here
message: Click-here link residue
category: t-links
severity: info
match: search
fix: replace
fix-safety: unsafe
replacement: "(link)"
pattern: "\\\\[click here\\\\]"
"""
STORY = "Title\n\nIt came [click here] today.\n\nComments are closed.\n"
ENV = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text("Comments are closed.\n")
    monkeypatch.chdir(tmp_path)


def run(*args: str):
    return CliRunner().invoke(
        app, ["check", "--rules-dir", "rules", "--select", "t-comments,t-links", *args], env=ENV)


EXPECTED = [
    {"path": "a.txt", "line": 3, "column": 9, "end_line": 3, "end_column": 21,
     "rule": "t-click-here", "category": "t-links", "severity": "info",
     "message": "Click-here link residue", "fixable": True,
     "fix": {"applicability": "unsafe",
             "edits": [{"start": 15, "end": 27, "replacement": "(link)"}]}},
    {"path": "a.txt", "line": 5, "column": 1, "end_line": 5, "end_column": 21,
     "rule": "t-comments-closed", "category": "t-comments", "severity": "error",
     "message": "Comments-closed notice", "fixable": True,
     "fix": {"applicability": "safe", "edits": [{"start": 36, "end": 57, "replacement": ""}]}},
    {"path": "b.txt", "line": 1, "column": 1, "end_line": 1, "end_column": 21,
     "rule": "t-comments-closed", "category": "t-comments", "severity": "error",
     "message": "Comments-closed notice", "fixable": True,
     "fix": {"applicability": "safe", "edits": [{"start": 0, "end": 21, "replacement": ""}]}},
]


def test_json_output_matches_the_schema_and_the_hand_worked_values(corpus):
    result = run("--output-format", "json", "a.txt", "b.txt")
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data == EXPECTED


def test_json_lines_prints_one_finding_object_per_line(corpus):
    result = run("--output-format", "json-lines", "a.txt", "b.txt")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for line in lines:
        jsonschema.Draft202012Validator(FINDING).validate(json.loads(line))
    assert [json.loads(line) for line in lines] == EXPECTED
    assert lines[2] == json.dumps(EXPECTED[2], ensure_ascii=False)


def test_json_lines_prints_nothing_for_a_clean_run(corpus):
    (Path.cwd() / "clean.txt").write_text("Nothing here.\n")
    result = run("--output-format", "json-lines", "clean.txt")
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(
    ("key", "value"),
    [("severity", "fatal"), ("line", 0), ("fix", {"applicability": "safe", "edits": []}),
     ("extra", 1)],
)
def test_the_schema_rejects_a_malformed_finding(key, value):
    bad = {**EXPECTED[0], key: value}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(FINDING).validate(bad)


def test_every_format_has_a_documented_section():
    from linter.report.output import FORMATS

    doc = (ROOT / "docs" / "output-formats.md").read_text()
    headings = [line[3:].split(" (")[0] for line in doc.splitlines() if line.startswith("## ")]
    assert [fmt for fmt in FORMATS if fmt not in headings] == []
    assert "`--output-format FORMAT`, one of " + ", ".join(f"`{fmt}`" for fmt in FORMATS[:-1]) \
        in doc.replace("\n", " ")


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif", "junit", "html", "text"])
def test_a_file_name_that_is_not_utf8_gives_a_valid_report(tmp_path, monkeypatch, fmt):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    try:
        with open(bytes(tmp_path) + b"/caf\xe9.txt", "wb") as story:  # Latin-1 café
            story.write(STORY.encode())
    except OSError:
        pytest.skip("the file system refuses names that are not UTF-8")
    monkeypatch.chdir(tmp_path)
    result = run("--no-cache", "--output-format", fmt, "-o", "report", ".")
    assert result.exit_code == 1, result.stderr
    data = (tmp_path / "report").read_bytes()
    if fmt == "text":  # named as it is, byte for byte, as on a terminal
        assert b"caf\xe9.txt:5:1: error[t-comments-closed]" in data
        return
    text = data.decode("utf-8")  # a document in UTF-8: the byte is U+FFFD
    assert "caf\ufffd.txt" in text or fmt == "sarif"
    if fmt == "json":
        assert {item["path"] for item in json.loads(text)} == {"caf\ufffd.txt"}
    elif fmt == "json-lines":
        assert {json.loads(line)["path"] for line in text.splitlines()} == {"caf\ufffd.txt"}
    elif fmt == "sarif":  # the URI keeps the file's own byte
        uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for result in json.loads(text)["runs"][0]["results"]}
        assert uris == {"caf%E9.txt"}
