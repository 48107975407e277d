"""Linting one text, or one JSON Lines record: the steps the CLI's JSON Lines reader, the
library API (linter.api) and the shard engine (linter.shards.core) share, so all three give
the same result for the same text.

Nothing here prints or writes: results say what happened (findings, rule errors, a fix
the deletion guard held back, a record that is not valid JSON) and the caller reports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from linter.document import Document
from linter.engine import guard
from linter.engine.linter import FixResult, RuleError
from linter.findings import Finding
from linter.pipeline import deletion
from linter.sources import jsonl


@dataclass(frozen=True)
class FixOptions:
    """How ``fix`` behaves: the CLI's ``--unsafe-fixes``, ``--force`` and
    ``--max-deletion`` (a share, 0..1)."""

    unsafe: bool = False
    force: bool = False
    max_deletion: float = guard.DEFAULT_MAX_DELETION


@dataclass
class TextResult:
    """One text checked or fixed.

    ``doc`` holds the resulting text (the input for a check, or for a fix held back);
    ``findings`` are the findings in it (for a fix, those that remain).
    """

    doc: Document
    findings: list[Finding]
    errors: list[RuleError] = field(default_factory=list)
    applied: int = 0  # fixes applied
    changed: bool = False
    held: str | None = None  # why the deletion guard held the fix back (text left as it was)
    converged: bool = True  # False: fixes still applied after the last pass
    held_fix: FixResult | None = None  # the fix the guard held back, for a report to show
    removed: dict[str, int] = field(default_factory=dict)  # rule id -> characters a fix removed

    @property
    def text(self) -> str:
        return self.doc.text


def lint_text(engine: Any, doc: Document, fix: FixOptions | None) -> TextResult:
    """Check ``doc`` (``fix`` None) or fix it as ``artlint fix`` does: every pass of the
    engine's fix, then the deletion guard (a fix it holds back leaves the text as it was)."""
    if fix is None:
        result = engine.check(doc)
        return TextResult(doc, result.findings, result.errors)
    fixed = engine.fix(doc, unsafe=fix.unsafe)
    held = deletion.review(doc, fixed.text, fixed.touched, fix.max_deletion, fix.force)
    if held is not None:
        return TextResult(doc, engine.check(doc).findings, fixed.errors, held=held.reason(),
                          converged=fixed.converged, held_fix=fixed)
    return TextResult(fixed.fixed, fixed.remaining, fixed.errors, fixed.applied, fixed.changed,
                      converged=fixed.converged, removed=removed_by_rule(fixed))


def removed_by_rule(fixed: FixResult) -> dict[str, int]:
    """Characters each rule's fixes removed: for every original line a fix deleted or
    changed, what it lost (all of it, or the difference in length), counted for the first
    rule that touched it. The blank lines tidied around a removed block count for none."""
    if not fixed.changed or not fixed.touched:
        return {}
    old = fixed.original.text.splitlines(keepends=True)
    new = fixed.fixed.text.splitlines(keepends=True)
    kept = {source: len(new[index]) for index, source in enumerate(fixed.origin)
            if index < len(new)}
    removed: dict[str, int] = {}
    for line, rules in fixed.touched.items():
        if line < len(old) and rules:
            lost = len(old[line]) - kept.get(line, 0)
            if lost > 0:
                removed[rules[0]] = removed.get(rules[0], 0) + lost
    return removed


@dataclass
class FieldResult:
    path: str  # the dotted field path
    original: str  # the field's text as read
    result: TextResult


@dataclass
class LineResult:
    """One JSON Lines record: the bytes to write (the input when nothing changed, or when
    ``problem`` says the record could not be read) and a result per field found."""

    out: bytes
    fields: list[FieldResult] = field(default_factory=list)
    problem: str | None = None  # e.g. "not valid JSON (...); record kept as it is"

    @property
    def changed(self) -> bool:
        return any(item.result.changed for item in self.fields)


def lint_line(
    engine: Any, raw: bytes, paths: Sequence[str], name: str, fix: FixOptions | None
) -> LineResult:
    """Check or fix the fields ``paths`` of one JSON Lines record (``raw``, with its line
    ending). Only changed string literals are rewritten; every other byte is kept.
    ``name`` names the documents (per-file ignores match it)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LineResult(raw, problem=f"record is not valid UTF-8 (byte offset {exc.start}); "
                                       "kept as it is")
    bom = "\ufeff" if line.startswith("\ufeff") else ""  # a file saved with one: record 1
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    body = body[len(bom):]
    results: list[FieldResult] = []
    for path in paths:
        try:
            found = jsonl.locate(body, path)
        except ValueError as exc:
            return LineResult(raw, problem=f"not valid JSON ({exc}); record kept as it is")
        if found is not None:
            outcome = lint_text(engine, Document(found.text, name), fix)
            results.append(FieldResult(path, found.text, outcome))
    changes = {item.path: item.result.text for item in results if item.result.changed}
    if not changes:
        return LineResult(raw, results)
    out = bom + jsonl.replace_fields(body, changes) + ending
    return LineResult(out.encode("utf-8"), results)
