"""`--statistics` (findings counted per rule) and `--show-fixes` (what a fix changes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from linter.engine.linter import FixResult
from linter.report.results import Located
from linter.rule import Rule

STATISTICS_FORMATS = ("text", "concise", "json")
SHOW_FIXES_FORMATS = ("text", "concise")


def statistics(items: list[Located], rules: Iterable[Rule]) -> list[dict[str, object]]:
    """One row per rule that found something: most findings first, then by id."""
    messages = {rule.id: rule.message for rule in rules}
    counts = Counter(item.finding.rule for item in items)
    fixable = Counter(item.finding.rule for item in items if item.finding.fixed_by_default)
    severity = {item.finding.rule: item.finding.severity.value for item in items}
    return [
        {"rule": rule, "count": count, "fixable": fixable[rule], "severity": severity[rule],
         "message": messages.get(rule, "")}
        for rule, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    ]


def render_statistics(rows: list[dict[str, object]], fmt: str) -> str:
    if fmt == "json":
        import json  # deferred: only for JSON statistics (start-up)

        return json.dumps(rows, ensure_ascii=False, indent=2)
    if not rows:
        return "No findings."
    count_width = max(len(str(row["count"])) for row in rows)
    id_width = max(len(str(row["rule"])) for row in rows)
    lines = [
        f"{row['count']!s:>{count_width}}  {row['rule']!s:<{id_width}}  "
        f"{'[*]' if row['fixable'] else '   '} {row['message']}".rstrip()
        for row in rows
    ]
    total = sum(int(str(row["count"])) for row in rows)
    lines.append(f"Found {total} finding{'s' * (total != 1)}; [*] fixable with `artlint fix`.")
    return "\n".join(lines)


def available_fixes(items: list[Located]) -> str:
    """For `check --show-fixes`: each fixable finding with the lines its fix changes."""
    blocks = []
    for item in items:
        fix = item.finding.fix
        if fix is None:
            continue
        f = item.finding
        head = (f"{item.path}:{item.line}:{item.column}: {f.rule} "
                f"({fix.applicability.value} fix){item.inside()}")
        doc = item.doc
        spanned = doc.lines_spanned(fix.start, fix.end)
        start, end = doc.lines[spanned[0]].start, doc.lines[spanned[-1]].end
        before = doc.text[start:end]
        after = before
        for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
            lo, hi = max(edit.start, start) - start, min(edit.end, end) - start
            after = after[:lo] + edit.replacement + after[hi:]
        lines = [f"    - {line}" for line in before.split("\n")]
        lines += [f"    + {line}" for line in after.split("\n") if line.strip()]
        blocks.append("\n".join([head, *lines]))
    if not blocks:
        return "No fixes available."
    return "Fixes `artlint fix` would apply:\n" + "\n".join(blocks)


def applied_fixes(results: list[tuple[str, FixResult]], verb: str = "Fixed") -> str:
    """For `fix --show-fixes`: per file, the rules whose fixes changed it, and how many
    lines each changed or removed.
    """
    lines = []
    for path, result in results:
        if not result.changed:
            continue
        per_rule: Counter[str] = Counter()
        for rules in result.touched.values():
            per_rule.update(set(rules))
        parts = ", ".join(f"{rule} ({n} line{'s' * (n != 1)})"
                          for rule, n in sorted(per_rule.items()))
        lines.append(f"  {path}: {parts}")
    if not lines:
        return "No fixes applied." if verb == "Fixed" else "No fixes to apply."
    return f"{verb} {len(lines)} file{'s' * (len(lines) != 1)}:\n" + "\n".join(lines)
