"""Every rule's own examples: `bad` is flagged by that rule, `good` is not, `fixed` holds."""

from __future__ import annotations

import pytest

from linter.document import Document
from linter.engine import Linter
from linter.loader import load_rules

RULES = load_rules(plugins=False)
CASES = [
    pytest.param(rule, example, id=f"{rule.id}-{i}")
    for rule in RULES
    for i, example in enumerate(rule.examples)
]


def test_every_rule_has_flagged_and_unflagged_examples():
    for rule in RULES:
        kinds = {next(iter(example)) for example in rule.examples}
        assert {"bad", "good"} <= kinds, f"{rule.id} needs bad and good examples"


def test_every_rule_is_documented():
    for rule in RULES:
        assert len(rule.description) > 40, rule.id
        assert rule.message and rule.category


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule, example):
    doc = Document(example.get("bad", example.get("good")))
    flagged = [f for f in rule.check(doc) if f.rule == rule.id]
    if "good" in example:
        assert flagged == [], f"{rule.id} flags its good example"
        return
    assert flagged, f"{rule.id} misses its bad example"
    if "fixed" in example:
        assert Linter([rule]).fix(doc).text == example["fixed"]


def test_writing_rules_doc_lists_every_schema_key_as_the_loader_enforces_it():
    from conftest import ROOT

    from linter.yaml_rule import SCHEMA

    doc = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    assert rows == [f"| `{key}` | {text} |" for key, text in SCHEMA.items()]
