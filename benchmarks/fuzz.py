"""Long fuzzing run: the properties of tests/test_fuzz.py for a given time.

    python benchmarks/fuzz.py --minutes 5

Runs hypothesis over arbitrary text and bytes (tests/fuzz/artlint_fuzz.py) in rounds
until the time is up, each round with fresh random seeds, and prints how many cases each
property tried. A failure prints hypothesis's shrunk example and exits 1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

import artlint_fuzz as fz  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from linter.engine import Linter  # noqa: E402
from linter.loader import load_rules  # noqa: E402

ROUND = 500  # examples per property per round


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    args = parser.parse_args()
    builtin = Linter(load_rules(plugins=False))
    replacing = fz.replace_linter()
    counts = {"bytes round trip": 0, "fix (built-in pack)": 0, "fix (replace rule)": 0}
    outcomes = {"read": 0, "refused": 0}
    folder = Path(tempfile.mkdtemp(prefix="artlint-fuzz-"))
    run = settings(max_examples=ROUND, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))

    @run
    @given(data=fz.BYTES)
    def bytes_round_trip(data: bytes) -> None:
        counts["bytes round trip"] += 1
        outcomes[fz.check_bytes_round_trip(data, folder)] += 1

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

    started = time.monotonic()
    deadline = started + args.minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        for prop in (bytes_round_trip, fix_builtin, fix_replace):
            prop()
        rounds += 1
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"{rounds} rounds in {elapsed:.0f} s: {total} cases, no failure")
    for name, count in counts.items():
        print(f"  {name:22} {count:8d}")
    print(f"  bytes: {outcomes['read']} read back byte-identical, "
          f"{outcomes['refused']} refused (binary or not UTF-8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
