"""Lines that are only a commenter's initials: the avatars of a comment thread."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from linter.document import Document
from linter.findings import Finding
from linter.rule import Rule

MIN_AVATARS = 3  # one or two lone capitals may be a heading or a list label
# One or two capital letters, not a Roman numeral ("I", "II", "IV" number sections).
_INITIALS = regex.compile(r"(?!(?-i:[IVXLCDM]{1,2})$)\p{Lu}{1,2}")


class AvatarInitials(Rule):
    """A line holding only one or two capital letters ("KS", "ZZ", "CP"), when the text has
    at least three such lines: comment widgets draw a circle with the commenter's initials
    where a photo is missing, and extractors keep the letters as a line above each comment.

    Fewer than three such lines are left alone (a lone "Q" or "UK" may be a label the
    text needs), and so are Roman numerals ("II", "IV"), which number sections.
    """

    id = "avatar-initials"
    message = "Commenter avatar initials"
    category = "comments"
    languages = ("all",)
    examples = [  # noqa: RUF012
        {"bad": "Story.\n\nKS\n\nGreat read.\n\nZZ\n\nAgreed.\n\nCP\n\nNot for me.\n",
         "fixed": "Story.\n\nGreat read.\n\nAgreed.\n\nNot for me.\n"},
        {"good": "Q\n\nWhat did you find?\n\nA\n\nNothing at all.\n"},
        {"good": "Part I\n\nText.\n\nII\n\nMore text.\n\nIII\n\nEnd.\n\nIV\n\nCoda.\n"},
        {"good": "The US and the UK signed the deal.\n"},
    ]

    def check(self, doc: Document) -> Iterator[Finding]:
        avatars = [core for core in doc.cores if _INITIALS.fullmatch(core.text)]
        if len(avatars) >= MIN_AVATARS:
            for core in avatars:
                yield self.delete_lines(doc, core.index)
