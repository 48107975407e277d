"""Plain text: the rules see the document itself, so nothing needs mapping back."""

from __future__ import annotations

from typing import Any

from linter.document import Document
from linter.sources.base import Checked, Fixed


class TextAdapter:
    def check(self, linter: Any, doc: Document) -> Checked:
        result = linter.check(doc)
        return Checked([(doc, f) for f in result.findings], list(result.errors))

    def fix(self, linter: Any, doc: Document, unsafe: bool) -> Fixed:
        result = linter.fix(doc, unsafe=unsafe)
        return Fixed(result.text, result.applied, result.touched, list(result.errors),
                     result.converged)

    def weighed(self, doc: Document) -> str:
        return doc.text


ADAPTER = TextAdapter()
