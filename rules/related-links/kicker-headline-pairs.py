"""A list of recommended stories laid out as kicker/headline pairs."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.findings import Evidence, Finding
from linter.regexmemo import compiled
from linter.rule import Lines, Rule, Wake
from linter.textshape import ends_sentence, is_headline, word_count

MIN_PAIRS = 3
# An all-capitals kicker: one to six words, no lower-case letter, no digits-only line.
_KICKER = compiled(r"[^\p{Ll}\p{N}]*\p{Lu}[^\p{Ll}]*")
_LOWER = compiled(r"\p{Ll}")


def _is_kicker(core: str) -> bool:
    return (
        len(core) <= 40
        and 1 <= word_count(core) <= 6
        and _KICKER.fullmatch(core) is not None
        and not ends_sentence(core)
    )


def _is_link(core: str) -> bool:
    return (
        is_headline(core, max_chars=140)
        and word_count(core) >= 4
        and _LOWER.search(core) is not None
        and not _is_kicker(core)
    )


class KickerHeadlinePairs(Rule):
    """A "most read" list where each story is an all-capitals kicker line followed by its
    headline line, as tabloid sites lay them out:

        RANDY ANDY
        Andrew parties in unearthed pics despite claiming 'he avoids PDAs'
        TIME TRAVELLER
        Conspiracy theorists say they've spotted Greta in 120-year-old pic

    At least three such pairs in a row (single blank lines between lines allowed) are
    deleted. An article's own all-capitals subheadings are followed by paragraphs that end
    like sentences, so they never make a pair; one or two pairs are left alone.
    """

    id = "kicker-headline-pairs"
    message = "Recommended-stories list of kicker/headline pairs"
    category = "related-links"
    evidence = Evidence.SHAPE
    languages = ("en",)
    examples = [  # noqa: RUF012
        {"bad": "Text of the story.\n\nRANDY ANDY\nAndrew parties in unearthed pics again\n"
         "TIME TRAVELLER\nConspiracy theorists spot Greta in an old picture\n"
         "'NAIVE AND TRUSTING'\nGrace gave man on dating site a list of demands\n\n"
         "More text of the story.\n",
         "fixed": "Text of the story.\n\nMore text of the story.\n"},
        {"bad": "Text.\n\nEYE POPPING\n\nRussian man has tricep removed after injecting oil\n\n"
         "GET WITH THE PROGRAM\n\nFurious mum demands clothes have gender labels scrapped\n\n"
         "DRIVEN\n\nPregnant girl, 13, jumps to her death after attack\n\nMore text.\n",
         "fixed": "Text.\n\nMore text.\n"},
        {"good": "SCORES QUARANTINED\nThe first two patients resulted in 46 contacts.\n"
         "HOW IT SPREADS\nPlague is caused by bacteria found in small mammals.\n"
         "WHAT NEXT\nOfficials will meet again on Monday.\n"},
        {"good": "Text.\n\nBLACK DEATH FEARS\nHunter diagnosed with bubonic plague after eating "
         "a rabbit\n\nA HUNTER who killed and ate a wild rabbit has been hit by the plague.\n"},
        {"good": "FIRST HALF\nGoals from Smith and Jones put the hosts ahead\n"
         "SECOND HALF\nThe visitors pulled one back through Brown late on\n\nText.\n"},
    ]

    # Every pair starts with an all-capitals kicker line: three pairs, three kickers.
    wake = Wake((_KICKER,), max_length=40, min_lines=MIN_PAIRS)

    def check(self, doc: Document, lines: Lines = None) -> Iterator[Finding]:
        cores = list(doc.cores)
        i = 0
        while i + 1 < len(cores):
            if lines is not None and cores[i].index not in lines:
                i += 1  # not a kicker: no pair starts here
                continue
            j = i
            while (j + 1 < len(cores)
                   and _adjacent(cores[j], cores[j + 1])
                   and _is_kicker(cores[j].text) and _is_link(cores[j + 1].text)
                   and (j == i or _adjacent(cores[j - 1], cores[j]))):
                j += 2
            if (j - i) // 2 >= MIN_PAIRS:
                yield self.delete_lines(doc, cores[i].index, cores[j - 1].index)
                i = j
            else:
                i += 1


def _adjacent(a: object, b: object) -> bool:
    """At most one blank line between two non-blank lines."""
    return b.index - a.index <= 2  # type: ignore[attr-defined]
