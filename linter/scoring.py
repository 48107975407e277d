"""Score `artlint fix` against a line-labelled corpus: precision, recall, content lost.

A labelled corpus is a folder of ``<page>.txt`` files, each with ``<page>.labels.json``
beside it::

    {"artefact_lines": [11, 12], "neutral_lines": [1], "why": {"11": "not-in-gt", ...}}

Line numbers are 1-based physical lines. Every other non-empty line is content. The fixer
runs on each page; a non-empty original line that is gone from the output was removed.
Precision = artefact lines removed / (artefact + content lines removed); recall = artefact
lines removed / artefact lines; content lost = content characters removed / content
characters (a line shortened by a fix counts the characters it lost).
"""

from __future__ import annotations

import difflib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from linter.document import Document
from linter.engine import Linter


@dataclass
class Tally:
    artefacts: int = 0
    artefacts_removed: int = 0
    content_removed: int = 0
    content_chars: int = 0
    content_chars_lost: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        removed = self.artefacts_removed + self.content_removed
        return self.artefacts_removed / removed if removed else 1.0

    @property
    def recall(self) -> float:
        return self.artefacts_removed / self.artefacts if self.artefacts else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lost(self) -> float:
        return self.content_chars_lost / self.content_chars if self.content_chars else 0.0


@dataclass
class LineEvent:
    page: str
    line: int
    text: str
    kind: str  # the label's `why`, or "content"
    rules: tuple[str, ...] = ()


@dataclass
class Score:
    overall: Tally = field(default_factory=Tally)
    groups: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    false_positives: list[LineEvent] = field(default_factory=list)
    missed: list[LineEvent] = field(default_factory=list)
    pages: int = 0


def pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.txt") if p.with_suffix(".labels.json").exists())


def score(linter: Linter, folder: Path) -> Score:
    result = Score()
    for page in pages(folder):
        labels = json.loads(page.with_suffix(".labels.json").read_text(encoding="utf-8"))
        tally = _score_page(linter, page, labels, result)
        result.overall.add(tally)
        result.pages += 1
        for group, key in _group_keys(page.relative_to(folder), labels):
            result.groups[group].setdefault(key, Tally()).add(tally)
    return result


def _group_keys(relative: Path, labels: dict) -> list[tuple[str, str]]:
    parts = relative.parts
    keys = [("source", parts[0])] if len(parts) > 2 else []
    if len(parts) > 2:
        keys.append(("extractor", f"{parts[0]}/{parts[1]}"))
    keys.append(("language", str(labels.get("lang", "?"))))
    return keys


def _score_page(linter: Linter, page: Path, labels: dict, result: Score) -> Tally:
    doc = Document.from_bytes(page.read_bytes(), str(page))
    result_fix = linter.fix(doc)
    fixed = result_fix.text
    rules_by_line = {line: tuple(rules) for line, rules in result_fix.touched.items()}
    lost = _lost_chars(doc, fixed)  # 0-based line -> characters lost
    artefacts = set(labels.get("artefact_lines", []))
    neutral = set(labels.get("neutral_lines", []))
    why = labels.get("why", {})
    tally = Tally()
    for index in range(len(doc.lines)):
        text = doc.line_text(index)
        number = index + 1
        if not text.strip() or number in neutral:
            continue
        removed = lost.get(index, 0) >= len(text.strip())
        event = LineEvent(str(page), number, text.strip(), why.get(str(number), "content"),
                          rules_by_line.get(index, ()))
        if number in artefacts:
            tally.artefacts += 1
            tally.artefacts_removed += removed
            _by_kind(result, event.kind, removed)
            if not removed:
                result.missed.append(event)
            continue
        tally.content_chars += len(text.strip())
        tally.content_chars_lost += min(lost.get(index, 0), len(text.strip()))
        if removed:
            tally.content_removed += 1
            result.false_positives.append(event)
    return tally


def _by_kind(result: Score, kind: str, removed: bool) -> None:
    tally = result.groups["artefact kind"].setdefault(kind, Tally())
    tally.artefacts += 1
    tally.artefacts_removed += removed


def _lost_chars(doc: Document, fixed: str) -> dict[int, int]:
    """How many characters of each original line are gone from the fixed text."""
    before = [doc.line_text(i) for i in range(len(doc.lines))]
    after = Document(fixed)
    after_lines = [after.line_text(i) for i in range(len(after.lines))]
    lost: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, before, after_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or tag == "insert":
            continue
        for k in range(i1, i2):
            paired = j1 + (k - i1)
            kept = len(after_lines[paired].strip()) if tag == "replace" and paired < j2 else 0
            lost[k] = max(0, len(before[k].strip()) - kept)
    return lost


def report(result: Score, top: int = 25) -> str:
    """A plain-text report: overall, per group, false positives and most-missed lines."""
    o = result.overall
    out = [
        f"pages: {result.pages}   artefact lines: {o.artefacts}   removed: {o.artefacts_removed}"
        f"   content lines removed: {o.content_removed}",
        f"precision {o.precision:.4f}   recall {o.recall:.4f}   F1 {o.f1:.4f}   "
        f"content chars lost {o.lost:.4%}",
    ]
    for group, tallies in result.groups.items():
        out += ["", f"by {group}:", f"  {'':28} {'P':>7} {'R':>7} {'F1':>7} {'lost':>8} {'n':>6}"]
        for key, t in sorted(tallies.items()):
            out.append(f"  {key:28} {t.precision:7.3f} {t.recall:7.3f} {t.f1:7.3f} "
                       f"{t.lost:8.3%} {t.artefacts:6}")
    out += ["", f"false positives ({len(result.false_positives)}):"]
    out += [f"  {e.page}:{e.line} [{','.join(e.rules) or '?'}] {e.text[:110]}"
            for e in result.false_positives]
    missed = Counter(e.text[:110] for e in result.missed if e.kind == "not-in-gt")
    out += ["", f"most-missed artefact lines (not-in-gt, top {top}):"]
    out += [f"  {n:4}  {text}" for text, n in missed.most_common(top)]
    return "\n".join(out)


def as_json(result: Score) -> dict[str, object]:
    def row(t: Tally) -> dict[str, float]:
        return {"precision": t.precision, "recall": t.recall, "f1": t.f1,
                "content_lost": t.lost, "artefacts": t.artefacts}

    return {
        "pages": result.pages,
        "overall": row(result.overall),
        "groups": {g: {k: row(t) for k, t in ts.items()} for g, ts in result.groups.items()},
        "false_positives": [vars(e) for e in result.false_positives],
    }
