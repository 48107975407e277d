"""Loading rules: entry-point plugins, multi-document YAML files, safe YAML, error lines."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli.app import app
from linter.document import Document
from linter.engine.linter import Linter
from linter.errors import ArtlintError, RuleFileError
from linter.findings import Severity
from linter.rule import Rule
from linter.rules import loader

# ---------------------------------------------------------------------------------------
# entry-point plugins
# ---------------------------------------------------------------------------------------


class FakeEntryPoint:
    def __init__(self, name: str, value: str, target: object = None,
                 error: BaseException | None = None) -> None:
        self.name = name
        self.value = value
        self._target = target
        self._error = error
        self.loaded = 0

    def load(self) -> object:
        self.loaded += 1
        if self._error is not None:
            raise self._error
        return self._target


def use_entry_points(monkeypatch, *points: FakeEntryPoint) -> list[str]:
    """Make loader see ``points`` as the installed plugins; return the groups asked for."""
    groups: list[str] = []

    def fake(*, group: str):
        groups.append(group)
        return list(points)

    monkeypatch.setattr(loader, "entry_points", fake)
    return groups


class PluginShout(Rule):
    """A line that is just PLUGIN!"""

    id = "plugin-shout"
    message = "Plugin shout"
    category = "plugin-stuff"
    severity = Severity.ERROR

    def check(self, doc):
        for core in doc.cores:
            if core.text == "PLUGIN!":
                yield self.delete_lines(doc, core.index)


class PluginBase(Rule):
    """An abstract helper base with no id: never a rule of its own."""

    message = "Base"


class PluginWhisper(PluginBase):
    """A line that is just psst."""

    id = "plugin-whisper"
    message = "Plugin whisper"

    def check(self, doc):
        for core in doc.cores:
            if core.text == "psst":
                yield self.delete_lines(doc, core.index)


class NoMessage(Rule):
    id = "no-message"

    def check(self, doc):
        return []


def builtin_ids() -> set[str]:
    return {rule.id for rule in loader.load_rules(plugins=False)}


def by_id(rules: list[Rule]) -> dict[str, Rule]:
    return {rule.id: rule for rule in rules}


def test_plugin_rule_class(monkeypatch):
    point = FakeEntryPoint("shout", "shout_pkg:PluginShout", PluginShout)
    groups = use_entry_points(monkeypatch, point)
    rules = by_id(loader.load_rules())
    assert groups == ["artlint.rules"]
    assert point.loaded == 1
    assert set(rules) == builtin_ids() | {"plugin-shout"}
    rule = rules["plugin-shout"]
    assert isinstance(rule, PluginShout)
    assert rule.source == "plugin:shout"
    found = list(rule.check(Document("Title\n\nPLUGIN!\n")))
    assert [(f.rule, f.line, f.severity) for f in found] == [("plugin-shout", 3, Severity.ERROR)]


def test_a_plugins_rule_instance_is_copied_so_configurations_never_share_it(monkeypatch):
    from linter.config import linters
    from linter.config.settings import Settings

    shared = PluginShout()
    use_entry_points(monkeypatch, FakeEntryPoint("shout", "shout_pkg:rules", lambda: [shared]))
    strict = Settings()
    strict.add("unfixable", "test", ["plugin-shout"])
    first = by_id(linters.configure(loader.load_rules(), strict))["plugin-shout"]
    second = by_id(linters.configure(loader.load_rules(), Settings()))["plugin-shout"]
    assert not first.fixable
    assert second.fixable and shared.fixable  # the other configuration and the plugin's own
    assert shared.source == ""


def test_plugin_module_gives_every_rule_class_with_an_id(monkeypatch):
    module = types.ModuleType("fake_plugin_module")
    module.Rule = Rule  # imported base: no id, not a rule
    module.PluginBase = PluginBase  # helper base: no id, not a rule
    module.PluginShout = PluginShout
    module.PluginWhisper = PluginWhisper
    module.something_else = 42
    use_entry_points(monkeypatch, FakeEntryPoint("mod", "fake_plugin_module", module))
    rules = loader.load_rules()
    plugin = [rule for rule in rules if rule.source == "plugin:mod"]
    assert sorted(rule.id for rule in plugin) == ["plugin-shout", "plugin-whisper"]
    assert {rule.id for rule in rules} == builtin_ids() | {"plugin-shout", "plugin-whisper"}


def test_plugin_folder_path(monkeypatch, tmp_path):
    folder = tmp_path / "plugin_rules"
    folder.mkdir()
    (folder / "a.yaml").write_text('id: folder-one\nmessage: One\npattern: "one line"\n')
    (folder / "nested").mkdir()
    (folder / "nested" / "b.yml").write_text('id: folder-two\nmessage: Two\npattern: "two"\n')
    use_entry_points(
        monkeypatch,
        FakeEntryPoint("as-str", "pkg:FOLDER", str(folder / "nested")),
        FakeEntryPoint("as-path", "pkg:PATH", folder / "nested" / ".."),
    )
    # The same folder twice under two names would clash: keep them apart.
    with pytest.raises(ArtlintError) as info:
        loader.load_rules()
    assert str(info.value) == (
        "rule id `folder-two` is defined twice: in plugin:as-str and in plugin:as-path"
    )


def test_plugin_folder_rules_are_tagged_with_the_plugin(monkeypatch, tmp_path):
    (tmp_path / "a.yaml").write_text('id: folder-one\nmessage: One\npattern: "one line"\n')
    use_entry_points(monkeypatch, FakeEntryPoint("folder", "pkg:FOLDER", str(tmp_path)))
    rule = by_id(loader.load_rules())["folder-one"]
    assert rule.source == "plugin:folder"
    assert rule.message == "One"
    assert [f.line for f in rule.check(Document("x\n\nOne line\n"))] == [3]


def test_plugin_callable_returning_rules(monkeypatch):
    def make_rules():
        return [PluginShout, PluginWhisper()]

    use_entry_points(monkeypatch, FakeEntryPoint("fn", "pkg:make_rules", make_rules))
    rules = by_id(loader.load_rules())
    assert rules["plugin-shout"].source == "plugin:fn"
    assert rules["plugin-whisper"].source == "plugin:fn"


def test_plugin_that_raises_on_load_is_named(monkeypatch):
    point = FakeEntryPoint("broken", "broken_pkg.rules:RULES",
                           error=ModuleNotFoundError("No module named 'broken_pkg'"))
    use_entry_points(monkeypatch, point)
    with pytest.raises(ArtlintError) as info:
        loader.load_rules()
    assert str(info.value) == (
        "plugin:broken: cannot load entry point broken_pkg.rules:RULES: "
        "ModuleNotFoundError: No module named 'broken_pkg'"
    )
    assert info.value.__cause__ is None


def test_plugin_giving_something_else_is_named(monkeypatch):
    use_entry_points(monkeypatch, FakeEntryPoint("odd", "pkg:VALUE", 42))
    with pytest.raises(ArtlintError) as info:
        loader.load_rules()
    assert str(info.value).startswith("plugin:odd: entry point gave 42; expected a Rule class")


def test_plugin_rule_without_message_is_named(monkeypatch):
    use_entry_points(monkeypatch, FakeEntryPoint("nomsg", "pkg:NoMessage", NoMessage))
    with pytest.raises(RuleFileError) as info:
        loader.load_rules()
    assert str(info.value) == "plugin:nomsg (NoMessage): a rule needs a `message`"


def test_plugin_id_clashing_with_builtin(monkeypatch):
    class Clash(PluginShout):
        id = "dont-miss-block"

    use_entry_points(monkeypatch, FakeEntryPoint("clash", "pkg:Clash", Clash))
    with pytest.raises(ArtlintError) as info:
        loader.load_rules()
    assert str(info.value) == (
        "rule id `dont-miss-block` is defined twice: in builtin and in plugin:clash"
    )


def test_plugins_false_does_not_look_at_entry_points(monkeypatch):
    point = FakeEntryPoint("broken", "x:y", error=RuntimeError("must not be loaded"))
    groups = use_entry_points(monkeypatch, point)
    rules = loader.load_rules(plugins=False)
    assert groups == []
    assert point.loaded == 0
    assert {rule.source for rule in rules} == {"builtin", "builtin:html"}  # markup: builtin:html


def test_an_installed_plugin_is_found_and_named_without_loading_it(monkeypatch, tmp_path):
    meta = tmp_path / "artlint_extra-1.2.dist-info"
    meta.mkdir()
    (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: artlint-extra\nVersion: 1.2\n")
    (meta / "entry_points.txt").write_text("[artlint.rules]\nextra = artlint_extra.rules\n")
    assert loader.plugin_identities() == []
    monkeypatch.syspath_prepend(str(tmp_path))
    assert loader.plugin_identities() == ["extra=artlint_extra.rules (artlint-extra 1.2)"]


def test_importlib_metadata_is_asked_only_when_a_distribution_names_the_group(monkeypatch):
    import importlib.metadata

    def refuse(**kwargs):
        raise AssertionError("importlib.metadata was asked")

    monkeypatch.setattr(importlib.metadata, "entry_points", refuse)
    assert list(loader.entry_points("artlint.no-such-group")) == []
    with pytest.raises(AssertionError):
        loader.entry_points("console_scripts")


def test_cli_uses_plugins(monkeypatch, tmp_path):
    use_entry_points(monkeypatch, FakeEntryPoint("shout", "pkg:PluginShout", PluginShout))
    runner = CliRunner()
    listed = runner.invoke(app, ["rules", "--output-format", "json"])
    assert listed.exit_code == 0
    row = {r["id"]: r for r in json.loads(listed.stdout)}["plugin-shout"]
    assert row == {"id": "plugin-shout", "category": "plugin-stuff", "severity": "error",
                   "fixable": "yes", "evidence": "phrase", "fix": "safe", "default": "on",
                   "languages": "any", "source": "plugin:shout"}
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody text.\n\nPLUGIN!\n")
    checked = runner.invoke(app, ["check", "--output-format", "concise", "--fail-on", "error",
                                  "--select", "plugin-stuff", str(path)])
    assert checked.exit_code == 1
    assert checked.stdout == f"{path}:5:1: error[plugin-shout] Plugin shout\n"


def test_cli_plugin_load_error_exits_2(monkeypatch):
    use_entry_points(monkeypatch, FakeEntryPoint("broken", "b:R", error=ImportError("nope")))
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 2
    assert result.stderr == (
        "artlint: error: plugin:broken: cannot load entry point b:R: ImportError: nope\n"
    )


# ---------------------------------------------------------------------------------------
# YAML rule files
# ---------------------------------------------------------------------------------------


def rule_file(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MULTI = """\
id: first-rule
message: First
pattern: "first artefact"
---
# the second rule
id: second-rule
message: Second
category: extra-things
patterns:
  - "second artefact"
