"""Throughput of `artlint shards fix` on Dask with 1, 2, 4 and 8 workers, against the
single-process CLI on the same records, and the fixed costs the cost model in
docs/large-corpora.md is built from: one table each, figures measured in the same run.

    python benchmarks/distributed.py            # full run (uses ../shared/corpus/dev)
    python benchmarks/distributed.py --smoke    # a few seconds, no assertions (CI runs this)

The shards are JSON Lines records built from ../shared/corpus/dev/**/*.txt when it is
there (else the fixture seeds), repeated ``--copies`` times. Every run is a whole
command in a fresh process, so each row includes start-up; the Dask rows also include
starting the local cluster and building the rules in every worker:

- single-process CLI: `artlint fix` on copies of the shards (the baseline);
- serial engine: `artlint shards fix --engine serial` (the shard core, no Dask);
- Dask, N workers: `artlint shards fix --workers N` (a LocalCluster of N processes).

Speed-up is against Dask with 1 worker, efficiency is speed-up / workers (1.00: every
worker fully used); "vs CLI" is the run's time over the baseline's (below 1: faster than
the single-process CLI); "task s" adds up the seconds the shard tasks took (from the
summary), so seconds - task s / workers is roughly the fixed cost of the run (process,
cluster and rules start-up). Every run's shards are checked byte-for-byte against the
baseline's; the script exits 1 if any differs.

The second table (skipped with --smoke) measures the costs that do not scale with the
text: a whole `shards fix` of one one-record shard with the serial engine (process
start-up, rules) and on a one-worker local cluster (the difference is Dask's fixed cost:
import, cluster start, shipping the linter, building the rules in the worker), and of
``--tiny`` one-record shards (the increase per shard is the per-shard cost: a task, an
open, a write, a marker; with Dask, the scheduler's round trip too). The per-record and
per-MB cost is the serial engine's task time over the records and bytes above.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"


def texts(smoke: bool) -> list[str]:
    if DEV.is_dir():
        files = sorted(DEV.rglob("*.txt"))
        files = files[:80] if smoke else files
    else:
        files = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
    return [path.read_text(encoding="utf-8", errors="replace") for path in files]


def write_shards(folder: Path, articles: list[str], copies: int, count: int) -> int:
    """``count`` shards holding every article ``copies`` times; returns the records."""
    folder.mkdir(parents=True)
    handles = [open(folder / f"part-{n:03d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
               for n in range(count)]
    records = 0
    for copy in range(copies):
        for n, text in enumerate(articles):
            record = {"id": f"{copy}-{n}", "source": "dev", "text": text}
            handles[records % count].write(json.dumps(record, ensure_ascii=False) + "\n")
            records += 1
    for handle in handles:
        handle.close()
    return records


Row = tuple[str, int, float, float | None, bool]  # name, workers, seconds, task s, same


def artlint(*args: str) -> float:
    """Wall time of `python -m linter ARGS` (exit codes 0-3 are results, not failures)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "linter", *args], capture_output=True,
                          text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1, 3):
        sys.exit(f"artlint {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return seconds


def same_shards(one: Path, other: Path) -> bool:
    names = sorted(p.name for p in one.glob("*.jsonl"))
    return all((one / n).read_bytes() == (other / n).read_bytes() for n in names)


def task_seconds(out: Path) -> float:
    summary = json.loads((out / "artlint-summary.json").read_text(encoding="utf-8"))
    return sum(shard["seconds"] for shard in summary["shards"])


def shards_run(tmp: Path, shards: Path, name: str, workers: int, *args: str) -> Row:
    out = tmp / f"{name}-{workers}"
    seconds = artlint("shards", "fix", "--isolated", "--exit-zero", *args, str(shards),
                      "--out", str(out))
    same = same_shards(tmp / "cli", out)
    return (f"artlint shards fix, {name}", workers, seconds, task_seconds(out), same)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="small and quick, for CI")
    parser.add_argument("--copies", type=int, default=6, help="times each article appears")
    parser.add_argument("--shards", type=int, default=16)
    parser.add_argument("--workers", default="1,2,4,8", help="comma-separated worker counts")
    parser.add_argument("--tiny", type=int, default=200, help="one-record shards for the "
                        "per-shard cost")
    options = parser.parse_args()
    copies, count = (1, 4) if options.smoke else (options.copies, options.shards)
    workers = [1, 2] if options.smoke else [int(n) for n in options.workers.split(",")]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        shards = Path(tmp, "in")
        records = write_shards(shards, texts(options.smoke), copies, count)
        size = sum(p.stat().st_size for p in shards.iterdir())
        rows = run_all(Path(tmp), shards, workers)
    print(f"records: {records:,} in {count} shards, {size / 1e6:.1f} MB; machine: "
          f"{os.cpu_count()} cores, load average {load:.1f} at start; "
          f"{datetime.date.today().isoformat()}")
    print_table(rows, records, size)
    if not options.smoke:
        with tempfile.TemporaryDirectory() as tmp:
            print_costs(fixed_costs(Path(tmp), options.tiny), rows, records, size,
                        options.tiny)
    if not all(row[4] for row in rows):
        sys.exit("the shards written differ from the single-process CLI's")


