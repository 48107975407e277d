"""Performance benchmark: one table of ratios measured in the same run.

    python benchmarks/run.py            # full run (uses ../shared/corpus/dev when present)
    python benchmarks/run.py --smoke    # a few seconds, no assertions (CI runs this)

Every figure is a ratio against a baseline measured in the same process or session, so
the numbers compare across machines; absolute MB/s are printed for reference only.
Rows:
- read+split: Python reading every file and splitting it into lines (the baseline);
- check (in-process, built-in pack): the engine over the same files;
- check with the pack grown to 1,000 rules (synthetic rules with their own literals);
- the floor under any check: decoding the files into documents with their line tables
  and cores, then also the regex path's Aho-Corasick pass (pyahocorasick) over each, or
  the one-scan path's Hyperscan scan of each;
- fix where 10% of the files need fixing, against check of the same corpus;
- `artlint check one-small-file.txt` wall time, against `python -c pass`: answered from
  the result cache (the file was checked before), and with `--no-cache` (medians of each
  side; benchmarks/startup.py gives the ratio per alternated pair, with its range);
- the CLI over the corpus: without cache, fix, and a second run from the result cache
  (the best of two cached runs), then the cache rows again on four copies of the corpus,
  where start-up weighs less;
- the check on the regex + Aho-Corasick path (ARTLINT_HYPERSCAN=0), beside the default
  one-scan path (Hyperscan, the `fast` extra), in-process and as a whole process;
- the line filters a corpus maintainer would use instead, on the same files in the same
  run (the `bench` extra; a row is skipped, with a note, when its tool is missing):
  datatrove's C4 line filter (C4QualityFilter without its page-level sentence count,
  which needs spaCy), trafilatura's `textfilter` test (its RE_FILTER) on every line, and
  `grep -v -i -F -f` over a list of 114 boilerplate phrases (the pack's longest literals).

The CLI runs as `python -m linter` with bytecode caching on (PYTHONDONTWRITEBYTECODE is
dropped from its environment), as an installed artlint has its bytecode, after one
warm-up run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from linter.document import Document
from linter.engine.linter import Linter
from linter.rules.loader import load_rules
from linter.rules.yaml_rule import load_file

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
BIG_COPIES = 4  # the cache rows again on this many copies of the corpus
SYNTHETIC_RULE = """
id: synthetic-{n}
message: synthetic rule {n}
category: synthetic
patterns:
  - "(?:zqx{n}|qzv{n} widget)\\\\s*[:|]?\\\\s*\\\\P{{Cc}}{{0,80}}"
max-length: 120
"""


COMMANDS = (
    "python -m linter check --exit-zero --no-progress --no-cache --jobs 1|N CORPUS",
    "python -m linter fix --exit-zero --no-progress --no-cache --jobs 1 CORPUS",
    "python -m linter check --exit-zero --no-progress --cache-dir CACHE CORPUS  # 3 times",
    "  the same on CORPUS copied 4 times",
    "python -m linter check --exit-zero [--cache-dir CACHE | --no-cache] CORPUS/00001.txt",
)


def corpus_files(smoke: bool) -> list[Path]:
    if DEV.is_dir():
        files = sorted(DEV.rglob("*.txt"))
        return files[:60] if smoke else files
    return sorted((ROOT / "fixtures").rglob("*.txt"))


def timed(run: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` wall times, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def read_split(files: list[Path]) -> None:
    for path in files:
        path.read_bytes().decode("utf-8").split("\n")


def documents(files: list[Path]) -> None:
    """What every check does before any rule runs: decode, line table, cores."""
    for path in files:
        _ = Document.from_bytes(path.read_bytes(), str(path)).cores


def literal_pass(linter: Linter, files: list[Path]) -> None:
    """The documents, plus the prefilter's one Aho-Corasick pass over each."""
    for path in files:
        doc = Document.from_bytes(path.read_bytes(), str(path))
        _ = doc.cores, linter.candidates.prefilter.scan(doc.folded)


def one_scan_pass(linter: Linter, files: list[Path]) -> None:
    """The documents, plus the one Hyperscan scan of each (the one-scan path)."""
    assert linter.candidates.scanner is not None
    for path in files:
        doc = Document.from_bytes(path.read_bytes(), str(path))
        linter.candidates.scanner.scan(doc)


def check_all(linter: Linter, files: list[Path]) -> None:
    for path in files:
        linter.check(Document.from_bytes(path.read_bytes(), str(path)))


