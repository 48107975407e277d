"""Which files a run lints: the paths given, walked and filtered by each file's closest
configuration, grouped by configuration; and, never green by accident, what to say about
each path given that leads to no file linted (README "Which files are linted")."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from linter import files
from linter.config import hierarchy
from linter.config import settings as config
from linter.pipeline.notices import (
    fail,
)
from linter.report import output

if TYPE_CHECKING:
    from linter.pipeline.safety import Safety


def collect(paths: list[str], safety: Safety, errors: list[tuple[str, str]]) -> list[str]:
    notes: list[str] = []
    targets = files.collect(paths, follow_links=safety.follow_links, notes=notes,
                            errors=errors)
    for note in notes:
        print(f"artlint: note: {note}", file=sys.stderr)
    return targets


def find_targets(paths: list[str], safety: Safety, resolver: hierarchy.Resolver,
             linters: hierarchy.RunLinters) -> tuple[list[str], Unlinted]:
    """The files to lint (each judged by its closest configuration), and what to say about
    each path given that gives none, and about each folder that could not be read. With
    no file, the run's linter is built all the same, so a bad rule or selection is still
    reported."""
    errors: list[tuple[str, str]] = []
    found = collect(paths, safety, errors)
    targets = resolver.filter_files(paths, found)
    if not targets:
        linters.of(resolver.root).validate()
    unread = [os.path.abspath(path) for path, _ in errors]
    messages = unlinted(paths, found, targets, resolver.root, unread)
    return targets, Unlinted(messages, [message for _, message in errors])


@dataclass
class Unlinted:
    """What a run did not lint: paths given that led to no file (``messages``: an error
    unless --allow-empty), and folders or paths that could not be read (``errors``:
    always an error)."""

    messages: list[str]
    errors: list[str]


def group_targets(resolver: hierarchy.Resolver, linters: hierarchy.RunLinters, targets: list[str],
            stdin_filename: str, every: bool) -> list[tuple[config.Settings, list[str]]]:
    """The targets grouped by configuration; notes on nested files said, and the linters
    that could refuse to run (or, with ``every``, all of them) built before any file."""
    groups = resolver.groups(targets, stdin_filename)
    for note in resolver.notes:
        print(f"artlint: note: {note}", file=sys.stderr)
    linters.validate(groups, every=every and len(groups) > 1)
    return groups


def unlinted(paths: list[str], found: list[str], targets: list[str],
              settings: config.Settings, unread: list[str] | None = None) -> list[str]:
    """A message for each path given by name that leads to no file linted: never green
    by accident (README "Which files are linted"). ``unread``: the absolute paths that
    could not be read, reported already; a path given that holds one is not said again."""
    linted = {os.path.abspath(path) for path in targets if path != files.STDIN}
    linted.update(unread or [])
    real: set[str] | None = None  # the real paths linted: a second name of one was linted
    messages = []
    for raw in dict.fromkeys(paths):
        if raw == files.STDIN:
            continue
        full = os.path.abspath(raw)
        folder = os.path.isdir(raw)
        if full in linted or (folder and any(files.inside(path, full) for path in linted)):
            continue
        if real is None:
            real = {os.path.realpath(path) for path in linted}
        if not folder and os.path.realpath(raw) in real:
            continue  # a link to a file given too (`*.txt` with latest.txt -> 2024.txt)
        if not folder:
            messages.append(f"{raw}: skipped: excluded by `exclude` or .gitignore "
                            "(force-exclude is on)" if raw in found else
                            f"{raw}: not linted")
        elif any(files.inside(os.path.abspath(path), full) for path in found):
            messages.append(f"{raw}: no file linted: every file in it is excluded by "
                            "`exclude` or .gitignore")
        else:
            messages.append(f"{raw}: no file to lint in it (looked for {looked_for(settings)})")
    if not targets and not messages and not unread:
        messages.append("no file to lint")
    return messages


def looked_for(settings: config.Settings) -> str:
    if list(settings["include"]) == list(files.DEFAULT_INCLUDE):
        return f"{', '.join(files.LINTED_SUFFIXES)}, gzipped or not"
    return f"the `include` globs {', '.join(settings['include'])}"


def report_unlinted(unlinted: Unlinted, summary: output.Summary, allow_empty: bool) -> None:
    """Say what was not linted; it fails the run (exit 2), unless --allow-empty for a
    path that led to no file. A folder that could not be read always fails it."""
    for error in unlinted.errors:
        fail(error)
        summary.problems += 1
    for message in unlinted.messages:
        if allow_empty:
            print(f"artlint: note: {message}", file=sys.stderr)
        else:
            fail(f"{message} (--allow-empty to accept that)")
            summary.problems += 1
