"""Every ``--output-format``: its name and the renderer that prints it.

One line per format, ``name: "module:attribute"``, in the order the help and the docs
list them. A renderer's module is imported only when its format is asked for, so a run
does not load SARIF's or HTML's code to print text. A new format is one module in
``linter.report`` that defines a ``base.Renderer``, and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from linter.report.base import Renderer

RENDERERS: dict[str, str] = {
    "text": "linter.report.text:TEXT",
    "concise": "linter.report.text:CONCISE",
    "json": "linter.report.json_array:RENDERER",
    "json-lines": "linter.report.json_lines:RENDERER",
    "github": "linter.report.github:RENDERER",
    "sarif": "linter.report.sarif:RENDERER",
    "junit": "linter.report.junit:RENDERER",
    "html": "linter.report.html:RENDERER",
}
FORMATS = tuple(RENDERERS)


def renderer(fmt: str) -> Renderer:
    """The renderer of ``fmt`` (one of ``FORMATS``)."""
    module, _, name = RENDERERS[fmt].partition(":")
    # Deferred: a renderer's module is loaded only when its format is asked for.
    found = getattr(importlib.import_module(module), name)
    assert isinstance(found, Renderer), RENDERERS[fmt]
    return found



def needs_fix_preview(formats: Iterable[str]) -> bool:
    """Whether a renderer of ``formats`` shows what ``fix`` makes of each flagged document
    (``Located.preview``), which the run must then record."""
    return any(renderer(fmt).fix_preview for fmt in formats)
