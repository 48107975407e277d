"""Benign input never fails a rule (issue 15, item 5): a very long line of words, with the
brackets, domains and tokens real text carries, is checked by every built-in rule within
its time limit. The 50 MB version is a benchmark (`python benchmarks/limits.py`)."""

from __future__ import annotations

import random

import pytest

from linter.document import Document
from linter.engine.linter import Linter
from linter.rules.loader import builtin_rules_dir, load_dir

WORDS = ["rain", "fell", "on", "the", "hills", "[1]", "all", "week,", "said",
         "www.example.com", "and", "the", "[ad]", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=",
         "roads", "(closed)", "2021", "“news”", "[caption", "Source:", "link", "|", "share"]


def one_line(size: int, words: list[str]) -> str:
    rng = random.Random(3)
    text = " ".join(rng.choices(words, k=size // 6))
    return text[:size] + "\n"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(load_dir(builtin_rules_dir(), source="builtin"))


@pytest.mark.parametrize("shape", ["words", "brackets"])
def test_a_long_line_fails_no_rule(linter, shape):
    words = WORDS if shape == "words" else ["[ad", "[1]", "[caption", "x]"]
    doc = Document("A headline\n\n" + one_line(4_000_000, words) + "The end.\n", "long.txt")
    result = linter.check(doc)
    assert [(error.rule, error.message) for error in result.errors] == []
