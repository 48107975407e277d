"""Share bars and social-follow widgets, by class or id."""

from __future__ import annotations

from linter.rules.markup import TokenRule


class ShareContainer(TokenRule):
    """An element whose class or id says it is a share bar or social widget.

    Words (whole class/id words, split at `-` and `_`): share, sharing, sharebar,
    social, sharethis, addthis, addtoany. `<div class="share-buttons">` and
    `<ul class="social">` are removed whole; `<div class="shadow">` is not.
    """

    id = "html-share-container"
    message = "Share / social widget (by its class or id)"
    category = "share-widgets"
    tokens = frozenset({"share", "sharing", "sharebar", "social", "sharethis", "addthis",
                        "addtoany"})
    examples = [  # noqa: RUF012
        {"bad": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                 '<div class="share-buttons">\n'
                 '<a href="/fb">Facebook</a> <a href="/x">X</a></div>\n'
                 "<p>The vote was seven to two; the budget takes effect in March.</p>\n"),
         "fixed": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                   "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  "<p>Residents were asked to share their views on social media by Friday.</p>\n"
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  '<div class="shadow"><p>A pull quote set in a box.</p></div>\n'
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
    ]
