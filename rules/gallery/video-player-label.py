"""A lone "Video" / "VIDEO" line: the label an embedded player leaves where it stood."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.findings import Finding
from linter.regexmemo import compiled
from linter.rule import Lines, Rule, Wake

# Only the player's own spellings: a lower-case "video" is a term (an HTML element, a
# field name) of documentation pages, and a plural "Videos" is a menu or section link.
_LABEL = compiled(r"(?-i:Video|VIDEO)")


class VideoPlayerLabel(Rule):
    """A line that is only "Video" or "VIDEO".

    News and blog pages embed a player between paragraphs; extractors drop the player and
    keep its label, alone on a line ("Video" above a Fox News story, "VIDEO" where a
    YouTube clip sat in a blog post). The word names the thing that was there, so the
    finding is a phrase finding and is fixed by default.

    Left alone: a label introduced by the sentence before it, when the previous non-blank
    line ends with a colon ("LONGER ANSWER – watch this video:" / "VIDEO"). The text
    points at the player there, and human-cleaned references keep that line; neither
    this rule nor `chrome-label-line` reports it. Lower-case "video" and the plural
    "Videos" are left to `chrome-label-line`, a shape rule: documentation uses the first
    as a term and menus the second as a link. The line stands alone between paragraphs,
    so its finding backs no shape finding beside it.

    Measured on `../shared/corpus`: written from one half of the sites (12 artefact lines
    on 5 sites; the 2 content lines there follow a colon), then checked on the other.
    """

    id = "video-player-label"
    message = "Lone video-player label"
    category = "gallery"
    languages = ("en",)
    anchors = False
    examples = [  # noqa: RUF012
        {"bad": "Video\n\nJames Van Der Beek has been eliminated.\n",
         "fixed": "James Van Der Beek has been eliminated.\n"},
        {"bad": "First paragraph.\n\nVIDEO\n\nSecond paragraph.\n",
         "fixed": "First paragraph.\n\nSecond paragraph.\n"},
        # Hard negatives: a label the text introduces, a term, a menu link, a sentence.
        {"good": "LONGER ANSWER – watch this video:\n\nVIDEO\n\nAs we cover in the guide.\n"},
        {"good": "video"},
        {"good": "Photos\nVideos\nPodcasts\n"},
        {"good": "Video of the crash was shared widely.\n"},
    ]

    wake = Wake((_LABEL,), max_length=5)

    def check(self, doc: Document, lines: Lines = None) -> Iterator[Finding]:
        for core in doc.cores_in(lines):
            if not _LABEL.fullmatch(core.text):
                continue
            if not _introduced(doc, core.index):
                yield self.delete_lines(doc, core.index)


def _introduced(doc: Document, index: int) -> bool:
    """Whether the nearest non-blank line above ``index`` ends with a colon."""
    for prev in range(index - 1, -1, -1):
        if not doc.is_blank(prev):
            return doc.line_text(prev).rstrip().endswith(":")
    return False
