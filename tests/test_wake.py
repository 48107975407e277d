"""Python rules that declare a wake (``linter.rule.Wake``) run only where it can find.

The engine calls such a rule only on a document where its wake patterns may match, and
gives it those lines; the findings must be those of the rule run on every line. The last
tests run every built-in rule with a wake over the rule examples and the fixture corpus
both ways, so a wake declaration that drops a match fails here.
"""

from __future__ import annotations

import importlib.util

import pytest
import regex
from conftest import FIXTURES
from rulemodule import rule_module

from linter.document import Document
from linter.engine.linter import Linter
from linter.regexmemo import compiled
from linter.rule import Lines, Rule, Wake
from linter.rules.loader import load_rules
from linter.textshape import is_headline, word_count

PATHS = [False] + ([True] if importlib.util.find_spec("hyperscan") else [])
_SIGNUP = compiled(r"sign up (?:now|today)\W*", regex.IGNORECASE)


class SignUpPair(Rule):
    """Two "Sign up now" lines: deletes the second. Counts its calls and what it was given."""

    id = "sign-up-pair"
    message = "m"
    wake = Wake((_SIGNUP,), min_lines=2)

    def __init__(self) -> None:
        self.calls: list[Lines] = []

    def check(self, doc: Document, lines: Lines = None):
        self.calls.append(lines)
        found = [core for core in doc.cores_in(lines) if _SIGNUP.fullmatch(core.text)]
        if len(found) >= 2:
            yield self.delete_lines(doc, found[1].index)


@pytest.mark.parametrize("one_scan", PATHS)
def test_a_rule_whose_wake_is_absent_is_not_called(one_scan):
    rule = SignUpPair()
    result = Linter([rule], one_scan=one_scan).check(Document("Intro.\n\nText of it.\n"))
    assert result.findings == [] and rule.calls == []


@pytest.mark.parametrize("one_scan", PATHS)
def test_a_rule_with_fewer_wake_lines_than_it_needs_is_not_called(one_scan):
    rule = SignUpPair()
    Linter([rule], one_scan=one_scan).check(Document("Intro.\n\nSign up now!\n\nText.\n"))
    assert rule.calls == []


@pytest.mark.parametrize("one_scan", PATHS)
def test_a_woken_rule_gets_its_lines_and_still_finds(one_scan):
    rule = SignUpPair()
    doc = Document("Intro.\n\nSign up now!\n\nText.\n\nSIGN UP TODAY\n")
    result = Linter([rule], one_scan=one_scan).check(doc)
    assert [f.line for f in result.findings] == [7]
    (lines,) = rule.calls
    assert lines is not None and {2, 6} <= set(lines) and 0 not in lines


def test_without_the_engine_a_rule_sees_every_line():
    doc = Document("Sign up now\nSign up today\n")
    assert [f.line for f in SignUpPair().check(doc)] == [2]


def test_cores_in_gives_the_cores_of_the_lines_in_order():
    doc = Document("a\n\n  b\nc\n")
    assert [core.text for core in doc.cores_in({3, 0, 1})] == ["a", "c"]
    assert doc.cores_in(None) == doc.cores
    assert [doc.core_number(index) for index in range(4)] == [0, None, 1, 2]
    assert doc.core_text == "a\nb\nc"


# The built-in rules that declare a wake, through the engine and on every line.
RULES = load_rules(plugins=False)
WOKEN = [rule for rule in RULES if rule.wake is not None]
TEXTS = [path.read_text(encoding="utf-8") for path in
         sorted(FIXTURES.glob("corpus/*.txt")) + sorted(FIXTURES.glob("seeds/*.txt"))]
EXAMPLES = [text for rule in RULES for example in rule.examples for text in example.values()]


def everywhere(rules: list[Rule], text: str) -> list[tuple[str, int, int]]:
    doc = Document(text)
    return sorted((f.rule, f.start, f.end) for rule in rules for f in rule.check(doc))


def engine(linter: Linter, text: str) -> list[tuple[str, int, int]]:
    found = linter.candidates.plans(Document(text))
    doc = Document(text)
    return sorted((f.rule, f.start, f.end) for rule in linter.rules if rule.id in found
                  for f in linter._run(rule, doc, found[rule.id]))


def test_the_shape_rules_declare_wakes():
    assert {"caption-gallery-run", "kicker-headline-pairs", "avatar-initials",
            "related-single-link", "author-box-body", "byline-name"} <= {rule.id for rule in WOKEN}


@pytest.mark.parametrize("one_scan", PATHS)
def test_woken_rules_find_what_they_find_on_every_line(one_scan):
    linter = Linter(WOKEN, one_scan=one_scan)
    woke = set()
    for text in TEXTS + EXAMPLES:
        expected = everywhere(WOKEN, text)
        assert engine(linter, text) == expected, text[:80]
        woke |= {rule for rule, _, _ in expected}
    assert woke == {rule.id for rule in WOKEN}  # each rule found something somewhere


def test_a_wake_that_misses_a_match_is_caught_by_the_comparison():
    class Narrow(SignUpPair):
        id = "narrow"
        wake = Wake((compiled(r"sign up now\W*", regex.IGNORECASE),), min_lines=2)

    text = "Sign up today\n\nSign up now\n"
    assert everywhere([Narrow()], text) != engine(Linter([Narrow()], one_scan=False), text)



def test_on_the_regex_path_a_wake_without_literals_leaves_the_rule_every_line():
    class Capitals(SignUpPair):
        id = "capitals"
        wake = Wake((compiled(r"\p{Lu}{2,5}"),))

    rule = Capitals()
    Linter([rule], one_scan=False).check(Document("Text.\n\nABC\n"))
    assert rule.calls == [None]  # no line gate for wake patterns: it costs every line


def test_headline_run_tests_a_line_as_its_definition_says():
    run = rule_module("related-links", "headline-run")

    def defined(core: str) -> bool:  # the definition, test by test, as it was written
        if not is_headline(core, max_chars=run.TITLE_CHARS) or word_count(core) < run.MIN_WORDS:
            return False
        if run._NOT_HEADLINE.search(core):
            return False
        words = compiled(r"[\p{L}']{4,}").findall(core)
        return bool(words) and sum(w[0].isupper() for w in words) >= 0.75 * len(words)

    cores = {core.text for text in TEXTS + EXAMPLES for core in Document(text).cores}
    cores |= {"'''' Four Words Here Now", "The Big Red Dog Runs Away.", "A B C D", "",
              "Ab Cd Ef Gh"}
    assert [core for core in cores if run._is_title_line(core) != defined(core)] == []


def test_stray_script_line_still_finds_a_latin_line_in_a_cyrillic_article():
    rule = rule_module("scripts", "stray-script-line").StrayScriptLine()
    article = "Министр заявил в субботу, что переговоры продолжатся на следующей неделе. "
    assert [f.line for f in rule.check(Document("Menu\n\n" + article * 4))] == [1]
    latin = "The minister said on Saturday that the talks would go on next week. "
    assert list(rule.check(Document("Menu\n\n" + latin * 4))) == []
