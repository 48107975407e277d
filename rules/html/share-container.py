"""Share bars and social-follow widgets, by class or id."""

from __future__ import annotations

from linter.sources.html import TokenRule


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
