"""HTML input (linter/sources/html.py): fixtures made from the seeds, expected outputs
written by hand from the seeds' hand-cleaned texts (whole elements removed)."""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from collections import Counter
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES
from typer.testing import CliRunner

from linter.cli import app as cli
from linter.document import Document
from linter.engine.linter import CheckResult, Linter
from linter.findings import Edit, Finding, Fix, Severity
from linter.sources import html, htmlpage

HTML = FIXTURES / "html"
SEEDS = sorted(p.name.removesuffix(".input.html") for p in HTML.glob("*.input.html"))


def run(*args, input=None):
    return CliRunner().invoke(cli.app, list(args), input=input, catch_exceptions=False)


class _Tags(HTMLParser):
    """Counts start and end tags per name, and end tags with nothing open."""

    def __init__(self):
        super().__init__()
        self.starts, self.ends, self.open, self.stray = Counter(), Counter(), [], 0

    def handle_starttag(self, tag, attrs):
        if tag not in htmlpage.VOID:
            self.starts[tag] += 1
            self.open.append(tag)

    def handle_endtag(self, tag):
        self.ends[tag] += 1
        if tag in self.open:
            while self.open.pop() != tag:
                pass
        else:
            self.stray += 1


def tags(text):
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def test_there_is_a_fixture_per_seed():
    seeds = sorted(p.name.removesuffix(".input.txt")
                   for p in (FIXTURES / "seeds").glob("*.input.txt"))
    assert seeds == SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_fixed_html_is_well_formed_and_removed_elements_went_whole(seed):
    before = (HTML / f"{seed}.input.html").read_text()
    after = (HTML / f"{seed}.expected.html").read_text()
    linter_ = cli_linter()
    text, *_ = html.fix(linter_, Document(before, f"{seed}.html"))
    assert text == after
    found = tags(text)
    assert found.stray == 0 and found.open == []
    assert found.starts == found.ends  # no dangling </li>, no orphan <ul>
    removed_starts = tags(before).starts - found.starts
    removed_ends = tags(before).ends - found.ends
    assert removed_starts and removed_starts == removed_ends
    soup = BeautifulSoup(text, "html.parser")
    assert str(soup).strip() and soup.find(["p", "h1"]) is not None


def cli_linter():
    from linter.config.linters import ConfiguredLinter
    from linter.rules.loader import load_rules

    return ConfiguredLinter(load_rules(plugins=False))


def test_findings_are_located_in_the_html_source():
    path = HTML / "000_04b6fc3692aff36b.input.html"
    result = run("check", "--isolated", "--output-format", "concise", str(path))
    lines = result.output.splitlines()
    source = path.read_text().splitlines()
    for where, rule, starts in [
        ("18:9", "html-related-container", "DON&rsquo;T MISS:"),
        ("30:9", "html-", "Support fearless"),  # a prefix: the rule id is not checked
        ("37:21", "source-footer", "Source: <a"),
        ("5:122", "html-share-container", "Facebook</a>"),
    ]:
        row, column = map(int, where.split(":"))
        assert any(line.startswith(f"{path}:{where}: warning[{rule}") for line in lines), \
            (where, lines)
        assert source[row - 1][column - 1:].startswith(starts)


def test_text_findings_after_entities_keep_their_columns():
    text = ("<div><p>Caf&eacute; &amp; bar.</p>\n"
            "<p>x &lt; y.</p><p>Comments are closed.</p></div>\n")
    result = run("check", "--isolated", "--output-format", "concise", "--stdin-filename",
                 "page.html", "-", input=text)
    assert "page.html:2:20: warning[comment-residue]" in result.output
    view = html.view_of(cli_linter(), Document(text))
    assert view.view.text == "Café & bar.\n\nx < y.\n\nComments are closed.\n"
    line = view.page.lines[1]
    assert text[line.spans[0][0]:line.spans[2][1]] == "x &lt;"


