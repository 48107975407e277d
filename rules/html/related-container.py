"""Related-links and recommendation widgets, by class or id."""

from __future__ import annotations

from linter.rules.markup import TokenRule


class RelatedContainer(TokenRule):
    """An element whose class or id says it holds related or recommended links.

    Words: related, recommended, recommendations, outbrain, taboola, dontmiss, readmore.
    `<aside class="related">` is removed whole, list and heading included.
    """

    id = "html-related-container"
    message = "Related-links widget (by its class or id)"
    category = "related-links"
    tokens = frozenset({"related", "recommended", "recommendations", "outbrain", "taboola",
                        "dontmiss", "readmore"})
    examples = [  # noqa: RUF012
        {"bad": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                 '<aside class="related"><h3>Related</h3>\n'
                 '<ul><li><a href="/a">Rates rise</a></li></ul></aside>\n'
                 "<p>The vote was seven to two; the budget takes effect in March.</p>\n"),
         "fixed": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                   "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  "<p>Related research, recommended by the panel, found no link.</p>\n"
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  '<div class="unrelated-note"><p>A note on the figures.</p></div>\n'
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
    ]
