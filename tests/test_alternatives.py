"""A pattern as the alternatives it is made of (linter/engine/alternatives.py): the parts
match together exactly what the pattern matches."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.engine.alternatives import MAX_PARTS, alternates, branches
from linter.rules.loader import load_rules

FLAGS = regex.IGNORECASE | regex.VERSION0


@pytest.mark.parametrize(("pattern", "parts"), [
    ("a|b", ["a", "b"]),
    ("x(?:a|b)y", ["x(?:a)y", "x(?:b)y"]),
    ("x(?:a|(?:c|d)e)y", ["x(?:a)y", "x(?:(?:c)e)y", "x(?:(?:d)e)y"]),
    ("(?:p)?(?:q|r)(?<!s|t)", ["(?:p)?(?:q)(?<!s|t)", "(?:p)?(?:r)(?<!s|t)"]),
    (r"\((?:a|b)", [r"\((?:a)", r"\((?:b)"]),
    ("[(|]x(?:a|b)", ["[(|]x(?:a)", "[(|]x(?:b)"]),
    ("[]|]x(?:a|b)", ["[]|]x(?:a)", "[]|]x(?:b)"]),
])
def test_a_group_of_alternatives_is_distributed_over_its_sequence(pattern, parts):
    assert branches(pattern) == parts


@pytest.mark.parametrize("pattern", [
    "abc", "x(?:a|b)?y", "x(?:a|b)*y", "x(?:a|b){2}", "(a|b)", "(?=a|b)x", "[a|b]", "x(?i:a|b)",
    "a|b(?i)", "(?i)x(?:a|b)"])
def test_what_cannot_be_distributed_is_left_whole(pattern):
    assert branches(pattern) is None


def test_a_broken_pattern_is_left_whole():
    assert branches("x(?:a|b") is None
    assert branches("[a|b") is None


PATTERNS = ["x(?:a|(?:b|ab)c)+?|y", "(?:a|b)(?:c|d)(?:e|f)", "(?:a|b)c|d(?:e|ab)",
            "(?:(?:a|b)c|d)e?", "a(?:b|c)(?<!ac)", r"(?:a\||b)c", "(?:a|)b"]


@settings(max_examples=300, deadline=None)
@given(pattern=st.sampled_from(PATTERNS), text=st.text(alphabet="abcdefxy|", max_size=7))
def test_the_parts_match_together_what_the_pattern_matches(pattern, text):
    parts = branches(pattern)
    assert parts
    whole = regex.fullmatch(pattern, text, FLAGS) is not None
    assert whole == any(regex.fullmatch(part, text, FLAGS) for part in parts)


def test_the_parts_are_capped():
    pattern = "".join(f"(?:{a}|{b})" for a, b in zip("acegikmo", "bdfhjlnp", strict=True))
    parts = branches(pattern)
    assert parts is not None and len(parts) <= MAX_PARTS


def test_the_date_patterns_are_scanned_as_parts_in_utf8_mode():
    """The two calendar-date patterns Hyperscan takes only over bytes, where it is scanned
    without its '^' (slower), go into the database as alternatives that fit UTF-8 mode.
    That the candidates stay the same is what CI's dev-corpus comparison of the two paths
    and tests/test_onescan.py check. Skipped where the optional ``hyperscan`` is missing."""
    pytest.importorskip("hyperscan")
    from linter.engine import onescan  # needs hyperscan

    rules = [rule for rule in load_rules(plugins=False) if rule.id in ("date-stamp", "dateline")]
    members = {(rule.id, i): (rule.patterns[i].pattern, rule.patterns[i].flags, rule.search)
               for rule in rules for i in range(len(rule.patterns))}
    scan = onescan.OneScan(members)
    by_key: dict[object, int] = {}
    for key in scan.keys:
        by_key[key] = by_key.get(key, 0) + 1
    assert max(by_key.values()) > 1  # some member is in the database as several parts
    assert set(scan.keys) == set(members)


@pytest.mark.parametrize(("source", "expected"), [
    ("a|b", True), (".*a|b", True), ("(?:a|b)c", False), ("[|]x", False), (r"a\|b", False),
    (r"\(a|b\)", True), ("abc", False)])
def test_an_alternation_at_the_top_level_is_told_apart(source, expected):
    assert alternates(source) is expected
