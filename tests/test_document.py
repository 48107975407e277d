from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import textfold
from linter.document import SPACES, CoreLine, Document
from linter.errors import InputError


def test_lines_keep_exact_offsets_with_mixed_endings():
    text = "one\r\ntwo\n\nfour"
    doc = Document(text)
    assert [(ln.start, ln.end, ln.next) for ln in doc.lines] == [
        (0, 3, 5), (5, 8, 9), (9, 9, 10), (10, 14, 14)
    ]
    assert [doc.line_text(i) for i in range(4)] == ["one", "two", "", "four"]


def test_final_newline_does_not_make_an_extra_line():
    assert len(Document("a\nb\n").lines) == 2
    assert len(Document("a\nb").lines) == 2
    assert Document("").lines == []


def test_position_is_one_based_line_and_character_column():
    doc = Document("ab\r\nçdé\nx")
    assert doc.position(0) == (1, 1)
    assert doc.position(4) == (2, 1)
    assert doc.position(6) == (2, 3)  # columns count characters, not bytes
    assert doc.position(8) == (3, 1)


@pytest.mark.parametrize(
    "data",
    [
        b"plain\nascii\n",
        codecs.BOM_UTF8 + "bom and \u00e9\r\n".encode(),
        "no final newline \u2019".encode(),
        b"mixed\r\nendings\nhere\r\n",
        b"",
    ],
)
def test_round_trip_is_byte_exact(data):
    doc = Document.from_bytes(data, "x.txt")
    assert doc.to_bytes() == data


def test_bom_is_not_part_of_the_text():
    doc = Document.from_bytes(codecs.BOM_UTF8 + b"Hi", "x.txt")
    assert doc.text == "Hi"
    assert doc.bom


def test_invalid_utf8_names_file_byte_and_line():
    with pytest.raises(InputError) as info:
        Document.from_bytes(b"ok\nbad \xff here", "dir/page.txt")
    assert str(info.value) == (
        "dir/page.txt: cannot lint: not valid UTF-8 (byte 0xff at offset 7, line 2)"
    )


def test_lines_ending_in_cr_alone_are_refused_not_read_as_one_line():
    with pytest.raises(InputError) as info:
        Document.from_bytes(b"Title\r\rComments are closed.\r", "mac.txt")
    assert str(info.value) == (
        "mac.txt: cannot lint: its lines end in CR alone (classic Mac OS); artlint splits "
        "lines at LF: convert it with tr '\\r' '\\n'")
    assert Document.from_bytes(b"a\rb\r\n", "x.txt").text == "a\rb\r\n"  # LF: read
    assert Document.from_bytes(b"One line\r", "x.txt").text == "One line\r"  # one line


def test_binary_file_is_refused():
    with pytest.raises(InputError, match="binary file"):
        Document.from_bytes(b"PK\x03\x04\x00\x00", "a.zip")


def test_cores_strip_space_and_bullets_and_fold_quotes():
    doc = Document("  \u2022 Don\u2019t\u00a0miss  \n\n- item\n-\n")
    cores = [(c.index, c.text) for c in doc.cores]
    assert cores == [(0, "Don't miss"), (2, "item"), (3, "-")]
    first = doc.cores[0]
    # folding maps one character to one, so the core's offsets hold in the original text
    assert doc.text[first.start : first.end] == "Don\u2019t\u00a0miss"


def cores_as_defined(doc: Document) -> list[CoreLine]:
    """Each line's core the plain way: its folded content trimmed by ``core_bounds``."""
    cores = []
    for line in doc.lines:
        content = doc.folded[line.start : line.end]
        lo, hi = textfold.core_bounds(content)
        if hi > lo:
            cores.append(CoreLine(line.index, line.start + lo, line.start + hi, content[lo:hi]))
    return cores


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \t\r\n\u00a0\u2003\u2019\u2022-*\u3000", max_size=60))
def test_cores_core_texts_and_core_text_are_each_lines_core(text: str) -> None:
    doc = Document(text)
    expected = cores_as_defined(Document(text))
    assert doc.cores == expected
    assert doc.core_texts == [core.text for core in expected]
    assert doc.core_text == "\n".join(core.text for core in expected)


@pytest.mark.parametrize("text", [
    "", "\n", "a", "a\n", "a\r\nb\r\n", "a\r\nb\r", "one\n\n  two \nthree", "x\ry\n", "\r\n\r\n",
])
def test_line_text_is_the_same_with_or_without_the_line_table(text):
    lazy, built = Document(text), Document(text)
    expected = [built.text[line.start : line.end] for line in built.lines]
    assert [lazy.line_text(i) for i in range(len(expected))] == expected
    assert "lines" not in lazy.__dict__  # answered without building the line table
    assert [built.line_text(i) for i in range(len(expected))] == expected
    with pytest.raises(IndexError):
        lazy.line_text(len(expected))


def test_spaces_are_what_strip_drops():
    spaces = {ch for ch in map(chr, range(0x110000)) if ch.isspace()} - {"\n"}
    assert set(SPACES) == spaces


@pytest.mark.parametrize("text", ["", "\n", "a", "a\r\nb\r\n", "x\n\n  y \r\nz", "\n\nlast"])
def test_line_at_and_spans_need_no_line_table(text):
    lazy, built = Document(text), Document(text)
    count = len(built.lines)
    assert [lazy.line_at(i) for i in range(-count, count)] == built.lines * 2
    assert [lazy.position(i) for i in range(len(text) + 1)] == [
        built.position(i) for i in range(len(text) + 1)]
    assert all(lazy.line_span(i, count - 1) == (built.lines[i].start, built.lines[-1].next)
               for i in range(count))
    assert "lines" not in lazy.__dict__


def test_a_lines_core_is_found_by_its_index():
    doc = Document("Title\n\n  \n- item\nText here.\n\n\nLast\n")
    by_index = {core.index: number for number, core in enumerate(doc.cores)}
    for index in range(-1, len(doc.lines) + 2):
        assert doc.core_number(index) == by_index.get(index)
        assert doc.core_at(index) == (doc.cores[by_index[index]] if index in by_index else None)
    assert doc.cores_in({7, 0, 2, 4}) == [doc.cores[by_index[i]] for i in (0, 4, 7)]
    for first in range(len(doc.lines)):
        for last in range(first, len(doc.lines)):
            assert doc.cores_within(first, last) == [
                core for core in doc.cores if first <= core.index <= last]
