"""Every rule's own examples, through the same harness as `artlint test-rules`: `bad` is
flagged by that rule (without a rule error), `good` is not, and `fixed` is exactly what
fixing with that rule alone gives (and the fix settles)."""

from __future__ import annotations

import pytest

from linter.pipeline import harness
from linter.rules.loader import load_rules
from linter.rules.markup import FORMAT, MarkupRule
from linter.sources import html

RULES = load_rules(plugins=False)
ADAPTERS = {FORMAT: html}  # markup rules' examples are HTML, run through the HTML adapter
CASES = [
    pytest.param(rule, example, id=f"{rule.id}-{i}")
    for rule in RULES
    for i, example in enumerate(rule.examples)
]


def test_every_rule_has_flagged_and_unflagged_examples():
    for rule in RULES:
        assert harness.missing_examples(rule) is None, f"{rule.id} needs bad and good examples"


def test_every_rule_is_documented():
    for rule in RULES:
        assert len(rule.description) > 40, rule.id
        assert rule.message and rule.category


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule, example):
    assert harness.check_example(rule, example, ADAPTERS) is None


def test_the_whole_pack_passes_the_harness():
    report = harness.run(RULES, ADAPTERS)
    assert report.failures == []
    assert report.examples == len(CASES)
    assert report.warnings == []


def test_the_markup_rules_are_in_the_pack_with_examples():
    markup = {rule.id for rule in RULES if isinstance(rule, MarkupRule)}
    assert markup == {"html-advert-container", "html-comments-container",
                      "html-cookie-container", "html-newsletter-container",
                      "html-related-container", "html-share-container"}
    assert all(rule.examples for rule in RULES if rule.id in markup)


def test_writing_rules_doc_lists_every_schema_key_as_the_loader_enforces_it():
    from conftest import ROOT

    from linter.rules.yaml_schema import SCHEMA

    doc = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    assert rows == [f"| `{key}` | {text} |" for key, text in SCHEMA.items()]
