"""``--output-format json``: one JSON array of every finding (``Located.to_dict``; schema
docs/schemas/findings-v1.json)."""

from __future__ import annotations

from linter.report import indented
from linter.report.base import Context, Renderer, unicode_only
from linter.report.results import Located


def _findings(items: list[Located], context: Context) -> None:
    data = [item.to_dict() for item in items]
    print(unicode_only(indented.dumps(data)), file=context.stream)


RENDERER = Renderer(findings=_findings)