def c4_filter():
    """datatrove's C4 line filter, or None when datatrove is not installed."""
    try:
        from datatrove.data import Document as TroveDocument
        from datatrove.pipeline.filters.c4_filters import C4QualityFilter
    except ImportError:
        return None
    c4 = C4QualityFilter(split_paragraph=True, min_num_sentences=-1)

    def run(files: list[Path]) -> None:
        for n, path in enumerate(files):
            c4.filter(TroveDocument(text=path.read_bytes().decode("utf-8"), id=str(n)))

    return run


def trafilatura_filter():
    """trafilatura's textfilter test on every line, or None when it is not installed."""
    try:
        from trafilatura.utils import RE_FILTER
    except ImportError:
        return None
    match = RE_FILTER.match

    def run(files: list[Path]) -> None:
        for path in files:
            text = path.read_bytes().decode("utf-8")
            "\n".join(line for line in text.split("\n") if not match(line))

    return run


def phrase_list(linter: Linter, count: int = 114) -> list[str]:
    """The pack's longest ASCII literals: boilerplate phrases for grep."""
    literals = {literal for found in linter.candidates.literals.values() for literal in found
                if literal.isascii() and "\n" not in literal}
    return sorted(literals, key=lambda s: (-len(s), s))[:count]


def synthetic_rules(count: int) -> list:
    return [rule for n in range(count) for rule in load_file(f"<synthetic {n}>",
                                                             SYNTHETIC_RULE.format(n=n))]


ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, capture_output=True,
                   check=False, env={**ENV, **(env or {})})
    return time.perf_counter() - start


def median_walls(commands: list[list[str]], repeat: int) -> list[float]:
    """The median wall time of each command, run in turns (one round not counted), so a
    machine that slows down for a while slows every command alike."""
    walls: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat + 1):
        for times, command in zip(walls, commands, strict=True):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False, env=ENV)
            times.append(time.perf_counter() - start)
    return [statistics.median(times[1:]) for times in walls]


def cache_runs(folder: Path, cache: Path) -> tuple[float, float]:
    """The CLI check with an empty result cache, then the best of two cached runs."""
    command = ("check", "--exit-zero", "--no-progress", "--cache-dir", str(cache), str(folder))
    first = cli(*command)
    return first, min(cli(*command), cli(*command))


