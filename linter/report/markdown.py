"""The markdown run summary appended to ``$GITHUB_STEP_SUMMARY`` (GitHub Actions).

A heading, the summary sentence, then two tables: findings by file (worst files first:
most errors, then most warnings, then most findings) and findings by rule (most first).
Each table stops after ``MAX_ROWS`` rows with a line saying how many were left out, so a
large corpus stays well under GitHub's 1 MiB limit per step summary.

It reads as plain text too: the sentence is artlint's own (counts, and commands in code
spans) and goes in as it is; a file name or rule id, which could hold markup, goes in a
code span, where Markdown shows every character literally (only a `|`, which would end
the table cell, is escaped, as GitHub's tables ask).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from linter.findings import Severity
from linter.report.groups import severity_counts, worst_first
from linter.report.results import summary_line

if TYPE_CHECKING:
    from linter.report.results import Summary

MAX_ROWS = 50
_TICKS = re.compile(r"`+")


def code(text: str) -> str:
    """``text`` as a code span for a table cell: shown literally, on one line."""
    text = text.replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def step_summary(summary: Summary, fixing: str = "") -> str:
    lines = ["## artlint", "", summary_line(summary, fixing), ""]
    if not summary.findings:
        return "\n".join(lines) + "\n"
    lines += ["### Findings by file", "", "| File | Findings | Errors | Warnings | Info |",
              "| --- | ---: | ---: | ---: | ---: |"]
    files = worst_first(summary.findings)
    for path, found in files[:MAX_ROWS]:
        counts = severity_counts(found)
        lines.append(f"| {code(path)} | {len(found)} | {counts[Severity.ERROR]} | "
                     f"{counts[Severity.WARNING]} | {counts[Severity.INFO]} |")
    lines += _more(len(files), "files")
    lines += ["", "### Findings by rule", "",
              "| Rule | Severity | Findings | Files |", "| --- | --- | ---: | ---: |"]
    by_rule: Counter[str] = Counter(item.finding.rule for item in summary.findings)
    severity = {item.finding.rule: item.finding.severity for item in summary.findings}
    files_of: dict[str, set[str]] = {}
    for item in summary.findings:
        files_of.setdefault(item.finding.rule, set()).add(item.path)
    ranked = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    for rule, count in ranked[:MAX_ROWS]:
        lines.append(f"| {code(rule)} | {severity[rule].value} | {count} | "
                     f"{len(files_of[rule])} |")
    lines += _more(len(ranked), "rules")
    return "\n".join(lines) + "\n\n"


def _more(total: int, noun: str) -> list[str]:
    if total <= MAX_ROWS:
        return []
    return ["", f"… and {total - MAX_ROWS} more {noun}."]
