"""A line that holds the same text twice in a row (a caption and its alt text)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import CoreLine, Document
from linter.findings import Evidence, Finding
from linter.rule import Rule

MIN_COPY = 20  # characters; shorter repeats ("Yes Yes") are left alone


class DoubledCaption(Rule):
    """A line whose text is two copies of the same passage, side by side.

    Extractors that read both an image caption and its alt text (or a figure caption
    and a screen-reader copy) join them on one line: `Blinken (left) shakes hands with
    Park Jin. (Yonhap) Blinken (left) shakes hands with Park Jin. (Yonhap)`. The fix
    keeps the first copy. Each copy must be at least 20 characters and contain a space.
    """

    id = "doubled-caption"
    message = "Caption repeated twice on one line"
    category = "duplicates"
    evidence = Evidence.SHAPE
    examples = [  # noqa: RUF012
        {"bad": "A man waves a flag in Seoul. (Yonhap) A man waves a flag in Seoul. (Yonhap)",
         "fixed": "A man waves a flag in Seoul. (Yonhap)"},
        {"good": "Yes, yes, he said."},
        {"good": "New York, New York is a song."},
    ]

    def check(self, doc: Document) -> Iterator[Finding]:
        for core in doc.cores:
            text = core.text  # a first look, in C: the opening recurs later in the line
            if len(text) >= 2 * MIN_COPY and text.find(text[:MIN_COPY], MIN_COPY) > 0:
                second = _second_copy(core)
                if second is not None:
                    yield self.delete_span(doc, *second)


def _second_copy(core: CoreLine) -> tuple[int, int] | None:
    """Offsets of the separator and second copy when the core is "X X" (or "XX")."""
    text = core.text
    for gap in (1, 0, 2, 3):
        half, odd = divmod(len(text) - gap, 2)
        if odd or half < MIN_COPY:
            continue
        if text[half - 1] != text[-1] or text[0] != text[half + gap]:
            continue  # the copies differ at an end: no need to compare them whole
        first, sep, second = text[:half], text[half : half + gap], text[half + gap :]
        if first == second and not sep.strip() and " " in first:
            return core.start + half, core.end
    return None
