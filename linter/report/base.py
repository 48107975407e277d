"""What every output format is: a ``Renderer``, and the ``Context`` it writes in.

A run is printed in two calls: ``findings`` with the run's findings (streaming formats
print there), then ``closing`` with the whole ``Summary`` (a summary line, or the whole
document of a format that needs the run: SARIF, JUnit, HTML). A renderer only reads what
it is given; it lints and fixes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from linter.report.results import Located, Summary
    from linter.rule import Rule


class RuleSource(Protocol):
    """The run's linter (or ``RunLinters``): the rules it ran describe SARIF's results."""

    @property
    def rules(self) -> Iterable[Rule]: ...


@dataclass
class Context:
    """Where and how a renderer writes: the stream, colour (a terminal's text formats
    only), --quiet, the run's rules and the SARIF root."""

    stream: TextIO
    color: bool = False
    quiet: bool = False
    linter: RuleSource | None = None
    sarif_root: str | Path | None = None
    _console: Any = field(default=None, repr=False)

    def rules(self) -> list[Rule]:
        return list(self.linter.rules) if self.linter is not None else []

    def line(self, text: str, style: str | None = None) -> None:
        """Print one line, in ``style`` (rich markup) when colour is on."""
        if not self.color:
            print(text, file=self.stream)
            return
        # Deferred: rich is loaded only when colour is used (start-up time).
        from rich.console import Console  # deferred: rich only when colour is on
        from rich.markup import escape  # deferred: rich only when colour is on

        if self._console is None:
            self._console = Console(file=self.stream, highlight=False, soft_wrap=True,
                                    force_terminal=True, no_color=False)
        self._console.print(f"[{style}]{escape(text)}[/]" if style else escape(text))


_SURROGATES = re.compile("[\ud800-\udfff]")


def unicode_only(text: str) -> str:
    """``text`` with each lone surrogate (a byte of a file name that is not UTF-8, as
    Python decodes it) made U+FFFD, so a JSON or HTML document is valid UTF-8. Whether
    there is one is asked of the UTF-8 codec, which fails on nothing else: over the dev
    corpus's 6 MB JSON report it answers in 6 ms, where the pattern's scan takes 46 ms."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


def _nothing(*_args: object) -> None:
    return None


FindingsStep = Callable[["list[Located]", Context], None]
ClosingStep = Callable[["Summary", str, Context], None]


@dataclass(frozen=True)
class Renderer:
    """One ``--output-format``: ``findings(items, context)`` prints as the run's findings
    are given, ``closing(summary, fixing, context)`` at the end (``fixing``: "" for check,
    "fix" or "diff" for fix). ``colored``: may use colour on a terminal. ``fix_preview``:
    it shows each finding's ``preview`` (what ``fix`` makes of its document), which the
    run must then record."""

    findings: FindingsStep = _nothing
    closing: ClosingStep = _nothing
    colored: bool = False
    fix_preview: bool = False


def document(render: Callable[[Summary, str, Context], str], fix_preview: bool = False
             ) -> Renderer:
    """A format that is one document of the whole run, written at the end."""

    def closing(summary: Summary, fixing: str, context: Context) -> None:
        context.stream.write(render(summary, fixing, context))

    return Renderer(closing=closing, fix_preview=fix_preview)
