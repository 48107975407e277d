"""Fix safety from evidence: shape findings are fixed only where phrase evidence backs them."""

from __future__ import annotations

import textwrap

from linter.document import Document
from linter.engine.linter import Linter
from linter.findings import Applicability
from linter.rules.loader import load_rules

RULES = ["lone-number", "share-buttons", "symbol-only-line", "repeated-line"]


def _linter() -> Linter:
    return Linter.from_rules(r for r in load_rules() if r.id in RULES)


def _safety(text: str) -> dict[tuple[int, str], str]:
    findings = _linter().check(Document(text)).findings
    return {(f.line, f.rule): f.fix.applicability.value for f in findings if f.fix}


BODY = ("The council voted on Tuesday to close the old bridge to cars for good.\n\n"
        "Work on the new crossing starts next spring, officials said.\n\n"
        "Residents had asked for the closure for years.\n\n")  # three lines: past the head


def test_a_lone_number_in_the_body_is_reported_but_its_fix_is_unsafe():
    text = BODY + "12\n\nThe mayor welcomed the decision in a short statement.\n"
    assert _safety(text) == {(7, "lone-number"): "unsafe"}
    assert _linter().fix(Document(text)).text == text
    assert "12\n" not in _linter().fix(Document(text), unsafe=True).text


def test_a_counter_inside_a_share_bar_is_anchored_by_the_phrase_around_it():
    text = BODY + "Share\n\n12\n\nTweet\n\nThe mayor welcomed the decision.\n"
    assert _safety(text) == {(7, "share-buttons"): "safe", (9, "lone-number"): "safe",
                             (11, "share-buttons"): "safe"}
    assert _linter().fix(Document(text)).text == BODY + "The mayor welcomed the decision.\n"


def test_an_unflagged_line_breaks_the_anchor():
    text = BODY + "Share\n\nThe mayor welcomed it.\n\n12\n\nMore text follows here.\n"
    assert _safety(text)[(11, "lone-number")] == "unsafe"


def test_a_number_in_the_head_of_the_text_is_anchored_by_position():
    text = "Bridge to close for good\n\n0\n\n" + BODY
    assert _safety(text) == {(3, "lone-number"): "safe"}
    assert _safety(BODY + "0\n") == {(7, "lone-number"): "unsafe"}


def test_a_shape_finding_inside_a_table_stays_unsafe_even_next_to_a_phrase():
    table = "Team | W | L\n---|---|---\nAjax | 3 | 1\n"
    text = BODY + "Share\n" + table + "\nMore text follows here, the coach said.\n"
    assert _safety(text)[(9, "symbol-only-line")] == "unsafe"


def test_a_repeated_question_in_an_interview_is_not_removed():
    q = "What was the hardest part of the season for you?"
    text = (f"Two players, one question.\n\nWe asked each the same thing.\n\n{q}\n\n"
            f"The travel, said the first player, without a pause.\n\n{q}\n\n"
            "The injuries, said the second one, after a long silence.\n")
    assert _safety(text) == {(9, "repeated-line"): "unsafe"}
    assert _linter().fix(Document(text)).text == text


def test_a_phrase_rule_that_holds_its_own_fix_back_anchors_nothing():
    """A forum reply quoting the post before it: the quote header's fix is unsafe (on a
    forum page it is the page's text), so it vouches for neither the post's date above
    it nor the quoted line under it."""
    post = "Keep in mind you need to turn Messages in iCloud off on all your devices."
    text = (f"Messages in iCloud\n\ncynics\nJul 10, 2022\n\n{post}\n\n"
            f"felixen\nJul 10, 2022\n\ncynics said:\n{post}\n\n"
            "I see, that makes sense. I was hoping I could free up some space this way.\n")
    linter = Linter.from_rules(r for r in load_rules()
                               if r.id in (*RULES, "forum-quote-header", "date-stamp"))
    findings = linter.check(Document(text)).findings
    safety = {(f.line, f.rule): f.fix.applicability.value for f in findings if f.fix}
    assert safety == {(4, "date-stamp"): "unsafe", (9, "date-stamp"): "unsafe",
                      (11, "forum-quote-header"): "unsafe", (12, "repeated-line"): "unsafe"}
    assert linter.fix(Document(text)).text == text


def test_rules_declare_their_evidence():
    kinds = {r.id: r.evidence.value for r in load_rules()}
    assert kinds["lone-number"] == kinds["repeated-line"] == kinds["headline-run"] == "shape"
    assert kinds["symbol-only-line"] == kinds["date-stamp"] == "shape"
    assert kinds["share-buttons"] == kinds["newsletter-signup"] == kinds["dateline"] == "phrase"


