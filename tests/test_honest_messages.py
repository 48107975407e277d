"""Honest messages (issue 15, item 8): UTF-16 and UTF-32 are named, and a fix summary
counts only what was written."""

from __future__ import annotations

import codecs
import errno
import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter import writes
from linter.cli import app as cli
from linter.document import Document
from linter.errors import InputError
from linter.pipeline import streams

ARTICLE = "Rain in the hills\n\nIt rained all week in the hills.\n\nComments are closed.\n"


@pytest.mark.parametrize(("codec", "name", "order"), [
    ("utf-16-le", "UTF-16", "LE"), ("utf-16-be", "UTF-16", "BE"),
    ("utf-32-le", "UTF-32", "LE"), ("utf-32-be", "UTF-32", "BE"),
])
def test_utf16_and_utf32_with_bom_are_named(codec, name, order):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    with pytest.raises(InputError) as info:
        Document.from_bytes(bom + ARTICLE.encode(codec), "a.txt")
    assert str(info.value) == (
        f"a.txt: cannot lint: {name} ({order}, with BOM): artlint reads UTF-8; "
        f"convert it with iconv -f {name} -t UTF-8")


def test_check_names_utf16_file(tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes(ARTICLE.encode("utf-16"))  # native order, with BOM
    result = CliRunner().invoke(cli.app, ["check", str(story)])
    assert result.exit_code == 2
    assert "UTF-16 (" in result.stderr and "binary" not in result.stderr


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_fix_summary_counts_only_written_files(tmp_path, monkeypatch, name):
    story = tmp_path / name
    story.write_text(ARTICLE)
    monkeypatch.setattr(writes, "write_atomic", _disk_full)
    result = CliRunner().invoke(cli.app, ["fix", str(story)])
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert "Fixed 0 findings in 1 file (0 files changed)" in result.stdout
    assert story.read_text() == ARTICLE


def test_fix_summary_counts_only_written_jsonl_gz(tmp_path, monkeypatch):
    corpus = tmp_path / "a.jsonl.gz"
    corpus.write_bytes(gzip.compress((json.dumps({"text": ARTICLE}) + "\n").encode()))
    before = corpus.read_bytes()
    monkeypatch.setattr(streams._GzipSink, "close", _disk_full)
    result = CliRunner().invoke(cli.app, ["fix", str(corpus)])
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert "Fixed 0 findings in 1 file (0 files changed)" in result.stdout
    assert corpus.read_bytes() == before


def test_fix_summary_still_counts_written_files(tmp_path: Path):
    story = tmp_path / "a.txt"
    story.write_text(ARTICLE)
    result = CliRunner().invoke(cli.app, ["fix", str(story)])
    assert "Fixed 1 finding in 1 file (1 file changed)" in result.stdout
