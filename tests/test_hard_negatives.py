"""Ordinary sentences with trigger words: the whole built-in pack must leave them alone."""

from __future__ import annotations

import pytest

from linter.document import Document

HARD_NEGATIVES = [
    "Don't miss the chance to see the exhibition before it closes on Sunday.",
    "Subscriptions rose 12% in the third quarter, the company said.",
    "Copyright lawyers say the ruling could reshape the music industry.",
    "Comments are closed on the forum, the ministry said, after a flood of abuse.",
    "Read more about the plan in the ministry's report, published on Friday.",
    "See also the minister's statement to parliament.",
    "Related: the two cases were linked, police said.",
    "Shares in the company fell 4% on Monday.",
    "By Monday the water had receded.",
    "Published in 2019, the report was widely read.",
    "Support for the measure fell to 41 percent.",
    "The source of the leak was never found.",
    "Advertising revenue fell for the third year in a row.",
    "Follow the money, the detective told reporters.",
    "The search for survivors continued through the night.",
    "More than 100 people were killed in the fighting.",
    "She said she would email the minister on Tuesday.",
    "Articles by foreign journalists were banned from the paper.",
    "Response to Blinken\u2019s Remarks",
    "Impact of Growing DPRK-Russia Ties",
    "Here is the thing: nobody expected the vote to pass.",
    "The revised article of the treaty was signed on Monday.",
    "Publishers have rewritten their SEO playbooks since the update, analysts say.",
    "For more information, residents should call the council on Monday.",
    "Watch the skies now: the comet is visible until Friday.",
    "Materials provided by Reuters show the plan was drafted in May.",
    "The vote split three ways | left | right | centre, as the poll showed.",
    "The exhibition (photos by Ansel Adams) opens in May.",
    "The prize is about the author and her debut novel.",
    # review-g: a lede that opens with a reviewer or "By <Day> on <date>"; table rows with a
    # year, a runtime or "By" in a title; a heading that names a reading time.
    "Reviewed by NASA, the data show a clear warming trend.",
    "Fact-checked by PolitiFact, the claim earned a Pants on Fire rating.",
    "By Christmas on December 25, 2024, sales doubled.",
    "Stand By Me | 1986 | Rob Reiner",
    "Oppenheimer | 2023 | 180 min | Christopher Nolan",
    "June 12, 2025 \u00b7 Jane Smith \u00b7 30 min",
    "The Five Minute Read",
]


@pytest.mark.parametrize("sentence", HARD_NEGATIVES)
def test_sentence_is_not_flagged_alone(linter, sentence):
    assert linter.check(Document(sentence + "\n")).findings == []


def test_sentences_in_an_article_are_not_flagged(linter):
    article = "A headline about the vote\n\n" + "\n\n".join(HARD_NEGATIVES) + "\n"
    findings = linter.check(Document(article)).findings
    assert [(f.line, f.rule) for f in findings] == []
    assert linter.fix(Document(article)).text == article