def test_unsafe_fixes_are_marked_unsafe_in_the_findings():
    findings = _linter().check(Document(BODY + "7\n")).findings
    assert [f.fix.applicability for f in findings if f.fix] == [Applicability.UNSAFE]


def test_check_output_marks_only_default_fixes_and_counts_the_unsafe_ones(tmp_path):
    from typer.testing import CliRunner

    from linter.cli.app import app

    (tmp_path / "a.txt").write_text(BODY + "12\n\nMore text follows here, officials said.\n"
                                    "\nShare\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--no-cache", "--select", ",".join(RULES),
                                      str(tmp_path / "a.txt")])
    lines = result.stdout.splitlines()
    assert any(line.endswith("warning[lone-number] Lone number left by a counter or pagination "
                             "widget")
               for line in lines)
    assert any(line.endswith("[*]") and "share-buttons" in line for line in lines)
    assert lines[-1].endswith("; 1 fixable with `artlint fix`; 1 more fixable with "
                              "`artlint fix --unsafe-fixes`.")
    github = CliRunner().invoke(app, ["check", "--no-cache", "--output-format", "github",
                                      "--select", "lone-number", str(tmp_path / "a.txt")])
    assert "(fixable with `artlint fix --unsafe-fixes`)" in github.stdout


def test_statistics_count_only_fixes_applied_by_default(tmp_path):
    import json

    from typer.testing import CliRunner

    from linter.cli.app import app

    (tmp_path / "a.txt").write_text(BODY + "12\n\nMore text follows here, officials said.\n",
                                    encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--no-cache", "--statistics", "--output-format",
                                      "json", "--select", "lone-number", str(tmp_path / "a.txt")])
    assert [(row["rule"], row["count"], row["fixable"]) for row in json.loads(result.stdout)] \
        == [("lone-number", 1, 0)]


def test_zero_width_lines_around_a_heading_anchor_nothing():
    # page builders put a zero-width joiner line between the article's own blocks: a
    # heading between two of them is the article's, not a widget's
    rules = [r for r in load_rules() if r.id in {"invisible-line", "bare-field-label"}]
    linter = Linter.from_rules(rules)
    text = (BODY + "\u200d\n\nRecommendations:\n\n\u200d\n\n"
            "Kevin recommends the Sony MDR7506 as an excellent budget-friendly option for "
            "beginners: a flat response, a closed back, and comfortable for long hours.\n")
    safety = {(f.line, f.rule): f.fix.applicability.value
              for f in linter.check(Document(text)).findings if f.fix}
    assert safety == {(7, "invisible-line"): "safe", (9, "bare-field-label"): "unsafe",
                      (11, "invisible-line"): "safe"}
    assert "Recommendations:" in linter.fix(Document(text)).text


LISTING_RULES = ["byline", "date-stamp", "engagement-counter", "commerce-button",
                 "share-buttons", "comment-residue"]


def _listing_linter() -> Linter:
    return Linter.from_rules(r for r in load_rules() if r.id in LISTING_RULES)


def _entries(count: int) -> str:
    """A headline index: each entry a title, a byline, a date and a reading time."""
    return "".join(f"Council votes on bridge plan, part {n}\n\nBy Jane Doe\n\n"
                   f"Dec 16, 2025\n\n{n} min read\n\n" for n in range(1, count + 1))


def test_a_listing_keeps_its_entries_and_reports_them_as_unsafe_fixes():
    text = "Latest stories\n\n" + _entries(8)
    findings = _listing_linter().check(Document(text)).findings
    assert {f.rule for f in findings} >= {"byline", "engagement-counter"}
    assert all(f.fix.applicability is Applicability.UNSAFE for f in findings if f.fix)
    assert _listing_linter().fix(Document(text)).text == text
    assert "min read" not in _listing_linter().fix(Document(text), unsafe=True).text


ARTICLE = "".join(f"{sentence} The council met for three hours on Tuesday evening to "
                  "discuss the matter in detail.\n\n"
                  for sentence in ("The bridge will close.", "Work starts in spring.",
                                   "Residents asked for it.", "The mayor agreed.",
                                   "Cars will be diverted.", "Buses keep running."))


