from __future__ import annotations

import pytest

from linter.document import Document
from linter.engine import fixer
from linter.findings import Edit, Finding, Fix, Severity


def delete_lines(doc, first, last=None):
    start, end = doc.line_span(first, first if last is None else last)
    return Fix((Edit(start, end),))


def finding(rule, fix):
    return Finding(rule, "m", Severity.WARNING, "c", fix.start, fix.end, 1, 1, 1, 1, fix)


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        # a block between paragraphs: the blank lines around it collapse to one
        ("a\n\nX\nY\n\nb\n", 2, 3, "a\n\nb\n"),
        # no blank lines around: nothing to collapse
        ("a\nX\nb\n", 1, 1, "a\nb\n"),
        # at the start: no new leading blank lines
        ("X\n\na\n", 0, 0, "a\n"),
        # at the end, no final newline before: none after
        ("a\n\nX", 2, 2, "a"),
        # at the end with a final newline: kept
        ("a\n\nX\n", 2, 2, "a\n"),
        # CRLF survives
        ("a\r\n\r\nX\r\n\r\nb\r\n", 2, 2, "a\r\n\r\nb\r\n"),
        ("a\r\n\r\nX", 2, 2, "a"),
        # a larger blank run that was there before is kept
        ("a\n\n\nX\n\nb\n", 3, 3, "a\n\n\nb\n"),
        # blank lines that were at the very start stay
        ("\n\nX\na\n", 2, 2, "\n\na\n"),
        # deleting everything leaves an empty text
        ("X\n", 0, 0, ""),
    ],
)
def test_line_deletion_tidies_seams(text, first, last, expected):
    doc = Document(text)
    assert fixer.apply(doc, [delete_lines(doc, first, last)]) == expected


def test_two_gaps_separated_only_by_blank_lines_merge():
    doc = Document("a\n\nX\n\nY\n\nb")
    fixes = [delete_lines(doc, 2), delete_lines(doc, 4)]
    assert fixer.apply(doc, fixes) == "a\n\nb"


def test_inline_edit_and_line_deletion_together():
    doc = Document("keep this twice\nX\nend")
    inline = Fix((Edit(10, 15, "once"),))
    assert fixer.apply(doc, [inline, delete_lines(doc, 1)]) == "keep this once\nend"


def test_inline_edit_that_empties_a_line_removes_it_with_its_seam():
    doc = Document("a\n\nJUNK\n\nb\n")
    start = doc.lines[2].start
    assert fixer.apply(doc, [Fix((Edit(start, start + 4),))]) == "a\n\nb\n"


def test_edit_across_lines_is_invalid():
    doc = Document("ab\ncd\n")
    with pytest.raises(fixer.InvalidEdit):
        fixer.classify(doc, Edit(1, 4))


def test_edit_outside_text_is_invalid():
    with pytest.raises(fixer.InvalidEdit):
        fixer.classify(Document("ab"), Edit(1, 9))


def test_overlapping_fixes_are_resolved_deterministically():
    doc = Document("h\ni1\ni2\nz\n")
    block = finding("block-rule", delete_lines(doc, 0, 2))
    item = finding("item-rule", delete_lines(doc, 1))
    later = finding("other", delete_lines(doc, 3))
    for order in ([block, item, later], [later, item, block]):
        chosen = fixer.select(order)
        assert chosen == [block, later]


def test_same_span_ties_break_on_rule_id():
    a = finding("a-rule", Fix((Edit(0, 1, "A"),)))
    b = finding("b-rule", Fix((Edit(0, 1, "B"),)))
    assert fixer.select([b, a]) == [a]


def test_origin_maps_each_output_line_to_its_input_line():
    doc = Document("a\n\nX\nY\n\nb\n")
    text, origin = fixer.apply_with_origin(doc, [delete_lines(doc, 2, 3)])
    assert text == "a\n\nb\n"
    assert origin == [0, 1, 5]


def test_many_findings_select_the_same_fixes_as_pairwise_overlap():
    import random

    rng = random.Random(7)
    found = []
    for n in range(600):
        start = rng.randrange(0, 2990)
        edits = (Edit(start, start + rng.randrange(0, 8)),)
        found.append(finding(f"r{n % 7}", Fix(edits)))
    chosen = fixer.select(found)
    taken = []
    for f in sorted(found, key=lambda f: (f.fix.start, -f.fix.end, f.rule, f.start)):
        if not any(fixer._overlap(e, t) for e in f.fix.edits for t in taken):
            taken.extend(f.fix.edits)
    assert [e for f in chosen for e in f.fix.edits] == taken
    assert len(chosen) > 100


def test_touched_lines_are_the_lines_each_span_spans():
    for text in ("", "a", "a\n", "a\r\n\r\nb\n\nc", "\n\n\n"):
        doc = Document(text)
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                fix = Fix((Edit(start, end), Edit(0, start)))
                finding = Finding("r", "m", Severity.WARNING, "c", start, end, 1, 1, 1, 1, fix)
                expected = {*doc.lines_spanned(start, end), *doc.lines_spanned(0, start)}
                assert fixer.touched_lines(doc, finding) == expected
