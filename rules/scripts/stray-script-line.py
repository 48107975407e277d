"""A short line in another writing system than the rest of the article."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.findings import Evidence, Finding
from linter.lineflags import where
from linter.rule import Rule
from linter.textshape import script_of, script_share, word_count

MAX_CHARS = 24
MAX_WORDS = 3
MIN_DOC_LETTERS = 200
MAX_SHARE = 0.02  # the line's script makes up at most this share of the document


class StrayScriptLine(Rule):
    """A short line written in a script that the article otherwise hardly uses.

    Widgets, user names and menu items in another language leak into extracted text as
    lone short lines (`지나쌤` in an English article). A line of at most three words and
    24 characters is flagged when all its letters belong to one script (Latin, Cyrillic,
    Han/Kana, Hangul, Arabic, ...) and that script makes up at most 2% of the letters of
    a document of at least 200 letters. Quotations inside sentences are never touched:
    the line must stand alone.
    """

    id = "stray-script-line"
    message = "Short stray line in another script than the article"
    category = "scripts"
    evidence = Evidence.SHAPE
    examples = [  # noqa: RUF012
        {"bad": "The Korea Herald\n\n지나쌤\n\n" + "North Korea said on Saturday that ties "
         "with Russia will remain strong despite the warning from the United States. " * 3,
         "fixed": "The Korea Herald\n\n" + "North Korea said on Saturday that ties with "
         "Russia will remain strong despite the warning from the United States. " * 3},
        {"good": "Seoul\n\n" + "서울에서 열린 회담에서 양국 외교장관은 협력을 약속했다. " * 10},
        {"good": "µ\n\n" + "A sentence long enough to make the document count as an article. " * 5},
    ]

    def check(self, doc: Document) -> Iterator[Finding]:
        if len(doc.text) < MIN_DOC_LETTERS or not doc.cores:
            return
        texts = doc.core_texts
        lengths = list(map(len, texts))
        main = _main_script(texts, lengths)
        # An ASCII line's letters are all Latin: never stray in a Latin-script article.
        latin = main == "latin"
        if latin and doc.core_text.isascii():
            return  # an ASCII text in a Latin-script article: no line to test
        shares: dict[str, float] = {}
        for number in where(map(MAX_CHARS.__ge__, lengths)):
            text = texts[number]
            if (latin and text.isascii()) or word_count(text) > MAX_WORDS:
                continue
            script = script_of(text)
            if script in (None, "other", main):  # "other": no script group to measure
                continue
            if script not in shares:
                shares[script] = _share(doc.text, script)
            if shares[script] <= MAX_SHARE:
                yield self.delete_lines(doc, doc.cores[number].index)


def _main_script(texts: list[str], lengths: list[int]) -> str | None:
    """The script of the longest line (the first of the longest): a stray line's script is
    never the article's."""
    longest = max(lengths)
    return script_of(texts[lengths.index(longest)][:200]) if longest > MAX_CHARS else None


def _share(text: str, script: str) -> float:
    letters = sum(map(str.isalpha, text))
    return script_share(text, script) if letters >= MIN_DOC_LETTERS else 1.0
