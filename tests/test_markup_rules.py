"""Markup rules (linter.rules.markup) are rules like any other: one loader brings them from
the built-in pack, from `--rules-dir` folders (under the same trust as other Python rules)
and from plugins; selectors, `rules`, `explain` and `test-rules` see them; the HTML
adapter runs them on the page's elements, described as plain data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_config import run, write
from test_loader import FakeEntryPoint, use_entry_points

from linter.config import linters
from linter.config import settings as config
from linter.document import Document
from linter.engine.linter import Linter
from linter.errors import RuleFileError
from linter.pipeline import harness
from linter.rules import loader, trust
from linter.rules.markup import Element, Markup, MarkupRule
from linter.sources import html

# A markup rule that judges an element by its text, not its class: a <div> that says
# only "Advertisement".
LABELLED_AD = '''\
from linter.rules.markup import MarkupRule


class LabelledAd(MarkupRule):
    """A `<div>` whose whole text is the word Advertisement, whatever its class."""

    id = "t-labelled-ad"
    message = "Labelled advert"
    category = "t-ads"
    examples = [  # noqa: RUF012
        {"bad": "<p>Story text that is long enough to be the article.</p>\\n"
                "<div>Advertisement</div>\\n",
         "fixed": "<p>Story text that is long enough to be the article.</p>\\n"},
        {"good": "<p>Advertisement spending rose, the story says at length.</p>\\n"},
    ]

    def check_markup(self, markup):
        for element in markup.elements:
            if element.tag == "div" and element.text == "Advertisement":
                yield element
'''
PAGE = ("<body>\n<p>Story text that is long enough to be the article.</p>\n"
        '<div class="x">Advertisement</div>\n<p>More story text, also long enough.</p>\n'
        "</body>\n")
FIXED = ("<body>\n<p>Story text that is long enough to be the article.</p>\n"
         "<p>More story text, also long enough.</p>\n</body>\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path / "mine" / "labelled_ad.py", LABELLED_AD)
    write(tmp_path / "page.html", PAGE)
    return tmp_path


def test_a_markup_rule_from_a_rules_dir_checks_and_fixes_html(folder):
    page = folder / "page.html"
    args = ["--isolated", "--no-cache", "--rules-dir", str(folder / "mine")]
    checked = run("check", *args, "--output-format", "concise", str(page))
    assert f"{page}:3:16: warning[t-labelled-ad] Labelled advert" in checked.output
    fixed = run("fix", *args, "--select", "t-ads", str(page))
    assert fixed.exit_code == 0, fixed.output
    assert page.read_text() == FIXED


def test_a_markup_rule_from_a_rules_dir_is_listed_explained_and_selected(folder):
    args = ["--isolated", "--rules-dir", str(folder / "mine")]
    rows = json.loads(run("rules", *args, "--output-format", "json").stdout)
    (row,) = [row for row in rows if row["id"] == "t-labelled-ad"]
    assert row["source"] == str(folder / "mine" / "labelled_ad.py")
    explained = run("explain", *args, "t-labelled-ad").stdout
    assert "```html\n<p>Story text" in explained
    ignored = run("check", "--no-cache", *args, "--ignore", "t-ads", str(folder / "page.html"))
    assert "t-labelled-ad" not in ignored.output


def test_test_rules_runs_a_markup_rules_html_examples(folder):
    result = run("test-rules", "--verbose", str(folder / "mine"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["ok   t-labelled-ad (2 examples)",
                                          "Tested 1 rule, 2 examples: all passed."]


def test_a_failing_html_example_is_reported(folder):
    broken = LABELLED_AD.replace("Advertisement spending", "<div>Advertisement</div>")
    write(folder / "mine" / "labelled_ad.py", broken)
    result = run("test-rules", str(folder / "mine"))
    assert result.exit_code == 1
    assert result.stdout.startswith("FAIL t-labelled-ad example 2 (good): flagged line 1")


def test_without_the_html_adapter_the_harness_says_so(folder):
    (rule,) = loader.load_dir(folder / "mine")
    problem = harness.check_example(rule, rule.examples[0])
    assert problem == "no source adapter for its html examples was given to the harness"


def test_a_repositorys_markup_rule_runs_only_when_trusted(folder, monkeypatch):
    write(folder / "pyproject.toml", '[tool.artlint]\nrules-dir = "mine"\n')
    monkeypatch.chdir(folder)
    monkeypatch.delenv(trust.ENV, raising=False)
    refused = run("check", "--no-cache", "page.html")
    assert refused.exit_code == 2 and "Python rule not run" in refused.stderr
    trusted = run("check", "--no-cache", "--trust-config-rules", "page.html")
    assert "warning[t-labelled-ad]" in trusted.output


def test_a_plugin_brings_a_markup_rule(monkeypatch, folder):
    module = loader._import_path(folder / "mine" / "labelled_ad.py")
    use_entry_points(monkeypatch, FakeEntryPoint("ads", "pkg:LabelledAd", module.LabelledAd))
    settings = config.resolve(config.Overrides(isolated=True, select="t-ads"))
    located, errors = html.check(linters.build(settings), Document(PAGE, "page.html"))
    assert errors == []
    assert [(f.rule, f.line) for _, f in located] == [("t-labelled-ad", 3)]
    assert located[0][1].fix is not None


def test_a_markup_rule_must_say_what_it_flags(tmp_path):
    write(tmp_path / "r.py", "from linter.rules.markup import MarkupRule\n\n\n"
                             "class Bare(MarkupRule):\n    id = 't-bare'\n    message = 'm'\n")
    with pytest.raises(RuleFileError, match="must define `check_markup"):
        loader.load_dir(tmp_path)


def test_markup_rules_see_plain_data_and_never_the_text_view():
    seen: list[Markup] = []

    class Spy(MarkupRule):
        id = "t-spy"
        message = "m"

        def check_markup(self, markup: Markup) -> list[Element]:
            seen.append(markup)
            return []

    text = '<div id="a" class="b  c"><p>Caf&eacute;\n  au lait</p></div>'
    html.check(linters.ConfiguredLinter([Spy()]), Document(text, "p.html"))
    (markup,) = seen
    div, p = markup.elements
    assert (div.tag, dict(div.attrs), div.start, div.end, div.parent) == (
        "div", {"id": "a", "class": "b  c"}, 0, len(text), None)
    assert (p.tag, p.parent, p.text, p.size, markup.size) == ("p", 0, "Café au lait", 10, 10)
    assert div.words == {"a", "b", "c"}
    assert list(Spy().check(Document("Caf\u00e9 au lait\n"))) == []



def test_a_linter_without_settings_runs_its_markup_rules_and_its_categories_built_in_ones(
        folder):
    share = ("<p>Story text that is long enough to be the article.</p>\n"
             '<div class="share-bar">Share</div>\n')

    def found(rules: list, page: str) -> list[str]:
        return [f.rule for _, f in html.check(Linter(rules), Document(page, "p.html"))[0]]

    texts = [rule for rule in loader.load_rules(plugins=False)
             if not isinstance(rule, MarkupRule)]
    assert found([r for r in texts if r.category == "share-widgets"], share) == [
        "html-share-container"]  # as before markup rules were loaded with the others
    assert found([r for r in texts if r.category == "comments"], share) == []
    assert found(loader.load_dir(folder / "mine"), PAGE) == ["t-labelled-ad"]


def test_the_engine_does_not_run_markup_rules_on_text():
    """A markup rule reads a page's elements; the engine leaves it to the HTML adapter
    (running it on every text document cost the dev corpus check about 5%)."""
    from linter.engine.linter import Linter
    from linter.rules.markup import MarkupRule

    calls = []

    class Counted(MarkupRule):
        id = "t-counted"
        message = "m"
        category = "t"

        def check(self, doc):
            calls.append(doc.path)
            return iter(())

    Linter([Counted()]).check(Document("Share this article\n\nText.\n", "a.txt"))
    assert calls == []


BROKEN = '''\
from linter.rules.markup import MarkupRule


class Broken(MarkupRule):
    """Raises on every page."""

    id = "t-broken"
    message = "never"
    category = "t-broken"

    def check_markup(self, markup):
        raise ValueError("boom")
'''


def test_a_markup_rule_that_raises_is_a_rule_error_and_the_page_is_still_linted(folder):
    """As a text rule: reported with the file and the reason, exit 2, and the other rules
    still check and fix the page (before, the exception stopped the run)."""
    write(folder / "mine" / "broken.py", BROKEN)
    page = folder / "page.html"
    args = ["--isolated", "--no-cache", "--rules-dir", str(folder / "mine")]
    checked = run("check", *args, "--output-format", "concise", str(page))
    assert checked.exit_code == 2
    assert f"{page}: rule `t-broken` failed: ValueError: boom" in checked.stderr
    assert "t-labelled-ad" in checked.stdout
    fixed = run("fix", *args, "--select", "t-ads,t-broken", str(page))
    assert fixed.exit_code == 2
    assert "rule `t-broken` failed" in fixed.stderr
    assert page.read_text() == FIXED
