"""Precision, recall and content lost of `artlint fix` on the labelled corpora (issue 14).

    python benchmarks/quality.py [--half a|b] [--rules-dir D] [--select S] [--ignore I]
    python benchmarks/quality.py FOLDER [any `artlint score` option]

With no folder it scores both ``dev/`` and ``clean/`` of ``../shared/corpus`` (beside the
checkout) and prints two headline lines, a summary table with each issue-14 target marked
met or NOT MET, then the two full reports. With a folder it is `artlint score FOLDER`. See
linter/scoring.py for the definitions and for the site halves (``--half``: write rules
from half a, judge them on half b).

It is a report, not a gate: it exits 0 whether or not the targets are met (2 on a bad
option or a missing corpus).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from linter import scorecard, scoring
from linter.cli.app import main as artlint
from linter.cli.common import settings_of
from linter.cli.options import build_linter
from linter.errors import ArtlintError
from linter.scoring import Score, Tally

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

MIN_PRECISION = 0.99  # in every dev source
MAX_LOST = 0.0005  # 0.05% of content characters, in every clean source and page type
MIN_RECALL = {("aeb", "n4k"): 0.55, ("wcxb",): 0.35}  # dev sources taken together


@dataclass
class Target:
    metric: str  # "P", "R" or "lost"
    goal: float
    value: float

    @property
    def met(self) -> bool:
        return self.value <= self.goal if self.metric == "lost" else self.value >= self.goal

    def __str__(self) -> str:
        goal = f"≤ {self.goal:.2%}" if self.metric == "lost" else f"≥ {self.goal:.2f}"
        return f"{self.metric} {goal} {'met' if self.met else 'NOT MET'}"


@dataclass
class Row:
    name: str
    tally: Tally
    labelled: bool  # P and R mean something (a dev row)
    targets: list[Target] = field(default_factory=list)


def _sources(result: Score) -> list[tuple[str, Tally]]:
    return sorted(result.groups.get("source", {}).items())


def _combined(result: Score, sources: tuple[str, ...]) -> Tally:
    total = Tally()
    for source in sources:
        total.add(result.groups.get("source", {}).get(source, Tally()))
    return total


def recall_groups(dev: Score) -> list[tuple[str, Tally, float]]:
    """(name, combined tally, goal) of each recall target, over the sources present."""
    groups = []
    for sources, goal in MIN_RECALL.items():
        present = tuple(s for s in sources if s in dev.groups.get("source", {}))
        if present:
            groups.append(("+".join(present), _combined(dev, present), goal))
    return groups


def dev_rows(dev: Score) -> list[Row]:
    """One row per dev source (P target); a recall target joins its source's row, or a row
    of its own for sources taken together."""
    rows = {source: Row(f"dev {source}", t, True, [Target("P", MIN_PRECISION, t.precision)])
            for source, t in _sources(dev)}
    for name, tally, goal in recall_groups(dev):
        row = rows.setdefault(name, Row(f"dev {name}", tally, True))
        row.targets.append(Target("R", goal, tally.recall))
    return list(rows.values())


def clean_rows(clean: Score) -> list[Row]:
    """One row per clean source and per source/page type, each with the lost target."""
    tallies = {**clean.groups.get("source", {}), **clean.groups.get(clean.second_level, {})}
    return [Row(f"clean {key}", t, False, [Target("lost", MAX_LOST, t.lost)])
            for key, t in sorted(tallies.items())]


def headline(dev: Score, clean: Score, rows: list[Row]) -> list[str]:
    """Two lines: dev P per source, R of the recall groups, lost; clean lost and targets met."""
    half = f" (site half {dev.half})" if dev.half else ""
    precision = "  ".join(f"{s} {t.precision:.3f}" for s, t in _sources(dev))
    recall = "  ".join(f"{name} {t.recall:.3f}" for name, t, _ in recall_groups(dev))
    lost = "  ".join(f"{s} {t.lost:.3%}" for s, t in _sources(clean))
    kinds = clean.groups.get(clean.second_level, {}).items()
    worst = max(kinds, key=lambda item: item[1].lost, default=("-", Tally()))
    targets = [target for row in rows for target in row.targets]
    return [f"dev{half}: P {precision} | R {recall} | lost {dev.overall.lost:.3%}",
            f"clean{half}: lost {lost} (worst {worst[0]} {worst[1].lost:.3%}) | issue-14 "
            f"targets met: {sum(t.met for t in targets)} of {len(targets)}"]


def summary(rows: list[Row]) -> list[str]:
    out = [f"{'issue 14':24} {'P':>6} {'R':>6} {'lost':>8}   targets"]
    for row in rows:
        t = row.tally
        pr = f"{t.precision:6.3f} {t.recall:6.3f}" if row.labelled else f"{'':6} {'':6}"
        out.append(f"{row.name:24} {pr} {t.lost:8.3%}   "
                   + "; ".join(str(target) for target in row.targets))
    return out


def unconfirmed(dev: Score) -> list[str]:
    """The rules whose removed artefact lines all come from half-a sites: read and written
    there, and confirmed on no site of the half they are judged on (``--half b``)."""
    out = []
    for rule, tally in sorted(dev.rules.items()):
        sites = [site for site in tally.tp_sites if site]
        if rule != scoring.UNATTRIBUTED and sites and all(
                scoring.half_of(site) == "a" for site in sites):
            out.append(f"  {rule}: {tally.true_positives} lines on {len(sites)} half-a "
                       f"site{'s' if len(sites) > 1 else ''}")
    if not out:
        return []
    return ["fixes that no half-b site confirms (written from half a, unjudged):", *out]


def both(args: argparse.Namespace, corpus: Path) -> int:
    """Score dev/ and clean/; print headlines, the summary table and both reports."""
    folders = [corpus / "dev", corpus / "clean"]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise ArtlintError(f"no labelled corpus at {', '.join(missing)}")
    settings = settings_of(args.config, select=args.select, ignore=args.ignore,
                           rules_dir=args.rules_dir) if args.config else None
    linter = build_linter(args.rules_dir, args.select, args.ignore, settings)
    dev, clean = (scoring.score(linter, folder, args.half) for folder in folders)
    rows = dev_rows(dev) + clean_rows(clean)
    if args.json:
        print(json.dumps(_as_json(dev, clean, rows), indent=2))
        return 0
    unjudged = unconfirmed(dev) if args.half is None else []
    print("\n".join([*headline(dev, clean, rows), "", *summary(rows), "",
                     *unjudged, *([""] if unjudged else [])]))
    for name, result in (("dev", dev), ("clean", clean)):
        print(f"=== {corpus / name} ===\n{scorecard.report(result, args.top)}\n")
    return 0


def _as_json(dev: Score, clean: Score, rows: list[Row]) -> dict[str, object]:
    targets = [{"row": row.name, "metric": t.metric, "goal": t.goal, "value": t.value,
                "met": t.met} for row in rows for t in row.targets]
    return {"targets": targets, "dev": scorecard.as_json(dev), "clean": scorecard.as_json(clean)}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", help="one labelled folder (else dev/ and clean/)")
    parser.add_argument("--half", choices=scoring.HALVES, help="score one site half only")
    parser.add_argument("--rules-dir", type=Path, action="append", default=[])
    parser.add_argument("--select", default="")
    parser.add_argument("--ignore", default="")
    parser.add_argument("--config", type=Path, help="score with this configuration file")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str], corpus: Path = CORPUS) -> int:
    args = parse(argv)
    if args.folder:
        sys.argv = ["artlint", "score", *argv]
        artlint()  # exits with the command's own code
        return 0
    try:
        return both(args, corpus)
    except ArtlintError as error:
        print(f"quality: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the report quietly
    sys.exit(main(sys.argv[1:]))
