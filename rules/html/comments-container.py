"""Comment sections, by class or id."""

from __future__ import annotations

from linter.rules.markup import TokenRule


class CommentsContainer(TokenRule):
    """An element whose class or id says it is the comment section.

    Words: comment, comments, disqus, respond.
    """

    id = "html-comments-container"
    message = "Comment section (by its class or id)"
    category = "comments"
    tokens = frozenset({"comment", "comments", "disqus", "respond"})
    examples = [  # noqa: RUF012
        {"bad": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                 '<section id="comments"><h3>2 comments</h3><p>Great read!</p></section>\n'
                 "<p>The vote was seven to two; the budget takes effect in March.</p>\n"),
         "fixed": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                   "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  "<p>The minister declined to comment; the comments came from her office.</p>\n"
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  '<div class="commentary"><p>An analysis of the vote.</p></div>\n'
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
    ]
