"""Adverts and sponsored blocks, by class or id."""

from __future__ import annotations

from linter.rules.markup import TokenRule


class AdvertContainer(TokenRule):
    """An element whose class or id says it is an advert or a sponsored or promo block.

    Words: ad, ads, advert, adverts, advertisement, advertising, sponsor, sponsored,
    promo, adsense, dfp. Whole words only: `header`, `shadow`, `loaded`, `download` and
    `adjust` have no word `ad`; `ad-slot` and `ad_unit` do.
    """

    id = "html-advert-container"
    message = "Advert / sponsored block (by its class or id)"
    category = "advertising"
    tokens = frozenset({"ad", "ads", "advert", "adverts", "advertisement", "advertising",
                        "sponsor", "sponsored", "promo", "adsense", "dfp"})
    examples = [  # noqa: RUF012
        {"bad": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                 '<div class="ad-slot"><p>Advertisement</p></div>\n'
                 "<p>The vote was seven to two; the budget takes effect in March.</p>\n"),
         "fixed": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                   "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  "<p>The ad campaign, sponsored by the ministry, ran for six weeks.</p>\n"
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
        {"good": ("<p>The council approved the budget on Tuesday after a long debate.</p>\n"
                  '<div class="download-box"><p>The full report, as a PDF.</p></div>\n'
                  "<p>The vote was seven to two; the budget takes effect in March.</p>\n")},
    ]
