"""`--output-format html`: a self-contained review page, checked by parsing it, and
rendered once in headless Chromium where one is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from formatcase import SELECT, STORY, pack
from typer.testing import CliRunner

from linter.cli.app import app

PACK = pack('"Comments closed <b>&amp;</b>"')
HOSTILE = "<script>alert('x')</script> & <img src=x onerror=alert(1)>\n\nComments are closed.\n"


@pytest.fixture
def page(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "story.txt").write_text(STORY)
    (tmp_path / "c" / "<evil>.txt").write_text(HOSTILE)
    (tmp_path / "c" / "clean.txt").write_text("Nothing to see.\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["check", "--rules-dir", "rules", "--select", SELECT, "--output-format", "html",
              "c"], env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None})
    assert result.exit_code == 1, result.output
    return result.stdout


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_page_is_self_contained(page):
    doc = soup(page)
    assert page.startswith("<!DOCTYPE html>\n")
    assert doc.find("script") is None
    assert doc.find("link") is None
    assert doc.find("img") is None
    assert not [tag for tag in doc.find_all(True) if tag.get("src")]
    hrefs = [a["href"] for a in doc.find_all("a")]
    assert hrefs and all(href.startswith("#") for href in hrefs)
    assert "http" not in page.replace('http-equiv="Content-Security-Policy"', "")
    csp = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp["content"].startswith("default-src 'none'")
    assert doc.find("meta", charset=True)["charset"] == "utf-8"


def test_summary_tables_on_top(page):
    doc = soup(page)
    assert doc.find(id="summary-line").get_text() == (
        "Checked 3 files: 4 findings (2 errors, 1 warning, 1 info); "
        "4 fixable with `artlint fix`.")
    rows = [[cell.get_text() for cell in tr.find_all("td")]
            for tr in doc.find(id="files").find_all("tr")[1:]]
    # Worst first: both flagged files have one error; story.txt has a warning too.
    assert rows == [["c/story.txt", "3", "1", "1", "1", "7"],
                    ["c/<evil>.txt", "1", "1", "0", "0", "2"]]
    links = [a["href"] for a in doc.find(id="files").find_all("a")]
    assert [doc.find(id=href[1:]).h2.get_text() for href in links] == ["c/story.txt",
                                                                       "c/<evil>.txt"]
    rules = [[cell.get_text() for cell in tr.find_all("td")]
             for tr in doc.find(id="rules").find_all("tr")[1:]]
    assert rules == [["t-comments-closed", "error", "2", "2", "Comments closed <b>&amp;</b>"],
                     ["t-click-here", "info", "1", "1", "Click-here link residue"],
                     ["t-dont-miss", "warning", "1", "1", "DONT-MISS block"]]


def section(page: str, path: str):
    doc = soup(page)
    [found] = [s for s in doc.find_all("section") if s.h2.get_text() == path]
    return found


def test_each_flagged_document_shown_with_marks_and_what_fix_strikes(page):
    story = section(page, "c/story.txt")
    assert story.find("p").get_text() == (
        "3 findings (1 error, 1 warning, 1 info); `artlint fix` removes 7 lines.")
    rows = story.find_all("tr")
    shown = [(tr["class"][0], tr.find(class_="ln").get_text()) for tr in rows]
    assert shown == [("kept", "1"), ("kept", "2"), ("removed", "3"), ("added", ""),
                     ("removed", "4"), ("removed", "5"), ("removed", "6"), ("removed", "7"),
                     ("kept", "8"), ("kept", "9"), ("removed", "10"), ("removed", "11")]
    text = [tr.find(class_="code").get_text() for tr in rows]
    assert text[2] == "The storm arrived [click here] on Monday."
    assert text[3] == "The storm arrived (link) on Monday."
    assert rows[2].find("del")["title"] == "artlint fix removes this (t-click-here)"
    assert rows[4].find("del")["title"] == "artlint fix tidies away this blank line"
    assert rows[6].find("del")["title"] == "artlint fix removes this (t-dont-miss)"
    assert rows[8].find("del") is None and rows[9].find("del") is None
    mark = rows[2].find("mark")
    assert mark.get_text() == "[click here]"
    assert mark["title"] == "t-click-here: Click-here link residue"
    assert mark["class"] == ["info"]
    assert [m.get_text() for m in story.find_all("mark", class_="warning")] == [
        "DON'T MISS:", "Minister resigns over expenses row", "Germany aims to overhaul its army"]
    assert rows[11].find("mark")["title"] == "t-comments-closed: Comments closed <b>&amp;</b>"
    # The rule and message beside the line where each finding starts.
    assert rows[5].find(class_="notes").get_text() == "t-dont-miss DONT-MISS block [*]"
    assert rows[6].find(class_="notes").get_text() == ""
    assert rows[3].find("ins").get_text() == "The storm arrived (link) on Monday."


def test_clean_documents_are_not_shown(page):
    assert [s.h2.get_text() for s in soup(page).find_all("section")] == [
        "c/story.txt", "c/<evil>.txt"]


def test_everything_is_escaped(page):
    evil = section(page, "c/<evil>.txt")
    first = evil.find("tr").find(class_="code")
    assert first.get_text() == "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
    assert first.find_all(True) == []  # text, not tags
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;img" in page
    assert "<h2>c/&lt;evil&gt;.txt</h2>" in page
    assert "Comments closed &lt;b&gt;&amp;amp;&lt;/b&gt;" in page


def test_no_findings_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Nothing to see.\n")
    result = CliRunner().invoke(app, ["check", "--output-format", "html", "--select",
                                      "comments", "a.txt"],
                                env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None})
    doc = soup(result.stdout)
    assert doc.find(id="no-findings").get_text() == "No findings."
    assert doc.find("section") is None


CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and Path(p).exists()), None)


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")
def test_page_renders_in_headless_chromium(page, tmp_path):
    html = tmp_path / "report.html"
    html.write_text(page, encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900",
         f"--screenshot={shot}", html.as_uri()],
        capture_output=True, timeout=60, check=False,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 900)
    # A page that rendered is not one flat colour: the PNG of a blank page is tiny.
    assert len(data) > 20_000


def test_a_markdown_source_is_previewed_with_the_markdown_fixer(tmp_path, monkeypatch):
    """Code blocks are hidden from rules, so the preview must not strike them either."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    story = "# Storm\n\nResidents were evacuated.\n\n```text\nComments are closed.\n```\n\n" \
            "Comments are closed.\n"
    (tmp_path / "story.md").write_text(story)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["check", "--rules-dir", "rules", "--select", SELECT, "--output-format", "html",
              "story.md"], env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None})
    assert result.exit_code == 1, result.output
    rows = section(result.stdout, "story.md").find_all("tr")
    shown = [(tr["class"][0], tr.find(class_="code").get_text()) for tr in rows]
    assert shown == [
        ("kept", "# Storm"), ("kept", ""), ("kept", "Residents were evacuated."), ("kept", ""),
        ("kept", "```text"), ("kept", "Comments are closed."), ("kept", "```"),
        ("removed", ""), ("removed", "Comments are closed."),
    ]


def test_a_json_lines_record_is_previewed_as_plain_text(tmp_path, monkeypatch):
    """A record's field has no adapter of its own: it is text (a KeyError crashed here)."""
    import json

    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    record = {"text": "Residents were evacuated.\n\nComments are closed.\n"}
    (tmp_path / "pages.jsonl").write_text(json.dumps(record) + "\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["check", "--rules-dir", "rules", "--select", SELECT, "--output-format", "html",
              "pages.jsonl"], env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None})
    assert result.exit_code == 1, result.output
    page = soup(result.stdout)
    removed = [tr.find(class_="code").get_text() for tr in page.find_all("tr", class_="removed")]
    assert "Comments are closed." in removed
