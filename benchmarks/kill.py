"""Kill test: `artlint fix` killed with SIGKILL at random moments, in every format it writes.

    python benchmarks/kill.py --kills 120

Each round copies a corpus (plain text, gzipped JSON Lines or HTML, built from the
fixtures), starts `artlint fix` on it, waits until the first file has been rewritten,
waits a random 0-250 ms more and kills the process. Then every file must be byte for byte
its original or what an uninterrupted `artlint fix` made of it (the reference run, done
once per format before the kills), never anything else. The table counts the kills, the
kills that landed mid-rewrite (some files fixed, some not), damaged files (must be 0) and
the hidden temporary files the kills left. A last `artlint fix` must leave every file
fixed and no temporary file (the run sweeps what dead writers left). Exits 1 on any
damaged file or leftover.
"""

from __future__ import annotations

import argparse
import gzip
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
TEMP_SUFFIX = ".artlint"
COPIES = {"txt": 40, "jsonl.gz": 30, "html": 40}  # of each fixture file


def make_corpus(fmt: str, folder: Path) -> None:
    """The round's starting files: copies of the fixtures in one format."""
    folder.mkdir(parents=True)
    if fmt == "txt":
        sources = sorted((FIXTURES / "seeds").glob("*.input.txt"))
    elif fmt == "html":
        sources = sorted((FIXTURES / "html").glob("*.input.html"))
    else:
        sources = [FIXTURES / "jsonl" / "corpus.input.jsonl"]
    for copy in range(COPIES[fmt]):
        for source in sources:
            data = source.read_bytes()
            stem = source.name.split(".")[0]
            if fmt == "jsonl.gz":
                (folder / f"{copy:03d}_{stem}.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))
            else:
                (folder / f"{copy:03d}_{stem}.{fmt}").write_bytes(data)


def fix_command(folder: Path) -> list[str]:
    paths = sorted(str(p) for p in folder.iterdir() if not p.name.startswith("."))
    return [sys.executable, "-m", "linter", "fix", "--isolated", "--no-cache", "--no-progress",
            "--output-format", "concise", *paths]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and
            p.name.endswith(TEMP_SUFFIX)]


def kill_round(original: dict[str, bytes], fixed: dict[str, bytes], folder: Path,
               rng: random.Random) -> tuple[bool, int]:
    """One kill; (landed mid-rewrite, damaged files)."""
    for name, data in original.items():
        (folder / name).write_bytes(data)
    first = folder / min(name for name in original if original[name] != fixed[name])
    process = subprocess.Popen(fix_command(folder), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while first.read_bytes() == original[first.name] and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.25))
    process.send_signal(signal.SIGKILL)
    process.wait()
    states, damaged = set(), 0
    for name, data in snapshot(folder).items():
        if data == original[name] and data != fixed[name]:
            states.add("original")
        elif data == fixed[name]:
            states.add("fixed")
        else:
            damaged += 1
            print(f"  DAMAGED: {name}", file=sys.stderr)
    return states == {"original", "fixed"}, damaged


def run_format(fmt: str, kills: int, work: Path, rng: random.Random) -> dict[str, int]:
    corpus = work / fmt
    make_corpus(fmt, corpus)
    original = snapshot(corpus)
    reference = work / f"{fmt}-reference"
    shutil.copytree(corpus, reference)
    subprocess.run(fix_command(reference), capture_output=True, check=False)
    fixed = snapshot(reference)
    row = {"files": len(original), "changed": sum(original[n] != fixed[n] for n in original),
           "kills": kills, "mid-rewrite": 0, "damaged": 0, "temporaries left": 0}
    for _ in range(kills):
        landed, damaged = kill_round(original, fixed, corpus, rng)
        row["mid-rewrite"] += landed
        row["damaged"] += damaged
        row["temporaries left"] = max(row["temporaries left"], len(temporaries(corpus)))
    subprocess.run(fix_command(corpus), capture_output=True, check=False)
    row["after last run: not fixed"] = sum(d != fixed[n] for n, d in snapshot(corpus).items())
    row["after last run: temporaries"] = len(temporaries(corpus))
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=120, help="kills in all (split by format)")
    parser.add_argument("--formats", default="txt,jsonl.gz,html")
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args()
    formats = args.formats.split(",")
    rng = random.Random(args.seed)
    rows = {}
    with tempfile.TemporaryDirectory(prefix="artlint-kill-") as work:
        for fmt in formats:
            rows[fmt] = run_format(fmt, -(-args.kills // len(formats)), Path(work), rng)
    keys = list(next(iter(rows.values())))
    print(f"{'':30}" + "".join(f"{fmt:>10}" for fmt in formats))
    for key in keys:
        print(f"{key:30}" + "".join(f"{rows[fmt][key]:>10}" for fmt in formats))
    bad = sum(r["damaged"] + r["after last run: not fixed"] + r["after last run: temporaries"]
              for r in rows.values())
    print("no file damaged, every file fixed by the last run, no temporary file left"
          if not bad else "FAILED")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