class _Fake(Linter):
    """A linter whose one rule removes "Link copied" inside a line, or a whole line
    holding "Comments are closed."."""

    def __init__(self):
        super().__init__([])


    rules = ()

    def check(self, doc):
        findings = []
        for line in doc.lines:
            content = doc.text[line.start:line.end]
            at = content.find("Link copied")
            if at >= 0:
                start, end = line.start + at, line.start + at + len("Link copied")
                findings.append(Finding("share", "m", Severity.WARNING, "share", start, end,
                                        line.index + 1, at + 1, line.index + 1, at + 12,
                                        Fix((Edit(start, end, ""),))))
            if content == "Comments are closed.":
                findings.append(Finding("comments", "m", Severity.WARNING, "comments",
                                        line.start, line.end, line.index + 1, 1,
                                        line.index + 1, len(content) + 1,
                                        Fix((Edit(line.start, line.next, ""),))))
        return CheckResult(findings)


def test_inline_fix_is_carried_to_one_text_run():
    source = Document("<p>Keep &amp; Link copied here &amp; there</p>\n")
    text, applied, touched, errors, converged = html.fix(_Fake(), source)
    assert text == "<p>Keep &amp;  here &amp; there</p>\n"
    assert (applied, errors, converged, touched) == (1, [], True, {0: ["share"]})


def test_inline_fix_across_markup_is_not_applied_and_is_reported():
    source = Document("<p>Keep <b>Link</b> copied here</p>\n")
    text, applied, _, errors, converged = html.fix(_Fake(), source)
    assert text == source.text and applied == 0 and not converged
    assert len(errors) == 1 and "spans markup" in errors[0].message
    assert errors[0].rule == "share"


def test_a_line_break_reads_as_a_space_and_is_never_edited_across():
    source = Document("<p>Keep this<br>Link copied<br/>and this</p>\n")
    view = html.view_of(_Fake(), source)
    assert view.view.text == "Keep this Link copied and this\n"
    text, *_ = html.fix(_Fake(), source)
    assert text == "<p>Keep this<br><br/>and this</p>\n"


def test_removing_items_removes_the_emptied_list_and_tidies_blank_lines():
    source = Document("<p>One.</p>\n\n<ul>\n  <li>Comments are closed.</li>\n"
                      "  <li>Comments are closed.</li>\n</ul>\n\n<p>Two.</p>\n")
    text, *_ = html.fix(_Fake(), source)
    assert text == "<p>One.</p>\n\n<p>Two.</p>\n"


def test_an_item_with_an_implied_end_tag_is_removed_whole():
    source = Document("<ul><li>One<li>Comments are closed.</ul><p>Two</p>")
    text, *_ = html.fix(_Fake(), source)
    assert text == "<ul><li>One</ul><p>Two</p>"


def test_a_paragraph_with_an_implied_end_is_removed_up_to_the_next_block():
    source = Document("<div><p>Comments are closed.<div>Kept.</div></div>")
    text, *_ = html.fix(_Fake(), source)
    assert text == "<div><div>Kept.</div></div>"


def test_table_cells_keep_their_markup_only_the_text_goes():
    source = Document("<table><tr><td>Comments are closed.</td><td>B</td></tr></table>")
    text, *_ = html.fix(_Fake(), source)
    assert text == "<table><tr><td></td><td>B</td></tr></table>"


def test_a_container_with_an_image_is_kept():
    source = Document('<figure><img src="a.jpg"><figcaption>Comments are closed.'
                      "</figcaption></figure>\n")
    text, *_ = html.fix(_Fake(), source)
    assert text == '<figure><img src="a.jpg"></figure>\n'


def test_code_script_and_head_are_not_linted():
    text = ("<html><head><title>Comments are closed.</title></head><body>\n"
            "<pre>Comments are closed.</pre>\n<p><code>Source link</code></p>\n"
            "<script>var s = 'Comments are closed.';</script>\n<p>The end.</p>\n</body></html>\n")
    result = run("check", "--isolated", "--stdin-filename", "a.html", "-", input=text)
    assert result.exit_code == 0, result.output
    fixed = run("fix", "--isolated", "--stdin-filename", "a.html", "-", input=text)
    assert fixed.stdout == text


