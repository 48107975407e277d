"""The console script's fast path: `artlint check` with common options, without typer.

Importing typer and building a command's options costs about a fifth of a small
check's wall time. ``check_options`` reads an `artlint check` command line made only of
paths and the options in ``FLAGS`` and ``VALUES``, each given once, and returns the
keyword arguments typer would pass ``linter.cli.checking.run_check``; anything else
(help, another command, a repeated or unknown option, an option whose value typer would
convert or refuse) gives None, and typer parses the line as before.
tests/test_fastpath.py checks that typer hands the check the same arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

# option -> (parameter, value it sets)
FLAGS: dict[str, tuple[str, bool]] = {
    "--no-cache": ("no_cache", True),
    "--exit-zero": ("exit_zero", True),
    "--progress": ("progress", True),
    "--no-progress": ("progress", False),
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
    "--verbose": ("verbose", True),
    "-v": ("verbose", True),
    "--isolated": ("isolated", True),
    "--statistics": ("statistics", True),
    "--show-fixes": ("show_fixes", True),
    "--follow-links": ("follow_links", True),
    "--allow-empty": ("allow_empty", True),
    "--trust-config-rules": ("trust_config_rules", True),
}


def _digits(value: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise ValueError(value)  # typer's own message for anything else
    return int(value)


# option -> (parameter, conversion of its value)
VALUES: dict[str, tuple[str, Callable[[str], Any]]] = {
    "--output-format": ("output_format", str),
    "--fail-on": ("fail_on", str),
    "--select": ("select", str),
    "--ignore": ("ignore", str),
    "--extend-select": ("extend_select", str),
    "--color": ("color", str),
    "--max-file-size": ("max_file_size", str),
    "--stdin-filename": ("stdin_filename", str),
    "--jobs": ("jobs", _digits),
    "-j": ("jobs", _digits),
    "--cache-dir": ("cache_dir", Path),
    "--config": ("config_file", Path),
    "--output-file": ("output_file", Path),
    "-o": ("output_file", Path),
    "--sarif-root": ("sarif_root", Path),
}


def check_options(argv: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments of `artlint check ARGS...` (``argv`` without the program
    name), or None when typer should read the line."""
    if not argv or argv[0] != "check":
        return None
    chosen: dict[str, Any] = {}
    paths: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "-" or (arg and not arg.startswith("-")):
            paths.append(arg)
            continue
        found = _option(arg, args)
        if found is None:
            return None
        name, setting = found
        if name in chosen:
            return None  # typer decides what a repeated option means
        chosen[name] = setting
    return {**chosen, "paths": paths or None}


def _option(arg: str, rest: Iterator[str]) -> tuple[str, Any] | None:
    """The parameter ``arg`` sets and its value (taken from ``rest`` when it follows)."""
    if arg in FLAGS:
        return FLAGS[arg]
    option, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
    if option not in VALUES:
        return None
    value = value if equals else next(rest, "")
    if not value or value.startswith("-"):
        return None  # a missing value, or one typer may read otherwise
    name, convert = VALUES[option]
    try:
        return name, convert(value)
    except ValueError:
        return None
