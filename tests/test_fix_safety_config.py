"""`unfixable`, `extend-unsafe-fixes` and `extend-safe-fixes` (as in ruff): a user decides
which rules' fixes `fix` applies, without touching the rules. Each test runs the real CLI
on a small corpus with its own `artlint.toml`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from linter.cli.app import app

STORY = "Headline\n\nThe article's text.\n\nComments are closed.\n"
FORUM = "Thread title\n\nbit_user said:\n\nI agree with the post above.\n"
# `share-buttons` (phrase) anchors `share-label-line` (shape) on the line after it.
SHARE = "Headline\n\nThe article's text.\n\nShare this article\nFacebook\n"


def run(folder, *args: str):
    return CliRunner().invoke(app, [*args, "--no-cache", str(folder)])


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def make(config: str, text: str = STORY, name: str = "story.txt"):
        (tmp_path / "artlint.toml").write_text(config)
        (tmp_path / name).write_text(text)
        return tmp_path

    return make


def test_unfixable_reports_the_finding_and_never_fixes_it(corpus):
    folder = corpus('unfixable = ["comment-residue"]\n')
    checked = run(folder, "check")
    assert "[comment-residue]" in checked.stdout
    assert "[comment-residue] Comment-section residue [*]" not in checked.stdout
    for extra in ([], ["--unsafe-fixes"]):
        run(folder, "fix", *extra)
        assert (folder / "story.txt").read_text() == STORY


def test_without_the_setting_the_same_finding_is_fixed(corpus):
    folder = corpus("")
    run(folder, "fix")
    assert "Comments are closed." not in (folder / "story.txt").read_text()


def test_extend_unsafe_fixes_needs_unsafe_fixes(corpus):
    folder = corpus('extend-unsafe-fixes = ["comments"]\n')  # a category selects too
    run(folder, "fix")
    assert (folder / "story.txt").read_text() == STORY
    run(folder, "fix", "--unsafe-fixes")
    assert "Comments are closed." not in (folder / "story.txt").read_text()


def test_a_phrase_rule_made_unsafe_no_longer_vouches_for_a_shape_finding(corpus):
    folder = corpus("", SHARE)
    run(folder, "fix")
    assert "Facebook" not in (folder / "story.txt").read_text()  # anchored: fixed
    folder = corpus('extend-unsafe-fixes = ["share-buttons"]\n', SHARE)
    run(folder, "fix")
    assert (folder / "story.txt").read_text() == SHARE


def test_extend_safe_fixes_applies_an_unsafe_rule_by_default(corpus):
    folder = corpus("", FORUM)
    run(folder, "fix")
    assert (folder / "story.txt").read_text() == FORUM  # forum-quote-header: unsafe
    folder = corpus('extend-safe-fixes = ["forum-quote-header"]\n', FORUM)
    run(folder, "fix")
    assert "bit_user said:" not in (folder / "story.txt").read_text()


def test_unsafe_wins_over_safe_on_a_tie(corpus):
    folder = corpus('extend-safe-fixes = ["forum-quote-header"]\n'
                    'extend-unsafe-fixes = ["forum-quote-header"]\n', FORUM)
    run(folder, "fix")
    assert (folder / "story.txt").read_text() == FORUM


def test_the_more_specific_selector_wins(corpus):
    folder = corpus('extend-unsafe-fixes = ["comments"]\n'  # the category
                    'extend-safe-fixes = ["forum-quote-header"]\n', FORUM)  # the id
    run(folder, "fix")
    assert "bit_user said:" not in (folder / "story.txt").read_text()


OWN_FIX_RULE = """\
from linter.findings import Applicability, Edit, Fix
from linter.rule import Rule


class OwnUnsafe(Rule):
    id = "own-unsafe"
    message = "A rule that builds its own unsafe fix"

    def check(self, doc):
        for index in range(len(doc.lines)):
            if doc.line_text(index) == "Zap this line":
                start, end = doc.line_span(index, index)
                yield self.finding(doc, start, start + 13,
                                   Fix((Edit(start, end, ""),), Applicability.UNSAFE))
"""


def test_extend_safe_fixes_holds_for_a_fix_a_python_rule_builds_itself(corpus):
    text = "Headline\n\nThe article's text.\n\nZap this line\n"
    folder = corpus('rules-dir = "myrules"\n', text)
    (folder / "myrules").mkdir()
    (folder / "myrules" / "own_unsafe.py").write_text(OWN_FIX_RULE)
    assert run(folder, "fix", "--trust-config-rules").exit_code == 1  # one left, unsafe
    assert (folder / "story.txt").read_text() == text
    corpus('rules-dir = "myrules"\nextend-safe-fixes = ["own-unsafe"]\n', text)
    assert run(folder, "fix", "--trust-config-rules").exit_code == 0
    assert "Zap" not in (folder / "story.txt").read_text()


PAGE = ("<html><body><article><p>The article's text, long enough to stay where it is.</p>"
        '<div class="wrap"><div class="newsletter-signup"><p>Get our newsletter</p></div>'
        "<p>Comments are closed.</p></div>"
        "<p>More of the article's text, long enough to stay too.</p>"
        "</article></body></html>\n")


@pytest.mark.parametrize("config", [
    'unfixable = ["html-newsletter-container"]\n',
    'extend-unsafe-fixes = ["html-newsletter-container"]\n',
])
def test_a_markup_rule_kept_by_the_configuration_keeps_its_element(corpus, config):
    folder = corpus("", PAGE, "page.html")
    assert run(folder, "fix").exit_code == 0
    assert "newsletter-signup" not in (folder / "page.html").read_text()  # removed
    folder = corpus(config, PAGE, "page.html")
    result = run(folder, "fix")
    assert result.exit_code == 1, result.output  # the markup finding is left
    fixed = (folder / "page.html").read_text()
    # its element stays, though the text rule empties the parent around it
    assert '<div class="newsletter-signup"><p>Get our newsletter</p></div>' in fixed
    assert "Comments are closed." not in fixed
    assert "Fixed 1 finding in 1 file" in result.output


def test_an_unknown_rule_is_a_clear_error_naming_the_key(corpus):
    folder = corpus('unfixable = ["coment-residue"]\n')
    result = run(folder, "check")
    assert result.exit_code == 2
    assert "`unfixable`" in result.stderr and "coment-residue" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_value_of_the_wrong_type_is_a_clear_error(corpus):
    folder = corpus('extend-unsafe-fixes = "comment-residue"\n')
    result = run(folder, "check")
    assert result.exit_code == 2
    assert "`extend-unsafe-fixes`: expected a list of rule selectors" in result.stderr


def test_rules_lists_each_rules_fix_safety_as_configured(corpus):
    corpus('unfixable = ["comment-residue"]\nextend-unsafe-fixes = ["copyright-footer"]\n'
           'extend-safe-fixes = ["forum-quote-header"]\n')
    rows = {line.split()[0]: line.split() for line in
            CliRunner().invoke(app, ["rules"]).stdout.splitlines()}
    assert rows["comment-residue"][3:6] == ["no", "phrase", "-"]
    assert rows["copyright-footer"][3:6] == ["yes", "phrase", "unsafe"]
    assert rows["forum-quote-header"][3:6] == ["yes", "phrase", "safe"]
