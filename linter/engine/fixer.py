"""The one routine that applies fixes to a document.

1. ``select``: fixes are taken in a fixed order (earliest start, then longest, then rule
   id); a fix that overlaps one already taken waits for the next pass.
2. ``apply``: whole-line deletions and changes inside one line are applied together.
3. Seams are tidied so the text reads as if the artefact had never been there: where
   lines were deleted, the blank lines around the gap collapse to the largest blank run
   that was there before (none at the start or end of the text, beyond what was there),
   and the presence or absence of a final newline is kept. A line left blank by an edit
   inside it is removed as if it had been deleted.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable

from linter.document import Document
from linter.findings import Edit, Finding, Fix

_SEAM = None  # marks where deleted lines were, in the list of kept lines


class InvalidEdit(ValueError):
    """An edit that is neither a whole-line deletion nor a change inside one line."""


def touched_lines(doc: Document, finding: Finding) -> set[int]:
    """The 0-based lines a finding and its fix touch."""
    spans = [(finding.start, finding.end)]
    if finding.fix is not None:
        spans += [(edit.start, edit.end) for edit in finding.fix.edits]
    lines: set[int] = set()
    for start, end in spans:
        lines.update(doc.lines_spanned(start, end))
    return lines


def select(findings: Iterable[Finding]) -> list[Finding]:
    """Fixable findings whose fixes do not overlap, chosen deterministically."""
    fixable = [f for f in findings if f.fix is not None]
    fixable.sort(key=lambda f: (f.fix.start, -f.fix.end, f.rule, f.start))  # type: ignore[union-attr]
    taken = _Taken()
    chosen: list[Finding] = []
    for finding in fixable:
        fix = finding.fix
        assert fix is not None
        if not any(taken.collides(edit) for edit in fix.edits):
            for edit in fix.edits:
                taken.add(edit)
            chosen.append(finding)
    return chosen


class _Taken:
    """Edits already chosen, sorted by start. They never overlap one another, so a new
    edit can only collide with its two neighbours: O(log n) per check, not O(n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.edits: list[Edit] = []

    def collides(self, edit: Edit) -> bool:
        i = bisect.bisect_left(self.starts, edit.start)
        return any(_overlap(edit, self.edits[j]) for j in (i - 1, i) if 0 <= j < len(self.edits))

    def add(self, edit: Edit) -> None:
        i = bisect.bisect_left(self.starts, edit.start)
        self.starts.insert(i, edit.start)
        self.edits.insert(i, edit)


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == b.start:
        return True
    return a.start < b.end and b.start < a.end


def classify(doc: Document, edit: Edit) -> tuple[str, int, int]:
    """('lines', first, last) for a whole-line deletion, ('inline', line, line) otherwise.

    Raises InvalidEdit for anything else.
    """
    if not doc.line_starts or not 0 <= edit.start <= edit.end <= len(doc.text):
        raise InvalidEdit(f"edit {edit.start}..{edit.end} lies outside the text")
    first = max(0, bisect.bisect_right(doc.line_starts, edit.start) - 1)
    line = doc.line_at(first)
    if edit.replacement == "" and edit.start == line.start and edit.end > edit.start:
        last = max(0, bisect.bisect_right(doc.line_starts, edit.end - 1) - 1)
        end_line = doc.line_at(last)
        if edit.end in (end_line.next, end_line.end):
            return "lines", first, last
    if line.start <= edit.start and edit.end <= line.end:
        return "inline", first, first
    raise InvalidEdit(f"edit {edit.start}..{edit.end} is neither whole lines nor inside one line")


def apply(doc: Document, fixes: Iterable[Fix]) -> str:
    """The text after applying ``fixes`` (which must not overlap) and tidying the seams."""
    return apply_with_origin(doc, fixes)[0]


def apply_with_origin(
    doc: Document, fixes: Iterable[Fix], keep: Iterable[int] = ()
) -> tuple[str, list[int]]:
    """The fixed text, and for each of its lines the index of the line it came from.

    Lines in ``keep`` (protected by a reader: masked code, front matter) survive the
    tidying of blank lines around a deleted block.
    """
    deleted: set[int] = set()
    inline: dict[int, list[Edit]] = defaultdict(list)
    for fix in fixes:
        for edit in fix.edits:
            kind, first, last = classify(doc, edit)
            if kind == "lines":
                deleted.update(range(first, last + 1))
            else:
                inline[first].append(edit)
    kept = _tidy(_kept_lines(doc, deleted, inline))
    kept = _restore(kept, set(keep), doc)
    text = "".join(content + ending for content, ending, _ in kept)
    return _keep_final_newline(doc, text), [origin for _, _, origin in kept]


Kept = tuple[str, str, int]  # content, line ending, index of the original line


def _kept_lines(
    doc: Document, deleted: set[int], inline: dict[int, list[Edit]]
) -> list[Kept | None]:
    kept: list[Kept | None] = []
    for line in doc.lines:
        content = doc.text[line.start : line.end]
        if line.index in inline:
            changed = _apply_inline(content, line.start, inline[line.index])
            if content.strip() and not changed.strip():
                deleted.add(line.index)
            content = changed
        if line.index in deleted:
            if kept and kept[-1] is _SEAM:
                continue
            kept.append(_SEAM)
            continue
        kept.append((content, doc.text[line.end : line.next], line.index))
    return kept


def _apply_inline(content: str, offset: int, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        start, end = edit.start - offset, edit.end - offset
        content = content[:start] + edit.replacement + content[end:]
    return content


def _is_blank(entry: Kept | None) -> bool:
    return entry is not _SEAM and not entry[0].strip()  # type: ignore[index]


def _tidy(kept: list[Kept | None]) -> list[Kept]:
    """Collapse each gap (seams and the blank lines around them) to its right blank run."""
    out: list[Kept] = []
    i = 0
    while i < len(kept):
        if not (kept[i] is _SEAM or _is_blank(kept[i])):
            out.append(kept[i])  # type: ignore[arg-type]
            i += 1
            continue
        j = i
        while j < len(kept) and (kept[j] is _SEAM or _is_blank(kept[j])):
            j += 1
        out.extend(_collapse_gap(kept[i:j], at_start=i == 0, at_end=j == len(kept)))
        i = j
    return out


def _collapse_gap(gap: list[Kept | None], at_start: bool, at_end: bool) -> list[Kept]:
    blanks = [entry for entry in gap if entry is not _SEAM]
    if len(blanks) == len(gap):  # no seam: untouched blank lines
        return blanks  # type: ignore[return-value]
    runs = [0]
    for entry in gap:
        if entry is _SEAM:
            runs.append(0)
        else:
            runs[-1] += 1
    if at_start and at_end:
        keep = 0
    elif at_start:
        keep = runs[0]
    elif at_end:
        keep = runs[-1]
    else:
        keep = max(runs)
    return blanks[:keep]  # type: ignore[return-value]


def _restore(kept: list[Kept], keep: set[int], doc: Document) -> list[Kept]:
    """Put back, in order, lines in ``keep`` that the tidying dropped."""
    missing = sorted(keep - {index for _, _, index in kept})
    if not missing:
        return kept
    lines = doc.lines
    merged = sorted(
        kept + [(doc.text[lines[i].start : lines[i].end],
                 doc.text[lines[i].end : lines[i].next], i) for i in missing],
        key=lambda entry: entry[2],
    )
    out = []
    for n, (content, ending, index) in enumerate(merged):
        if not ending and n < len(merged) - 1:
            ending = "\n"
        out.append((content, ending, index))
    return out


def _keep_final_newline(doc: Document, text: str) -> str:
    if not text:
        return text
    if not doc.ends_with_newline and text.endswith("\n"):
        return text[:-2] if text.endswith("\r\n") else text[:-1]
    if doc.ends_with_newline and not text.endswith("\n"):
        last = doc.lines[-1]
        return text + doc.text[last.end : last.next]
    return text
