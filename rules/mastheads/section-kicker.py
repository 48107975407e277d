"""A section label ("World", "Movies", "U.S. news") as the first line, above the headline."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.findings import Evidence, Finding
from linter.rule import Rule
from linter.textshape import is_headline, word_count

MAX_CHARS = 30
MAX_WORDS = 3
MIN_HEADLINE_WORDS = 4


class SectionKicker(Rule):
    """The site's section or topic label as the first line of the text.

    News pages print the section above the headline (`World`, `Science`, `U.S. news`,
    `Commentary`, `Celebrity`) and extractors keep it as the first line. The first non-blank
    line is flagged when it has at most three words and 30 characters, does not end like a
    sentence, and the next line is a headline of at least four words that does not end like
    a sentence either. A short first line followed by prose is the title itself and stays.
    """

    id = "section-kicker"
    message = "Section label above the headline"
    category = "mastheads"
    evidence = Evidence.SHAPE
    examples = [  # noqa: RUF012
        {"bad": "World\n\nChina deploys troops to the border\n\nText of the story.\n",
         "fixed": "China deploys troops to the border\n\nText of the story.\n"},
        {"good": "Good News\n\nThe vaccine works, the trial found.\n"},
        {"good": "Text of the article.\n\nWorld\n\nChina deploys troops to the border\n"},
    ]

    def check(self, doc: Document) -> Iterator[Finding]:
        cores = doc.cores
        if len(cores) < 3:
            return
        first, second = cores[0].text, cores[1].text
        if (
            len(first) <= MAX_CHARS
            and word_count(first) <= MAX_WORDS
            and is_headline(first)
            and is_headline(second)
            and word_count(second) >= MIN_HEADLINE_WORDS
        ):
            yield self.delete_lines(doc, cores[0].index)