---
id: third-rule
message: Third
severity: info
pattern: "third artefact"
"""


def test_yaml_file_with_several_documents(tmp_path):
    path = rule_file(tmp_path, MULTI)
    rules = loader.load_file(path)
    assert [rule.id for rule in rules] == ["first-rule", "second-rule", "third-rule"]
    assert [rule.message for rule in rules] == ["First", "Second", "Third"]
    assert [rule.category for rule in rules] == ["misc", "extra-things", "misc"]
    assert [rule.severity for rule in rules] == [Severity.WARNING, Severity.WARNING,
                                                 Severity.INFO]
    assert {rule.source for rule in rules} == {str(path)}
    doc = Document("Title\n\nFirst artefact\n\nBody.\n\nThird artefact\n\nSecond artefact\n")
    found = Linter(rules).check(doc).findings
    assert [(f.rule, f.line) for f in found] == [
        ("first-rule", 3), ("third-rule", 7), ("second-rule", 9),
    ]


def test_yaml_documents_in_rules_dir_all_load(tmp_path):
    rule_file(tmp_path, MULTI)
    ids = {rule.id for rule in loader.load_rules([tmp_path], plugins=False)}
    assert {"first-rule", "second-rule", "third-rule"} <= ids
    assert ids - {"first-rule", "second-rule", "third-rule"} == builtin_ids()


def test_leading_document_marker_is_fine(tmp_path):
    path = rule_file(tmp_path, '---\nid: only-rule\nmessage: Only\npattern: "x"\n')
    assert [rule.id for rule in loader.load_file(path)] == ["only-rule"]


def test_comment_only_yaml_file_has_no_rules(tmp_path):
    path = rule_file(tmp_path, "# nothing here yet\n")
    assert loader.load_file(path) == []


@pytest.mark.parametrize(
    "text",
    [
        'id: only-rule\nmessage: Only\npattern: "x"\n---\n',
        '---\nid: only-rule\nmessage: Only\npattern: "x"\n---\n---\n',
    ],
    ids=["trailing-marker", "empty-document-between"],
)
def test_empty_yaml_documents_are_skipped(tmp_path, text):
    path = rule_file(tmp_path, text)
    assert [rule.id for rule in loader.load_file(path)] == ["only-rule"]


def test_python_tag_on_a_value_is_rejected_with_its_line(tmp_path):
    path = rule_file(tmp_path, 'id: my-rule\nmessage: Mine\npattern: !!python/name:os.system\n')
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    assert info.value.line == 3
    assert str(info.value).startswith(f"{path}:3: invalid YAML value: ")
    assert "python/name:os.system" in str(info.value)


def test_python_object_apply_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    path = rule_file(
        tmp_path,
        f'id: my-rule\nmessage: Mine\npattern: !!python/object/apply:os.mkdir ["{marker}"]\n',
    )
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    assert not marker.exists()
    assert info.value.line == 3


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('!!python/object:os.system\nid: my-rule\nmessage: Mine\npattern: "x"\n', 1),
        ('id: my-rule\nmessage: Mine\n'
         'patterns: !!python/object/apply:os.system ["echo pwned"]\n', 3),
    ],
    ids=["on-mapping", "on-sequence"],
)
def test_python_tags_on_collections_are_rejected(tmp_path, text, line):
    path = rule_file(tmp_path, text)
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    assert info.value.line == line
    assert "python/object" in str(info.value)


# ---------------------------------------------------------------------------------------
# bounded parsing (issue 15): no alias bombs, no deep nesting, a size limit
# ---------------------------------------------------------------------------------------

LAUGHS = "".join(
    ['id: t-lol\nmessage: Lol\npattern: "lol"\n', 'a0: &a0 ["lol"', ', "lol"' * 8, "]\n"]
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)]
)
BOUNDED_LOAD = """
import resource, sys, time
from pathlib import Path
from linter.rules import loader
from linter.errors import RuleFileError
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    loader.load_file(Path(sys.argv[1]))
except RuleFileError as exc:
    print(exc)
