"""Shape rules that must see every line take a first look in C-level passes (docs/performance.md).

Each test here writes a rule's judgement again the plain way (a Python step per line, as
the rule's docstring defines it) and checks that the rule finds exactly the same lines on
the rule examples, the fixture corpus and seeds, crafted texts and generated documents: a
first look that passed over a document (or a line) the plain way flags fails here.
"""

from __future__ import annotations

import pytest
import regex
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rulemodule import rule_module

from linter import textshape
from linter.document import Document
from linter.rules.loader import load_rules

TEXTS = [path.read_text(encoding="utf-8") for path in
         sorted(FIXTURES.glob("corpus/*.txt")) + sorted(FIXTURES.glob("seeds/*.txt"))]
EXAMPLES = [text for rule in load_rules(plugins=False) for example in rule.examples
            for text in example.values()]
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _found(rule, doc: Document) -> list[tuple[int, int]]:
    return [(finding.start, finding.end) for finding in rule.check(doc)]


# repeated-line -----------------------------------------------------------------------

REPEATED = rule_module("duplicates", "repeated-line")


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


def test_repeated_line_first_look_passes_over_documents_without_copies():
    doc = Document("Title\n\nOne line of the text here.\n\nYes.\n\nYes.\n")
    assert not REPEATED.repeated(REPEATED.normal_forms(doc))


# headline-run --------------------------------------------------------------------------

HEADLINES = rule_module("related-links", "headline-run")


def headline_runs_as_defined(doc: Document) -> list[tuple[int, int]]:
    """headline-run one core at a time: each maximal run of headline lines on adjacent
    lines (the first core left out), kept when long enough and wordy enough."""
    rule, runs, run = HEADLINES.HeadlineRun(), [], []
    for core in doc.cores[1:]:
        title = HEADLINES._is_title_line(core.text)
        if title and run and core.index == run[-1].index + 1:
            run.append(core)
            continue
        runs.append(run)
        run = [core] if title else []
    found = list(rule._tail_run(doc))
    for lines in [*runs, run]:
        words = [HEADLINES.word_count(core.text) for core in lines]
        if len(lines) >= HEADLINES.MIN_LINES and sum(words) / len(lines) >= 6:
            found.append(rule.delete_lines(doc, lines[0].index, lines[-1].index))
    return [(finding.start, finding.end) for finding in found]


HEADLINE_LINES = [
    "Star Hits the Slopes With Friends on Aspen Getaway",
    "Singer Shares Marriage Update Amid Split (Exclusive)",
    "Gymnast's Husband Says He's the 'Catch' in Their Relationship",
    "The Covenant of Water", "North Woods by Daniel Mason",
    "Align High-Rise Jogger Sale Price $79 USD Regular Price Now",
    "The star was seen on the slopes on Friday with a group of friends and her family.",
    "Title", "", "", "  \u2022 Player's Shirtless Spa Visit Resurfaces Amid Pop Star Romance",
    "How We Chose the Winners of This Year's Awards Again " * 3,
]


_RUN = "\n".join(HEADLINE_LINES[:3] * 2)  # six headline lines in a row
HEADLINE_TEXTS = [  # runs that end where the next begins: after a blank line, at a prose line
    f"Title\n{_RUN}\n\n{_RUN}\n", f"Title\n{_RUN}\n\n{_RUN[:-1]}", f"{_RUN}\n\n{_RUN}",
    f"Title\n{_RUN}\n{HEADLINE_LINES[6]}\n{_RUN}\nEnd.\n", f"{_RUN}\n" * 3,
    # a run of five exactly, after 0 to 6 other lines: wherever the tested lines fall
    *(f"Title\n{HEADLINE_LINES[6]}\n" * before + "\n".join(HEADLINE_LINES[:5]) + "\nEnd.\n"
      for before in range(7)),
]


# stray-script-line -----------------------------------------------------------------------

STRAY = rule_module("scripts", "stray-script-line")


