"""The report layer's registry of output formats: one line per format, each naming a
renderer that loads."""

from __future__ import annotations

import io

import pytest

from linter.report import output, registry
from linter.report.base import Renderer


@pytest.mark.parametrize("fmt", registry.FORMATS)
def test_every_format_names_a_renderer(fmt):
    assert isinstance(registry.renderer(fmt), Renderer)


def test_the_printer_knows_every_format_and_no_other():
    assert output.FORMATS == ("text", "concise", "json", "json-lines", "github", "sarif",
                              "junit", "html")
    with pytest.raises(KeyError):
        output.Printer("yaml", io.StringIO())


def test_only_text_formats_are_coloured():
    coloured = [fmt for fmt in registry.FORMATS
                if output.Printer(fmt, io.StringIO(), color=True).color]
    assert coloured == ["text", "concise"]
