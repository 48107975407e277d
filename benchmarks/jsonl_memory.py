"""Peak memory of `artlint check` and `artlint fix` on a generated JSON Lines file.

    python benchmarks/jsonl_memory.py            # 1 GB file (default)
    python benchmarks/jsonl_memory.py --gb 0.1

Writes the file to a temporary folder, runs each command in a child process, and prints
the file size, the time and the child's peak resident memory (ru_maxrss). The file is
streamed record by record, so the peak does not grow with the file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

TEXT = "A long paragraph of real article text that stays where it is. " * 30
JUNK = "\n\nComments are closed.\n\nThe end of the article."
EVERY = 100  # one record in EVERY carries an artefact (check keeps each finding's record)


def generate(path: str, size: int) -> int:
    records = 0
    with open(path, "w", encoding="utf-8") as handle:
        written = 0
        while written < size:
            # Each text differs, as real records do (the result cache keys a field by it).
            text = f"Record {records}. " + TEXT + (JUNK if records % EVERY == 0 else "")
            line = json.dumps({"id": records, "url": f"https://example.com/{records}",
                               "text": text, "meta": {"lang": "en"}}) + "\n"
            handle.write(line)
            written += len(line)
            records += 1
    return records


CHILD = ("import atexit, resource, sys\n"
         "atexit.register(lambda: print('PEAK', resource.getrusage(resource.RUSAGE_SELF)"
         ".ru_maxrss, file=sys.stderr))\n"
         "sys.argv = ['artlint', *sys.argv[1:]]\n"
         "from linter.cli.app import main\n"
         "main()\n")


def measure(args: list[str]) -> tuple[float, int, int]:
    """Time, peak RSS in KB (of that child alone) and exit code of one artlint run."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = [line for line in proc.stderr.splitlines() if line.startswith("PEAK ")]
    return elapsed, int(peak[-1].split()[1]) if peak else -1, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gb", type=float, default=1.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "corpus.jsonl")
        records = generate(path, int(options.gb * (1 << 30)))
        size = os.path.getsize(path)
        print(f"file: {size / (1 << 30):.2f} GB, {records} records")
        # --statistics keeps the report small; every record has one finding
        for name, args in (
            ("check", ["check", "--isolated", "--no-progress", "--select", "comment-residue",
                       "--statistics", "--exit-zero", path]),
            ("fix", ["fix", "--isolated", "--no-progress", "--select", "comment-residue",
                     "--output-format", "concise", path]),
        ):
            elapsed, peak_kb, code = measure(args)
            print(f"{name}: {elapsed:.0f} s, peak RSS {peak_kb / 1024:.0f} MB, exit {code}")
        with open(path, encoding="utf-8") as handle:
            assert "Comments are closed." not in handle.readline()  # record 0 was fixed


if __name__ == "__main__":
    main()
