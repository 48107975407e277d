"""Score `artlint fix` against a line-labelled corpus: precision, recall, content lost.

A labelled corpus is a folder of ``<page>.txt`` files, each with ``<page>.labels.json``
beside it::

    {"artefact_lines": [11, 12], "neutral_lines": [1], "why": {"11": "not-in-gt", ...},
     "url": "https://www.example.com/story", "lang": "en"}

Line numbers are 1-based physical lines. Every other non-empty line is content. The fixer
runs on each page; a non-empty original line none of whose characters survive in the
output (by the fixer's map from output lines to original lines) was removed.
Precision = artefact lines removed / (artefact + content lines removed); recall = artefact
lines removed / artefact lines; content lost = content characters removed / content
characters (a line shortened by a fix counts the characters it lost). Neutral lines count
for neither side.

Pages are grouped by source (first folder level) and by the second level: "extractor" in a
folder with artefact labels (``dev/<source>/<extractor>/``), "page type" in one whose pages
carry no artefact labels at all (``clean/<source>/<page type>/``, where every removed content
line is a false positive). Per rule: the lines it removed (a line removed by several rules
counts for each), true and false positives among them, and how many distinct sites stand
behind each. A page's site is the host of its label's ``url``, lowercased, without a leading
``www.``; pages without a url add to no site count. In a folder with artefact labels, a rule
whose true positives come from fewer than five sites is "weakly evidenced": it may have
learnt a few sites' templates rather than a pattern.

Site halves, for honest rule development: ``half="a"`` keeps the pages whose site hashes to
an even first byte of sha256(site), ``half="b"`` the others (pages without a url are in half
a). Write and tune rules looking only at half a; judge them on half b, whose sites they have
never seen.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from linter.document import Document
from linter.engine.linter import FixResult, Linter
from linter.errors import ArtlintError

HALVES = ("a", "b")
WEAK_SITES = 5  # a rule's true positives from fewer distinct sites than this: weakly evidenced
UNATTRIBUTED = "(no rule)"  # a removed line that no rule's fix claims


@dataclass
class Tally:
    artefacts: int = 0
    artefacts_removed: int = 0
    content: int = 0  # content lines
    content_removed: int = 0
    content_chars: int = 0
    content_chars_lost: int = 0
    pages: int = 0

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
class RuleTally:
    """What one rule removed: every removed line it touched, and the sites behind them."""

    removed: int = 0  # non-empty lines, neutral ones included
    tp_sites: Counter[str] = field(default_factory=Counter)  # site -> artefact lines removed
    fp_sites: Counter[str] = field(default_factory=Counter)  # site -> content lines removed

    @property
    def true_positives(self) -> int:
        return sum(self.tp_sites.values())

    @property
    def false_positives(self) -> int:
        return sum(self.fp_sites.values())

    @property
    def neutral(self) -> int:
        """Removed lines labelled neutral: a page's headline, or boilerplate that the
        human-cleaned reference kept (scored neither way, but worth seeing: a rule whose
        "kept" lines are all neutral is not deleting text the references keep)."""
        return self.removed - self.true_positives - self.false_positives

    @property
    def precision(self) -> float | None:
        scored = self.true_positives + self.false_positives
        return self.true_positives / scored if scored else None

    @property
    def distinct_tp_sites(self) -> int:
        return sum(1 for site in self.tp_sites if site)

    @property
    def distinct_fp_sites(self) -> int:
        return sum(1 for site in self.fp_sites if site)

    @property
    def weak(self) -> bool:
        return self.distinct_tp_sites < WEAK_SITES

    @property
    def worst_site(self) -> tuple[str, int] | None:
        """The site with most false positives (ties: alphabetical), with its count."""
        if not self.fp_sites:
            return None
        return min(self.fp_sites.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class LineEvent:
    page: str
    line: int
    text: str
    kind: str  # the label's `why`, or "content"
    rules: tuple[str, ...] = ()
    site: str = ""


@dataclass
class Score:
    overall: Tally = field(default_factory=Tally)
    groups: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    rules: dict[str, RuleTally] = field(default_factory=dict)
    false_positives: list[LineEvent] = field(default_factory=list)
    missed: list[LineEvent] = field(default_factory=list)
    pages: int = 0
    second_level: str = "extractor"  # or "page type" when no page has artefact labels
    half: str | None = None

    @property
    def labelled(self) -> bool:
        """Whether any scored page has artefact labels (a dev folder, not a clean one)."""
        return self.second_level == "extractor"

    def weakly_evidenced(self, rule: str) -> bool | None:
        """Whether ``rule``'s true positives come from too few sites; None where that means
        nothing (a folder without artefact labels, lines no rule claims)."""
        if not self.labelled or rule == UNATTRIBUTED:
            return None
        return self.rules[rule].weak


@dataclass
class Page:
    path: Path
    labels: dict
    site: str


def site_of(url: str | None) -> str:
    """The host of ``url``, lowercased, without a leading ``www.``; "" when there is none."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.lower().removeprefix("www.")


def half_of(site: str) -> str:
    """"a" when the first byte of sha256(site) is even or there is no site, else "b"."""
    if not site:
        return "a"
    return "a" if hashlib.sha256(site.encode()).digest()[0] % 2 == 0 else "b"


def pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.txt") if p.with_suffix(".labels.json").exists())


