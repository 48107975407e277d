"""A long unlabelled run of Title-Case headline lines: a recommended-stories widget."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
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
_WORD = compiled(r"[\p{L}']{4,}")
# Prices, percentages, formulas and trade marks: product and data lists, not headlines.
_NOT_HEADLINE = compiled(r"[$%=€£¥™®]|\d\s*(?:x|×)\s*\d")


def _is_title_line(core: str) -> bool:
    """A headline of MIN_WORDS words or more, mostly capitalised, with no price or formula
    (the tests that turn most lines away soonest first)."""
    if not 0 < len(core) <= TITLE_CHARS or ends_sentence(core):
        return False  # is_headline's cheapest tests, before the capitals
    words = _WORD.findall(core)
    if not words or sum(w[0].isupper() for w in words) < 0.75 * len(words):
        return False
    return (_NOT_HEADLINE.search(core) is None
            and is_headline(core, max_chars=TITLE_CHARS, min_words=MIN_WORDS))


def _short_line_blocks(cores: list) -> Iterator[list]:
    """Runs of MIN_LINES or more adjacent lines (no blank line between them) short enough
    to be headlines, the document's first line left out: where a headline run can be.
    Prose paragraphs and blank-line-separated text never reach ``_is_title_line``."""
    block: list = []
    for core in cores[1:]:
        if len(core.text) <= TITLE_CHARS and block and core.index == block[-1].index + 1:
            block.append(core)
            continue
        if len(block) >= MIN_LINES:
            yield block
        block = [core] if len(core.text) <= TITLE_CHARS else []
    if len(block) >= MIN_LINES:
        yield block


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
        for window in _short_line_blocks(doc.cores):
            run: list = []
            for core in window:
                fits = _is_title_line(core.text)
                if fits and run and core.index == run[-1].index + 1:
                    run.append(core)
                    continue
                yield from self._flush(doc, run)
                run = [core] if fits else []
            yield from self._flush(doc, run)

    def _flush(self, doc: Document, run: list) -> Iterator[Finding]:
        if len(run) < MIN_LINES:
            return
        mean = sum(word_count(c.text) for c in run) / len(run)
        if mean >= MIN_MEAN_WORDS:
            yield self.delete_lines(doc, run[0].index, run[-1].index)

    def _tail_run(self, doc: Document) -> Iterator[Finding]:
        """The last run of headline lines, when it closes the text right after prose."""
        cores = list(doc.cores)
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
