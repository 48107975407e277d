"""artlint: find and strip scraping artefacts from article text.

The library API lives in ``linter.api`` (docs/large-corpora.md); its names are also
importable from here (``from linter import ArticleLinter``), loaded on first use so that
``import linter`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = ("ArticleLinter", "ArtlintError", "FieldResult", "Finding", "FixOptions", "Fixed",
        "LineResult", "RecordResult", "RuleError", "Severity", "TextResult")


def __getattr__(name: str) -> Any:
    if name in _API:
        from linter import api

        return getattr(api, name)
    raise AttributeError(f"module 'linter' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
