"""A long unlabelled run of Title-Case headline lines: a recommended-stories widget."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import CoreLine, Document
from linter.findings import Evidence, Finding
from linter.regexmemo import compiled
from linter.rule import Rule
from linter.textshape import ends_sentence, is_headline, word_count

MIN_LINES = 5
# A shorter run is enough at the end of the text, right after the last prose paragraph.
TAIL_MIN_LINES = 3
TAIL_SLACK = 6  # at most this many non-blank lines (footer residue) after such a run
PROSE_WORDS = 12
MIN_WORDS = 4
MIN_MEAN_WORDS = 6.0
TITLE_CHARS = 140  # longer lines are never headlines here
# The first letter of each word of four letters or more (apostrophes count as letters).
_WORD_INITIAL = compiled(r"([\p{L}'])[\p{L}']{3,}")
# Prices, percentages, formulas and trade marks: product and data lists, not headlines.
_NOT_HEADLINE = compiled(r"[$%=€£¥™®]|\d\s*(?:x|×)\s*\d")


def _is_title_line(core: str) -> bool:
    """A headline of MIN_WORDS words or more, mostly capitalised, with no price or formula
    (the tests that turn most lines away soonest first)."""
    if not 0 < len(core) <= TITLE_CHARS or ends_sentence(core):
        return False  # is_headline's cheapest tests, before the capitals
    initials = _WORD_INITIAL.findall(core)
    if not initials or sum(map(str.isupper, initials)) < 0.75 * len(initials):
        return False
    return (_NOT_HEADLINE.search(core) is None
            and is_headline(core, max_chars=TITLE_CHARS, min_words=MIN_WORDS))


def _title_runs(cores: list[CoreLine]) -> Iterator[tuple[int, int]]:
    """Where the runs of MIN_LINES or more headline lines next to one another (no blank
    line between them) start and end in ``cores``, the first core left out. Past the
    last core known to be in no run, every MIN_LINES-th core is tested, since any run
    holds one of them; only around one that is a headline are the cores between tested.
    Most cores are never tested."""
    floor = 1  # the first core (often the article's own headline) is never in a run
    probe = floor + MIN_LINES - 1
    while probe < len(cores):
        if not _is_title_line(cores[probe].text):
            floor = probe + 1
            probe = floor + MIN_LINES - 1
            continue
        start, end = probe, probe + 1
        while start > floor and _follows(cores, start) and _is_title_line(cores[start - 1].text):
            start -= 1
        while end < len(cores) and _follows(cores, end) and _is_title_line(cores[end].text):
            end += 1
        if end - start >= MIN_LINES:
            yield start, end
        floor = end  # cores[end] is no headline or follows a blank line: a run may start
        probe = floor + MIN_LINES - 1


def _follows(cores: list[CoreLine], number: int) -> bool:
    """Whether core ``number`` is on the line right after the core before it."""
    return cores[number - 1].index + 1 == cores[number].index


class HeadlineRun(Rule):
    """Five or more consecutive lines (no blank line between them) that are each shaped like
    a Title-Case headline: at least four words, most longer words capitalised, no sentence
    ending, no prices or percentages, and on average at least six words a line. Such a run
    with no header is a recommended-stories or "trending" widget pasted into the text.

    At the end of the text a shorter run is enough: three or more such lines (single blank
    lines between them allowed) in the second half of the text, right after a prose
    paragraph (a line of at least twelve words that ends like a sentence), followed by at
    most six non-blank lines, and again six words a line on average. That is the "more
    from us" list a site puts under the story ("15 Amazing Images of Stars", "11
    Fascinating Facts About Our Milky Way Galaxy", ...); shorter titles at the end ("27
    Oddest Medical Case Reports") are left, as a list of books or films would be.

    The document's first non-blank line is never taken (it is often the article's own
    headline, directly above the widget). Lists of short titles (books, films, tracks) stay
    below the six-word average; lines with prices or figures are product or data lists.
    """

    id = "headline-run"
    message = "Unlabelled run of linked headlines"
    category = "related-links"
    evidence = Evidence.SHAPE
    languages = ("en",)
    examples = [  # noqa: RUF012
        {"bad": "Star Hits the Slopes With Friends on Aspen Getaway\n"
         "Singer Shares Marriage Update Amid Split (Exclusive)\n"
         "Actor Reacts to Secret Service Probe Over His Comments\n"
         "Gymnast's Husband Says He's the 'Catch' in Their Relationship\n"
         "Singer's Relationship Must-Haves Revealed Amid New Romance\n"
         "Player's Shirtless Spa Visit Resurfaces Amid Pop Star Romance\n"
         "The star was seen on the slopes on Friday.\n",
         "fixed": "Star Hits the Slopes With Friends on Aspen Getaway\n"
         "The star was seen on the slopes on Friday.\n"},
        {"good": "Intro.\n\nThe Covenant of Water\nThe Heaven and Earth Grocery Store\n"
         "Tom Lake by Ann Patchett\nThe Bee Sting by Paul Murray\n"
         "North Woods by Daniel Mason\n\nAll five are out now.\n"},
        {"good": "Prices:\nFast and Free High-Rise Tight Sale Price $89 USD Regular Price\n"
         "Align High-Rise Jogger Sale Price $79 USD Regular Price Now\n"
         "Align High-Rise Pant Sale Price $39 USD Regular Price Now\n"
         "Base Pace High-Rise Tight Sale Price $39 USD Regular Price\n"
         "Base Pace High-Rise Crop Sale Price $39 USD Regular Price\n"},
        {"bad": "Title\n\n" + "The simulation tracked twenty billion particles over the "
         "full age of the universe, the team said.\n\n" * 4
         + "15 Amazing Images of Stars\n\n11 Fascinating Facts About Our Milky Way Galaxy\n\n"
         "The 11 Biggest Unanswered Questions About Dark Matter\n\n"
         "Originally published on Live Science.\n",
         "fixed": "Title\n\n" + "The simulation tracked twenty billion particles over the "
         "full age of the universe, the team said.\n\n" * 4
         + "Originally published on Live Science.\n"},
        {"good": "Title\n\n" + "She has taught creative writing for thirty years and "
         "still rereads the same few novels every summer.\n\n" * 4
         + "The Lord of the Rings\n\nThe Remains of the Day\n\nThe Left Hand of Darkness\n"},
        {"good": "Title\n\nSeason in review: the driver won twice this year and finished "
         "tenth in the standings.\n\nCrew Chief Robert Bootie Barker\n\n"
         "Final Ranking Was Tenth Place\n\nBest Finish Came at Talladega\n\nMore text.\n"},
        {"good": "Title\n\n" + "The band played for three hours and the crowd sang along "
         "to every song, fans said.\n\n" * 4
         + "Then they played the encores:\n\nSweet Child of Mine Again\n\n"
         "Paradise City at Full Volume\n\nNovember Rain With the Orchestra\n"},
        {"good": "Intro.\n\nHow We Chose the Winners of This Year's Awards\n"
         "The jury met in March.\n"
         "What the Judges Said About the Shortlisted Entries\n"
         "They praised the range of work.\n"},
    ]

    def check(self, doc: Document) -> Iterator[Finding]:
        yield from self._tail_run(doc)
        cores = doc.cores
        for start, end in _title_runs(cores):
            mean = sum(word_count(core.text) for core in cores[start:end]) / (end - start)
            if mean >= MIN_MEAN_WORDS:
                yield self.delete_lines(doc, cores[start].index, cores[end - 1].index)

    def _tail_run(self, doc: Document) -> Iterator[Finding]:
        """The last run of headline lines, when it closes the text right after prose."""
        cores = doc.cores
        end = len(cores) - 1
        while end >= len(cores) - 1 - TAIL_SLACK and end > 0:
            if _is_title_line(cores[end].text):
                break
            end -= 1
        else:
            return
        start = end
        while start - 1 > 0 and _is_title_line(cores[start - 1].text):
            start -= 1
        if (end - start + 1 < TAIL_MIN_LINES or start < len(cores) // 2
                or len(cores) - 1 - end > TAIL_SLACK):
            return
        before = cores[start - 1].text
        mean = sum(word_count(c.text) for c in cores[start:end + 1]) / (end - start + 1)
        if (ends_sentence(before) and word_count(before) >= PROSE_WORDS
                and mean >= MIN_MEAN_WORDS):
            yield self.delete_lines(doc, cores[start].index, cores[end].index)
