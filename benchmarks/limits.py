"""Resource limits: seconds and peak memory of `artlint` on hostile inputs.

    python benchmarks/limits.py            # every case
    python benchmarks/limits.py --quick    # skip the 50 MB cases

Each case runs `python -m linter ...` in its own process; peak RSS is that process's
maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
    " stderr=subprocess.PIPE).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
WORDS = ["rain", "fell", "on", "the", "hills", "all", "week", "and", "roads", "closed"]


def prose(size: int, line: int = 400) -> str:
    rng = random.Random(1)
    out, total = [], 0
    while total < size:
        words = " ".join(rng.choices(WORDS, k=line // 5)) + ".\n"
        out.append(words)
        total += len(words)
    return "".join(out)


def long_line(size: int) -> str:
    """One line of words with what real text carries: citations, brackets, a domain."""
    words = [*WORDS, "[1]", "[ad]", "www.example.com", "(closed)", "2021"]
    return " ".join(random.Random(3).choices(words, k=size // 5))[:size] + "\n"


def cases(quick: bool) -> list[tuple[str, str, list[str]]]:
    """(name, file content, extra arguments); the file is `case.txt` unless the name
    ends in another suffix in brackets."""
    one_line = " ".join(random.Random(2).choices(WORDS, k=2_000_000)) + "\n"
    found = [
        ("10 MB single line, check", one_line, ["check"]),
        ("10 MB single line, fix", one_line, ["fix"]),
        ("1,000,000 empty lines, check", "\n" * 1_000_000, ["check"]),
        ("1,000,000 empty lines, fix", "\n" * 1_000_000, ["fix"]),
        ("1,000,000 'Source link' lines, fix (guard holds)", "Source link\n" * 1_000_000,
         ["fix"]),
        ("10 MB of prose, fix", prose(10 * 2**20), ["fix"]),
        ("4 MB HTML paragraph, check [.html]", html_page(4 * 2**20), ["check"]),
        ("10 MB JSON Lines string, fix [.jsonl]", jsonl_record(10 * 2**20), ["fix"]),
    ]
    if not quick:
        found += [
            ("60 MB file over the 50 MB default limit", prose(60 * 2**20), ["check"]),
            ("50 MB of prose, --max-file-size 0, check", prose(50 * 2**20),
             ["check", "--max-file-size", "0"]),
            ("49 MB single line of words, check", long_line(49 * 2**20), ["check"]),
            ("49 MB single line of words, fix", long_line(49 * 2**20), ["fix"]),
        ]
    return found


def html_page(size: int) -> str:
    return f"<html><body><p>{long_line(size).strip()}</p></body></html>\n"


def jsonl_record(size: int) -> str:
    return json.dumps({"id": 1, "text": long_line(size).strip()}) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(f"{'case':52} {'exit':>4} {'seconds':>8} {'peak RSS':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for name, content, extra in cases(args.quick):
            suffix = name.rpartition("[")[2].rstrip("]") if name.endswith("]") else ".txt"
            path = Path(folder, "case" + suffix)
            path.write_text(content)
            command = [sys.executable, "-m", "linter", *extra, "--no-progress", "--no-cache",
                       "--output-format", "concise", str(path)]
            started = time.monotonic()
            out = subprocess.run([sys.executable, "-c", MEASURE, *command],
                                 capture_output=True, text=True, check=True).stdout.split()
            seconds = time.monotonic() - started
            code, rss_kb = int(out[0]), int(out[1])
            print(f"{name:52} {code:>4} {seconds:>8.1f} {rss_kb / 1024:>6.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