@pytest.mark.parametrize("markup", [
    '<div class="shadow">', '<div class="site-header">', '<div class="download-box">',
    '<div class="shared-content">', '<div class="loaded">', '<div id="headline">',
    '<div class="article-body has-comments">', '<div class="adjust">',
])
def test_class_words_that_only_contain_a_token_are_not_flagged(markup):
    text = (f"<body>\n<p>An article paragraph that is long enough.</p>\n{markup}"
            "<p>A short line.</p></div>\n<p>Another article paragraph, long enough.</p>\n"
            "</body>\n")
    result = run("check", "--isolated", "--stdin-filename", "a.html", "-", input=text)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("markup", "rule"), [
    ('<div class="ad-slot">', "html-advert-container"),
    ('<div class="sponsored_links">', "html-advert-container"),
    ('<section id="comments">', "html-comments-container"),
    ('<div class="Social-Links">', "html-share-container"),
    ('<aside class="related">', "html-related-container"),
    ('<div class="OUTBRAIN">', "html-related-container"),
    ('<div class="newsletter-signup">', "html-newsletter-container"),
    ('<div id="cookie-consent">', "html-cookie-container"),
])
def test_class_and_id_tokens_flag_the_element(markup, rule):
    tag = markup[1:markup.index(" ")]
    text = (f"<body>\n<p>An article paragraph that is long enough.</p>\n{markup}"
            f"<p>A short line.</p></{tag}>\n<p>Another article paragraph, long enough.</p>\n"
            "</body>\n")
    result = run("check", "--isolated", "--output-format", "concise", "--stdin-filename",
                 "a.html", "-", input=text)
    assert f"a.html:3:{len(markup) + 4}: warning[{rule}]" in result.output
    fixed = run("fix", "--isolated", "--stdin-filename", "a.html", "-", input=text)
    assert fixed.stdout == ("<body>\n<p>An article paragraph that is long enough.</p>\n"
                            "<p>Another article paragraph, long enough.</p>\n</body>\n")


def test_an_element_holding_most_of_the_page_is_never_flagged():
    text = ('<div class="comments-wrap"><p>The whole article text is in here, at length.</p>'
            "</div><p>Short.</p>")
    result = run("check", "--isolated", "--stdin-filename", "a.html", "-", input=text)
    assert result.exit_code == 0, result.output


def rules_found(*args):
    path = HTML / "000_04b6fc3692aff36b.input.html"
    result = run("check", "--isolated", "--no-cache", "--output-format", "concise", *args,
                 str(path))
    assert result.exit_code in (0, 1), result.output
    return sorted(_rule_of(line) for line in result.output.splitlines()
                  if line.startswith(str(path)))


def _rule_of(line: str) -> str:
    """The rule id of a concise line: `path:line:col: severity[rule-id] message`."""
    return line.split(": ")[1].split()[0].partition("[")[2].rstrip("]")


def test_html_rules_are_selected_like_text_rules():
    every = ["html-advert-container", "html-related-container", "html-share-container",
             "source-footer"]
    assert rules_found() == every
    assert rules_found("--select", "share-widgets") == ["html-share-container"]  # category
    assert rules_found("--select", "html-share-container") == ["html-share-container"]
    assert rules_found("--select", "html-share") == ["html-share-container"]  # prefix
    assert rules_found("--select", "pack:builtin") == every
    # Its container left in place, the text rule finds the share bar's own line.
    assert rules_found("--ignore", "html-share-container") == [
        "html-advert-container", "html-related-container", "share-buttons", "source-footer"]
    assert rules_found("--select", "share-buttons") == ["share-buttons"]


def test_html_rules_honour_configured_ignores_and_severities(tmp_path):
    config = tmp_path / "artlint.toml"
    config.write_text('[per-file-ignores]\n"*.html" = ["html-advert"]\n'
                      '[severity]\nhtml-share-container = "error"\n')
    path = HTML / "000_04b6fc3692aff36b.input.html"
    result = run("check", "--config", str(config), "--no-cache", "--output-format", "json",
                 str(path))
    found = {f["rule"]: f["severity"] for f in json.loads(result.stdout)}
    # The advert slot kept, a newsletter box inside it is now the outermost flagged element.
    assert found == {"html-newsletter-container": "warning", "html-related-container":
                     "warning", "html-share-container": "error", "source-footer": "warning"}


def test_an_unknown_name_is_still_refused():
    result = run("check", "--isolated", "--select", "html-nothing", "-", input="Text.\n")
    assert result.exit_code == 2
    assert "unknown rule or category `html-nothing`" in result.output