def load_pages(folder: Path, half: str | None = None) -> list[Page]:
    """The labelled pages under ``folder``, only those of the given site half if one is set."""
    if half is not None and half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {half!r}")
    loaded = []
    for path in pages(folder):
        labels = read_labels(path.with_suffix(".labels.json"))
        site = site_of(labels.get("url"))
        if half is None or half_of(site) == half:
            loaded.append(Page(path, labels, site))
    return loaded


def read_labels(path: Path) -> dict[str, object]:
    """A page's labels; ArtlintError naming the file for JSON that is not labels (a line
    number as a string, say, would be dropped without a word and skew every figure)."""
    try:
        labels = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ArtlintError(f"{path}: cannot read labels: {exc}") from None
    if not isinstance(labels, dict):
        raise ArtlintError(f"{path}: labels must be a JSON object; got {type(labels).__name__}")
    for key in ("artefact_lines", "neutral_lines"):
        value = labels.get(key, [])
        if not isinstance(value, list) or not all(
                isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in value):
            raise ArtlintError(f"{path}: `{key}` must be a list of line numbers (1 or more); "
                               f"got {value!r}")
    return labels


def score(linter: Linter, folder: Path, half: str | None = None) -> Score:
    todo = load_pages(folder, half)
    labelled = any(page.labels.get("artefact_lines") for page in todo)
    result = Score(second_level="extractor" if labelled else "page type", half=half)
    for page in todo:
        tally = _score_page(linter, page, result)
        tally.pages = 1
        result.overall.add(tally)
        result.pages += 1
        for group, key in _group_keys(page.path.relative_to(folder), page.labels,
                                      result.second_level):
            result.groups[group].setdefault(key, Tally()).add(tally)
    return result


def _group_keys(relative: Path, labels: dict, second_level: str) -> list[tuple[str, str]]:
    parts = relative.parts
    keys = []
    if len(parts) > 2:
        keys += [("source", parts[0]), (second_level, f"{parts[0]}/{parts[1]}")]
    keys.append(("language", str(labels.get("lang", "?"))))
    return keys


def _score_page(linter: Linter, page: Page, result: Score) -> Tally:
    doc = Document.from_bytes(page.path.read_bytes(), str(page.path))
    fix = linter.fix(doc)
    lost = _lost_chars(doc, fix)  # 0-based line -> characters lost
    kinds = _kinds(page.labels)
    tally = Tally()
    for index in range(len(doc.lines)):
        text = doc.line_text(index).strip()
        if not text:
            continue
        event = LineEvent(str(page.path), index + 1, text, kinds.get(index + 1, "content"),
                          tuple(fix.touched.get(index, ())), page.site)
        removed = lost.get(index, 0) >= len(text)
        if removed:
            _by_rule(result, event)
        if event.kind == "content":
            _count_content(tally, result, event, min(lost.get(index, 0), len(text)), removed)
        elif event.kind != "neutral":
            _count_artefact(tally, result, event, removed)
    return tally


def _kinds(labels: dict) -> dict[int, str]:
    """Labelled line -> "neutral" or the artefact's `why` (default "artefact")."""
    why = labels.get("why", {})
    kinds = {n: str(why.get(str(n), "artefact")) for n in labels.get("artefact_lines", [])}
    kinds.update((n, "neutral") for n in labels.get("neutral_lines", []))
    return kinds


def _count_artefact(tally: Tally, result: Score, event: LineEvent, removed: bool) -> None:
    tally.artefacts += 1
    tally.artefacts_removed += removed
    _by_kind(result, event.kind, removed)
    if not removed:
        result.missed.append(event)


def _count_content(tally: Tally, result: Score, event: LineEvent, lost: int,
                   removed: bool) -> None:
    tally.content += 1
    tally.content_chars += len(event.text)
    tally.content_chars_lost += lost
    if removed:
        tally.content_removed += 1
        result.false_positives.append(event)


def _by_rule(result: Score, event: LineEvent) -> None:
    """Credit a removed line to every rule that touched it (neutral lines: removed only)."""
    for rule in event.rules or (UNATTRIBUTED,):
        row = result.rules.setdefault(rule, RuleTally())
        row.removed += 1
        if event.kind == "content":
            row.fp_sites[event.site] += 1
        elif event.kind != "neutral":
            row.tp_sites[event.site] += 1


def _by_kind(result: Score, kind: str, removed: bool) -> None:
    tally = result.groups["artefact kind"].setdefault(kind, Tally())
    tally.artefacts += 1
    tally.artefacts_removed += removed


def _lost_chars(doc: Document, fix: FixResult) -> dict[int, int]:
    """How many characters of each original line are gone from the fixed text: by the
    fixer's own line origins, or by a line diff when those do not line up."""
    before = [doc.line_text(i).strip() for i in range(len(doc.lines))]
    after = Document(fix.text)
    after_lines = [after.line_text(i).strip() for i in range(len(after.lines))]
    if len(fix.origin) != len(after_lines):
        return _lost_by_diff(before, after_lines)
    kept = [0] * len(before)
    for line, origin in zip(after_lines, fix.origin, strict=True):
        kept[origin] += len(line)
    return {k: len(text) - kept[k] for k, text in enumerate(before) if kept[k] < len(text)}


def _lost_by_diff(before: list[str], after: list[str]) -> dict[int, int]:
    lost: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or tag == "insert":
            continue
        for k in range(i1, i2):
            paired = j1 + (k - i1)
            kept = len(after[paired]) if tag == "replace" and paired < j2 else 0
            lost[k] = max(0, len(before[k]) - kept)
    return lost


# --- plain-text report -------------------------------------------------------------------
