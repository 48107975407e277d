"""stdin that shows its format is read as that format (issue 18, item 3): HTML (a doctype
or a document or block tag) and Markdown (front matter) without --stdin-filename."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURES

from linter.sources import sniff

PAGE = (b"<!DOCTYPE html>\n<html><body><p>Rain fell all week.</p>\n"
        b"<p>Comments are closed.</p></body></html>\n")


def pipe(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "linter", *args, "--isolated", "--no-cache",
                           "-"], input=data, capture_output=True, timeout=120, check=False)


@pytest.mark.parametrize(("head", "found"), [
    (b"<!DOCTYPE html>\n<html>", "html"), (b"\xef\xbb\xbf  <html lang=en>", "html"),
    (b"<article class='x'>", "html"), (b"---\ntitle: x\n---\nText", "markdown"),
    (b"Rain fell <b>hard</b>.", None), (b"---\nnot closed", None), (b"<3 you all", None),
    (b"", None),
])
def test_sniff(head, found):
    assert sniff(head) == found


def test_an_html_page_piped_to_fix_keeps_its_doctype_and_markup():
    done = pipe(PAGE, "fix")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (b"<!DOCTYPE html>\n<html><body><p>Rain fell all week.</p>\n"
                           b"</body></html>\n")


def test_the_html_fixture_piped_in_is_fixed_as_the_file_is():
    source = FIXTURES / "html" / "000_04b6fc3692aff36b.input.html"
    done = pipe(source.read_bytes(), "fix")
    expected = FIXTURES / "html" / "000_04b6fc3692aff36b.expected.html"
    assert done.stdout == expected.read_bytes()
    checked = pipe(source.read_bytes(), "check", "--output-format", "concise")
    assert checked.stdout.startswith(b"<stdin>:5:122: warning[html-share-container]")


def test_stdin_filename_still_decides():
    """Named `.txt`, the page is plain text: its markup lines are findings of text rules."""
    done = pipe(PAGE, "check", "--stdin-filename", "page.txt", "--output-format", "concise")
    assert done.stdout.startswith(b"page.txt:1:1: ")
    assert b"html-" not in done.stdout  # no HTML rule ran
