"""``--output-format html``: one self-contained page for reviewing a run.

No scripts, no external assets, no network: styles are inline and a Content-Security-Policy
forbids loading anything. On top, the summary sentence and two tables (files, worst first,
each linking to its document; rules). Then each flagged document in full, one row per line:

- flagged text is highlighted in a ``<mark>`` whose ``title`` (shown on hover) names the
  rule and its message; the rule ids and messages of findings that start on a line are
  also written beside it;
- what ``artlint fix`` would remove is struck through (``<del>``) and what it would put in
  its place is shown inserted (``<ins>``). The run records it (``Located.preview``: the
  fixed text, and the lines each rule's fix touched, which name the rules); a line diff
  against the fixed text also shows the blank lines the fix tidies away. The page fixes
  nothing itself.

Every piece of text from the documents, paths, rules and messages is HTML-escaped.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from linter.findings import Severity
from linter.report.base import document, unicode_only
from linter.report.groups import severity_counts, worst_first
from linter.report.results import count, summary_line

if TYPE_CHECKING:
    from linter.document import Document
    from linter.report.base import Context
    from linter.report.results import Located, Summary

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#1f2328;background:#fff}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;word-break:break-all}
table.summary{border-collapse:collapse;margin:.5em 0 1.5em}
table.summary th,table.summary td{border:1px solid #d0d7de;padding:.25em .6em;text-align:left}
table.summary td.n{text-align:right}
table.text{border-collapse:collapse;width:100%;font:13px/1.5 ui-monospace,monospace}
table.text td{vertical-align:top;padding:0 .5em}
td.ln{color:#6e7781;text-align:right;user-select:none;width:3em}
td.code{white-space:pre-wrap;word-break:break-word;width:65%}
td.notes{font:12px/1.5 system-ui,sans-serif;color:#57606a}
tr.removed td.code{background:#ffebe9}tr.added td.code{background:#dafbe1}
del{color:#82071e;text-decoration:line-through}ins{text-decoration:none;color:#116329}
mark{border-radius:2px;padding:0 1px}
mark.error{background:#ffc1c0}mark.warning{background:#fff0a8}mark.info{background:#cfe6ff}
span.rule{font-family:ui-monospace,monospace;font-weight:600}
span.rule.error{color:#a40e26}span.rule.warning{color:#7d4e00}span.rule.info{color:#0550ae}
p.meta{color:#57606a}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"


@dataclass
class Row:
    """One line of the page: an original line (kept or removed) or a line fix inserts."""

    kind: str  # "kept", "removed" or "added"
    number: int | None  # 1-based line in the original, None for an added line
    html: str
    notes: list[str] = field(default_factory=list)


def render(summary: Summary, fixing: str = "") -> str:
    files = worst_first(summary.findings)
    anchors = {path: f"doc-{n}" for n, (path, _) in enumerate(files, 1)}
    sections, removed = [], {}
    for path, found in files:
        section, removed[path] = _document(path, found, anchors[path])
        sections.append(section)
    title = "artlint report" if not fixing else "artlint report (after fix)"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta" id="summary-line">{escape(summary_line(summary, fixing))}</p>',
        _files_table(files, anchors, removed),
        _rules_table(summary.findings),
        *sections,
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _files_table(files: list[tuple[str, list[Located]]], anchors: dict[str, str],
                 removed: dict[str, int]) -> str:
    if not files:
        return '<p id="no-findings">No findings.</p>'
    rows = []
    for path, found in files:
        counts = severity_counts(found)
        rows.append(
            f'<tr><td><a href="#{anchors[path]}">{escape(path)}</a></td>'
            f'<td class="n">{len(found)}</td><td class="n">{counts[Severity.ERROR]}</td>'
            f'<td class="n">{counts[Severity.WARNING]}</td>'
            f'<td class="n">{counts[Severity.INFO]}</td>'
            f'<td class="n">{removed[path]}</td></tr>'
        )
    head = ("<tr><th>File</th><th>Findings</th><th>Errors</th><th>Warnings</th><th>Info</th>"
            "<th>Lines fix removes</th></tr>")
    return f'<table class="summary" id="files">\n{head}\n' + "\n".join(rows) + "\n</table>"


def _rules_table(items: list[Located]) -> str:
    if not items:
        return ""
    stats: dict[str, list] = {}
    for item in items:
        f = item.finding
        entry = stats.setdefault(f.rule, [f.severity, f.message, 0, set()])
        entry[2] += 1
        entry[3].add(item.path)
    rows = [
        f'<tr><td><span class="rule {sev.value}">{escape(rule)}</span></td><td>{sev.value}</td>'
        f'<td class="n">{count}</td><td class="n">{len(paths)}</td><td>{escape(message)}</td></tr>'
        for rule, (sev, message, count, paths) in sorted(stats.items(),
                                                          key=lambda kv: (-kv[1][2], kv[0]))
    ]
    head = ("<tr><th>Rule</th><th>Severity</th><th>Findings</th><th>Files</th>"
            "<th>Message</th></tr>")
    return f'<table class="summary" id="rules">\n{head}\n' + "\n".join(rows) + "\n</table>"


def _document(path: str, found: list[Located], anchor: str) -> tuple[str, int]:
    doc = found[0].doc
    rows = _rows(doc, found)
    removed = sum(row.kind == "removed" for row in rows)
    counts = severity_counts(found)
    parts = ", ".join(count(counts[s], s.value) for s in reversed(Severity))
    meta = (f"{count(len(found), 'finding')} ({parts}); "
            f"`artlint fix` removes {count(removed, 'line')}.")
    body = "\n".join(_row_html(row) for row in rows)
    section = (f'<section class="document" id="{anchor}">\n<h2>{escape(path)}</h2>\n'
               f'<p class="meta">{escape(meta)}</p>\n<table class="text">\n{body}\n</table>\n'
               "</section>")
    return section, removed


def _rows(doc: Document, found: list[Located]) -> list[Row]:
    lines = [doc.text[line.start : line.end] for line in doc.lines]
    preview = found[0].preview  # None: the fix changes nothing
    touched = preview.touched if preview is not None else {}
    fixed_lines = lines
    if preview is not None:
        fixed = doc.with_text(preview.text)
        fixed_lines = [fixed.text[ln.start : ln.end] for ln in fixed.lines]
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, lines, fixed_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        after = _place_added(lines, fixed_lines, i1, i2, j1, j2) if tag != "equal" else {}
        for index in range(i1, i2):
            kind = "kept" if tag == "equal" else "removed"
            rows.append(Row(kind, index + 1, _line_html(doc, index, found, kind, touched),
                            _notes(doc, index, found)))
            rows += [_added(fixed_lines[j]) for j in after.get(index, [])]
    return rows


def _place_added(old: list[str], new: list[str], i1: int, i2: int, j1: int,
                 j2: int) -> dict[int, list[int]]:
    """Each line fix puts in (new[j1:j2]) goes after the removed line it most resembles
    (a line changed inside), or after the last removed line."""
    placed: dict[int, list[int]] = {}
    for j in range(j1, j2):
        ratios = [(difflib.SequenceMatcher(None, old[i], new[j]).ratio(), i)
                  for i in range(i1, i2)]
        best, at = max(ratios, default=(0.0, max(i1, i2 - 1)), key=lambda r: (r[0], -r[1]))
        placed.setdefault(at if best >= 0.5 else max(i1, i2 - 1), []).append(j)
    return placed


def _added(text: str) -> Row:
    title = "artlint fix puts this line in place of the struck-through text"
    return Row("added", None, f'<ins title="{escape(title)}">{escape(text)}</ins>')


def _line_html(doc: Document, index: int, found: list[Located], kind: str,
               touched: dict[int, list[str]]) -> str:
    line = doc.lines[index]
    spans = [item.finding for item in found
             if item.finding.start < line.end and item.finding.end > line.start]
    cuts = {line.start, line.end}
    for f in spans:
        cuts.update(x for x in (f.start, f.end) if line.start < x < line.end)
    points = sorted(cuts)
    out = []
    for lo, hi in itertools.pairwise(points):
        text = escape(doc.text[lo:hi])
        active = [f for f in spans if f.start <= lo and hi <= f.end]
        if active:
            worst = max(active, key=lambda f: f.severity.rank)
            title = "; ".join(f"{f.rule}: {f.message}" for f in active)
            rules = " ".join(f.rule for f in active)
            out.append(f'<mark class="{worst.severity.value}" title="{escape(title)}" '
                       f'data-rules="{escape(rules)}">{text}</mark>')
        else:
            out.append(text)
    content = "".join(out)
    if kind == "removed":
        rules = touched.get(index)
        why = (f"artlint fix removes this ({', '.join(dict.fromkeys(rules))})" if rules
               else "artlint fix tidies away this blank line")
        content = f'<del title="{escape(why)}">{content}</del>'
    return content


def _notes(doc: Document, index: int, found: list[Located]) -> list[str]:
    return [
        f'<span class="rule {f.severity.value}">{escape(f.rule)}</span> {escape(f.message)}'
        + (" [*]" if f.fixed_by_default else "")
        for f in (item.finding for item in found) if f.line == index + 1
    ]


def _row_html(row: Row) -> str:
    number = "" if row.number is None else str(row.number)
    notes = "<br>".join(row.notes)
    return (f'<tr class="{row.kind}"><td class="ln">{number}</td>'
            f'<td class="code">{row.html}</td><td class="notes">{notes}</td></tr>')


def _page(summary: Summary, fixing: str, context: Context) -> str:
    return unicode_only(render(summary, fixing))


RENDERER = document(_page, fix_preview=True)