def script_as_defined(text: str) -> str | None:
    """The one script group of all the letters of ``text``, letter by letter."""
    groups = {next((name for name, rx in textshape.SCRIPT_GROUPS.items() if rx.match(letter)),
                   "other") for letter in regex.findall(r"\p{L}", text)}
    return groups.pop() if len(groups) == 1 else None


def stray_as_defined(doc: Document) -> list[tuple[int, int]]:
    """stray-script-line one core at a time."""
    rule = STRAY.StrayScriptLine()
    if len(doc.text) < STRAY.MIN_DOC_LETTERS or not doc.cores:
        return []
    longest = max(doc.cores, key=lambda core: len(core.text))
    main = script_as_defined(longest.text[:200]) if len(longest.text) > STRAY.MAX_CHARS else None
    found = []
    for core in doc.cores:
        script = script_as_defined(core.text)
        if (len(core.text) > STRAY.MAX_CHARS or textshape.word_count(core.text) > STRAY.MAX_WORDS
                or script in (None, "other", main)):
            continue
        letters = sum(ch.isalpha() for ch in doc.text)
        share = textshape.script_share(doc.text, script) if letters >= 200 else 1.0
        if share <= STRAY.MAX_SHARE:
            found.append(rule.delete_lines(doc, core.index))
    return [(finding.start, finding.end) for finding in found]


SCRIPT_LINES = [
    "North Korea said on Saturday that ties with Russia will remain strong, the agency said.",
    "Министр заявил в субботу, что переговоры продолжатся на следующей неделе, сказал он.",
    "서울에서 열린 회담에서 양국 외교장관은 협력을 약속했다. 서울에서 열린 회담에서.",
    "지나쌤", "Menu", "µ", "café", "Привет", "東京", "カタカナ", "ᚠᚢᚦ", "Ελλάδα", "שלום", "2024",
    "Hello Привет", "‐ — ¶", "مرحبا بكم", "", "\u0130stanbul",
]


STRAY_TEXTS = [  # lines of 24 and 25 characters, in a Latin and in a Korean article
    "\n".join([SCRIPT_LINES[0]] * 20 + ["지나쌤" * 8, "지나쌤" * 8 + "!", "Привет" * 4]),
    "\n".join([SCRIPT_LINES[2]] * 80 + ["Extraordinarily longwords", "Extraordinarily longword"]),
]


@FAST
@given(text=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_script_of_is_the_script_of_every_letter(text):
    assert textshape.script_of(text) == script_as_defined(text)


# each rule against its definition ------------------------------------------------------

# rule, its definition as a plain loop over every line, crafted texts, lines to draw
# documents from, and how many
FIRST_LOOKS = {
    "repeated-line": (REPEATED.RepeatedLine, repeated_as_defined, [], COPIES, 12),
    "headline-run": (HEADLINES.HeadlineRun, headline_runs_as_defined, HEADLINE_TEXTS,
                     HEADLINE_LINES, 30),
    "stray-script-line": (STRAY.StrayScriptLine, stray_as_defined, STRAY_TEXTS, SCRIPT_LINES,
                          30),
}


@pytest.mark.parametrize(("name", "text"), [
    (name, text) for name, (_, _, crafted, _, _) in FIRST_LOOKS.items()
    for text in [*TEXTS, *EXAMPLES, *crafted]])
def test_each_rule_finds_what_its_definition_finds(name, text):
    rule, definition, _, _, _ = FIRST_LOOKS[name]
    doc = Document(text)
    assert _found(rule(), doc) == definition(doc)


@pytest.mark.parametrize("name", FIRST_LOOKS)
@FAST
@given(data=st.data())
def test_each_rule_finds_every_line_its_definition_finds(name, data):
    rule, definition, _, lines, most = FIRST_LOOKS[name]
    doc = Document("\n".join(data.draw(st.lists(st.sampled_from(lines), max_size=most))))
    assert _found(rule(), doc) == definition(doc)