def run_all(tmp: Path, shards: Path, workers: list[int]) -> list[Row]:
    baseline = tmp / "cli"
    shutil.copytree(shards, baseline)
    files = sorted(str(path) for path in baseline.iterdir())  # folders: *.txt only
    seconds = artlint("fix", "--isolated", "--exit-zero", "--no-cache", "--no-progress", *files)
    rows: list[Row] = [("single-process CLI (artlint fix)", 1, seconds, None, True)]
    rows.append(shards_run(tmp, shards, "serial engine", 1, "--engine", "serial"))
    for n in workers:
        rows.append(shards_run(tmp, shards, "Dask", n, "--workers", str(n)))
    return rows


def print_table(rows: list[Row], records: int, size: int) -> None:
    cli_seconds = rows[0][2]
    one = next((row[2] for row in rows if "Dask" in row[0] and row[1] == 1), None)
    print(f"{'run':34} {'workers':>7} {'seconds':>8} {'task s':>7} {'records/s':>9} "
          f"{'MB/s':>5} {'speed-up':>8} {'effic.':>6} {'vs CLI':>6}  same output")
    for name, n, seconds, tasks, same in rows:
        dask = one and "Dask" in name
        speed = f"{one / seconds:8.2f}" if dask else f"{'':8}"
        efficiency = f"{one / seconds / n:6.2f}" if dask else f"{'':6}"
        work = f"{tasks:7.2f}" if tasks is not None else f"{'':7}"
        print(f"{name:34} {n:7d} {seconds:8.2f} {work} {records / seconds:9.0f} "
              f"{size / seconds / 1e6:5.2f} {speed} {efficiency} {seconds / cli_seconds:6.2f}"
              f"  {'yes' if same else 'NO'}")


def fixed_costs(tmp: Path, tiny: int) -> dict[str, float]:
    """Seconds of whole runs whose text is negligible: one shard, then ``tiny`` shards,
    with the serial engine and on a one-worker local cluster."""
    one, many = tmp / "one", tmp / "many"
    for folder, count in ((one, 1), (many, tiny)):
        folder.mkdir()
        for n in range(count):
            (folder / f"t-{n:04d}.jsonl").write_text('{"text": "A short article."}\n')
    costs = {}
    for engine, args in (("serial", ["--engine", "serial"]), ("dask", ["--workers", "1"])):
        for name, folder in (("one", one), ("many", many)):
            out = tmp / f"out-{engine}-{name}"
            costs[f"{engine}-{name}"] = artlint("shards", "fix", "--isolated", *args,
                                                str(folder), "--out", str(out))
    return costs


def print_costs(costs: dict[str, float], rows: list[Row], records: int, size: int,
                tiny: int) -> None:
    serial = next(row for row in rows if "serial" in row[0])
    per_record = (serial[3] or 0.0) / records
    print()
    print(f"{'cost':52} {'seconds':>9}")
    lines = [
        ("a run, serial engine (start-up, rules; 1 tiny shard)", costs["serial-one"]),
        ("a run, Dask 1 worker (1 tiny shard)", costs["dask-one"]),
        ("Dask's fixed cost (the difference)", costs["dask-one"] - costs["serial-one"]),
        ("per shard, serial engine", (costs["serial-many"] - costs["serial-one"]) / (tiny - 1)),
        ("per shard, Dask 1 worker", (costs["dask-many"] - costs["dask-one"]) / (tiny - 1)),
        ("per record (serial engine's task time / records)", per_record),
        ("per MB of JSON Lines", (serial[3] or 0.0) / (size / 1e6)),
    ]
    for name, seconds in lines:
        print(f"{name:52} {seconds:9.4f}")


if __name__ == "__main__":
    main()
