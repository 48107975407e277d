"""Related-links and recommendation widgets, by class or id."""

from __future__ import annotations

from linter.sources.html import TokenRule


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