print(time.perf_counter() - started)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def bounded_load(path: Path) -> tuple[str, float, int]:
    """Load ``path`` in a child limited to 1 GB and 30 s: (its message, seconds, KB the
    load added to its peak memory). A bomb that expands fails the test, not the machine."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", BOUNDED_LOAD, str(path)],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    message, seconds, grown = done.stdout.splitlines()
    return message, float(seconds), int(grown)


def test_a_billion_laughs_rule_file_is_refused_fast_without_growing(tmp_path):
    path = rule_file(tmp_path, LAUGHS)
    message, seconds, grown_kb = bounded_load(path)
    assert message == (f"{path}:4: YAML anchors and aliases (`&a0`) are not allowed in a "
                       "rule file: write the value out in full")
    assert seconds < 0.5
    assert grown_kb < 20_000


def test_an_alias_alone_is_refused_with_its_line(tmp_path):
    path = rule_file(tmp_path, 'id: t-x\nmessage: X\npattern: "x"\nunless: *nowhere\n')
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    assert info.value.line == 4
    assert str(info.value) == (f"{path}:4: YAML anchors and aliases (`*nowhere`) are not "
                               "allowed in a rule file: write the value out in full")


def test_deep_nesting_is_refused_not_a_crash(tmp_path):
    """libyaml's composer recurses: 100,000 nested lists crashed the process."""
    path = rule_file(tmp_path, 'id: t-x\nmessage: X\npattern: "x"\nx: '
                     + "[" * 100_000 + "]" * 100_000 + "\n")
    message, seconds, _ = bounded_load(path)
    assert message == (f"{path}:4: nested too deeply (over 32 levels of mappings and "
                       "lists); a rule needs a few")
    assert seconds < 1


