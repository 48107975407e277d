"""Newsletter and subscription prompts, by class or id."""

from __future__ import annotations

from linter.sources.html import TokenRule


class NewsletterContainer(TokenRule):
    """An element whose class or id says it is a newsletter or subscription prompt.

    Words: newsletter, newsletters, subscribe, subscription, signup, paywall.
    `<ul class="newsletter-promo">` is removed whole.
    """

    id = "html-newsletter-container"
    message = "Newsletter / subscription prompt (by its class or id)"
    category = "subscription"
    tokens = frozenset({"newsletter", "newsletters", "subscribe", "subscription", "signup",
                        "paywall"})
