"""Output formats that are more than a line per finding: one module per format.

- ``github``: GitHub Actions workflow-command annotations.
- ``markdown``: the run summary appended to ``$GITHUB_STEP_SUMMARY``.
- ``sarif``: SARIF 2.1.0 for code scanning.
- ``junit``: JUnit XML for CI test reports.
- ``html``: a self-contained review page.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from linter.findings import Severity

if TYPE_CHECKING:
    from linter.report.results import Located


def by_path(items: list[Located]) -> dict[str, list[Located]]:
    """Findings grouped by file, files in the order they were first seen."""
    groups: dict[str, list[Located]] = {}
    for item in items:
        groups.setdefault(item.path, []).append(item)
    return groups


def severity_counts(items: list[Located]) -> Counter[Severity]:
    return Counter(item.finding.severity for item in items)


def worst_first(items: list[Located]) -> list[tuple[str, list[Located]]]:
    """Files with findings, most errors first, then most warnings, then most findings."""

    def badness(entry: tuple[str, list[Located]]) -> tuple[int, int, int, str]:
        path, found = entry
        counts = severity_counts(found)
        return (-counts[Severity.ERROR], -counts[Severity.WARNING], -len(found), path)

    return sorted(by_path(items).items(), key=badness)
