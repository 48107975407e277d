"""Rule documentation from the rules themselves: the `rules` table, `explain`, and the
pages of docs/rules/ (one per built-in rule, which SARIF's ``helpUri`` points at;
regenerate them with ``python -m linter.rules.ruledocs docs/rules``)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from linter.engine.evidence import ENTRY_METADATA_LINES
from linter.errors import ArtlintError
from linter.findings import Evidence
from linter.rules.loader import load_rules

if TYPE_CHECKING:
    from linter.rule import Rule

COLUMNS = ("id", "category", "severity", "fixable", "evidence", "fix", "default", "languages",
           "source")


def fix_safety(rule: Rule) -> str:
    """How `artlint fix` treats the rule's fixes: `safe` (applied by default), `anchored`
    (a shape rule: applied where phrase evidence backs it, see linter.engine.evidence), `unsafe`
    (only with --unsafe-fixes) or `-` (no fix)."""
    if not rule.fixable:
        return "-"
    if rule.applicability.value == "unsafe":  # a markup rule's element goes whole: safe
        return "unsafe"
    return "anchored" if _evidence(rule) == "shape" else "safe"


def _evidence(rule: Rule) -> str:
    return rule.evidence.value  # a markup rule judges the markup: phrase-like


def row(rule: Rule) -> dict[str, str]:
    return {
        "id": rule.id,
        "category": rule.category,
        "severity": rule.severity.value,
        "fixable": "yes" if rule.fixable else "no",
        "evidence": _evidence(rule),
        "fix": fix_safety(rule),
        "default": "opt-in" if rule.opt_in else "on",
        "languages": ",".join(rule.languages) or "any",
        "source": rule.source,
    }


def print_table(rules: list[Rule], fmt: str) -> None:
    rows = [row(rule) for rule in sorted(rules, key=lambda r: (r.category, r.id))]
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if sys.stdout.isatty():
        _rich_table(rows)
        return
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in COLUMNS}
    print("  ".join(c.ljust(widths[c]) for c in COLUMNS).rstrip())
    for r in rows:
        print("  ".join(r[c].ljust(widths[c]) for c in COLUMNS).rstrip())


def _rich_table(rows: list[dict[str, str]]) -> None:
    from rich.console import Console  # deferred: rich only for the rules table and explain
    from rich.table import Table  # deferred: rich only for the rules table

    table = Table(*COLUMNS, title=f"{len(rows)} rules")
    for r in rows:
        table.add_row(*(r[c] for c in COLUMNS))
    Console().print(table)


def explanation(rule: Rule) -> str:
    """A rule's documentation as markdown, with its examples."""
    facts = row(rule)
    lines = [
        f"# {rule.id}",
        "",
        f"*{rule.message}*",
        "",
        " · ".join(f"{key}: {facts[key]}" for key in COLUMNS[1:]),
        "",
        *_safety_note(facts["fix"]),
        *_languages_note(rule),
        *_entry_note(rule),
        *_island_note(rule),
        rule.description.strip() or "(no description)",
    ]
    if rule.examples:
        lines += ["", "## Examples"]
    for example in rule.examples:
        kind = "Flagged" if "bad" in example else "Not flagged"
        text = example.get("bad", example.get("good", ""))
        lines += ["", f"{kind}:", "", *_fence(text, _language(rule))]
        if "fixed" in example:
            lines += ["", "Fixed:", "", *_fence(example["fixed"], _language(rule))]
    return "\n".join(lines) + "\n"


def _safety_note(fix: str) -> list[str]:
    if fix == "anchored":
        return ["Its evidence is only the line's shape: `artlint fix` applies its fix where phrase",
                "evidence backs it (a phrase finding on the line, or in the same block of flagged",
                "lines outside tables, lists and other content structures); elsewhere the",
                "finding is reported and `--unsafe-fixes` applies it.", ""]
    if fix == "unsafe":
        return ["Its fix is unsafe: `artlint fix` applies it only with `--unsafe-fixes`.", ""]
    return []


