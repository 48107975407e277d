"""Cookie and consent banners, by class or id."""

from __future__ import annotations

from linter.rules.markup import TokenRule


class CookieContainer(TokenRule):
    """An element whose class or id says it is a cookie or consent banner.

    Words: cookie, cookies, consent, gdpr, cmp.
    """

    id = "html-cookie-container"
    message = "Cookie / consent banner (by its class or id)"
    category = "cookie-consent"
    tokens = frozenset({"cookie", "cookies", "consent", "gdpr", "cmp"})
    examples = [  # noqa: RUF012
        {"bad": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                 '<div id="cookie-consent"><p>We use cookies.</p><button>Accept</button></div>\n'
                 "<p>The vote was seven to two; the budget takes effect in March.</p>\n"),
         "fixed": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                   "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  "<p>The bakery's cookie sales doubled once the council gave its consent.</p>\n"
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
    ]
