"""Adverts and sponsored blocks, by class or id."""

from __future__ import annotations

from linter.sources.html import TokenRule


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
