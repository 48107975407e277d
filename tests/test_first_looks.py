"""Shape rules that must see every line take a first look in C-level passes (docs/performance.md).

Each test here writes a rule's judgement again the plain way (a Python step per line, as
the rule's docstring defines it) and checks that the rule finds exactly the same lines on
the rule examples, the fixture corpus and seeds, crafted texts and generated documents: a
first look that passed over a document (or a line) the plain way flags fails here.
"""

from __future__ import annotations

import importlib.util

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.document import Document
from linter.rules.loader import load_rules


def _rule_module(folder: str, name: str):
    spec = importlib.util.spec_from_file_location(
        name.replace("-", "_"), ROOT / "rules" / folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TEXTS = [path.read_text(encoding="utf-8") for path in
         sorted(FIXTURES.glob("corpus/*.txt")) + sorted(FIXTURES.glob("seeds/*.txt"))]
EXAMPLES = [text for rule in load_rules(plugins=False) for example in rule.examples
            for text in example.values()]
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _found(rule, doc: Document) -> list[tuple[int, int]]:
    return [(finding.start, finding.end) for finding in rule.check(doc)]


# repeated-line -----------------------------------------------------------------------

REPEATED = _rule_module("duplicates", "repeated-line")


def repeated_as_defined(doc: Document) -> list[tuple[int, int]]:
    """repeated-line one core at a time: each later copy of a long line, in normal form."""
    rule, seen, found = REPEATED.RepeatedLine(), set(), []
    for number, core in enumerate(doc.cores):
        text = " ".join(core.text.split()).casefold()
        if len(text) < REPEATED.MIN_CHARS:
            continue
        if text in seen and not REPEATED._MONEY.search(text) and not REPEATED._title(core.text):
            found.append(rule.delete_lines(doc, core.index))
        if number >= REPEATED.TITLE_LINES:
            seen.add(text)
    return [(finding.start, finding.end) for finding in found]


COPIES = [  # each line, then lines the comparison's normal form makes equal to it
    "A line that is long enough to count.", "A LINE THAT IS LONG ENOUGH TO COUNT.",
    "A line that is  long enough to count.", "A line that is\tlong enough to count.",
    "A line that is\u2028long enough to count.", "A line that is \x1c long enough to count.",
    "A line that is\u3000long enough to count.", "a line that is long enough to count.",
    "Die STRASSE und die strasse und mehr", "die straße und die straße und mehr",
    "ΟΔΥΣΣΕΥΣ ΚΑΙ ΠΗΝΕΛΟΠΗ ΚΑΙ ΤΗΛΕΜΑΧΟΣ", "οδυσσευς και πηνελοπη και τηλεμαχος",
    "ßßßßßßßßßßßßß", "ssssssssssssssssssssssssss", "İstanbul and İzmir and more İ",
    "The Basic plan costs $9.99 a month.", "Energy-Efficient Upgrades For Homes",
    "Short line", "Short line", "",
]


def test_repeated_line_knows_every_odd_space():
    spaces = tuple(ch for ch in map(chr, range(0x110000)) if ch.isspace() and ch not in " \n")
    assert spaces == REPEATED.ODD_SPACES


def test_repeated_line_normal_forms_are_the_cores_normal_forms():
    for text in [*TEXTS, *EXAMPLES, "\n".join(COPIES), "\n\n".join(COPIES[::-1])]:
        doc = Document(text)
        assert REPEATED.normal_forms(doc) == [" ".join(core.text.split()).casefold()
                                              for core in doc.cores]


@pytest.mark.parametrize("text", [*TEXTS, *EXAMPLES])
def test_repeated_line_finds_what_its_definition_finds(text):
    doc = Document(text)
    assert _found(REPEATED.RepeatedLine(), doc) == repeated_as_defined(doc)


@FAST
@given(lines=st.lists(st.sampled_from(COPIES), max_size=12))
def test_repeated_line_finds_every_copy_its_definition_finds(lines):
    doc = Document("\n".join(lines))
    assert _found(REPEATED.RepeatedLine(), doc) == repeated_as_defined(doc)


def test_repeated_line_first_look_passes_over_documents_without_copies():
    doc = Document("Title\n\nOne line of the text here.\n\nYes.\n\nYes.\n")
    assert not REPEATED.repeated(REPEATED.normal_forms(doc))
