"""The engine's own failure paths: rules that time out, raise, make bad edits or never settle."""

from __future__ import annotations

from linter.document import Document
from linter.engine.linter import MAX_FIX_PASSES, Linter
from linter.findings import Edit, Fix
from linter.rule import Rule
from linter.rules import yaml_rule, yamlfile


class Toggle(Rule):
    """Rewrites "ping" as "pong" and back: a fix that never settles."""

    id = "toggle"
    message = "toggle"

    def check(self, doc):
        for core in doc.cores:
            other = {"ping": "pong", "pong": "ping"}.get(core.text)
            if other:
                yield self.replace_span(doc, core.start, core.end, other)


class Raises(Rule):
    """Always fails."""

    id = "raises"
    message = "raises"

    def check(self, doc):
        raise ValueError("boom")


class CrossLine(Rule):
    """Makes an edit that spans two lines without deleting them whole."""

    id = "cross-line"
    message = "bad edit"

    def check(self, doc):
        yield self.finding(doc, 1, 4, Fix((Edit(1, 4),)))


def yaml_rules(text):
    return yaml_rule.load_file("test.yaml", text)


def test_fix_that_never_settles_stops_at_the_pass_limit():
    result = Linter([Toggle()]).fix(Document("ping\n"))
    assert not result.converged
    assert result.applied == MAX_FIX_PASSES
    assert result.text == "ping\n"  # an even number of passes toggles back


def test_rule_that_raises_is_reported_and_others_still_run():
    comments = yaml_rules("id: closed\nmessage: m\npattern: 'comments are closed\\.?'\n")
    result = Linter([Raises(), *comments]).check(Document("Comments are closed.\n", "a.txt"))
    assert [f.rule for f in result.findings] == ["closed"]
    assert [str(e) for e in result.errors] == ["a.txt: rule `raises` failed: ValueError: boom"]


def test_pattern_that_times_out_is_reported_and_skipped(monkeypatch):
    monkeypatch.setattr(yaml_rule, "REGEX_TIMEOUT", 0.05)
    slow = yaml_rules("id: slow\nmessage: m\npattern: '(a|aa)+$'\nmatch: search\n")
    result = Linter(slow).check(Document("a" * 40 + "!\n", "big.txt"))
    assert result.findings == []
    assert [(e.rule, e.path) for e in result.errors] == [("slow", "big.txt")]
    assert "timed out" in result.errors[0].message


def test_edit_across_lines_is_a_rule_error_not_a_crash():
    result = Linter([CrossLine()]).check(Document("ab\ncd\n", "x.txt"))
    assert result.findings == []
    assert result.errors[0].rule == "cross-line"
    assert "neither whole lines nor inside one line" in result.errors[0].message


def test_yaml_loader_keeps_key_lines():
    (doc,) = yamlfile.load("id: a\n\nblock:\n  follow: bullet\n", "r.yaml")
    assert doc.line_of("block", "follow") == 4
    assert doc.line_of("missing") == 1


BLOCK_RULE = """
id: related
message: m
pattern: 'related stories'
block:
  follow: headline
  across-blank: {across}
"""


def fix_with_block(text, across):
    return Linter(yaml_rules(BLOCK_RULE.format(across=across))).fix(Document(text)).text


def test_block_across_blank_lines_takes_blank_separated_headlines():
    text = "Intro.\n\nRelated stories\n\nFirst link\n\nSecond link\n"
    assert fix_with_block(text, "true") == "Intro.\n"
    assert fix_with_block(text, "false") == "Intro.\n\nFirst link\n\nSecond link\n"


def test_block_across_blank_lines_gives_back_a_subheading_before_prose():
    text = "Intro.\n\nRelated stories\n\nFirst link\n\nSubheading\n\nProse follows here.\n"
    assert fix_with_block(text, "true") == "Intro.\n\nSubheading\n\nProse follows here.\n"


def test_block_stops_at_two_blank_lines():
    text = "Related stories\n\n\nNot a link\n"
    assert fix_with_block(text, "true") == "Not a link\n"