def test_a_rule_file_over_one_megabyte_is_refused_before_it_is_read(tmp_path):
    path = rule_file(tmp_path, 'id: t-x\nmessage: X\npattern: "x"\n' + "# pad\n" * 200_000)
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    assert str(info.value) == (f"{path}: rule file too large (1.1 MB; limit 1 MB): split "
                               "its rules into several files")


def test_the_yaml_limits_are_in_the_library_too():
    """In process: a harmless alias (a bomb expands only in bounded_load's child)."""
    from linter.rules import yaml_rule

    with pytest.raises(RuleFileError, match="anchors and aliases"):
        yaml_rule.load_file("r.yaml", 'id: &x t-x\nmessage: *x\npattern: "x"\n')
    with pytest.raises(RuleFileError, match="rule file too large"):
        yaml_rule.load_file("r.yaml", "# x\n" * 300_000)


ERRORS = {
    "unknown-key": (
        'id: my-rule\nmessage: Mine\npattern: "x"\ncolour: red\n',
        4, "unknown key `colour`; allowed: id, message, pattern, patterns, unless,",
    ),
    "unknown-key-hint": (
        'id: my-rule\nmesage: Mine\npattern: "x"\n',
        2, "unknown key `mesage` (did you mean `message`?)",
    ),
    "unknown-block-key": (
        'id: blk\nmessage: M\npattern: "x"\nblock:\n  follow: bullet\n  maxlines: 3\n',
        6, "rule `blk`: unknown block key `maxlines`; allowed: follow, max-lines, direction",
    ),
    "bad-regex-in-list": (
        'id: my-rule\nmessage: M\npatterns:\n  - "fine"\n  - "also fine"\n  - "(open"\n',
        6, "rule `my-rule`: invalid regex '(open'",
    ),
    "bad-regex-by-language": (
        'id: lang-rule\nmessage: M\npatterns:\n  en:\n    - "fine"\n  de:\n    - "gut"\n'
        '    - "[unclosed"\n',
        8, "rule `lang-rule`: invalid regex '[unclosed'",
    ),
    "empty-pattern": (
        'id: my-rule\nmessage: M\nmatch: search\npattern: ""\n',
        4, "rule `my-rule`: pattern '' matches the empty string, so with `match: search` it "
           "matches on every line: it must match some text",
    ),
    "pattern-matching-nothing-too": (
        'id: my-rule\nmessage: M\nmatch: search\npatterns:\n  - "fine"\n  - "(Advertisement)?"\n',
        6, "rule `my-rule`: pattern '(Advertisement)?' matches the empty string",
    ),
    "bad-unless": (
        'id: my-rule\nmessage: M\npattern: "x"\nunless: "(?<bad"\n',
        4, "rule `my-rule`: invalid regex '(?<bad'",
    ),
    "bad-example": (
        'id: ex-rule\nmessage: M\npattern: "x"\nexamples:\n  - bad: "x"\n  - ugly: "y"\n',
        6, "rule `ex-rule`: each example is `bad: TEXT`",
    ),
    "zero-max-length": (
        'id: my-rule\nmessage: M\npattern: "x"\n\nmax-length: 0\n',
        5, "rule `my-rule`: `max-length` must be a positive integer; got 0",
    ),
    "zero-position": (
        'id: my-rule\nmessage: M\npattern: "x"\nposition:\n  first: 0\n',
        5, "rule `my-rule`: `first` must be a positive integer; got 0",
    ),
    "bad-severity": (
        'id: my-rule\nmessage: M\nseverity: fatal\npattern: "x"\n',
        3, "rule `my-rule`: `severity` must be one of info, warning, error; got 'fatal'",
    ),
    "bad-boolean": (
        'id: my-rule\nmessage: M\npattern: "x"\ncase-sensitive: "yes"\n',
        4, "rule `my-rule`: `case-sensitive` must be true or false; got 'yes'",
    ),
    "bad-anchors": (
        'id: my-rule\nmessage: M\npattern: "x"\nanchors: sometimes\n',
        4, "rule `my-rule`: `anchors` must be true or false; got 'sometimes'",
    ),
    "delete-block-without-block": (
        'id: my-rule\nmessage: M\npattern: "x"\nfix: delete-block\n',
        4, "rule `my-rule`: `fix: delete-block` needs a `block` mapping",
    ),
    "id-not-kebab": (
        'message: M\npattern: "x"\nid: My_Rule\n',
        3, "`id` must be kebab-case (like `dont-miss-block`), got 'My_Rule'",
    ),
    "both-pattern-and-patterns": (
        '\n\nid: my-rule\nmessage: M\npattern: "x"\npatterns: ["y"]\n',
        3, "rule `my-rule`: give exactly one of `pattern` (one regex) or `patterns` (a list)",
    ),
    "missing-id": (
        '# a comment\nmessage: M\npattern: "x"\n',
        2, "missing required key `id`: a kebab-case name",
    ),
    "not-a-mapping": (
        '- id: my-rule\n- message: M\n',
        1, "a rule must be a mapping of keys to values",
    ),
    "missing-message-in-second-document": (
        'id: one\nmessage: One\npattern: "a"\n---\n# second\nid: two\npattern: "b"\n',
        6, "rule `two`: missing required key `message`",
    ),
    "unknown-key-in-third-document": (
        'id: one\nmessage: One\npattern: "a"\n---\nid: two\nmessage: Two\npattern: "b"\n'
        '---\nid: three\nmessage: Three\npattern: "c"\nseverity: info\nlanguage: [en]\n',
        13, "unknown key `language` (did you mean `languages`?)",
    ),
    "invalid-yaml": (
        'id: my-rule\nmessage: M\npattern: "x\n',
        4, "invalid YAML: found unexpected end of stream",
    ),
    "invalid-yaml-mapping-value": (
        'id: my-rule\nmessage: M\n\ncategory: a: b\npattern: "x"\n',
        4, "invalid YAML: mapping values are not allowed",
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_error_names_file_and_exact_line(tmp_path, case):
    text, line, expected = ERRORS[case]
    path = rule_file(tmp_path, text)
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    error = info.value
    assert error.path == str(path)
    assert error.line == line
    assert str(error).startswith(f"{path}:{line}: ")
    assert expected in str(error)
    assert "\n" not in str(error)


def test_a_whole_line_pattern_may_match_the_empty_string(tmp_path):
    """A line rule's pattern meets only non-blank cores, so `\\W*` (a line of symbols)
    and `(Advertisement)?` (that word alone) find something: only `match: search` refuses
    a pattern that matches the empty string."""
    path = rule_file(tmp_path, 'id: my-rule\nmessage: M\npatterns:\n  - "\\\\W*"\n'
                               '  - "(Advertisement)?"\n')
    rule = loader.load_file(path)[0]
    flagged = [f.line for f in rule.check(Document("Text.\n\n* * *\n\nAdvertisement\n"))]
    assert flagged == [3, 5]


def test_python_rule_import_error_has_file_and_line(tmp_path):
    path = rule_file(tmp_path, "X = 1\n\n\ndef f():\n    return 1 / 0\n\n\nf()\n", "bad.py")
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    # The innermost frame in the rule file: the division on line 5.
    assert info.value.line == 5
    assert str(info.value) == f"{path}:5: cannot import: ZeroDivisionError: division by zero"


def test_rule_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"id: my-rule\nmessage: caf\xe9\npattern: x\n")
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    assert str(info.value) == (f"{path}:2: not valid UTF-8 (byte 0xe9 at offset 24): a rule "
                               "file is UTF-8 text")


@pytest.mark.parametrize(("name", "reason"), [
    ("gone.yaml", "broken symbolic link (its target does not exist)"),
    ("gone.py", "broken symbolic link (its target does not exist)"),
    ("folder.yaml", "Is a directory"),
])
def test_a_rule_file_that_cannot_be_read_says_why_in_words(tmp_path, name, reason):
    path = tmp_path / name
    if name.startswith("gone"):
        path.symlink_to(tmp_path / "nowhere")
    else:
        path.mkdir()
    with pytest.raises(RuleFileError) as info:
        loader.load_dir(tmp_path)
    assert str(info.value) == f"{path}: cannot read rule file: {reason}"


def test_underscore_and_dot_files_are_not_loaded(tmp_path):
    rule_file(tmp_path, "raise RuntimeError('helper')\n", "_helper.py")
    rule_file(tmp_path, "not: [valid\n", ".hidden.yaml")
    rule_file(tmp_path, 'id: real-rule\nmessage: Real\npattern: "x"\n', "real.yaml")
    rule_file(tmp_path, "garbage", "notes.txt")
    assert [rule.id for rule in loader.load_dir(tmp_path)] == ["real-rule"]


def test_the_importlib_metadata_backport_finder_does_not_make_artlint_ask(monkeypatch):
    """Dask imports the backport, which adds its own sys.path finder to sys.meta_path."""
    import importlib.metadata

    backport = pytest.importorskip("importlib_metadata")
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, backport.MetadataPathFinder()])

    def refuse(**kwargs):
        raise AssertionError("importlib.metadata was asked")

    monkeypatch.setattr(importlib.metadata, "entry_points", refuse)
    assert list(loader.entry_points("artlint.no-such-group")) == []


