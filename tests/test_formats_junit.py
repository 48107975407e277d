"""`--output-format junit`: JUnit XML with a suite per file and a failing case per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from linter.cli.app import app

PACK = """\
id: t-comments-closed
message: Comments <closed> & "done"
category: t-comments
severity: error
pattern: "comments are closed[.!]?"
---
id: t-source-link
message: Source-link footer
category: t-footers
pattern: "source link"
"""


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "dirty.txt").write_text(
        "Title\n\nText.\n\nSource link\nComments are closed.\n")
    (tmp_path / "c" / "clean.txt").write_text("Title\n\nText.\n")
    monkeypatch.chdir(tmp_path)


def junit(*paths: str) -> tuple[int, ET.Element, str]:
    result = CliRunner().invoke(
        app, ["check", "--rules-dir", "rules", "--select", "t-comments,t-footers",
              "--output-format", "junit", *paths],
        env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None})
    return result.exit_code, ET.fromstring(result.stdout.encode()), result.stdout


def test_a_suite_per_file_and_a_failure_per_finding(corpus):
    code, root, text = junit("c")
    assert code == 1
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    assert root.tag == "testsuites"
    assert root.attrib == {"name": "artlint", "tests": "3", "failures": "2", "errors": "0"}
    clean, dirty = root.findall("testsuite")
    assert clean.attrib == {"name": "c/clean.txt", "tests": "1", "failures": "0", "errors": "0"}
    [passing] = clean.findall("testcase")
    assert passing.attrib == {"name": "artlint", "classname": "c/clean.txt"}
    assert passing.find("failure") is None
    assert dirty.attrib == {"name": "c/dirty.txt", "tests": "2", "failures": "2", "errors": "0"}
    source, closed = dirty.findall("testcase")
    assert source.attrib == {"name": "t-source-link 5:1", "classname": "c/dirty.txt",
                             "file": "c/dirty.txt", "line": "5"}
    failure = closed.find("failure")
    assert failure.attrib == {"message": 'Comments <closed> & "done"', "type": "error"}
    assert failure.text == 'c/dirty.txt:6:1: t-comments-closed Comments <closed> & "done"'
    assert "&lt;closed&gt; &amp; &quot;done&quot;" in text


def test_a_clean_run_is_all_passing(corpus):
    code, root, _ = junit("c/clean.txt")
    assert code == 0
    assert root.attrib == {"name": "artlint", "tests": "1", "failures": "0", "errors": "0"}


def test_characters_xml_cannot_hold_are_replaced(corpus, tmp_path):
    (tmp_path / "c" / "odd\x01name.txt").write_text("Source link\n")
    _, root, _ = junit("c/odd\x01name.txt")
    [suite] = root.findall("testsuite")
    assert suite.attrib["name"] == "c/odd\ufffdname.txt"
