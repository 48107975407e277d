"""Three or more caption lines in a row that end with a picture credit: a gallery's captions."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from linter.document import CoreLine, Document
from linter.findings import Finding
from linter.regexmemo import compiled
from linter.rule import Lines, Rule, Wake

MIN_RUN = 3  # captions in a row; two are often one figure's caption and a kept caption
MAX_CHARS = 400  # longer lines are prose paragraphs an extractor glued to a credit
_NAME = r"\p{Lu}[\p{L}.'\-]+(?: \p{Lu}[\p{L}.'\-]+){0,3}"
_AGENCY = r"(?:Getty Images|AFP|AP|Reuters|Shutterstock|EPA|Alamy|NPR|Bloomberg)"
# How a picture credit closes a caption line. Case-insensitive, except the agency shapes.
_CREDIT_END = compiled(
    "(?:" + "|".join([
        # "(Image credit: Future)", "(Photo: Getty Images)", "(Foto: dpa)", "(Photo : AFP)"
        r"\((?:image|photo|picture|pic|photograph|illustration|video|foto|bild|imagen|imagem"
        r"|immagine|afbeelding|фото|写真|画像|사진|图片|圖片)s?"
        r"(?: credit| courtesy| source|nachweis|quelle)?s?\s*[:：]\s*[^()]{1,80}\)",
        # "(Photo by Kevin Mazur/Getty Images)"
        r"\((?:image|photo|picture|photograph)s? (?:by|courtesy of|via) [^()]{2,100}\)",
        # "... Credit: Getty", "... Credits: NASA" (capitalised label only)
        r"(?-i:Credits?)\s*:\s*[^.!?:]{2,60}",
        # "... REUTERS/Brendan McDermid"
        rf"(?-i:\b(?:REUTERS|AFP|AP|EPA|XINHUA|ANADOLU)\s?/\s?{_NAME})",
        # "... Catie Dull/NPR", "... J. Scott Applewhite / AP file"
        rf"(?-i:{_NAME}\s?/\s?{_AGENCY}(?: via Getty Images)?(?: file)?)(?: hide caption)?",
    ])
    + r")\s*$",
    regex.IGNORECASE,
)
# "Image 3 of 12", "1 / 8", "Slide 2/9": a gallery's own counter between its captions.
_COUNTER = compiled(
    r"(?:(?:image|photo|picture|slide|bild|foto|imagen|immagine|фото)s?\s*)?"
    r"\d{1,3}\s*(?:of|/|von|sur|de|di|van|из)\s*\d{1,3}",
    regex.IGNORECASE,
)
# A reporting verb: a sentence that quotes someone is prose, whatever it ends with.
_REPORTING = compiled(r"\b(?:said|says|told)\b", regex.IGNORECASE)


def is_credit_caption(text: str) -> bool:
    """A caption (or bare credit) whose line ends with a picture credit."""
    return (len(text) <= MAX_CHARS and _may_end_with_credit(text)
            and _CREDIT_END.search(text) is not None and _REPORTING.search(text) is None)


def _may_end_with_credit(text: str) -> bool:
    """What every shape of ``_CREDIT_END`` contains: "(", "/" or a case-sensitive "Credit"."""
    return "(" in text or "/" in text or "Credit" in text


class CaptionGalleryRun(Rule):
    """Caption lines that end with a picture credit and stand next to each other: the
    captions of a photo gallery or slideshow, which extractors flatten into the text
    ("Image 1 of 37", then "A macro shot (Image credit: Future / Lance Ulanoff)", "Night
    photography (Image credit: Future / Lance Ulanoff)", ...).

    A caption line ends with a picture credit ("(Image credit: X)", "(Photo: X)", "(Foto:
    X)", "Credit: X", "REUTERS/Name", "Name/Getty Images"). Three or more of them in a row
    (blank lines between them allowed), or any run of them right under a gallery counter
    ("Image 3 of 12", "1 / 8"), are deleted together. One or two captioned photos between
    paragraphs are left alone: many texts keep a figure's caption, and the opt-in
    `caption-with-credit` handles those. Lines over 400 characters (prose glued to a
    credit) and lines with "said", "says" or "told" never count as captions.
    """

    id = "caption-gallery-run"
    message = "Photo-gallery caption with its picture credit"
    category = "captions"
    languages = ("en", "de", "fr", "es", "pt", "it", "nl", "ru", "ja", "ko", "zh")
    examples = [  # noqa: RUF012
        {"bad": "Intro.\n\nImage 1 of 3\n\nA macro shot (Image credit: Future)\n\n"
         "Night photography (Image credit: Future / Lance Ulanoff)\n\nMore text.\n",
         "fixed": "Intro.\n\nImage 1 of 3\n\nMore text.\n"},
        {"bad": "Text.\n\nThe hunter ate a rabbit Credit: Getty - Contributor\n"
         "A couple in Mongolia in May 2019 Credit: The Siberian Times\n"
         "The hospital in Beijing Credit: EPA\n\nMore.\n",
         "fixed": "Text.\n\nMore.\n"},
        {"bad": "Text.\n\nBild 1 von 4\n\nDer Marktplatz am Abend (Foto: dpa)\n\n"
         "Die Kirche im Winter (Foto: Stadt Ulm)\n\nMehr.\n",
         "fixed": "Text.\n\nBild 1 von 4\n\nMehr.\n"},
        {"good": "Intro.\n\nThe new USB-C port (Image credit: Future / Lance Ulanoff)\n\n"
         "The port charges faster than before.\n"},
        {"good": "He topped the chart in 2003 Credit: Getty\n\n"
         "He has an EP out soon Credit: Getty\n\nThe tour starts in May.\n"},
        {"good": "Three photos ran (photo: AP).\nA fourth was cut (photo: AP).\n"
         "Editors said nothing (photo: AP)\n"},
        {"good": "The museum shows the image (photo: see page 4) in its new wing.\n"
         "Readers can download the image (photo: NASA).\n"},
        {"good": "He posted the picture online (photo: Reuters), he said.\n"
         "The agency (Photo: AP) told us it was real, officials said.\n"},
        {"good": "Credit: lenders tightened terms in March.\nCredit: card debt rose again.\n"},
    ]

    # Every caption line ends with a picture credit: no credit, nothing to find.
    wake = Wake((_CREDIT_END,), search=True, max_length=MAX_CHARS)

    def check(self, doc: Document, lines: Lines = None) -> Iterator[Finding]:
        cores = doc.cores
        credit = [(lines is None or c.index in lines) and is_credit_caption(c.text)
                  for c in cores]
        pos = 0
        while pos < len(cores):
            if not credit[pos]:
                pos += 1
                continue
            end = pos
            while end + 1 < len(cores) and credit[end + 1]:
                end += 1
            if end - pos + 1 >= MIN_RUN or _after_counter(cores, pos):
                for core in cores[pos : end + 1]:
                    yield self.delete_lines(doc, core.index)
            pos = end + 1


def _after_counter(cores: list[CoreLine], pos: int) -> bool:
    return pos > 0 and _COUNTER.fullmatch(cores[pos - 1].text) is not None
