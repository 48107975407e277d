"""``--output-format text`` (the default outside GitHub Actions) and ``concise``.

``text``: per finding ``path:line:col: severity[rule-id] message`` (`` [*]`` when ``fix``
fixes it by default), then the flagged line; then the summary sentence (not with
--quiet). ``concise``: only the first line of each finding. Coloured on a terminal.
"""

from __future__ import annotations

from linter.document import Document
from linter.findings import Finding, Severity
from linter.report.base import Context, Renderer
from linter.report.results import Located, Summary, summary_line

SNIPPET_WIDTH = 100
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def lines(item: Located, concise: bool = False) -> list[tuple[str, str]]:
    """The lines printed for one finding, each with its style."""
    f = item.finding
    head = (f"{item.path}:{item.line}:{item.column}: {f.severity.value}[{f.rule}] "
            f"{f.message}{item.inside()}")
    if concise:
        return [(head, STYLE[f.severity])]
    mark = " [*]" if f.fixed_by_default else ""
    return [(head + mark, STYLE[f.severity]), (snippet(item.doc, f), "dim")]


def snippet(doc: Document, finding: Finding) -> str:
    text = doc.line_text(finding.line - 1).strip()
    if len(text) > SNIPPET_WIDTH:
        text = text[: SNIPPET_WIDTH - 1] + "…"
    more = finding.end_line - finding.line
    extra = f"  (+{more} more line{'s' * (more > 1)})" if more else ""
    return f"    | {text}{extra}"


def _print(items: list[Located], context: Context, concise: bool) -> None:
    if not context.color:  # plain text: one write for the whole run
        context.stream.write("".join(f"{line}\n" for item in items
                                     for line, _ in lines(item, concise)))
        return
    for item in items:
        for line, style in lines(item, concise):
            context.line(line, style)


def _text(items: list[Located], context: Context) -> None:
    _print(items, context, concise=False)


def _concise(items: list[Located], context: Context) -> None:
    _print(items, context, concise=True)


def _summary(summary: Summary, fixing: str, context: Context) -> None:
    if not context.quiet:
        context.line(summary_line(summary, fixing), "bold")


TEXT = Renderer(findings=_text, closing=_summary, colored=True)
CONCISE = Renderer(findings=_concise, colored=True)