def test_crlf_html_is_fixed_with_its_line_endings(tmp_path):
    seed = "000_04b6fc3692aff36b"
    target = tmp_path / "a.html"
    target.write_bytes((HTML / f"{seed}.input.html").read_bytes().replace(b"\n", b"\r\n"))
    assert run("fix", "--isolated", str(target)).exit_code == 0
    assert target.read_bytes() == \
        (HTML / f"{seed}.expected.html").read_bytes().replace(b"\n", b"\r\n")


def test_html_is_no_longer_skipped():
    result = run("check", "--isolated", "--stdin-filename", "a.htm", "-",
                 input="<p>Text.</p>\n<p>Comments are closed.</p>\n")
    assert "not supported" not in result.output
    assert "comment-residue" in result.output


def test_deletion_guard_weighs_text_not_markup():
    # the removed share bar is most of the bytes but little of the text
    bar = '<div class="share">' + '<a href="https://example.com/share?u=1">X</a>' * 40 + "</div>"
    text = f"<p>{'An article sentence. ' * 5}</p>\n{bar}\n"
    fixed = run("fix", "--isolated", "--stdin-filename", "a.html", "-", input=text)
    assert fixed.stdout == f"<p>{'An article sentence. ' * 5}</p>\n"


DEPTH = 10_000


def _depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@pytest.mark.parametrize("closed", [True, False])
def test_deep_nesting_finishes_in_bounded_time_memory_and_stack(closed):
    text = ("<div>" * DEPTH + "<p>Text of the article.</p><p>Comments are closed.</p>"
            + ("</div>" * DEPTH if closed else "") + "\n")
    limit = sys.getrecursionlimit()
    tracemalloc.start()
    started = time.perf_counter()
    sys.setrecursionlimit(_depth() + 60)  # a walk that recursed per level would fail
    try:
        out, *_ = html.fix(_Fake(), Document(text))
        view = html.view_of(_Fake(), Document(text))
    finally:
        sys.setrecursionlimit(limit)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert view.view.text == "Text of the article.\n\nComments are closed.\n"
    assert out == text.replace("<p>Comments are closed.</p>", "")
    assert elapsed < 10
    assert peak < 64 * 1024 * 1024


def test_deep_nesting_through_the_cli(tmp_path):
    target = tmp_path / "deep.html"
    target.write_text("<div>" * DEPTH + "<p>Text of the article.</p>"
                      "<p>Comments are closed.</p>" + "</div>" * DEPTH + "\n")
    started = time.perf_counter()
    result = run("fix", "--isolated", str(target))
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 30
    assert "Comments are closed." not in target.read_text()
    assert target.read_text().count("<div>") == DEPTH


# paragraph-length, so the page is an article, not a listing (linter.structure.is_listing)
PROSE = "A paragraph of the article, long enough that the page reads as prose, not a list."


@pytest.mark.parametrize("text", [
    # every <li> looks for an open <li> to close, below thousands of open <div>s
    "<ul><li><ul>" + "<div>" * DEPTH + f"<li>{PROSE}</li>" * DEPTH
    + "<li>Comments are closed.</li>",
    # every <h2> looks for an open <p> to close, above thousands of open inline elements
    "<p><button>" + "<span>" * DEPTH + f"<h2>{PROSE}</h2>" * DEPTH
    + "<h2>Comments are closed.</h2>",
    # thousands of nested elements that an HTML rule flags
    '<div class="share">' * DEPTH + "Share" + "</div>" * DEPTH + "<p>" + "Text. " * 9 + "</p>",
], ids=["li-below-divs", "h2-above-spans", "nested-flagged"])
def test_pathological_markup_stays_linear(text):
    started = time.perf_counter()
    out, *_ = html.fix(cli_linter(), Document(text))
    assert time.perf_counter() - started < 20
    assert "Comments are closed." not in out and "Share" not in out
    assert tags(out).stray == 0


STORY_WITH_DIRECTIVE = ("<p>Text of the story here, long enough to be prose.</p>\n"
                        "<!-- artlint: disable-next-line=comment-residue -->\n"
                        "<p>Comments are closed.</p>\n"
                        "<p>More of the story.</p>\n<p>Comments are closed.</p>\n")


