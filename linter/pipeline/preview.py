"""What ``artlint fix`` would make of each flagged document, for ``check`` runs whose
report shows it (the HTML review page; ``report.registry.needs_fix_preview``).

``check`` computes no fix, so this is its one fix of each flagged document, through the
fix path ``fix`` uses for the document's format (``sources.fix_source``: Markdown keeps
code blocks, HTML removes whole elements), with safe fixes only. ``fix`` needs none of it:
it records its own fix where the deletion guard held it back (``run.finish_fix``); where
it applied the fix, nothing is left to show.
"""

from __future__ import annotations

from linter.config import hierarchy
from linter.report.groups import by_path
from linter.report.results import FixPreview, Located, Summary
from linter.sources import adapter, format_of


def preview_fixes(summary: Summary, linters: hierarchy.RunLinters) -> None:
    """Give the findings of each flagged document its ``FixPreview``; the document of a
    file is its first finding's (a JSON Lines file's: that record field's)."""
    for found in by_path(summary.findings).values():
        doc = found[0].doc
        preview = fix_preview(found[0], linters)
        for item in found:
            if item.doc is doc:
                item.preview = preview


def fix_preview(item: Located, linters: hierarchy.RunLinters) -> FixPreview:
    """What the fix of ``item``'s file, by its own configuration, makes of its document."""
    doc = item.doc
    linter = linters.for_path(doc.path)
    fixed = adapter(format_of(doc.path, linter)).fix(linter, doc, False)
    return FixPreview(fixed.text, fixed.touched)
