"""Start-up: `artlint check --no-cache` of one small file, against `python -c pass`.

    python benchmarks/startup.py                 # 21 pairs on a small dev-corpus file
    python benchmarks/startup.py --pairs 41 FILE

Issue 17's target is a ratio of at most 4. Each pair runs `python -c pass` and then the
check, from the same interpreter, one after the other; the ratio is taken within each
pair, so a machine that slows down for a while slows both sides of a pair alike. It
prints the median ratio and the range over the pairs (one warm-up pair not counted), and
the median wall time of each side. The check runs as `python -m linter` with bytecode
caching on (as an installed artlint has its bytecode); benchmarks/run.py has the same row
as medians of the two sides.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def small_file() -> Path:
    """A small text file: the first dev-corpus .txt of 1-4 KB, else a fixture."""
    candidates = sorted(DEV.rglob("*.txt")) if DEV.is_dir() else []
    candidates += sorted((ROOT / "fixtures").rglob("*.txt"))
    for path in candidates:
        if 1_000 <= path.stat().st_size <= 4_000:
            return path
    return candidates[0]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, env=ENV)
    return time.perf_counter() - start


def pairs(commands: tuple[list[str], list[str]], count: int) -> list[tuple[float, float]]:
    """``count`` alternated pairs of wall times (a warm-up pair first, dropped)."""
    walls = []
    for _ in range(count + 1):
        walls.append((wall(commands[0]), wall(commands[1])))
    return walls[1:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, help="the file to check")
    parser.add_argument("--pairs", type=int, default=21)
    args = parser.parse_args()
    path = args.file or small_file()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp, "one-small-file.txt")
        small.write_bytes(path.read_bytes())
        check = [sys.executable, "-m", "linter", "check", "--exit-zero", "--no-cache", str(small)]
        walls = pairs(([sys.executable, "-c", "pass"], check), args.pairs)
    ratios = sorted(artlint / python for python, artlint in walls)
    print(f"file: {path} ({path.stat().st_size} bytes); {len(walls)} pairs")
    print(f"python -c pass: median {statistics.median(w[0] for w in walls) * 1000:.1f} ms")
    print(f"artlint check --no-cache one-small-file.txt: median "
          f"{statistics.median(w[1] for w in walls) * 1000:.1f} ms")
    print(f"ratio: median {statistics.median(ratios):.2f}x, "
          f"range {ratios[0]:.2f}-{ratios[-1]:.2f}x (target: at most 4x)")


if __name__ == "__main__":
    main()
