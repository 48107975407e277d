"""A lone author name next to the story's date line or author box."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from linter.document import Document
from linter.findings import Evidence, Finding
from linter.regexmemo import compiled
from linter.rule import Lines, Rule, Wake

MAX_CHARS = 40
_WORD = r"(?:\p{Lu}\p{Ll}+(?:[\-'’]\p{Lu}?\p{Ll}+)?|\p{Lu}\.)"
_PARTICLE = r"(?:van|von|de|da|del|der|di|du|le|la|bin|al|ten|ter)"
# Two to four capitalised words: "Rodrigo Campos", "Jennifer Ross-Nazzal", "John van der Berg".
# "By Yonhap" is a byline, left to the byline rule.
_NOT_NAME = r"(?!(?i:by|von|par|por|door|oleh|text|photo|foto|more)\b)"
# Words that make a line a title, not a name: "The Circular Root", "For Hire Livery
# Insurance", "Netflix Technology Blog" (titles of listed posts sit beside their "By X").
_TITLE_WORD = (
    r"(?:The|A|An|For|Of|In|On|To|With|And|Or|Our|Your|My|This|How|Why|What|When"
    r"|Blog|News|Podcast|Magazine|Weekly|Daily|Newsletter|Journal|Reviews?|Recipes?|Guide"
    r"|Tips|Ideas"
    # ... and a page's buttons and links in Title Case: "Continue Reading", "Privacy Policy"
    r"|Continue|Reading|Privacy|Policy|Terms|Cookies?|Subscribe|Contact|Login|Menu|Search"
    r"|Share|Follow)"
)
_NAME = compiled(
    rf"(?!.*\b{_TITLE_WORD}\b){_NOT_NAME}{_WORD}(?: (?:{_WORD}|{_PARTICLE})){{1,3}}"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A neighbour that is a date stamp, a byline, a reading time or an author-box header.
_STAMP = compiled(
    rf"^(?:by(?:\s+(?-i:\p{{Lu}})|\s*$)|updated\b|published\b|posted\b|von\b)"
    rf"|^{_MONTH} \d{{1,2}},? \d{{4}}|^\d{{1,2}} {_MONTH},? \d{{4}}"
    r"|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
    r"|\bmin(?:ute)?s? read\b|^about the (?:author|writer)s?\b",
    regex.IGNORECASE,
)
MAX_NEIGHBOUR = 120


class BylineName(Rule):
    """A line that is only a person's name, next to a date line, byline or author box.

    Extractors split the byline block: `Rodrigo Campos` on one line and `Nov 19, 2019 / 12:21
    AM` or `5 Min Read` on the next, or the author's name between "About the author" and the
    biography. A line of two to four capitalised words (name particles such as "van" and
    "de" allowed, no digits or punctuation besides hyphens and apostrophes) is flagged when the
    non-blank line just before or after it starts with a date, is "By" alone or "By" and a
    capitalised word, starts with "Updated"/"Published", gives a reading time, or is an
    "About the author" header. A name on its own elsewhere (a subheading, a signature) is
    left alone, and so is a line with a title's words ("The", "For", "Of", "Blog",
    "News"...): the title of a post in a listing, or a button or link in Title Case
    ("Continue Reading", "Privacy Policy"). "By clicking submit below, you agree..." is not
    a byline.
    """

    id = "byline-name"
    message = "Author name beside the byline / date stamp"
    category = "bylines"
    evidence = Evidence.SHAPE
    languages = ("en", "de")
    examples = [  # noqa: RUF012
        {"bad": "Oil drags stocks lower\n\nRodrigo Campos\n\n5 Min Read\n\nNEW YORK - Oil fell.\n",
         "fixed": "Oil drags stocks lower\n\n5 Min Read\n\nNEW YORK - Oil fell.\n"},
        {"bad": "Title\n\nDec 21, 2023\n\nBerry Anderson\n\nText of the review.\n",
         "fixed": "Title\n\nDec 21, 2023\n\nText of the review.\n"},
        {"good": "Title\n\nNew York City\n\nThe city said on Monday it would act.\n"},
        {"good": "Text of the letter.\n\nBest wishes,\n\nJohn Smith\n"},
        {"good": "Title\n\nBy Yonhap\n\nPublished : Nov. 11, 2023 - 13:44\n\nText.\n"},
        # Titles of listed posts or books beside their dates and bylines (issue 14).
        {"good": "Reading list\n\nThe Circular Root\nBy Ann Moss\n\nFor Hire Car Insurance\n"
         "Dec 30, 2023\n"},
        {"good": "Posts\n\nAcme Engineering Blog\n\nNov 7, 2025\n\n11 min read\n"},
        {"good": "Design tips\n\nContinue Reading\n\n8-minute read\n"},
        {"good": "Beginners Sourdough Bread Recipe\n\nJanuary 5, 2025\n\nFlour, water, salt.\n"},
        {"good": "By clicking submit below, you agree to our terms.\n\nPrivacy Policy\n"},
    ]

    # A name is a line of two to four capitalised words: without one, nothing to find.
    wake = Wake((_NAME,), max_length=MAX_CHARS)

    def check(self, doc: Document, lines: Lines = None) -> Iterator[Finding]:
        cores = doc.cores
        for core in doc.cores_in(lines):
            if len(core.text) > MAX_CHARS or not _NAME.fullmatch(core.text):
                continue
            number = doc.core_number(core.index)
            assert number is not None  # a core's own line
            near = (cores[n].text for n in (number - 1, number + 1) if 0 <= n < len(cores))
            if any(len(text) <= MAX_NEIGHBOUR and _STAMP.search(text) for text in near):
                yield self.delete_lines(doc, core.index)
