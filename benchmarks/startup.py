"""Start-up: `artlint check --no-cache` of one small file, against `python -c pass`.

    python benchmarks/startup.py                 # 21 pairs on a small dev-corpus file
    python benchmarks/startup.py --pairs 41 FILE

Issue 17's target is a ratio of at most 4. Each pair runs `python -c pass` and then the
check, from the same interpreter, one after the other; the ratio is taken within each
pair, so a machine that slows down for a while slows both sides of a pair alike. It
prints the median ratio and the range over the pairs (two warm-up pairs not counted), and
the median wall time of each side. The check runs as `python -m linter` with bytecode
caching on (as an installed artlint has its bytecode), with a cache folder of its own
(XDG_CACHE_HOME in a temporary folder) that the warm-up runs fill, as a user's is after
their first run; `--user-cache` uses the user's own. benchmarks/run.py has the same row
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


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, env=env)
    return time.perf_counter() - start


def pairs(commands: tuple[list[str], list[str]], count: int,
          env: dict[str, str]) -> list[tuple[float, float]]:
    """``count`` alternated pairs of wall times (two warm-up pairs first, dropped)."""
    walls = []
    for _ in range(count + 2):
        walls.append((wall(commands[0], env), wall(commands[1], env)))
    return walls[2:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, help="the file to check")
    parser.add_argument("--pairs", type=int, default=21)
    parser.add_argument("--user-cache", action="store_true", help="the user's cache folder")
    args = parser.parse_args()
    path = args.file or small_file()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp, "one-small-file.txt")
        small.write_bytes(path.read_bytes())
        check = [sys.executable, "-m", "linter", "check", "--exit-zero", "--no-cache", str(small)]
        env = ENV if args.user_cache else {**ENV, "XDG_CACHE_HOME": str(Path(tmp, "xdg"))}
        walls = pairs(([sys.executable, "-c", "pass"], check), args.pairs, env)
    ratios = sorted(artlint / python for python, artlint in walls)
    print(f"file: {path} ({path.stat().st_size} bytes); {len(walls)} pairs")
    print(f"python -c pass: median {statistics.median(w[0] for w in walls) * 1000:.1f} ms")
    print(f"artlint check --no-cache one-small-file.txt: median "
          f"{statistics.median(w[1] for w in walls) * 1000:.1f} ms")
    print(f"ratio: median {statistics.median(ratios):.2f}x, "
          f"range {ratios[0]:.2f}-{ratios[-1]:.2f}x (target: at most 4x)")


if __name__ == "__main__":
    main()
