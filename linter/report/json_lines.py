"""``--output-format json-lines``: one JSON object per finding per line (the shape of
``json``'s items)."""

from __future__ import annotations

import json

from linter.report.base import Context, Renderer, unicode_only
from linter.report.results import Located


def _findings(items: list[Located], context: Context) -> None:
    for item in items:
        print(unicode_only(json.dumps(item.to_dict(), ensure_ascii=False)),
              file=context.stream)


RENDERER = Renderer(findings=_findings)
