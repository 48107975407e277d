"""Printing a run in its `--output-format` (docs/output-formats.md).

The CLI calls ``Printer.findings`` and then ``Printer.summary``; the printer hands both to
the format's renderer (``linter.report.registry``: one module per format). Streaming
formats print in ``findings``; formats that are one document (SARIF, JUnit, HTML) need
the whole run, so they print in ``summary``. Colour is used only on a terminal.

``Located`` (and ``located``, which makes them), ``FixPreview``, ``Record``, ``Summary`` and
``summary_line`` live in ``linter.report.results`` and are named here too, for the drivers
and the CLI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from linter.report.base import Context, RuleSource
from linter.report.registry import FORMATS, renderer
from linter.report.results import (
    FixPreview,
    Located,
    Record,
    Summary,
    count,
    located,
    summary_line,
)

__all__ = ["COLOR_CHOICES", "FORMATS", "FixPreview", "Located", "Printer", "Record", "Summary",
           "count", "default_format", "located", "summary_line", "use_color", "write_step_summary"]

COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Whether to colour ``stream``: `--color always|never` decides; with `auto`, a
    non-empty NO_COLOR turns colour off (no-color.org), a non-empty FORCE_COLOR turns it
    on (force-color.org), and otherwise a terminal gets colour and a pipe does not."""
    env = os.environ if env is None else env
    if choice != "auto":
        return choice == "always"
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def default_format(env: Mapping[str, str] | None = None) -> str:
    """``github`` inside GitHub Actions (GITHUB_ACTIONS=true), else ``text``."""
    env = os.environ if env is None else env
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


class Printer:
    """A run printed in ``fmt`` on ``stream``; ``linter``'s rules describe SARIF's results."""

    def __init__(
        self,
        fmt: str,
        stream: TextIO | None = None,
        color: bool | None = None,
        linter: RuleSource | None = None,
        sarif_root: str | Path | None = None,
        quiet: bool = False,
    ) -> None:
        self.fmt = fmt
        self.renderer = renderer(fmt)
        self.stream = stream or sys.stdout
        color = use_color("auto", self.stream) if color is None else color
        self.context = Context(self.stream, color and self.renderer.colored, quiet, linter,
                               sarif_root)

    @property
    def color(self) -> bool:
        return self.context.color

    @property
    def quiet(self) -> bool:
        return self.context.quiet

    @property
    def linter(self) -> RuleSource | None:
        return self.context.linter

    @property
    def sarif_root(self) -> str | Path | None:
        return self.context.sarif_root

    def findings(self, items: list[Located]) -> None:
        self.renderer.findings(items, self.context)

    def summary(self, summary: Summary, fixing: str = "") -> None:
        self.renderer.closing(summary, fixing, self.context)


def write_step_summary(summary: Summary, fixing: str = "",
                       env: Mapping[str, str] | None = None) -> bool:
    """Append the markdown run summary to $GITHUB_STEP_SUMMARY when it is set."""
    env = os.environ if env is None else env
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    from linter.report import markdown  # deferred: only on GitHub Actions (start-up)

    with open(target, "a", encoding="utf-8") as handle:
        handle.write(markdown.step_summary(summary, fixing))
    return True
