"""The content-structure analysis: what it recognises, and what it leaves alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import structure
from linter.document import Document
from linter.structure import structure_of


def kinds(text: str) -> dict[int, str | None]:
    doc = Document(text)
    structure = structure_of(doc)
    return {i + 1: structure.kind(i) for i in range(len(doc.lines)) if not doc.is_blank(i)}


def test_pipe_tables_and_their_separator_rows():
    got = kinds("Intro line of prose that explains the table.\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert got == {1: None, 2: "table", 3: "table", 4: "table"}


def test_a_table_flattened_one_cell_a_line():
    got = kinds("Standings after round five.\nArsenal\n12\nChelsea\n10\nLeeds\n9\n")
    assert {line for line, kind in got.items() if kind == "table"} == {2, 3, 4, 5, 6, 7}


def test_a_row_of_figures_is_a_table_row():
    assert kinds("Smith 4 12 3 0\n")[1] == "table"
    assert kinds("He scored 4 goals in 12 games.\n")[1] is None


def test_bulleted_numbered_and_spec_lists():
    assert set(kinds("- one\n- two\n").values()) == {"list"}
    assert set(kinds("1. Preheat.\n2. Stir.\n").values()) == {"list"}
    assert set(kinds("Weight: 1.2 kg\nBattery: 10 hours\n").values()) == {"list"}


def test_items_under_a_line_that_ends_with_a_colon():
    got = kinds("Pros:\nLight\nCheap\nQuiet\n")
    assert set(got.values()) == {"list"}


def test_interviews_quotes_references_and_code():
    assert set(kinds("Q: Why now?\nA: Because.\n").values()) == {"interview"}
    assert kinds("Why now?\nBecause it was time.\nAnd then?\n")[1] == "interview"
    assert kinds("— Jane Doe (@jane) May 2, 2024\n")[1] == "quote"
    assert kinds("[1] Smith, J. (2019). A study. doi:10.1/x\n")[1] == "references"
    assert set(kinds("```\nx = 1\n}\n```\n").values()) == {"code"}
    assert set(kinds("if (x) {\n}\n").values()) == {"code"}


def test_plain_prose_is_no_structure():
    text = ("The council voted on Tuesday to close the bridge.\n\n"
            "Work on the new crossing starts next spring, officials said.\n")
    assert set(kinds(text).values()) == {None}


def test_the_analysis_is_made_once_per_document():
    doc = Document("| a | b |\n| 1 | 2 |\n")
    assert structure_of(doc) is structure_of(doc)


def test_a_spec_box_split_one_field_a_line():
    prose = "The company makes cameras, consoles and televisions, " * 3
    got = kinds(f"Headquarters:\nTokyo, Japan\nFounded:\n1946\n{prose}\n")
    assert got == {1: "list", 2: "list", 3: "list", 4: "list", 5: None}


def test_nested_indented_lines_are_code():
    got = kinds("Run this:\n  web:\n    build: .\n    ports:\n      - 8000\nDone.\n")
    assert {line for line, kind in got.items() if kind == "code"} == {2, 3, 4, 5}
    assert kinds("  An indented paragraph of plain prose.\n  And another one.\n  And one.\n") \
        == {1: None, 2: None, 3: None}


def test_blocks_cover_only_the_lines_of_a_structure():
    doc = Document("Why now?\nBecause it was time, she said.\nAnd then?\nWe waited.\n")
    assert [(b.kind, b.first, b.last) for b in structure_of(doc).blocks] == [
        ("interview", 0, 0), ("interview", 2, 2)]
    table = Document("| a | b |\n| 1 | 2 |\n")
    assert [(b.kind, b.first, b.last) for b in structure_of(table).blocks] == [("table", 0, 1)]


def test_labels_that_head_paragraphs_are_the_texts_own_headings():
    para = ("Children seem to attract stuff, and the universe seems determined to load them "
            "down with cheap promotional trinkets and other giveaways.")
    text = f"Kids:\n{para}\nEntertainment:\n{para}\nShopping:\n{para}\n"
    assert {line for line, kind in kinds(text).items() if kind == "list"} == {1, 3, 5}
    # two are not enough, and a widget's keys (no paragraph under them) are not headings
    assert kinds(f"Kids:\n{para}\nShopping:\n{para}\n")[1] is None
    assert kinds(f"Calls:\nData:\nTexts:\n{para}\n")[1] is None


@pytest.mark.parametrize(("part", "literal"), structure._CITATION_PARTS)
def test_every_citation_alternative_holds_its_literal(part: str, literal: str) -> None:
    """Lines without the literals are never searched for citations: each alternative's
    literal must be in every text it finds."""

    @settings(max_examples=60, deadline=None)
    @given(st.from_regex(part))
    def holds(text: str) -> None:
        assert literal in text

    holds()


def test_code_operators_are_the_ones_the_code_pattern_finds_anywhere() -> None:
    for operator in structure._CODE_OPERATORS:
        assert structure._CODE_LINE.search(f"(a) {operator} (b)")
        assert not structure._CODE_AT_START.search(f"(a) {operator} (b)")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 1٣-–—|.\t", max_size=40))
def test_the_figure_hint_finds_the_lines_with_three_digits_or_dashes(text: str) -> None:
    """The lines ``_figure_row`` is tried on: exactly those with three digits or dashes."""
    count = sum(char.isdecimal() or char in "-–—" for char in text)
    assert bool(structure._FIGURE_HINT.match(text)) == (count >= 3)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="a1٣ -–—+($£.,%)\t\n\u00a0\u2003\x1c\x85", max_size=30))
def test_a_figure_row_counts_the_tokens_that_are_numbers(text: str) -> None:
    """``_figure_row`` counts numbers in one call: as many as the tokens ``_NUMBER`` matches."""
    tokens = text.split()
    numbers = sum(structure._NUMBER.match(token) is not None for token in tokens)
    assert structure._figure_row(text) == (numbers >= 3 and numbers >= 0.4 * len(tokens))
