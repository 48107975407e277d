"""``--output-format github``: GitHub Actions workflow commands.

One ``::group::`` per file holding one annotation per finding::

    ::group::corpus/a.txt
    ::warning file=corpus/a.txt,line=5,endLine=7,title=artlint (dont-miss-block)::DON'T ...
    ::endgroup::

``error``/``warning`` findings become ``::error``/``::warning``, ``info`` ones ``::notice``.
``col``/``endColumn`` are given only for a finding on one line (GitHub ignores them on a
multi-line annotation). Values are escaped as @actions/core does: ``%``, CR and LF in the
message; those and ``:`` and ``,`` in properties.

GitHub shows only about 10 annotations of each level per step (and 50 per run), so the
run ends with a plain line saying how many there were in all and where to see every one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from linter.findings import Applicability, Severity
from linter.report.base import Context, Renderer
from linter.report.groups import by_path, severity_counts
from linter.report.results import summary_line

if TYPE_CHECKING:
    from linter.report.results import Located, Summary

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SHOWN_PER_LEVEL = 10  # what GitHub displays per level and step


def escape_data(text: str) -> str:
    """Escape a workflow command's message (toolkit's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (toolkit's escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(item: Located) -> str:
    f = item.finding
    props = [("file", item.path), ("line", str(item.line)), ("endLine", str(item.end_line))]
    if item.record is None and f.line == f.end_line:
        # GitHub's endColumn is the last column of the annotation (inclusive).
        props += [("col", str(f.column)), ("endColumn", str(max(f.column, f.end_column - 1)))]
    props.append(("title", f"artlint ({f.rule})"))
    head = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    fixable = ""
    if f.fix is not None:
        unsafe = f.fix.applicability is Applicability.UNSAFE
        fixable = f" (fixable with `artlint fix{' --unsafe-fixes' if unsafe else ''}`)"
    return f"::{COMMAND[f.severity]} {head}::{escape_data(f.message + item.inside() + fixable)}"


def annotations(items: list[Located]) -> Iterator[str]:
    for path, found in by_path(items).items():
        yield f"::group::{escape_data(path)}"
        for item in found:
            yield annotation(item)
        yield "::endgroup::"


def closing(summary: Summary, fixing: str = "") -> Iterator[str]:
    """The summary sentence, and a note when GitHub will not show every annotation."""
    yield summary_line(summary, fixing)
    counts = severity_counts(summary.findings)
    hidden = {s: n for s, n in counts.items() if n > SHOWN_PER_LEVEL}
    if hidden:
        ranked = sorted(hidden.items(), key=lambda kv: -kv[0].rank)
        levels = ", ".join(f"{n} {COMMAND[s]}s" for s, n in ranked)
        yield (f"GitHub shows about {SHOWN_PER_LEVEL} annotations of each level per step; "
               f"this run made {levels}. Every finding is listed above, in the step summary, "
               "and in the SARIF upload (--output-format sarif).")


def _findings(items: list[Located], context: Context) -> None:
    for line in annotations(items):
        print(line, file=context.stream)


def _closing(summary: Summary, fixing: str, context: Context) -> None:
    for line in closing(summary, fixing):
        print(line, file=context.stream)


RENDERER = Renderer(findings=_findings, closing=_closing)
