"""Comment sections, by class or id."""

from __future__ import annotations

from linter.sources.html import TokenRule


class CommentsContainer(TokenRule):
    """An element whose class or id says it is the comment section.

    Words: comment, comments, disqus, respond.
    """

    id = "html-comments-container"
    message = "Comment section (by its class or id)"
    category = "comments"
    tokens = frozenset({"comment", "comments", "disqus", "respond"})
