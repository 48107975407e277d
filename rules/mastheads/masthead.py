"""The publication's name as the first line, above the real headline."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.findings import Finding
from linter.regexmemo import compiled
from linter.rule import Option, Rule
from linter.textshape import fold, is_headline

# "The" and a name, or two or more words before the newspaper word: a title of two words
# ("Good News", "Rising Star", "Midnight Sun") over its standfirst is the article's own
_NAME = compiled(
    r"(?:The (?:\p{Lu}[\p{L}'’.&-]*\s){0,3}|(?:\p{Lu}[\p{L}'’.&-]*\s){2,3})"
    r"(?:Herald|Times|Post|News|Journal|Tribune|Gazette|Chronicle|Telegraph|Guardian|Express"
    r"|Observer|Independent|Standard|Courier|Inquirer|Mirror|Mail|Monitor|Dispatch|Examiner"
    r"|Bulletin|Register|Sentinel|Statesman|Today|Review|Star|Sun|Press|Insider|Wire)"
    r"|The Daily(?: \p{Lu}[\p{L}'’-]*){1,3}"
)


class Masthead(Rule):
    """The name of the publication as the first line of the text, above the headline.

    `The Korea Herald`, `The New York Times`, `The Daily Telegraph`: the first non-blank
    line, at most five capitalised words ending with a word newspapers are named with
    (Herald, Times, Post, News, Journal, Tribune, Gazette, ...), opening with "The" or with
    at least two words before that one, and followed by another headline-like line, which
    is the article's own title. A two-word title ("Good News", "Rising Star", "Midnight
    Sun") is the article's own, whatever follows it; so is "Good News" followed by prose.

    Option `names` (configuration `[tool.artlint.options.masthead]`): more publication
    names, matched against the whole first line ignoring case, for mastheads the built-in
    shape misses (`names = ["Korea JoongAng Daily"]`). The headline check still applies.
    """

    id = "masthead"
    message = "Publication masthead above the headline"
    category = "mastheads"
    languages = ("en",)
    examples = [  # noqa: RUF012
        {"bad": "The Korea Herald\n\nPyongyang reconfirms ties with Russia\n\nText.",
         "fixed": "Pyongyang reconfirms ties with Russia\n\nText."},
        {"good": "Good News\n\nThe vaccine works, the trial found.\n"},
        {"good": "Rising Star\n\nThe Teenager Who Beat The World Champion\n\nText.\n"},
        {"good": "Text of the article.\n\nMore text.\n\nThe Korea Herald\n"},
    ]
    options = {  # noqa: RUF012
        "names": Option("publication names to treat as mastheads, besides the built-in shape"
                        " (whole first line, any case)", []),
    }

    def check(self, doc: Document) -> Iterator[Finding]:
        cores = doc.cores
        if len(cores) < 3:
            return
        first = cores[0].text
        named = first.casefold() in {fold(name).strip().casefold() for name in self.option("names")}
        if not named and (len(first) > 50 or not _NAME.fullmatch(first)):
            return
        if is_headline(cores[1].text):
            yield self.delete_lines(doc, cores[0].index)
