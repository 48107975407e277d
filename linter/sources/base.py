"""The source adapter protocol: what a whole-document input format gives the pipeline.

An adapter turns a source document (a Markdown file, an HTML page, plain text) into the
text the rules see, and maps what the rules found and fixed back to exact source offsets:

- ``check(linter, doc)``: the findings located in the source, and rule errors (the
  engine's ``CheckResult``);
- ``fix(linter, doc, unsafe)``: the fixed source text, how many fixes were applied, the
  source lines each rule touched, rule errors, whether fixing converged, and (when the
  adapter knows them without checking again) the findings left in the fixed text;
- ``weighed(doc)``: the text the deletion guard weighs (an HTML page's text, not its
  markup).

An adapter is one module with an ``ADAPTER`` and one line in ``linter.sources.ADAPTERS``.
JSON Lines is not one of them: it is streamed record by record (``linter.pipeline.streams``)
and each record's field goes through the text adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from linter.document import Document
from linter.engine.linter import CheckResult


@dataclass
class Fixed:
    """The fixed source text and what went into it."""

    text: str
    applied: int
    touched: dict[int, list[str]]  # 0-based source line -> ids of the rules that changed it
    errors: list[Any] = field(default_factory=list)
    converged: bool = True
    remaining: CheckResult | None = None  # findings in the fixed text, when known


class Adapter(Protocol):
    def check(self, linter: Any, doc: Document) -> CheckResult: ...

    def fix(self, linter: Any, doc: Document, unsafe: bool) -> Fixed: ...

    def weighed(self, doc: Document) -> str: ...