def test_opt_in_rules_run_only_when_selected():
    from linter.cli.options import select_rules

    rules = yaml_rules("id: quiet\nmessage: m\npattern: x\ncategory: extra\nopt-in: true\n"
                       "---\nid: loud\nmessage: m\npattern: y\ncategory: extra\n")
    assert [r.id for r in select_rules(rules, "", "")] == ["loud"]
    assert [r.id for r in select_rules(rules, "quiet", "")] == ["quiet"]
    assert [r.id for r in select_rules(rules, "extra", "")] == ["quiet", "loud"]
    assert [r.id for r in select_rules(rules, "all", "loud")] == ["quiet"]


def test_block_across_blank_lines_keeps_glued_items_before_a_blank_and_prose():
    text = "Related stories\nFirst link\nSecond link\n\nProse follows here.\n"
    assert fix_with_block(text, "true") == "Prose follows here.\n"


def test_protected_lines_are_never_fixed_or_tidied_away_and_origin_maps_lines():
    closed = yaml_rules("id: closed\nmessage: m\npattern: 'comments are closed\\.?'\n")
    text = "Intro.\n\nComments are closed.\n\n\nComments are closed.\nEnd.\n"
    # line 2 (0-based) is flagged but protected; line 4 is a blank line, protected
    result = Linter(closed).fix(Document(text), protected={2, 4})
    assert result.text == "Intro.\n\nComments are closed.\n\n\nEnd.\n"
    assert result.origin == [0, 1, 2, 3, 4, 6]
    assert [f.line for f in result.remaining] == []  # the protected finding is dropped


PLAN_RULE = """
id: two-shapes
message: two shapes
patterns:
  - "read more: (\\\\w+)"
  - "read (\\\\w+): \\\\w+"
fix: replace
replacement: "\\\\1"
"""


def test_a_plan_keeps_pattern_order_and_limits_lines():
    (rule,) = yaml_rule.load_file("<plan>", PLAN_RULE)
    doc = Document("read more: this\nintro\nread more: that\n")
    replaced = [f.fix.edits[0].replacement for f in rule.check(doc)]
    assert replaced == ["this", "that"]  # the first pattern wins on each line
    # Pattern 0 only on line 2, pattern 1 everywhere: line 0 falls to pattern 1.
    replaced = [f.fix.edits[0].replacement for f in rule.check(doc, [{2}, None])]
    assert replaced == ["more", "that"]
    # No pattern may see line 0: only line 2 is reported.
    replaced = [f.fix.edits[0].replacement for f in rule.check(doc, [{2}, {2}])]
    assert replaced == ["that"]
    assert list(rule.check(doc, [set(), set()])) == []


_SHAPES = ["", "\n", "  - Share this\r\nbody text\n\n   \nShare this", "\n\nShare this\n\n",
           "x\n  * Share this  \r\n\r\nend"]


def _old_content_span(doc, first, last):
    """What rule._content_span computed line by line before it bisected."""
    present = [core for i in range(first, last + 1) if (core := doc.core_at(i)) is not None]
    if not present:
        return doc.lines[first].start, doc.lines[last].end
    return present[0].start, present[-1].end


def test_delete_lines_flags_the_cores_of_the_first_and_last_non_blank_lines():
    rule = Toggle()
    for text in _SHAPES:
        doc = Document(text)
        for first in range(len(doc.lines)):
            for last in range(first, len(doc.lines)):
                finding = rule.delete_lines(doc, first, last)
                assert (finding.start, finding.end) == _old_content_span(doc, first, last)


def test_a_pattern_rules_line_finding_is_the_one_delete_lines_builds():
    (rule,) = yaml_rules("id: every\nmessage: m\npattern: '.+'\n")
    for text in _SHAPES:
        doc = Document(text)
        findings = list(rule.check(doc))
        assert len(findings) == len(doc.cores)
        for found in findings:
            assert found == rule.delete_lines(doc, found.line - 1)
            assert found.fix == rule.delete_lines(doc, found.line - 1).fix


class Exits(Rule):
    id = "exits"
    message = "m"

    def check(self, doc):
        raise SystemExit(0)


def test_rule_that_calls_sys_exit_is_a_rule_error_not_the_end_of_the_run():
    """SystemExit escaped the rule runner: the run ended silently, exit 0, nothing said."""
    comments = yaml_rules("id: closed\nmessage: m\npattern: 'comments are closed\\.?'\n")
    result = Linter([Exits(), *comments]).check(Document("Comments are closed.\n", "a.txt"))
    assert [f.rule for f in result.findings] == ["closed"]
    assert [str(e) for e in result.errors] == ["a.txt: rule `exits` failed: SystemExit: 0"]
