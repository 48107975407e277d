"""``--output-format sarif``: a SARIF 2.1.0 log for GitHub code scanning and other viewers.

One run whose ``tool.driver.rules`` lists every text rule that ran, and each markup rule
that found something (id, short and full description, help, default level; ``helpUri``,
a built-in rule's page in docs/rules/, when ARTLINT_DOCS_URL says where the docs are
published). Each result points at its file by a
URI relative to the SARIF root (``--sarif-root``, default the current folder) with ``uriBaseId``
``%SRCROOT%``, which ``run.originalUriBaseIds`` maps to the root's absolute ``file://``
URI; a file outside the root gets an absolute ``file://`` URI. Regions count columns in
Unicode code points (``run.columnKind``), as artlint does. ``partialFingerprints`` hash the
rule id, the flagged text and its occurrence index in the file, so a finding keeps its
fingerprint when lines above it are added or removed. A fixable finding carries its fix
as ``fixes[].artifactChanges`` built from the fix's edits.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from linter.document import Document
from linter.findings import Applicability, Edit, Finding, Severity
from linter.report import indented
from linter.report.base import document, unicode_only
from linter.rules import loader
from linter.version import __version__

if TYPE_CHECKING:
    from linter.report.base import Context
    from linter.report.results import Located, Summary
    from linter.rule import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "artlintFinding/v1"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def build(summary: Summary, rules: list[Rule], root: str | Path | None = None) -> dict[str, Any]:
    root_path = Path(os.path.abspath(root if root is not None else os.curdir))
    descriptors, index = _rules(rules, summary.findings)
    counts: dict[tuple[str, str, str], int] = {}
    results = [_result(item, index, root_path, counts) for item in summary.findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "artlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {"uri": root_path.as_uri().rstrip("/") + "/"},
        },
        "invocations": [{"executionSuccessful": summary.problems == 0}],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def _rules(rules: list[Rule], items: list[Located]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every rule that reads text, then each other rule with a finding (a markup rule on an
    HTML page, or one the printer was not told about), in the order they were found."""
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in sorted((r for r in rules if r.reads == "text"), key=lambda r: r.id):
        index[rule.id] = len(descriptors)
        descriptors.append(_descriptor(rule))
    known = {rule.id: rule for rule in rules}
    unlisted = {item.finding.rule: item.finding for item in items
                if item.finding.rule not in index}
    for rule_id, finding in unlisted.items():
        index[rule_id] = len(descriptors)
        descriptors.append(_unlisted(finding, known.get(rule_id)))
    return descriptors, index


def _unlisted(f: Finding, rule: Rule | None) -> dict[str, Any]:
    """A descriptor for a finding's rule: the rule's own when it is known (given, or a
    built-in markup rule that a folder's closest configuration ran), else what the
    finding says."""
    if rule is None:
        rule = next((r for r in loader.builtin_markup_rules() if r.id == f.rule), None)
    if rule is not None:
        return _descriptor(rule)
    return {
        "id": f.rule,
        "shortDescription": {"text": f.message},
        "defaultConfiguration": {"level": LEVEL[f.severity]},
        "properties": {"category": f.category, "tags": [f.category]},
    }


def _descriptor(rule: Rule) -> dict[str, Any]:
    from linter.rules.ruledocs import explanation, help_uri  # deferred: only SARIF needs them

    description = rule.description.strip()
    first = description.split("\n\n")[0].replace("\n", " ") if description else rule.message
    uri = help_uri(rule)
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.message or rule.id},
        "fullDescription": {"text": first},
        **({"helpUri": uri} if uri else {}),
        "help": {"text": description or rule.message, "markdown": explanation(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "category": rule.category,
            "tags": [rule.category],
            "fixable": rule.fixable,
            "optIn": rule.opt_in,
        },
    }


def artifact_location(path: str, root: Path) -> dict[str, Any]:
    """A URI relative to ``root`` with uriBaseId, or an absolute file URI outside it."""
    if path == "<stdin>":
        return {"uri": quote("<stdin>")}
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    # quoted from the bytes: a name that is not UTF-8 keeps its own bytes, %-escaped
    return {"uri": quote(os.fsencode(relative.as_posix())), "uriBaseId": SRCROOT}


def position(doc: Document, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset``; the end of a text that ends with a newline is
    column 1 of the line after the last one."""
    if offset >= len(doc.text) and doc.text.endswith("\n"):
        return len(doc.lines) + 1, 1
    return doc.position(offset)


def region(doc: Document, start: int, end: int, snippet: bool = True) -> dict[str, Any]:
    line, column = position(doc, start)
    end_line, end_column = position(doc, max(start, end))
    out: dict[str, Any] = {
        "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column,
    }
    if snippet:
        out["snippet"] = {"text": doc.text[start:end]}
    return out


def fingerprint(finding: Finding, flagged: str, occurrence: int) -> str:
    key = "\0".join((finding.rule, " ".join(flagged.split()), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _region(item: Located, flagged: str) -> dict[str, Any]:
    """The finding's region in the file; for a JSON Lines record, its whole line (the
    place inside the field is in the result's properties)."""
    f = item.finding
    if item.record is not None:
        return {"startLine": item.line, "snippet": {"text": flagged}}
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
            "endColumn": f.end_column, "snippet": {"text": flagged}}


def _result(
    item: Located, index: dict[str, int], root: Path, counts: dict[tuple[str, str, str], int]
) -> dict[str, Any]:
    f, doc = item.finding, item.doc
    flagged = doc.text[f.start : f.end]
    key = (item.path, f.rule, " ".join(flagged.split()))
    occurrence = counts.get(key, 0)
    counts[key] = occurrence + 1
    location = artifact_location(item.path, root)
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": _region(item, flagged),
            }
        }],
        "partialFingerprints": {FINGERPRINT: fingerprint(f, flagged, occurrence)},
        "properties": {"category": f.category, "fixable": f.fixable},
    }
    if item.record is not None:  # its edits count inside the field, not in the file
        result["properties"].update(field=item.record.field, fieldLine=f.line,
                                    fieldColumn=f.column)
        return result
    if f.fix is not None:
        unsafe = f.fix.applicability is Applicability.UNSAFE
        result["fixes"] = [{
            "description": {
                "text": "Unsafe fix: applied by `artlint fix --unsafe-fixes`" if unsafe
                else "Applied by `artlint fix`",
            },
            "artifactChanges": [{
                "artifactLocation": dict(location),
                "replacements": [_replacement(doc, edit) for edit in f.fix.edits],
            }],
        }]
    return result


def _replacement(doc: Document, edit: Edit) -> dict[str, Any]:
    out: dict[str, Any] = {"deletedRegion": region(doc, edit.start, edit.end, snippet=False)}
    if edit.replacement:
        out["insertedContent"] = {"text": edit.replacement}
    return out


def _document(summary: Summary, fixing: str, context: Context) -> str:
    log = build(summary, context.rules(), root=context.sarif_root)
    return unicode_only(indented.dumps(log)) + "\n"


RENDERER = document(_document)
