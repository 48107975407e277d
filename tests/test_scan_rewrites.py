"""Rule patterns rewritten so the one-scan path scans less (docs/performance.md).

A pattern written as ``(?=DEFINITION$)CHEAP`` matches a line when the definition matches
it whole and the cheap part does too; the one-scan path drops the lookahead and scans for
the cheap part only. Each test here draws lines of the shape the definition is about and
checks that the rule's pattern matches exactly the lines its definition (the pattern as
it was before the rewrite) matches: a cheap part that missed one of them fails here.
"""

from __future__ import annotations

import regex
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.rules.loader import load_rules

RULES = {rule.id: rule for rule in load_rules(plugins=False)}
FAST = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINES = [line for path in sorted(FIXTURES.glob("corpus/*.txt")) + sorted(
    FIXTURES.glob("seeds/*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]


def _same_lines(rule_id: str, definition: str, line: str) -> None:
    pattern = RULES[rule_id].patterns[0]
    defined = regex.compile(definition, pattern.flags)
    assert bool(pattern.fullmatch(line)) == bool(defined.fullmatch(line)), line


# link-list-line ----------------------------------------------------------------------

LINK_LIST = r"(?:[^|.!?:]{1,40}:\s*)?[^|\s][^|]{0,49}(?:\s\|\s[^|\s][^|]{0,49}){2,}"
# Items near the definition's bounds (40-character label, 50-character items), with the
# characters it treats apart: sentence ends, colons, pipes, spaces of several kinds.
# Most draws are link bars (pipe-free items, " | "), so lines the definition matches
# are common; the rest stray from it one way or another.
_ITEM = st.one_of(st.text(alphabet="ab .!?:\u00a0é7", min_size=1, max_size=55),
                  st.text(alphabet="ab .!?:|\t\u00a0\u2003é7", max_size=55))
_SEPARATOR = st.one_of(st.just(" | "), st.sampled_from(
    ["|", " |", "| ", "\u00a0|\u2003", "\t|\t", "  |  ", " || "]))


@st.composite
def pipe_lines(draw) -> str:
    items = draw(st.lists(_ITEM, min_size=1, max_size=6))
    separators = [draw(_SEPARATOR) for _ in items[1:]]
    line = items[0] + "".join(sep + item for sep, item in zip(separators, items[1:], strict=True))
    if draw(st.booleans()):
        line = draw(_ITEM) + ":" + draw(st.sampled_from(["", " ", "  "])) + line
    return line


@FAST
@given(pipe_lines())
def test_link_list_line_matches_its_definition_on_pipe_lines(line: str) -> None:
    _same_lines("link-list-line", LINK_LIST, line)


def test_link_list_line_matches_its_definition_on_examples_and_fixtures() -> None:
    examples = [line for example in RULES["link-list-line"].examples
                for text in example.values() for line in text.splitlines()]
    crafted = ["a | b | c", "a | b", "x" * 40 + ": a | b | c", "x" * 41 + ": a | b | c",
               "a | " + "b" * 50 + " | c", "a | " + "b" * 51 + " | c", "| a | b | c"]
    for line in examples + crafted + LINES:
        _same_lines("link-list-line", LINK_LIST, line)
