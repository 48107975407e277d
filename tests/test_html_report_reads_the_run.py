"""The HTML review page only reads the run (issue 16): what `artlint fix` would strike
out is recorded by the run, through the one fix path, and no file is fixed again while
the page is rendered."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from formatcase import SELECT, STORY, pack
from typer.testing import CliRunner

from linter.cli.app import app
from linter.engine.linter import Linter
from linter.report import output

# Enough residue (200+ characters) for the deletion guard to hold the fix back at 1%.
RESIDUE = "\nComments are closed.\n" * 15
MARKDOWN = "# Storm\n\nResidents were evacuated.\n" + RESIDUE
HTML = ("<html><body><h1>Storm</h1><p>Residents were evacuated.</p>"
        + "<p>Comments are closed.</p>" * 15 + "</body></html>\n")
ENV = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None}
# Rows the page strikes out per document, as when the renderer ran the fix itself.
STRUCK = {"c/story.txt": 37, "c/story.md": 30, "c/story.html": 1}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(pack("Comments closed"))
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "story.txt").write_text(STORY + RESIDUE)
    (tmp_path / "c" / "story.md").write_text(MARKDOWN)
    (tmp_path / "c" / "story.html").write_text(HTML)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fixes(monkeypatch):
    """Each engine fix of the run, as "run" or "rendering" (inside Printer.summary)."""
    calls: list[str] = []
    phase = ["run"]
    fix, summary = Linter.fix, output.Printer.summary

    def counted_fix(self, *args, **kwargs):
        calls.append(phase[0])
        return fix(self, *args, **kwargs)

    def rendering(self, *args, **kwargs):
        phase[0] = "rendering"
        try:
            return summary(self, *args, **kwargs)
        finally:
            phase[0] = "run"

    monkeypatch.setattr(Linter, "fix", counted_fix)
    monkeypatch.setattr(output.Printer, "summary", rendering)
    return calls


def run(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--no-cache", "--rules-dir", "rules", "--select",
                                      SELECT, "c"], env=ENV)
    assert result.exit_code in (0, 1, 3), result.output
    return result.stdout


def struck(page: str) -> dict[str, int]:
    """Rows `fix` would remove, per document shown."""
    return {s.h2.get_text(): len(s.find_all("tr", class_="removed"))
            for s in BeautifulSoup(page, "html.parser").find_all("section")}


@pytest.mark.parametrize("command", [["check"], ["fix", "--max-deletion", "1"]],
                         ids=["check", "fix-held"])
def test_the_page_fixes_nothing_while_rendering(corpus, fixes, command):
    page = run(*command, "--output-format", "html")
    assert "rendering" not in fixes
    assert struck(page) == STRUCK


def test_fix_with_the_html_page_fixes_each_file_once(corpus, fixes):
    backup = corpus / "backup"
    shutil.copytree(corpus / "c", backup)
    run("fix", "--output-format", "text")
    plain = len(fixes)
    shutil.rmtree(corpus / "c")
    shutil.copytree(backup, corpus / "c")
    fixes.clear()
    page = run("fix", "--output-format", "html")
    assert plain == 3 and len(fixes) == plain
    assert struck(page) == STRUCK  # each fix is held back (most of the text would go)