def test_suppression_comments_in_html_cover_text_rules_in_check_and_fix(tmp_path):
    target = tmp_path / "a.html"
    target.write_text(STORY_WITH_DIRECTIVE)
    checked = run("check", "--isolated", "--no-cache", "--output-format", "concise",
                  str(target))
    assert [line.split(": ")[0] for line in checked.output.splitlines()
            if line.startswith(str(target))] == [f"{target}:5:4"]  # only the uncovered copy
    assert run("fix", "--isolated", "--no-cache", str(target)).exit_code == 0
    assert target.read_text() == STORY_WITH_DIRECTIVE.removesuffix(
        "<p>Comments are closed.</p>\n")  # the comment and the line it covers stay


def test_a_suppression_comment_covers_an_html_rule_at_its_start_tag(tmp_path):
    source = (HTML / "000_04b6fc3692aff36b.input.html").read_text()
    bar = '  <div class="share-buttons"'
    assert bar in source
    for names, expected in (("html-share-container", {"share-buttons"}),
                            ("share-widgets", set())):
        target = tmp_path / "a.html"
        target.write_text(source.replace(bar, f"  <!-- artlint: disable-next-line={names} -->"
                                              f"\n{bar}", 1))
        found = set(rules_found_in(target)) & {"html-share-container", "share-buttons"}
        assert found == expected, names


def test_plain_comments_add_no_lines_to_the_view():
    page = "<p>One.</p>\n<!-- just a note -->\n<!-- artlint: disable=masthead -->\n<p>Two.</p>\n"
    view = html.view_of(Linter([]), Document(page, "a.html"))
    assert view.view.text == "One.\n\n<!-- artlint: disable=masthead -->\n\nTwo.\n"
    assert view.masked == {2}


def rules_found_in(path):
    result = run("check", "--isolated", "--no-cache", "--output-format", "concise", str(path))
    return [_rule_of(line) for line in result.output.splitlines()
            if line.startswith(str(path))]


def test_unused_suppression_reports_html_comments_but_not_html_rule_names(tmp_path):
    target = tmp_path / "u.html"
    target.write_text("<p>Text of the story here, long enough.</p>\n"
                      "<!-- artlint: disable-next-line=html-share-container -->\n"
                      "<p>More text here.</p>\n"
                      "<!-- artlint: disable-next-line=comment-residue -->\n"
                      "<p>Yet more text.</p>\n<!-- artlint: disable=no-such-rule -->\n")
    result = run("check", "--isolated", "--no-cache", "--output-format", "concise",
                 "--extend-select", "unused-suppression", str(target))
    assert [line.removeprefix(f"{target}:") for line in result.output.splitlines()
            if line.startswith(str(target))] == [
        "4:1: warning[unused-suppression] `artlint: disable-next-line=comment-residue` suppresses "
        "nothing",
        "6:1: warning[unused-suppression] unknown rule `no-such-rule` in a suppression comment",
    ]


PARAGRAPHS = "".join(f"<p>The council voted on Tuesday to close the old bridge, paragraph {i}, "
                     "after engineers warned of cracks in its piers.</p>\n" for i in range(6))
AFTER = ("<p>The mayor said a replacement would be built within three years.</p>\n"
         "<p>Residents said they were relieved but worried about the ferry fares.</p>\n")


def test_an_element_no_end_tag_of_its_own_closes_is_reported_not_removed():
    """An unclosed <aside class="related-links"> runs on over the article's paragraphs to
    the </article>: where it ends is only the parser's guess."""
    page = ("<html><body>\n<article>\n" + PARAGRAPHS
            + '<aside class="related-links"><h3>Related</h3><a href="/x">Other story</a>\n'
            + AFTER + "</article>\n</body></html>\n")
    result = run("fix", "--isolated", "--stdin-filename", "a.html", "-", input=page)
    assert result.stdout == page
    assert "html-related-container" in result.stderr  # reported
    closed = page.replace('Other story</a>\n', 'Other story</a></aside>\n')
    fixed = run("fix", "--isolated", "--stdin-filename", "a.html", "-", input=closed).stdout
    assert "related-links" not in fixed and AFTER in fixed


def test_a_block_removed_between_two_runs_of_text_leaves_them_apart():
    page = ("<html><body>\n<div>The mayor spoke at length about the town and its bridges."
            "<div>Share this article</div>Residents applauded the decision.</div>\n"
            "</body></html>\n")
    result = run("fix", "--isolated", "--stdin-filename", "a.html", "-", input=page)
    assert "its bridges. Residents applauded" in result.stdout
    assert "Share this article" not in result.stdout
