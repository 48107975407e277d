"""The source adapter protocol: what a whole-document input format gives the pipeline.

An adapter turns a source document (a Markdown file, an HTML page, plain text) into the
text the rules see, and maps what the rules found and fixed back to exact source offsets:

- ``check(linter, doc)``: findings located in the source, and rule errors;
- ``fix(linter, doc, unsafe)``: the fixed source text, how many fixes were applied, the
  source lines each rule touched, rule errors, and whether fixing converged;
- ``weighed(doc)``: the text the deletion guard weighs (an HTML page's text, not its
  markup).

An adapter is one module with an ``ADAPTER`` and one line in ``linter.sources.ADAPTERS``.
JSON Lines is not one of them: it is streamed record by record (``linter.pipeline.sources``)
and each record's field goes through the text adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from linter.document import Document
from linter.findings import Finding


@dataclass
class Checked:
    """Findings located in the source document they belong to, and rule errors."""

    located: list[tuple[Document, Finding]]
    errors: list[Any] = field(default_factory=list)


@dataclass
class Fixed:
    """The fixed source text and what went into it."""

    text: str
    applied: int
    touched: dict[int, list[str]]  # 0-based source line -> ids of the rules that changed it
    errors: list[Any] = field(default_factory=list)
    converged: bool = True


class Adapter(Protocol):
    def check(self, linter: Any, doc: Document) -> Checked: ...

    def fix(self, linter: Any, doc: Document, unsafe: bool) -> Fixed: ...

    def weighed(self, doc: Document) -> str: ...
