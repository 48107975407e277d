"""Cookie and consent banners, by class or id."""

from __future__ import annotations

from linter.sources.html import TokenRule


class CookieContainer(TokenRule):
    """An element whose class or id says it is a cookie or consent banner.

    Words: cookie, cookies, consent, gdpr, cmp.
    """

    id = "html-cookie-container"
    message = "Cookie / consent banner (by its class or id)"
    category = "cookie-consent"
    tokens = frozenset({"cookie", "cookies", "consent", "gdpr", "cmp"})
