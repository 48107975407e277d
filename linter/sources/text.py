"""Plain text: the rules see the document itself, so nothing needs mapping back."""

from __future__ import annotations

from typing import Any

from linter.document import Document
from linter.engine.linter import CheckResult
from linter.sources.base import Fixed


class TextAdapter:
    def check(self, linter: Any, doc: Document) -> CheckResult:
        result: CheckResult = linter.check(doc)
        return result

    def fix(self, linter: Any, doc: Document, unsafe: bool) -> Fixed:
        result = linter.fix(doc, unsafe=unsafe)
        return Fixed(result.text, result.applied, result.touched, list(result.errors),
                     result.converged, CheckResult(result.remaining, list(result.errors)))

    def weighed(self, doc: Document) -> str:
        return doc.text


ADAPTER = TextAdapter()
