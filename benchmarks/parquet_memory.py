"""Peak memory of `artlint shards fix` on generated Parquet shards of growing size: the
rows are read in record batches, so the peak should stay flat as the shard grows.

    python benchmarks/parquet_memory.py                    # 0.2 and 0.4 GB (default)
    python benchmarks/parquet_memory.py --gb 0.2,0.4,1.0
    python benchmarks/parquet_memory.py --row-group 0      # one row group per file

Each shard goes to a temporary folder (never the repository): rows of real article text
(../shared/corpus/dev when it is there, else the fixture seeds; each row differs), one in
100 with an artefact, snappy-compressed, in row groups of ``--row-group`` rows (10,000 by
default, as writers of large corpora use; 0: the whole file in one row group, the worst
case for a reader). Each size runs `artlint shards fix --engine serial --select
comment-residue` in a child process and prints the file size, the text it holds, the time
and the child's peak resident memory (VmHWM, Linux). Needs the parquet extra.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
JUNK = "\n\nComments are closed.\n"
EVERY = 100


def articles() -> list[str]:
    paths = sorted(DEV.rglob("*.txt")) if DEV.is_dir() else sorted(
        (ROOT / "fixtures" / "seeds").glob("*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def generate(path: str, size: int, row_group: int) -> tuple[int, int]:
    """Write rows until the file reaches ``size`` bytes; (rows, text bytes)."""
    texts = articles()
    schema = pa.schema([("id", pa.int64()), ("url", pa.string()), ("text", pa.string())])
    rows = text_bytes = 0
    chunk = row_group or 10_000
    pending: list[pa.Table] = []
    with pq.ParquetWriter(path, schema, compression="snappy") as writer:
        while (os.path.getsize(path) if row_group else text_bytes // 2) < size:
            batch = [f"Record {rows + n}.\n\n" + texts[(rows + n) % len(texts)]
                     + (JUNK if (rows + n) % EVERY == 0 else "") for n in range(chunk)]
            table = pa.table({"id": range(rows, rows + chunk),
                              "url": [f"https://example.com/{rows + n}" for n in range(chunk)],
                              "text": batch}, schema=schema)
            rows += chunk
            text_bytes += sum(len(t.encode()) for t in batch)
            if row_group:
                writer.write_table(table, row_group_size=row_group)
            else:
                pending.append(table)
        if pending:
            whole = pa.concat_tables(pending)
            writer.write_table(whole, row_group_size=whole.num_rows)
    return rows, text_bytes


# The child's own high-water mark (VmHWM): ru_maxrss would also count the pages a forked
# child shared with this process, which holds a whole row group while generating.
CHILD = ("import atexit, sys\n"
         "atexit.register(lambda: print('PEAK', open('/proc/self/status').read()"
         ".split('VmHWM:')[1].split()[0], file=sys.stderr))\n"
         "sys.argv = ['artlint', *sys.argv[1:]]\n"
         "from linter.cli.app import main\n"
         "main()\n")


def measure(args: list[str]) -> tuple[float, int, int]:
    """Time, peak RSS in KB (of that child alone) and exit code of one artlint run."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True,
                          cwd=ROOT)
    elapsed = time.perf_counter() - start
    peak = [line for line in proc.stderr.splitlines() if line.startswith("PEAK ")]
    if proc.returncode not in (0, 1):
        sys.exit(proc.stderr)
    return elapsed, int(peak[-1].split()[1]) if peak else -1, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gb", default="0.2,0.4", help="comma-separated file sizes in GB")
    parser.add_argument("--row-group", type=int, default=10_000,
                        help="rows per row group (0: one row group per file)")
    options = parser.parse_args()
    print(f"{'file GB':>7} {'rows':>9} {'text GB':>7} {'row groups':>10} {'seconds':>8} "
          f"{'peak RSS MB':>11}")
    for gb in (float(x) for x in options.gb.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "shard.parquet")
            rows, text = generate(path, int(gb * (1 << 30)), options.row_group)
            groups = pq.ParquetFile(path).metadata.num_row_groups
            elapsed, peak_kb, _ = measure([
                "shards", "fix", "--engine", "serial", "--isolated", "--select",
                "comment-residue", "--exit-zero", path, "--out", os.path.join(folder, "out")])
            fixed = pq.ParquetFile(os.path.join(folder, "out", "shard.parquet"))
            assert fixed.metadata.num_rows == rows
            print(f"{os.path.getsize(path) / (1 << 30):7.2f} {rows:9,} {text / (1 << 30):7.2f} "
                  f"{groups:10,} {elapsed:8.0f} {peak_kb / 1024:11.0f}", flush=True)


if __name__ == "__main__":
    main()
