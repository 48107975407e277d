"""Long fuzzing run: the properties of tests/test_fuzz.py for a given time.

    python benchmarks/fuzz.py --minutes 5
    python benchmarks/fuzz.py --cases 1000000 --jobs 2

Runs hypothesis over arbitrary text and bytes (tests/fuzz/artlint_fuzz.py) in rounds
until the time is up or the cases are done, each round with fresh random seeds (each job
a process of its own), and prints how many cases each property tried. A failure prints
hypothesis's shrunk example and exits 1.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

import artlint_fuzz as fz  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from linter.engine.linter import Linter  # noqa: E402
from linter.rules.loader import load_rules  # noqa: E402

ROUND = 500  # examples per property per round
PROPERTIES = ("bytes round trip", "fix (built-in pack)", "fix (replace rule)")


def fuzz(minutes: float, cases: int) -> dict[str, int]:
    """Rounds of every property until ``minutes`` pass or ``cases`` are tried; the counts."""
    builtin = Linter(load_rules(plugins=False))
    replacing = fz.replace_linter()
    counts = dict.fromkeys([*PROPERTIES, "read", "refused", "rounds"], 0)
    folder = Path(tempfile.mkdtemp(prefix="artlint-fuzz-"))
    run = settings(max_examples=ROUND, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))

    @run
    @given(data=fz.BYTES)
    def bytes_round_trip(data: bytes) -> None:
        counts["bytes round trip"] += 1
        counts[fz.check_bytes_round_trip(data, folder)] += 1

    @run
    @given(text=fz.TEXTS)
    def fix_builtin(text: str) -> None:
        counts["fix (built-in pack)"] += 1
        fz.check_fix(builtin, text)

    @run
    @given(text=fz.TEXTS)
    def fix_replace(text: str) -> None:
        counts["fix (replace rule)"] += 1
        fz.check_replace(replacing, text + "\nad: buy now\n")

    deadline = time.monotonic() + minutes * 60
    while time.monotonic() < deadline and sum(counts[p] for p in PROPERTIES) < cases:
        for prop in (bytes_round_trip, fix_builtin, fix_replace):
            prop()
        counts["rounds"] += 1
    return counts


def _job(args: tuple[float, int]) -> dict[str, int]:
    return fuzz(*args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None,
                        help="stop after this long (default 5, or no limit with --cases)")
    parser.add_argument("--cases", type=int, default=None, help="stop after this many cases")
    parser.add_argument("--jobs", type=int, default=1, help="processes fuzzing at once")
    args = parser.parse_args()
    minutes = args.minutes if args.minutes is not None else (
        5.0 if args.cases is None else float("inf"))
    share = -(-args.cases // args.jobs) if args.cases else sys.maxsize
    started = time.monotonic()
    if args.jobs == 1:
        results = [fuzz(minutes, share)]
    else:
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            results = pool.map(_job, [(minutes, share)] * args.jobs)
    elapsed = time.monotonic() - started
    totals = {key: sum(r[key] for r in results) for key in results[0]}
    total = sum(totals[p] for p in PROPERTIES)
    print(f"{totals['rounds']} rounds on {args.jobs} process(es) in {elapsed:.0f} s: "
          f"{total:,} cases, no failure")
    for name in PROPERTIES:
        print(f"  {name:22} {totals[name]:10,d}")
    print(f"  bytes: {totals['read']:,} read back byte-identical, "
          f"{totals['refused']:,} refused (binary or not UTF-8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
