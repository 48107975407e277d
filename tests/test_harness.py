"""`artlint test-rules` and `artlint new-rule` through the CLI."""

from __future__ import annotations

import pytest
from test_config import lines, run, write

from linter.pipeline import harness
from linter.rules.yaml_rule import load_file

FAILING = """\
id: t-promo
message: Promo line
pattern: "buy now"
examples:
  - bad: "Buy now"
  - bad: "Buy it now"
  - good: "Buy now"
  - bad: "Text.\\n\\nBuy now\\n"
    fixed: "Text.\\n\\n"
---
id: t-fine
message: Fine rule
pattern: "subscribe today"
examples:
  - bad: "Subscribe today"
  - good: "Please subscribe today, she said."
"""


def test_test_rules_reports_each_failing_example_and_exits_1(tmp_path):
    write(tmp_path / "mine" / "rules.yaml", FAILING)
    result = run("test-rules", str(tmp_path / "mine"))
    assert result.exit_code == 1
    source = tmp_path / "mine" / "rules.yaml"
    assert lines(result) == [
        "FAIL t-promo example 2 (bad): not flagged: 'Buy it now'",
        f"     in {source}",
        "FAIL t-promo example 3 (good): flagged line 1 ('Buy now') of a good example",
        f"     in {source}",
        "FAIL t-promo example 4 (fixed): fix gave 'Text.\\n', expected 'Text.\\n\\n'",
        f"     in {source}",
        "Tested 2 rules, 6 examples: 3 failed in 1 rule.",
    ]


def test_test_rules_passes_and_warns_about_missing_examples(tmp_path):
    write(tmp_path / "mine" / "a.yaml", FAILING.split("---\n")[1])
    write(tmp_path / "mine" / "b.yaml", 'id: t-bare\nmessage: m\npattern: "x"\n')
    result = run("test-rules", "--verbose", str(tmp_path / "mine"))
    assert result.exit_code == 0
    assert lines(result) == [
        "ok   t-fine (2 examples)",
        "ok   t-bare (0 examples)",
        f"warning: t-bare: no `bad` or `good` example ({tmp_path / 'mine' / 'b.yaml'})",
        "Tested 2 rules, 2 examples: all passed.",
    ]


def test_test_rules_on_the_built_in_pack_passes():
    result = run("test-rules", "--isolated", "--select", "pack:builtin")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1].endswith("examples: all passed.")


def test_the_harness_catches_a_rule_that_raises():
    (rule,) = load_file("r.yaml", 'id: t-x\nmessage: m\npattern: "x"\n')

    def boom(doc, plan=None):
        raise RuntimeError("kaput")

    rule.check = boom
    assert harness.check_example(rule, {"bad": "x"}) == "the rule failed: RuntimeError: kaput"


def test_new_rule_templates_pass_test_rules_and_are_not_overwritten(tmp_path):
    folder = tmp_path / "my-rules"
    made = run("new-rule", "site-footer", "--dir", str(folder), "--category", "footers")
    assert made.exit_code == 0
    assert made.stdout == (f"Created {folder / 'site-footer.yaml'}. Edit it, then run: "
                           f"artlint test-rules {folder}\n")
    made_py = run("new-rule", "separator-line", "--kind", "python", "--dir", str(folder))
    assert made_py.exit_code == 0
    assert (folder / "separator_line.py").is_file()
    tested = run("test-rules", "--verbose", str(folder))
    assert lines(tested) == [
        "ok   separator-line (2 examples)",
        "ok   site-footer (2 examples)",
        "Tested 2 rules, 4 examples: all passed.",
    ]
    checked = run("check", "--isolated", "--rules-dir", str(folder), "--select",
                  "footers,separator-line", "--output-format", "concise",
                  str(write(tmp_path / "a.txt", "Text.\n\n* * *\n\nRead our latest issue here\n")))
    assert lines(checked) == [
        f"{tmp_path / 'a.txt'}:3:3: warning[separator-line] Separator line",  # core: "* *"
        f"{tmp_path / 'a.txt'}:5:1: warning[site-footer] Newsletter promo",
    ]
    again = run("new-rule", "site-footer", "--dir", str(folder))
    assert again.exit_code == 2
    assert again.stderr == (f"artlint: error: {folder / 'site-footer.yaml'}: already exists; "
                            "not overwritten\n")
    bad = run("new-rule", "Bad_Name", "--dir", str(folder))
    assert bad.exit_code == 2
    assert "rule id must be kebab-case" in bad.stderr


@pytest.mark.parametrize("kind", ["yaml", "python"])
def test_new_rule_keeps_a_message_with_yaml_and_python_characters_whole(tmp_path, kind):
    """`Footer: x` was invalid YAML, and `#1` started a YAML comment."""
    folder = tmp_path / "rules"
    message = 'Footer: x #1 "quoted" \\ back'
    assert run("new-rule", "site-footer", "--kind", kind, "--dir", str(folder),
               "--message", message).exit_code == 0
    from linter.rules import loader

    (rule,) = [r for path in folder.iterdir() for r in loader.load_file(path)]
    assert rule.message == message
    assert run("test-rules", str(folder)).exit_code == 0


def test_test_rules_with_no_example_to_run_fails(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.yaml").write_text('id: my-rule\nmessage: Mine\npattern: "zzz"\n')
    result = run("test-rules", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "Tested 1 rule, 0 examples: nothing was tested: give the rules `examples` (bad and "
        "good lines).")
