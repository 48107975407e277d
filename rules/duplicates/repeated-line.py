"""A later exact copy of a line that appeared earlier in the document."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from itertools import compress

import regex

from linter.document import Document
from linter.findings import Evidence, Finding
from linter.lineflags import where
from linter.regexmemo import compiled
from linter.rule import Rule
from linter.textshape import FOLD_TABLE, is_headline

MIN_CHARS = 25  # shorter lines ("Read more", "Photo: AP") legitimately repeat
TITLE_LINES = 2  # a copy of the first lines is the title repeated as a heading: kept
TITLE_MAX_CHARS = 60  # a Title Case line this short is a heading or a name
_LONG_WORD = compiled(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]{3,}")
# Python's white space (str.isspace) but the plain space and LF: a core holding one of
# these, or two spaces in a row, changes under the comparison's normal form.
ODD_SPACES = ("\t", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0",
              "\u1680", *map(chr, range(0x2000, 0x200B)), "\u2028", "\u2029", "\u202f",
              "\u205f", "\u3000")
_ASCII_ODD_SPACES = tuple(space for space in ODD_SPACES if space.isascii())
# Cores are folded text (odd spaces made plain) with no space at either end: what is left.
_UNFOLDED_ODD_SPACES = tuple(space for space in ODD_SPACES if ord(space) not in FOLD_TABLE)
_LONG_ENOUGH = (MIN_CHARS - 1).__lt__
_MONEY = compiled(
    r"[$£€¥₹]\s?\d|\d\s?(?:usd|eur|gbp|dollars?|euros?|pounds?|yen|rupees?)\b", regex.IGNORECASE
)


class RepeatedLine(Rule):
    """A line that repeats, word for word, a line earlier in the text.

    Extractors copy blocks twice: a caption and its lightbox copy, a pull quote, a forum
    reply that quotes an earlier reply, a promo ("FYI, if you have Amazon Prime you can try
    before you buy!") after every product, an author line at the top of each page of a
    paginated story. Every later copy of a line of at least 25 characters is deleted; the
    first stays. Lines with a price are left alone (product lists repeat prices and names
    on purpose), and so are copies of the first two lines (the title repeated as a heading)
    and short Title Case lines ("Energy-Efficient Upgrades", "National Student Support
    Accelerator"): a section heading repeats its entry in the table of contents, and a name
    repeats in each entry of a list of resources. Comparison ignores case and runs of white
    space.
    """

    id = "repeated-line"
    message = "Line repeated from earlier in the text"
    category = "duplicates"
    evidence = Evidence.SHAPE
    examples = [  # noqa: RUF012
        {"bad": "Title\n\nIntro text here.\n\nFYI, with Prime you can try before you buy!\n"
         "\nMore text.\n\nFYI, with Prime you can try before you buy!\n",
         "fixed": "Title\n\nIntro text here.\n\nFYI, with Prime you can try before you buy!\n"
         "\nMore text.\n"},
        {"good": "Title of the story\n\nText.\n\nTitle of the story\n\nMore text.\n"},
        {"good": "Intro.\n\nThe Basic plan costs $9.99 a month.\n\nMore.\n\n"
         "The Basic plan costs $9.99 a month.\n"},
        {"good": "Yes.\n\nYes.\n"},
        {"good": "Contents\n\nEnergy-Efficient Upgrades\nMedical-Related Modifications\n\n"
         "Energy-Efficient Upgrades\n\nSolar panels may qualify for a credit.\n\n"
         "Medical-Related Modifications\n\nRamps may be deductible.\n"},
    ]

    def check(self, doc: Document) -> Iterator[Finding]:
        keys = normal_forms(doc)
        copied = repeated(keys)
        if not copied:
            return  # most documents: no Python step per line
        firsts: set[str] = set()
        for number in where(map(copied.__contains__, keys)):
            if number < TITLE_LINES:
                continue  # a copy of the title lines is kept, and they are no first copy
            text = keys[number]
            if text not in firsts:
                firsts.add(text)
            elif not _MONEY.search(text) and not _title(doc.cores[number].text):
                yield self.delete_lines(doc, doc.cores[number].index)


def _title(text: str) -> bool:
    """A short line without a sentence's end whose every word of four or more characters
    starts with a capital letter or a digit: a heading or a name."""
    if not is_headline(text, max_chars=TITLE_MAX_CHARS):
        return False
    return all(not word[0].islower() for word in _LONG_WORD.findall(text))


def normal_forms(doc: Document) -> list[str]:
    """Each core in the comparison's normal form (runs of white space made one space, case
    folded), by C-level passes: ``str.casefold`` over the cores (an ASCII core's is a fast
    lower-casing); runs of white space are made one only in a document that has some."""
    joined = doc.core_text
    odd = _ASCII_ODD_SPACES if joined.isascii() else _UNFOLDED_ODD_SPACES
    texts = doc.core_texts  # shared: rebound below, never changed in place
    if "  " in joined or any(space in joined for space in odd):
        texts = [" ".join(text.split()) for text in texts]
    return list(map(str.casefold, texts))


def repeated(keys: list[str]) -> set[str]:
    """The normal forms of at least MIN_CHARS characters held twice or more past the title
    lines, found by C-level passes: sorted, equal neighbours are the copies."""
    tail = keys[TITLE_LINES:]
    long = list(compress(tail, map(_LONG_ENOUGH, map(len, tail))))
    if len(set(long)) == len(long):
        return set()
    long.sort()
    return set(compress(long[1:], map(operator.eq, long[1:], long)))
