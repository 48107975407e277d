"""The rule test harness (`artlint test-rules`) and rule templates (`artlint new-rule`).

Every rule carries ``examples``. For each one, with the rule run alone:

- ``bad``: the rule flags it (and fails on nothing);
- ``bad`` with ``fixed``: fixing it with this rule alone (unsafe fixes included) gives
  exactly ``fixed``, and the fix settles;
- ``good``: the rule flags nothing (and fails on nothing).

Examples are plain text, or, for a kind that reads another format (a markup rule reads
HTML: ``reads``), that format, checked and fixed through its source adapter. The rules
layer does not import the adapters: the caller passes them (``adapters``: format ->
adapter, such as ``{"html": linter.sources.html}``).

The built-in pack's test suite (tests/test_rule_examples.py) runs the same checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from linter.config.linters import ConfiguredLinter
from linter.document import Document
from linter.errors import ArtlintError
from linter.findings import Finding
from linter.rule import Rule
from linter.rules.yaml_schema import ID_SHAPE

SHOWN = 70  # characters of example text shown in a failure
TEXT = "text"


class Adapter(Protocol):
    """A source adapter, as the harness uses it (linter.sources.html is one)."""

    def check(self, linter: Any, source: Document) -> tuple[list[tuple[Document, Finding]],
                                                            list[Any]]: ...

    def fix(self, linter: Any, source: Document, unsafe: bool = False) -> tuple[Any, ...]: ...


Adapters = Mapping[str, Adapter]


@dataclass(frozen=True)
class Failure:
    rule: str
    index: int  # 0-based position in the rule's examples
    kind: str  # bad, fixed or good
    problem: str
    source: str = ""

    def __str__(self) -> str:
        return f"FAIL {self.rule} example {self.index + 1} ({self.kind}): {self.problem}"


@dataclass
class Report:
    rules: list[Rule] = field(default_factory=list)
    examples: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No example failed, and there was one to run (never green by accident)."""
        return not self.failures and self.examples > 0


