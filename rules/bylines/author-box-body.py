"""An "About the author" box at the end of the text: the header and the lines under it."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from linter.document import Document
from linter.findings import Finding
from linter.regexmemo import compiled
from linter.rule import Lines, Rule, Wake

TAIL = 15  # the header must be among the last non-blank lines, where author boxes sit
MAX_BODY = 4  # lines taken under the header: name, title, one or two bio paragraphs
MAX_CHARS = 700  # a longer line is article text that an extractor glued together
BIO_CHARS = 80  # a line this long is the biography: the body ends with it (what follows
#                 a novelist's bio in a book review is the review's next paragraph)
_HEADER = compiled(
    r"(?:about the (?:author|authors|writer|reporter|contributor)s?|about this author"
    r"|meet the author|author bio(?:graphy)?"
    r"|über (?:den|die) autor(?:in)?|zum autor|zur autorin"
    r"|à propos de l.auteur|a propos de l.auteur|l.auteur|sobre el autor|acerca del autor"
    r"|sobre o autor|sull.autore|over de auteur|об авторе|tentang penulis"
    r"|作者简介|作者簡介|关于作者|著者について|この記事を書いた人|기자 소개|필자 소개)[\s:.]*",
    regex.IGNORECASE,
)


class AuthorBoxBody(Rule):
    """An author box near the end of the text: an "About the author" header ("About The
    Author", "Über den Autor", "À propos de l'auteur", "Sobre el autor", "Об авторе",
    "作者简介", "著者について", "기자 소개") and the one to four lines under it (the
    name, split over lines or not, a job title, the biography). The header rule
    `author-box` removes the header alone; this one takes the box's body with it.

    The header must be among the last 15 non-blank lines and stand alone on its line. The
    body stops at a blank-line gap of two or more, after four lines, after the first line
    of 80 characters or more (the biography: the paragraph after it is the article's, as
    in a book review that ends with its novelist's bio), or before a line of over 700
    characters.
    """

    id = "author-box-body"
    message = "Author box with its biography"
    category = "bylines"
    languages = ("en", "de", "fr", "es", "pt", "it", "nl", "ru", "id", "zh", "ja", "ko")
    examples = [  # noqa: RUF012
        {"bad": "Text of the story.\n\nAbout The Author\n\nDale\nHurd\n\n"
         "Since joining the network, Dale has reported from Western Europe and China.\n",
         "fixed": "Text of the story.\n"},
        {"bad": "Texte.\n\nÀ propos de l'auteur\nMarie Dupont est journaliste à Lyon.\n",
         "fixed": "Texte.\n"},
        {"good": "Intro.\n\nThe prize is about the author and her debut.\n\nShe won it.\n"},
        {"bad": "Review.\n\nAbout the author\n\nAnna Berg was born in Oslo in 1980 and "
         "studied literature at the university there.\n\nHer first novel won the Costa "
         "prize in 2019.\n",
         "fixed": "Review.\n\nHer first novel won the Costa prize in 2019.\n"},
        {"good": "About the author\n\nThe novel follows three sisters.\n\n"
         + "".join(f"Paragraph {n} of the review goes on.\n\n" for n in range(20))},
    ]

    wake = Wake((_HEADER,))

    def check(self, doc: Document, lines: Lines = None) -> Iterator[Finding]:
        cores = doc.cores
        for pos in range(max(0, len(cores) - TAIL), len(cores)):
            if lines is not None and cores[pos].index not in lines:
                continue  # not a header
            if not _HEADER.fullmatch(cores[pos].text):
                continue
            last = pos
            while (last + 1 < len(cores) and last - pos < MAX_BODY
                   and len(cores[last + 1].text) <= MAX_CHARS
                   and cores[last + 1].index - cores[last].index <= 2
                   and (last == pos or len(cores[last].text) < BIO_CHARS)):
                last += 1
            if last > pos:
                yield self.delete_lines(doc, cores[pos].index, cores[last].index)
            return
