"""Baselines: adopt artlint on an existing corpus by recording today's findings.

``artlint check --write-baseline FILE`` records every finding; ``--baseline FILE`` then
reports only findings that are not in it. An entry is keyed by the file (relative to the
baseline file's folder), the rule and a fingerprint of the flagged text (folded, case
and white space ignored), with a count: it survives lines moving, and a finding whose
text changed is new. Entries for checked files that no longer match anything are stale.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.config import ignorefile
from linter.errors import ArtlintError
from linter.report.results import Located

FORMAT = "artlint-baseline"
VERSION = 1
SAMPLE = 80  # characters of flagged text kept in an entry, for people reading the file

Key = tuple[str, str, str]  # path, rule, fingerprint


def fingerprint(item: Located) -> str:
    return ignorefile.fingerprint(item.finding.rule,
                                  item.doc.text[item.finding.start:item.finding.end])


def path_key(path: str, baseline: Path) -> str:
    """``path`` relative to the baseline's folder, with `/` (absolute if elsewhere)."""
    if path in ("-", "<stdin>"):
        return "<stdin>"
    full = os.path.abspath(path)
    relative = os.path.relpath(full, os.path.abspath(baseline.parent))
    chosen = full if relative.startswith("..") else relative
    return Path(chosen).as_posix()


def key(item: Located, baseline: Path) -> Key:
    return path_key(item.path, baseline), item.finding.rule, fingerprint(item)


def write(baseline: Path, items: list[Located], linted: list[str]) -> tuple[int, int]:
    """Record ``items`` in ``baseline``, keeping the entries an existing baseline holds for
    files not ``linted`` in this run (a run over part of the corpus updates that part);
    return (entries written, entries kept)."""
    counts: Counter[Key] = Counter()
    samples: dict[Key, str] = {}
    for item in items:
        k = key(item, baseline)
        counts[k] += 1
        text = " ".join(item.doc.text[item.finding.start:item.finding.end].split())
        samples.setdefault(k, text[:SAMPLE])
    entries = [
        {"path": k[0], "rule": k[1], "fingerprint": k[2], "count": counts[k], "text": samples[k]}
        for k in counts
    ]
    checked = {path_key(path, baseline) for path in linted}
    kept = [entry for entry in (load(baseline) if baseline.is_file() else [])
            if entry.get("path") not in checked]
    entries = sorted(entries + kept, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    data = {"format": FORMAT, "version": VERSION, "entries": entries}
    from linter import writes  # deferred: only when a baseline is written

    try:
        writes.write_new(Path(os.path.abspath(baseline)),
                         (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
    except OSError as exc:
        raise ArtlintError(f"{baseline}: cannot write baseline: {exc.strerror or exc}") from None
    return len(entries) - len(kept), len(kept)


def load(baseline: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(baseline.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtlintError(f"{baseline}: baseline file does not exist (write one with "
                           "`artlint check --write-baseline FILE`)") from None
    except OSError as exc:
        raise ArtlintError(f"{baseline}: cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArtlintError(f"{baseline}: cannot read baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArtlintError(f"{baseline}: not an artlint baseline (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise ArtlintError(f"{baseline}: baseline version {data.get('version')!r} is not "
                           f"supported (expected {VERSION})")
    entries = data.get("entries")
    fields = {"path": str, "rule": str, "fingerprint": str, "count": int}
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and all(isinstance(e.get(f), t) for f, t in fields.items())
        for e in entries
    ):
        raise ArtlintError(f"{baseline}: malformed baseline: each entry needs path, rule, "
                           "fingerprint and count")
    return entries


@dataclass
class Outcome:
    new: list[Located]
    known: int = 0  # findings hidden because the baseline has them
    stale: list[dict[str, Any]] = field(default_factory=list)


def apply(baseline: Path, items: list[Located], checked: list[str]) -> Outcome:
    """Split ``items`` into new findings and known ones; find stale entries among the
    entries for the ``checked`` files (entries for files not checked are left alone).
    """
    entries = load(baseline)
    left: Counter[Key] = Counter()
    for entry in entries:
        left[(entry["path"], entry["rule"], entry["fingerprint"])] += entry["count"]
    outcome = Outcome(new=[])
    for item in items:
        k = key(item, baseline)
        if left[k] > 0:
            left[k] -= 1
            outcome.known += 1
        else:
            outcome.new.append(item)
    seen = {path_key(path, baseline) for path in checked}
    for entry in entries:
        k = (entry["path"], entry["rule"], entry["fingerprint"])
        if entry["path"] in seen and left[k] > 0:
            outcome.stale.append({**entry, "count": left[k]})
            left[k] = 0
    return outcome


def describe(outcome: Outcome, baseline: Path) -> list[str]:
    """Lines for stderr: what the baseline hid and which entries are stale."""
    lines = []
    if outcome.known:
        lines.append(f"artlint: baseline {baseline}: {outcome.known} known finding"
                     f"{'s' * (outcome.known != 1)} not reported")
    if outcome.stale:
        count = sum(entry["count"] for entry in outcome.stale)
        lines.append(f"artlint: baseline {baseline}: {count} stale entr"
                     f"{'ies' if count != 1 else 'y'} (fixed or changed since it was written;"
                     " update it with --write-baseline):")
        for entry in outcome.stale:
            times = f" (x{entry['count']})" if entry["count"] > 1 else ""
            lines.append(f"  {entry['path']}: {entry['rule']}{times}: {entry.get('text', '')!r}")
    return lines
