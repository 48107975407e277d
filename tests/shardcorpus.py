"""Generated JSON Lines shards for the shard tests, built from the seed articles, and the
single-process `artlint fix`/`check` run on the same records as the reference."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import FIXTURES, ROOT

SEEDS = sorted((FIXTURES / "seeds").glob("*.input.txt"))


def _record(n: int, text: str, ascii_only: bool = False) -> str:
    record = {"id": n, "meta": {"lang": "en", "n": [n, 2.50]}, "text": text}
    return json.dumps(record, ensure_ascii=ascii_only)


def shard_lines() -> dict[str, list[str]]:
    """Shard name -> its lines (with endings): flagged seeds, hand-cleaned ones, an
    invalid record, a record without the field, blank and CRLF lines."""
    dirty = [p.read_text(encoding="utf-8") for p in SEEDS]
    clean = [Path(str(p).replace(".input.", ".expected.")).read_text(encoding="utf-8")
             for p in SEEDS]
    return {
        "a/part-0.jsonl": [_record(0, dirty[0]) + "\n", _record(1, clean[0], True) + "\n",
                           _record(2, dirty[1], True) + "\n", '{"id": 3, "title": "x"}\n'],
        "a/part-1.jsonl.gz": [_record(4, dirty[2]) + "\n", '{"id": 5, "text": "broken\n',
                              "\n", _record(6, dirty[3]) + "\r\n", _record(7, clean[3])],
        "b/part-2.ndjson": [_record(8, text) + "\r\n" for text in clean],
        "b/part-3.jsonl.gz": [_record(9, clean[1]) + "\n", _record(10, dirty[4]) + "\n"],
        "part-4.jsonl.gz": [_record(11, clean[2]) + "\n"],
    }


def write_shards(folder: Path) -> dict[str, Path]:
    """Write the shards below ``folder``; name -> path."""
    paths = {}
    for name, lines in shard_lines().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(lines).encode("utf-8")
        path.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
        paths[name] = path
    return paths


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m linter ARGS` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run([sys.executable, "-m", "linter", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def cli_fix(shards: dict[str, Path], work: Path) -> dict[str, object]:
    """The single-process CLI's `fix` on copies of the shards: the bytes it leaves, the
    findings it reports, the fixes it applied, the records it rejected."""
    copies = {}
    for name, path in shards.items():
        copy = work / name.replace("/", "__")
        shutil.copyfile(path, copy)
        copies[name] = copy
    rows = cli("fix", "--isolated", "--output-format", "json-lines", *map(str, copies.values()))
    before = cli("check", "--isolated", "--output-format", "json-lines",
                 *map(str, shards.values()))
    return {
        "bytes": {name: copy.read_bytes() for name, copy in copies.items()},
        "remaining": _per_rule(rows.stdout),
        "found": _per_rule(before.stdout),
        "invalid": rows.stderr.count("not valid JSON"),
        "exit": rows.returncode,
        "fixed": _fixed(shards, work / "count"),
    }


def corpus(root: Path) -> tuple[Path, dict[str, Path], dict[str, object]]:
    """Shards written below ``root/in``, and what the single-process CLI makes of them
    (run in ``root/cli``): the input folder, name -> shard path, and cli_fix's result."""
    shards = write_shards(root / "in")
    work = root / "cli"
    work.mkdir()
    return root / "in", shards, cli_fix(shards, work)


def _fixed(shards: dict[str, Path], folder: Path) -> int:
    """How many fixes `artlint fix` applies, from its text summary line."""
    folder.mkdir()
    copies = []
    for name, path in shards.items():
        copy = folder / name.replace("/", "__")
        shutil.copyfile(path, copy)
        copies.append(str(copy))
    line = cli("fix", "--isolated", *copies).stdout.strip().splitlines()[-1]
    match = re.match(r"Fixed (\d+) findings?", line)
    assert match, line
    return int(match.group(1))


def _per_rule(json_lines: str) -> dict[str, int]:
    rows = [json.loads(line) for line in json_lines.splitlines() if line.strip()]
    return dict(Counter(row["rule"] for row in rows))


def changed_records(shards: dict[str, Path], fixed: dict[str, bytes]) -> int:
    """Records that differ between the shards and the CLI's fixed copies."""
    count = 0
    for name, path in shards.items():
        before = _lines(path.read_bytes(), name)
        after = _lines(fixed[name], name)
        count += sum(a != b for a, b in zip(before, after, strict=True))
    return count


def _lines(data: bytes, name: str) -> list[bytes]:
    return (gzip.decompress(data) if name.endswith(".gz") else data).splitlines()