def test_the_one_loader_loads_the_markup_rules_without_the_html_adapter():
    import subprocess

    code = ("import sys; from linter.rules.loader import load_rules; "
            "rules = load_rules(plugins=False); "
            "assert len(rules) > 40; print('linter.sources.html' in sys.modules, "
            "sorted(r.source for r in rules if r.id == 'html-share-container'))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    assert proc.stdout.strip() == "False ['builtin:html']"


@pytest.mark.parametrize(("text", "message"), [
    ('id: my-rule\nmessage: Mine\npattern: "a"\npattern: "b"\n',
     "4: `pattern` given twice (first on line 3): keep one"),
    ('id: my-rule\nmessage: Mine\npattern: "(a) b"\nfix: replace\nreplacement: "\\\\2"\n',
     "5: rule `my-rule`: `replacement` refers to group `\\2`, which pattern '(a) b' does not "
     "have"),
    ('id: my-rule\nmessage: Mine\npattern: "(?P<x>a) b"\nfix: replace\n'
     'replacement: "\\\\g<y>"\n',
     "5: rule `my-rule`: `replacement` refers to group `\\g<y>`, which pattern '(?P<x>a) b' "
     "does not have"),
    ('id: my-rule\nmessage: "Mine\\nand more"\npattern: "a"\n',
     "2: rule `my-rule`: `message` must be one line (it is printed with each finding); put "
     "more in `description`"),
])
def test_rule_file_mistakes_that_would_surface_later_are_named_at_load(tmp_path, text,
                                                                       message):
    """A key given twice (YAML keeps the last), a replacement's missing group (it failed
    on every match), a message over two lines (it broke one-line output)."""
    path = rule_file(tmp_path, text)
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    assert str(info.value) == f"{path}:{message}"


def test_a_replacement_with_groups_the_pattern_has_loads(tmp_path):
    path = rule_file(tmp_path, 'id: my-rule\nmessage: Mine\npattern: "(?P<x>a) (b)"\n'
                               'fix: replace\nreplacement: "\\\\g<x> \\\\2 \\\\g<0>"\n')
    assert [rule.id for rule in loader.load_file(path)] == ["my-rule"]


def test_fix_languages_keeps_other_languages_patterns_reported_with_an_unsafe_fix(tmp_path):
    path = rule_file(tmp_path, 'id: my-rule\nmessage: Mine\nfix-languages: [en]\npatterns:\n'
                               '  en: ["source link"]\n  de: ["quelle: \\\\w+"]\n')
    (rule,) = loader.load_file(path)
    doc = Document("Body.\n\nSource link\n\nQuelle: dpa\n")
    safety = {f.line: f.fix.applicability.value for f in rule.check(doc)}
    assert safety == {3: "safe", 5: "unsafe"}


def test_fix_languages_must_name_languages_the_patterns_have(tmp_path):
    path = rule_file(tmp_path, 'id: my-rule\nmessage: Mine\nfix-languages: [fr]\npatterns:\n'
                               '  en: ["source link"]\n')
    with pytest.raises(RuleFileError) as info:
        loader.load_file(path)
    assert str(info.value) == (f"{path}:3: rule `my-rule`: `fix-languages` must be a list of "
                               "the language codes `patterns` names (en); got ['fr']")
