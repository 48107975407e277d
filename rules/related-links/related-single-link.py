"""The one linked headline under a related-articles header, just before the article resumes."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from linter.document import Document
from linter.findings import Finding
from linter.regexmemo import compiled
from linter.rule import Lines, Rule, Wake
from linter.textshape import fold, is_headline

MAX_HEADER = 60
# Headers that can only introduce links to other stories (a subset of dont-miss-block's).
_HEADER = compiled(
    r"\W{0,3}(?:"
    r"related (?:articles?|stories|story|content|posts?|coverage|links|news|reading)"
    r"|read more on [\p{L}\p{N}'&\- ]{2,40}|read also|see also|also read"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|recommended (?:for you|stories|articles|reading)|recommended by our editors"
    r"|don.t miss|in case you missed it|people are (?:also )?reading"
    r"|readers also (?:liked|read|viewed)"
    r"|(?:most|top) (?:read|popular|viewed|shared)"
    r"(?: (?:stories|articles|in [\p{L}\p{N}'&\- ]{2,30}))?"
    r"|lesen sie auch|mehr zum thema|das könnte sie (?:auch )?interessieren|meistgelesen"
    r"|(?:à )?lire aussi|à lire également|sur le même sujet|les plus lus"
    r"|lea también|lee también|noticias relacionadas|te puede interesar|lo más leído"
    r"|leia também|veja também|notícias relacionadas|mais lidas?"
    r"|leggi anche|articoli correlati|notizie correlate|i più letti"
    r"|lees ook|gerelateerde artikelen|meest gelezen"
    r"|читайте также|читайте тоже|смотрите также|новости по теме"
    r"|baca juga|berita terkait|artikel terkait"
    r")\s*[:.»›>|]?\W{0,3}",
    regex.IGNORECASE,
)
# A numbered section heading of the article: "Trend 5: Exercises for mental health", "Step 3."
_NUMBERED_HEADING = compiled(r"\p{L}+ \d{1,2}[:.]\s")


class RelatedSingleLink(Rule):
    """The single linked headline under a related-articles header.

    `dont-miss-block` deletes a recommendation header with the headlines under it, but when
    only one headline-shaped line follows before the article resumes, it gives that line
    back: after a weak header ("Latest", "Trending") it may be the next section's subheading.
    After a header that can only introduce links ("Related articles", "Most read in Music",
    "Read more on X", "You may also like", "Lesen Sie auch", "Читайте также", "Baca juga") it
    is the link. This rule deletes that one line when the header is the whole line, the
    headline follows it directly or after one blank line, and the line after the headline
    is not another headline (then `dont-miss-block` takes the whole list), nor a numbered
    section heading ("Trend 5: ...", "Step 3. ..."): an extractor that dropped the links
    leaves the header right above the article's next section. The header itself is left to
    `dont-miss-block`.
    """

    id = "related-single-link"
    message = "Linked headline under a related-articles header"
    category = "related-links"
    languages = ("en", "de", "fr", "es", "pt", "it", "nl", "ru", "id")
    examples = [  # noqa: RUF012
        {"bad": "Intro.\n\nRelated articles\nHong Kong protests: 800 students under siege\n"
         "Many protesters wear masks.\n",
         "fixed": "Intro.\n\nRelated articles\nMany protesters wear masks.\n"},
        {"bad": "Text.\n\nMost read in Music\n\nRock band reunites for final UK festival\n\n"
         "More text here.\n",
         "fixed": "Text.\n\nMost read in Music\n\nMore text here.\n"},
        {"good": "Related articles appeared in three newspapers, the court heard.\n"
         "The judge said they were unfair.\n"},
        {"good": "Don't miss\n\nThe ministry said the two cases were linked.\n"},
        {"good": "Latest\n\nMinisters meet again\n\nThe talks resume today.\n"},
        {"good": "Text.\n\nAlso read:\n\nTrend 5: Exercises for mental health\n\n"
         "Each year, many adults exercise less.\n"},
    ]

    wake = Wake((_HEADER,), max_length=MAX_HEADER)

    def check(self, doc: Document, lines: Lines = None) -> Iterator[Finding]:
        for core in doc.cores_in(lines):
            if len(core.text) > MAX_HEADER or not _HEADER.fullmatch(core.text):
                continue
            link = _next_item(doc, core.index)
            if link is None or not is_headline(heading := _core(doc, link)):
                continue
            if _NUMBERED_HEADING.match(heading):
                continue
            after = _next_item(doc, link)
            if after is None or not is_headline(_core(doc, after)):
                yield self.delete_lines(doc, link)


def _core(doc: Document, index: int) -> str:
    core = doc.core_at(index)
    return core.text if core is not None else fold(doc.line_text(index)).strip()


def _next_item(doc: Document, index: int) -> int | None:
    """The next non-blank line, if at most one blank line separates it from ``index``."""
    for step in (1, 2):
        nxt = index + step
        if nxt >= len(doc.line_starts):
            return None
        if not doc.is_blank(nxt):
            return nxt
    return None
