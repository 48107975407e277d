"""artlint: find and strip scraping artefacts from article text.

The library API lives in ``linter.api`` (docs/large-corpora.md); its names are also
importable from here (``from linter import ArticleLinter``), loaded on first use so that
``import linter`` stays cheap.
"""

from __future__ import annotations

from typing import Any

from linter.version import __version__ as __version__  # re-exported: linter.__version__

_API = ("ArticleLinter", "ArtlintError", "FieldResult", "Finding", "FixOptions", "Fixed",
        "LineResult", "RecordResult", "RuleError", "Severity", "TextResult")


def __getattr__(name: str) -> Any:
    if name in _API:
        from linter import api  # deferred: `import linter` stays cheap (start-up)

        return getattr(api, name)
    raise AttributeError(f"module 'linter' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