def _languages_note(rule: Rule) -> list[str]:
    fixed = getattr(rule, "fix_languages", None)  # a YAML rule's `fix-languages`
    others = [lang for lang in rule.languages if fixed is not None and lang not in fixed]
    if not others or not rule.fixable:
        return []
    return [f"Its fix applies by default to what its {', '.join(sorted(fixed))} patterns find; "
            f"its {', '.join(others)} patterns report, and `--unsafe-fixes` applies their "
            "fixes (`fix-languages`).", ""]


def _entry_note(rule: Rule) -> list[str]:
    if not rule.entry_metadata:
        return []
    return ["Its findings are an entry's metadata: where such findings (of this rule and of",
            f"the other `entry-metadata` rules) differ on {ENTRY_METADATA_LINES} or more lines,"
            " the text is a list", "of entries, and no fix in it is applied by default.", ""]


def _island_note(rule: Rule) -> list[str]:
    if rule.anchors or rule.evidence is not Evidence.PHRASE:
        return []
    return ["Its line stands alone: its fix is applied by default, but it backs no shape",
            "finding beside it (`anchors: false`).", ""]


def _language(rule: Rule) -> str:
    """The fence language of the rule's examples: ``text``, or the format its kind reads."""
    return rule.reads


def _fence(text: str, language: str = "text") -> list[str]:
    return [f"```{language}", text.rstrip("\n"), "```"]


def print_explanation(rule: Rule) -> None:
    text = explanation(rule)
    if not sys.stdout.isatty():
        sys.stdout.write(text)
        return
    from rich.console import Console  # deferred: rich only for the rules table and explain
    from rich.markdown import Markdown  # deferred: rich only for explain

    Console().print(Markdown(text))


# Where docs/rules/ is published: ARTLINT_DOCS_URL, a URL that docs/rules/<id>.md is
# appended to (the GitHub Action sets it to the action's own repository and ref).
DOCS_URL_ENV = "ARTLINT_DOCS_URL"
DOCS_FOLDER = "docs/rules"


def help_uri(rule: Rule) -> str | None:
    """The URL of a built-in rule's page in docs/rules/, when ARTLINT_DOCS_URL says
    where the docs are published; None otherwise (a local or plugin rule has no page)."""
    base = os.environ.get(DOCS_URL_ENV, "").strip().rstrip("/")
    if not base or not rule.source.startswith("builtin"):
        return None
    return f"{base}/{DOCS_FOLDER}/{rule.id}.md"


def builtin_rules() -> list[Rule]:
    """Every built-in rule, of every kind, by id."""

    return sorted(load_rules(plugins=False), key=lambda rule: rule.id)


def pages(rules: list[Rule]) -> dict[str, str]:
    """docs/rules/'s files: one page per rule and an index (README.md)."""
    out = {f"{rule.id}.md": explanation(rule) for rule in rules}
    index = ["# Rules", "",
             "One page per built-in rule, generated from the rule files by",
             "`python -m linter.rules.ruledocs docs/rules` (`artlint explain ID` prints the same).",
             "", "| rule | category | message |", "| --- | --- | --- |"]
    index += [f"| [{rule.id}]({rule.id}.md) | {rule.category} | "
              f"{rule.message.replace('|', chr(92) + '|')} |"
              for rule in sorted(rules, key=lambda r: (r.category, r.id))]
    out["README.md"] = "\n".join(index) + "\n"
    return out


def write_pages(folder: Path) -> int:
    """Write docs/rules/ afresh (pages of rules that are gone are removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = pages(builtin_rules())
    for stale in folder.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        (folder / name).write_text(text, encoding="utf-8")
    return len(wanted)


def main(argv: list[str]) -> int:
    """Write the rule pages; a broken rule file is one message and exit status 1."""
    target = Path(argv[0] if argv else DOCS_FOLDER)
    try:
        written = write_pages(target)
    except ArtlintError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written} files to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
