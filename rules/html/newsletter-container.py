"""Newsletter and subscription prompts, by class or id."""

from __future__ import annotations

from linter.rules.markup import TokenRule


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
    examples = [  # noqa: RUF012
        {"bad": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                 '<ul class="newsletter-promo"><li>Sign up for our briefing</li></ul>\n'
                 "<p>The vote was seven to two; the budget takes effect in March.</p>\n"),
         "fixed": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                   "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  "<p>The newsletter, founded in 1998, says its subscription list doubled.</p>\n"
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
    ]