def _short(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= SHOWN else shown[: SHOWN - 4] + "...'"


def check_example(rule: Rule, example: dict[str, str], adapters: Adapters | None = None
                  ) -> str | None:
    """Why ``example`` fails for ``rule``, or None when it holds."""
    failed = _check(rule, example, adapters or {})
    return failed[1] if failed else None


def _check(rule: Rule, example: dict[str, str], adapters: Adapters) -> tuple[str, str] | None:
    """(which part failed: bad, fixed or good; why), or None."""
    kind = "good" if "good" in example else "bad"
    text = example[kind]
    reads = getattr(rule, "reads", TEXT)
    if reads != TEXT and reads not in adapters:
        return kind, f"no source adapter for its {reads} examples was given to the harness"
    linter = ConfiguredLinter([rule], known=[rule])
    doc = Document(text, path=f"<{rule.id} example>")
    findings, errors = _run_check(linter, doc, adapters.get(reads))
    if errors:
        return kind, f"the rule failed: {errors[0].message}"
    flagged = [f for f in findings if f.rule == rule.id]
    if kind == "good":
        if flagged:
            line = doc.line_text(flagged[0].line - 1)
            return kind, f"flagged line {flagged[0].line} ({_short(line)}) of a good example"
        return None
    if not flagged:
        return kind, f"not flagged: {_short(text)}"
    if "fixed" not in example:
        return None
    return _check_fix(linter, doc, example["fixed"], adapters.get(reads))


def _run_check(linter: ConfiguredLinter, doc: Document, adapter: Adapter | None
               ) -> tuple[list[Finding], list[Any]]:
    """The findings and rule errors of checking ``doc`` (as text, or through ``adapter``)."""
    if adapter is None:
        result = linter.check(doc)
        return result.findings, result.errors
    located, errors = adapter.check(linter, doc)
    return [finding for _, finding in located], errors


def _check_fix(linter: ConfiguredLinter, doc: Document, expected: str,
               adapter: Adapter | None) -> tuple[str, str] | None:
    """Why fixing ``doc`` (unsafe fixes included) does not settle on ``expected``."""
    if adapter is None:
        result = linter.fix(doc, unsafe=True)
        text, errors, converged = result.text, result.errors, result.converged
    else:
        text, _, _, errors, converged = adapter.fix(linter, doc, unsafe=True)
    if errors:
        return "fixed", f"the rule failed while fixing: {errors[0].message}"
    if not converged:
        return "fixed", "fixing did not settle"
    if text != expected:
        return "fixed", f"fix gave {_short(text)}, expected {_short(expected)}"
    return None


def missing_examples(rule: Rule) -> str | None:
    """A warning when ``rule`` lacks a `bad` or a `good` example."""
    kinds = {next(iter(example)) for example in rule.examples}
    missing = [kind for kind in ("bad", "good") if kind not in kinds]
    if not missing:
        return None
    return f"{rule.id}: no `{'` or `'.join(missing)}` example ({rule.source})"


def run(rules: Iterable[Rule], adapters: Adapters | None = None) -> Report:
    """Every example of every rule; ``adapters`` check and fix examples in other
    formats than plain text (see the module's docstring)."""
    report = Report(rules=list(rules))
    for rule in report.rules:
        warning = missing_examples(rule)
        if warning:
            report.warnings.append(warning)
        for index, example in enumerate(rule.examples):
            report.examples += 1
            failed = _check(rule, example, adapters or {})
            if failed:
                report.failures.append(Failure(rule.id, index, *failed, rule.source))
    return report


def render(report: Report, verbose: bool = False) -> str:
    lines = []
    failed = {failure.rule for failure in report.failures}
    for rule in report.rules:
        if verbose and rule.id not in failed:
            lines.append(f"ok   {rule.id} ({len(rule.examples)} examples)")
    for failure in report.failures:
        lines.append(str(failure))
        if failure.source:
            lines.append(f"     in {failure.source}")
    lines += [f"warning: {warning}" for warning in report.warnings]
    count = len(report.rules)
    summary = (f"Tested {count} rule{'s' * (count != 1)}, {report.examples} example"
               f"{'s' * (report.examples != 1)}: ")
    if report.failures:
        summary += (f"{len(report.failures)} failed in {len(failed)} "
                    f"rule{'s' * (len(failed) != 1)}.")
    elif not report.examples:
        summary += "nothing was tested: give the rules `examples` (bad and good lines)."
    else:
        summary += "all passed."
    lines.append(summary)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# `artlint new-rule`
# ---------------------------------------------------------------------------------------

YAML_TEMPLATE = '''\
# A YAML rule. Every key: docs/writing-rules.md. Test it: artlint test-rules FOLDER
id: __ID__
message: __MESSAGE__
category: __CATEGORY__
# The pattern must match the whole line (without surrounding spaces and a leading
# bullet); matching ignores case. Use `match: search` to find it anywhere in the line.
pattern: "read our latest issue here\\\\.?"
# fix: delete-line   (the default; or delete-block with `block:`, delete-match, replace, none)
description: |
  What the artefact is, which sites leave it, and which look-alike sentences are left
  alone.
examples:
  - bad: "Intro.\\n\\nRead our latest issue here.\\n"
    fixed: "Intro.\\n"
  - good: "Read our latest issue here, the editor urged readers in a letter.\\n"
'''

PYTHON_TEMPLATE = '''\
"""__ID__: a line made only of separator characters. Rule interface: docs/writing-rules.md.

Test it: artlint test-rules FOLDER
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.document import Document
from linter.findings import Finding
from linter.rule import Rule

SEPARATORS = set("*-=~_<>#+ ")


class __CLASS__(Rule):
    """A line made only of separator characters (`* * *`, `-----`, `>>>`).

    This docstring is the rule's documentation, shown by `artlint explain __ID__`.
    """

    id = "__ID__"
    message = __MESSAGE__
    category = "__CATEGORY__"
    examples = [  # noqa: RUF012
        {"bad": "Intro.\\n\\n* * *\\n\\nMore.\\n", "fixed": "Intro.\\n\\nMore.\\n"},
        {"good": "Prices rose faster than wages.\\n"},
    ]

    def check(self, doc: Document) -> Iterator[Finding]:
        for core in doc.cores:  # non-blank lines: index, start, end, folded text
            if len(core.text) >= 3 and set(core.text) <= SEPARATORS:
                yield self.delete_lines(doc, core.index)
'''

KINDS = ("yaml", "python")


def new_rule(rule_id: str, kind: str, folder: Path, category: str = "misc",
             message: str = "") -> Path:
    """Write a working rule from a template into ``folder``; return its path."""
    if not ID_SHAPE.fullmatch(rule_id):
        raise ArtlintError(f"rule id must be kebab-case (like `my-site-footer`); got `{rule_id}`")
    if not ID_SHAPE.fullmatch(category):
        raise ArtlintError(f"--category must be kebab-case; got `{category}`")
    if kind not in KINDS:
        raise ArtlintError(f"--kind: expected one of {', '.join(KINDS)}; got `{kind}`")
    if "\n" in message or "\r" in message:
        raise ArtlintError("--message: expected one line (it is printed with each finding)")
    target = folder / f"{rule_id}.{'yaml' if kind == 'yaml' else 'py'}"
    if kind == "python":
        target = folder / f"{rule_id.replace('-', '_')}.py"
    if target.exists():
        raise ArtlintError(f"{target}: already exists; not overwritten")
    template = YAML_TEMPLATE if kind == "yaml" else PYTHON_TEMPLATE
    default = "Newsletter promo" if kind == "yaml" else "Separator line"
    class_name = "".join(part.title() for part in rule_id.split("-"))
    class_name = f"Rule{class_name}" if class_name[0].isdigit() else class_name
    text = (template.replace("__ID__", rule_id)
            .replace("__CLASS__", class_name)
            .replace("__CATEGORY__", category)
            .replace("__MESSAGE__", _quoted(message or default)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ArtlintError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target


def _quoted(message: str) -> str:
    """``message`` as a double-quoted string, valid YAML and Python alike ("Footer: x" and
    "Footer #1" are not plain YAML scalars)."""
    import json  # deferred: only `artlint new-rule`

    return json.dumps(message, ensure_ascii=False)
