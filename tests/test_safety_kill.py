"""`artlint fix` killed (SIGKILL) at random points while it rewrites a corpus: every file
is byte-identical to its original or to its correct fixed form, never anything else."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.document import Document

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
COPIES = 40  # of each of the 5 seed articles: 200 files
KILLS = 12


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_fix_killed_at_random_points_leaves_every_file_original_or_fixed(tmp_path, linter):
    originals = {path.name: path.read_bytes() for path in sorted(SEEDS.glob("*.input.txt"))}
    fixed = {name: Document.from_bytes(data, name).to_bytes(
        linter.fix(Document.from_bytes(data, name)).text) for name, data in originals.items()}
    assert all(fixed[name] != originals[name] for name in originals)  # every file changes
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    expected = {}
    for copy in range(COPIES):
        for name, data in originals.items():
            expected[f"{copy:03d}_{name}"] = (data, fixed[name])
    first = corpus / min(expected)
    rng = random.Random(20240611)
    mixed_runs = 0
    for _ in range(KILLS):
        for name, (data, _) in expected.items():
            (corpus / name).write_bytes(data)
        process = subprocess.Popen(
            [sys.executable, "-m", "linter", "fix", "--no-progress", "--output-format",
             "concise", str(corpus)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while first.read_bytes() == expected[first.name][0] and time.monotonic() < deadline:
            time.sleep(0.002)  # wait until the writes are under way
        time.sleep(rng.uniform(0, 0.25))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        states = _check(corpus, expected)
        mixed_runs += states == {"original", "fixed"}
    assert mixed_runs >= KILLS // 2, "the kills should land while files are being rewritten"
    # A run to the end finishes the job (stale temporary files are hidden and ignored).
    subprocess.run([sys.executable, "-m", "linter", "fix", "--no-progress", str(corpus)],
                   capture_output=True, check=False)
    assert _check(corpus, expected) == {"fixed"}


def _check(corpus: Path, expected: dict[str, tuple[bytes, bytes]]) -> set[str]:
    """Which states the files are in; fails on any file that is neither."""
    states = set()
    for path in corpus.iterdir():
        if path.name.startswith("."):  # a temporary file the kill left behind
            assert path.name.endswith(".artlint"), path.name
            continue
        data = path.read_bytes()
        original, fixed = expected[path.name]
        assert data in (original, fixed), f"{path.name} is damaged"
        states.add("original" if data == original else "fixed")
    assert len([p for p in corpus.iterdir() if not p.name.startswith(".")]) == len(expected)
    return states
