"""Lines that are only a commenter's initials: the avatars of a comment thread."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.findings import Evidence, Finding
from linter.regexmemo import compiled
from linter.rule import Lines, Rule, Wake

MIN_AVATARS = 3  # one or two lone capitals may be a heading or a list label
MIN_PEOPLE = 3  # different initials: "Q"/"A" of an interview repeat two letters
# One or two capital letters, not a Roman numeral ("I", "II", "IV" number sections).
_INITIALS = compiled(r"(?!(?-i:[IVXLCDM]{1,2})$)\p{Lu}{1,2}")


class AvatarInitials(Rule):
    """A line holding only one or two capital letters ("KS", "ZZ", "CP"), when the text has
    at least three such lines: comment widgets draw a circle with the commenter's initials
    where a photo is missing, and extractors keep the letters as a line above each comment.

    Left alone: fewer than three such lines (a lone "Q" or "UK" may be a label the
    text needs); fewer than three different initials, or none of two letters (the "Q"
    and "A" of an interview, the "A", "B", "C" of a quiz's answers); Roman numerals
    ("II", "IV"), which number sections.
    """

    id = "avatar-initials"
    message = "Commenter avatar initials"
    category = "comments"
    evidence = Evidence.SHAPE
    languages = ("all",)
    examples = [  # noqa: RUF012
        {"bad": "Story.\n\nKS\n\nGreat read.\n\nZZ\n\nAgreed.\n\nCP\n\nNot for me.\n",
         "fixed": "Story.\n\nGreat read.\n\nAgreed.\n\nNot for me.\n"},
        {"good": "Q\n\nWhat did you find?\n\nA\n\nNothing at all.\n"},
        {"good": "Part I\n\nText.\n\nII\n\nMore text.\n\nIII\n\nEnd.\n\nIV\n\nCoda.\n"},
        {"good": "The US and the UK signed the deal.\n"},
        {"good": "".join(f"Q\n\nQuestion {n}?\n\nA\n\nAnswer {n}.\n\n" for n in range(4))},
        {"good": "Which is right?\n\nA\n\nParis\n\nB\n\nRome\n\nC\n\nOslo\n\nD\n\nBern\n"},
    ]

    wake = Wake((_INITIALS,), max_length=2, min_lines=MIN_AVATARS)

    def check(self, doc: Document, lines: Lines = None) -> Iterator[Finding]:
        avatars = [core for core in doc.cores_in(lines) if _INITIALS.fullmatch(core.text)]
        people = {core.text for core in avatars}
        if (len(avatars) >= MIN_AVATARS and len(people) >= MIN_PEOPLE
                and any(len(initials) == 2 for initials in people)):
            for core in avatars:
                yield self.delete_lines(doc, core.index)