def test_the_same_lines_under_an_article_are_fixed():
    text = ARTICLE + _entries(2)  # "By Jane Doe", "Dec 16, 2025", "1 min read", "2 min read"
    fixed = _listing_linter().fix(Document(text)).text
    assert "min read" not in fixed and "Dec 16" not in fixed and fixed.startswith(ARTICLE)


def _summaries(count: int) -> str:
    """A front page: each entry a headline, a summary paragraph, a byline and a date."""
    return "".join(f"Council votes on bridge plan, part {n}\n\nThe council met for three "
                   f"hours on Tuesday evening to discuss part {n} of the plan in detail.\n\n"
                   f"By Reporter {chr(64 + n)}\n\nDec {n}, 2025\n\n"
                   for n in range(1, count + 1))


def test_entries_with_their_own_bylines_and_dates_keep_them():
    """A front page with summaries has paragraphs, but each entry its own byline and
    date: from four different such lines on, it is a list of entries (issue 14)."""
    text = _summaries(2)  # 4 different lines: "By Reporter A", "Dec 1, 2025"...
    linter = _listing_linter()
    assert linter.fix(Document(text)).text == text
    assert {f.fix.applicability for f in linter.check(Document(text)).findings
            if f.fix} == {Applicability.UNSAFE}
    fewer = ARTICLE + "By Reporter A\n\nDec 1, 2025\n\nBy Reporter A\n\nDec 1, 2025\n"
    assert "Dec 1" not in linter.fix(Document(fewer)).text  # the same two lines, twice


def test_end_of_text_author_credits_of_several_posts_make_a_list_of_entries():
    """"Written by Name" closing each of four posts: a blog's index, not one article's
    author box; the credits are entry metadata, as bylines are, so none is removed."""
    posts = "".join(f"Post {n} on the council's bridge plan, with the vote and what comes "
                    f"next for the people who cross it.\n\nWritten by Reporter {chr(64 + n)}\n\n"
                    for n in range(1, 5))
    linter = Linter.from_rules(r for r in load_rules() if r.id == "author-label-line")
    assert linter.fix(Document(posts)).text == posts
    one = ARTICLE + "Written by Reporter A\n"
    assert "Written by" not in linter.fix(Document(one)).text


def test_hard_wrapped_prose_is_an_article_not_a_listing():
    paragraph = ("The council voted on Tuesday to close the old bridge to cars for good, "
                 "after years of complaints from residents about noise and traffic. ") * 3
    article = "\n\n".join(textwrap.fill(paragraph, 72) for _ in range(4)) + "\n\n"
    assert max(len(line) for line in article.splitlines()) <= 72
    text = article + _entries(2)
    fixed = _listing_linter().fix(Document(text)).text
    assert "min read" not in fixed and fixed.startswith(article)


def test_a_text_made_only_of_flagged_lines_is_residue_not_a_listing():
    text = "Share\n\nComments are closed.\n\n" * 15
    assert _listing_linter().fix(Document(text)).text.strip() == ""


def _pack_linter(*ids: str) -> Linter:
    return Linter.from_rules(r for r in load_rules() if r.id in ids)


def test_an_in_article_link_under_a_teaser_label_alone_is_reported_but_kept():
    """Issue 14: "More: ..." and "Read: ..." also head an article's own parts (a round-up's
    "More: <product> Full Review"), and human-cleaned references keep them as text on some
    sites, so the label alone does not delete the line."""
    text = BODY + "More: Bridge repairs to cost more than planned\n\nThe mayor spoke.\n"
    linter = _pack_linter("related-prefixed-link", "labelled-headline-link", "share-buttons")
    findings = linter.check(Document(text)).findings
    assert [(f.rule, f.fix.applicability.value) for f in findings] == [
        ("labelled-headline-link", "unsafe")]
    assert linter.fix(Document(text)).text == text
    assert "More:" not in linter.fix(Document(text), unsafe=True).text


def test_an_in_article_related_link_is_removed():
    """Issue 14: "Related:", "Read more:", "Also read:" can only point at another story: on
    the labelled corpus no such line is article text, so the phrase decides."""
    text = BODY + "Read more: Bridge repairs to cost more than planned\n\nThe mayor spoke.\n"
    linter = _pack_linter("related-prefixed-link", "labelled-headline-link", "share-buttons")
    findings = linter.check(Document(text)).findings
    assert [(f.rule, f.fix.applicability.value) for f in findings] == [
        ("related-prefixed-link", "safe")]
    assert linter.fix(Document(text)).text == BODY + "The mayor spoke.\n"