def fix_corpus(files: list[Path], linter: Linter, folder: Path) -> None:
    """Copy the corpus, cleaned, with 10% of the files left dirty."""
    for n, path in enumerate(files):
        doc = Document.from_bytes(path.read_bytes(), str(path))
        text = doc.text if n % 10 == 0 else linter.fix(doc).text
        (folder / f"{n:05d}.txt").write_bytes(doc.to_bytes(text))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="small and quick, for CI")
    smoke = parser.parse_args().smoke
    repeat = 1 if smoke else 3
    files = corpus_files(smoke)
    size = sum(p.stat().st_size for p in files)
    rules = load_rules(plugins=False)
    linter = Linter(rules)
    rows: list[tuple[str, float | None, float]] = []
    notes: list[str] = []
    regex_path = Linter(rules, one_scan=False)
    linter.prepare()
    regex_path.prepare()
    one_scan = linter.candidates.scanner is not None

    base = timed(lambda: read_split(files), repeat)
    rows.append(("read+split (baseline)", base, 1.0))
    check = timed(lambda: check_all(linter, files), repeat)
    path_name = "one-scan path" if one_scan else "regex path: hyperscan not installed"
    rows.append((f"check, built-in pack ({len(rules)} rules, {path_name})", check, check / base))
    regex_check = timed(lambda: check_all(regex_path, files), repeat)
    rows.append(("check on the regex + Aho-Corasick path", regex_check, regex_check / base))
    if one_scan:
        rows.append(("  speed-up of the one-scan path", None, regex_check / check))
    floor = timed(lambda: documents(files), repeat)
    rows.append(("  of which: documents, lines and cores", floor, floor / base))
    scan = timed(lambda: literal_pass(regex_path, files), repeat)
    rows.append(("  regex path: + the Aho-Corasick literal pass", scan, scan / base))
    if one_scan:
        hyperscan_pass = timed(lambda: one_scan_pass(linter, files), repeat)
        rows.append(("  one-scan path: + the Hyperscan pass", hyperscan_pass,
                     hyperscan_pass / base))
    for name, make in (("datatrove C4 line filter", c4_filter),
                       ("trafilatura textfilter, per line", trafilatura_filter)):
        run = make()
        if run is None:
            notes.append(f"{name}: skipped (pip install 'artlint[bench]')")
            continue
        spent = timed(lambda run=run: run(files), repeat)
        rows.append((name, spent, spent / base))
        rows.append((f"  artlint check vs {name.split()[0]} (>1: faster)", None, spent / check))
    grown = Linter(rules + synthetic_rules(1000 - len(rules) if not smoke else 100))
    grown.prepare()  # compiled (and its database cached) before the clock starts
    grown_time = timed(lambda: check_all(grown, files), repeat)
    rows.append((f"check, pack grown to {len(grown.rules)} rules", grown_time, grown_time / base))
    rows.append(("  slowdown from growing the pack", None, grown_time / check))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "corpus")
        folder.mkdir()
        fix_corpus(files, linter, folder)
        cache = Path(tmp, "cache")
        cli("--version")  # writes the bytecode, as installing would
        check_cli = cli("check", "--exit-zero", "--no-progress", "--no-cache", "--jobs", "1",
                        str(folder))
        parallel_cli = cli("check", "--exit-zero", "--no-progress", "--no-cache", "--jobs",
                           str(os.cpu_count() or 1), str(folder))
        work = Path(tmp, "work")
        shutil.copytree(folder, work)
        fix_cli = cli("fix", "--exit-zero", "--no-progress", "--no-cache", "--jobs", "1",
                      str(work))
        first, second = cache_runs(folder, cache)
        rows.append(("CLI check, whole process, no cache, 1 job", check_cli, check_cli / base))
        regex_cli = cli("check", "--exit-zero", "--no-progress", "--no-cache", "--jobs", "1",
                        str(folder), env={"ARTLINT_HYPERSCAN": "0"})
        rows.append(("  the same on the regex path (vs one-scan)", regex_cli,
                     regex_cli / check_cli))
        grep = shutil.which("grep")
        if grep:
            phrases = Path(tmp, "phrases.txt")
            phrases.write_text("\n".join(phrase_list(linter)) + "\n", encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([grep, "-v", "-i", "-F", "-h", "-r", "-f", str(phrases), str(folder)],
                           stdout=subprocess.DEVNULL, check=False)
            grep_time = time.perf_counter() - started
            rows.append(("grep -v -i -F -f 114 phrases, whole process", grep_time,
                         grep_time / base))
            rows.append(("  artlint CLI check vs grep (>1: faster)", None, grep_time / check_cli))
        else:
            notes.append("grep: skipped (not on PATH)")
        rows.append((f"CLI check, {os.cpu_count()} jobs (speed-up vs 1)", parallel_cli,
                     check_cli / parallel_cli))
        rows.append(("CLI fix, 10% of files dirty (vs check)", fix_cli, fix_cli / check_cli))
        rows.append(("CLI check, empty cache", first, first / base))
        rows.append(("CLI check, cached (speed-up vs empty)", second, first / second))
        if not smoke:
            big = Path(tmp, "big")
            for copy in range(BIG_COPIES):
                shutil.copytree(folder, big / f"copy{copy}")
            big_first, big_second = cache_runs(big, Path(tmp, "big-cache"))
            label = f"corpus x{BIG_COPIES} ({BIG_COPIES * size / 1e6:.0f} MB)"
            rows.append((f"CLI check, {label}, empty cache", big_first, big_first / base))
            rows.append(("CLI check, same, cached (speed-up vs empty)", big_second,
                         big_first / big_second))
        one = folder / "00001.txt"
        runs = 3 if smoke else 21
        check_one = [sys.executable, "-m", "linter", "check", "--exit-zero", str(one)]
        python, cached_one, uncached_one = median_walls(
            [[sys.executable, "-c", "pass"], [*check_one, "--cache-dir", str(cache)],
             [*check_one, "--no-cache"]], runs)
        rows.append(("python -c pass", python, 1.0))
        rows.append(("artlint check one-small-file.txt (cached)", cached_one,
                     cached_one / python))
        rows.append(("artlint check one-small-file.txt --no-cache", uncached_one,
                     uncached_one / python))

    print("reproduce: python benchmarks/run.py; the CLI rows run, on a copy of the corpus "
          "(10% left dirty):")
    for command in COMMANDS:
        print(f"  {command}")
    print(f"corpus: {len(files)} files, {size / 1e6:.2f} MB; machine: {os.cpu_count()} cores")
    print(f"{'measurement':52} {'seconds':>9} {'ratio':>8}  MB/s")
    for name, seconds, ratio in rows:
        whole_corpus = seconds is not None and "file" not in name and "python" not in name
        rate = f"{size / seconds / 1e6:6.1f}" if whole_corpus else ""
        wall = f"{seconds:9.3f}" if seconds is not None else " " * 9
        print(f"{name:52} {wall} {ratio:8.2f}  {rate}")
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