def test_an_in_article_related_link_anchors_nothing_beside_it():
    """A key figure repeated from the summary at the top sits just above a "READ MORE:"
    link: the link is removed, the repeated line (shape evidence) stays."""
    figure = "The market is expected to reach USD 2.65 billion in 2028.\n\n"
    top = BODY + "- " + figure
    text = top + BODY + figure + "READ MORE: The best apps to run your business\n"
    linter = _pack_linter("related-prefixed-link", "repeated-line")
    safety = {f.rule: f.fix.applicability.value for f in linter.check(Document(text)).findings}
    assert safety == {"repeated-line": "unsafe", "related-prefixed-link": "safe"}
    assert linter.fix(Document(text)).text == top + BODY + figure.rstrip("\n") + "\n"


def test_a_link_line_inside_a_share_bar_is_removed():
    text = BODY + "Share\n\nRead more: Bridge repairs to cost more\n\nThe mayor spoke.\n"
    linter = _pack_linter("related-prefixed-link", "share-buttons")
    assert linter.fix(Document(text)).text == BODY + "The mayor spoke.\n"


def test_credits_disclosures_and_follow_prompts_alone_are_kept():
    lines = ["Photo: Jane Smith/Reuters", "Follow us on Twitter for updates",
             "We may earn a commission if you buy through links on this page."]
    linter = _pack_linter("photo-credit-line", "follow-us-prompt", "affiliate-disclosure")
    for line in lines:
        text = BODY + line + "\n\nThe mayor spoke.\n"
        assert linter.check(Document(text)).findings, line
        assert linter.fix(Document(text)).text == text, line


# One line, one report: a shape finding on lines a phrase finding deletes is left out.
PAIR = """\
id: t-phrase
message: Promo line
category: t-promo
pattern: "more on this story"
---
id: t-phrase-inline
message: Promo tail
category: t-promo
pattern: "more on this story$"
match: search
fix: delete-match
---
id: t-phrase-held
message: Promo line, fix held back
category: t-promo
pattern: "more on this story"
fix-safety: unsafe
---
id: t-block
message: Promo block
category: t-promo
pattern: "in this series:"
fix: delete-block
block: {follow: '.+', across-blank: true, max-lines: 1}
---
id: t-block-2
message: Promo block
category: t-promo
pattern: "part one"
fix: delete-block
block: {follow: '.+', across-blank: true, max-lines: 1}
---
id: t-shape
message: Short line
category: t-shape
evidence: shape
pattern: '(?:full report\\. )?more on this story|part two'
"""


def _reported(text: str, *ids: str) -> list[tuple[int, str]]:
    from linter.rules.yaml_rule import load_file

    linter = Linter.from_rules(r for r in load_file("pair.yaml", PAIR) if r.id in ids)
    return [(f.line, f.rule) for f in linter.check(Document(text)).findings]


def test_a_shape_finding_on_a_line_a_phrase_fix_deletes_is_not_reported_again():
    text = BODY + "More on this story\n\nThe mayor welcomed the decision, officials said.\n"
    assert _reported(text, "t-phrase", "t-shape") == [(7, "t-phrase")]
    assert _reported(text, "t-shape") == [(7, "t-shape")]  # alone, the shape rule reports it


def test_a_phrase_fix_that_does_not_delete_the_line_leaves_the_shape_finding():
    text = BODY + "Full report. More on this story\n\nThe mayor welcomed it, officials said.\n"
    assert _reported(text, "t-phrase-inline", "t-shape") == [(7, "t-shape"),
                                                             (7, "t-phrase-inline")]
    text = BODY + "More on this story\n\nThe mayor welcomed the decision, officials said.\n"
    assert _reported(text, "t-phrase-held", "t-shape") == [(7, "t-phrase-held"),
                                                           (7, "t-shape")]


def test_a_phrase_fix_that_gives_way_to_an_overlapping_one_leaves_the_shape_finding():
    """Two blocks overlap on "Part one": the first wins the pass, so the second block's
    deletion of "Part two" is not applied in it. The shape finding on "Part two" stays:
    without it that line would be kept, where both fixes together removed it."""
    text = (BODY + "In this series:\n\nPart one\n\nPart two\n\n"
            "The mayor welcomed the decision, officials said.\n")
    reported = _reported(text, "t-block", "t-block-2", "t-shape")
    assert reported == [(7, "t-block"), (9, "t-block-2"), (11, "t-shape")]
    assert _reported(text, "t-block-2", "t-shape") == [(9, "t-block-2")]
