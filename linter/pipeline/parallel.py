"""Checking and fixing documents, of any whole-document format, on several processes,
where that pays. A document travels as ``(format, Document)``; its source adapter
(``linter.sources.check_source``/``fix_source``) does the work.

Workers are forked once per run, on the first batch of uncached documents big enough,
after the parent has built the linter (rules loaded, patterns compiled, prefilter and
line gate made), so they start with all of it and nothing is pickled but documents on
the way out and results (no documents) on the way back. The parent keeps reading files,
the result cache, writing and printing; workers only compute. A batch too small to repay
the fork runs in the parent.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from linter.document import Document
from linter.engine.linter import CheckResult, Linter
from linter.errors import ArtlintError
from linter.sources import check_source, fix_source
from linter.sources.base import Fixed

Item = tuple[str, Document]  # (format, document)

MIN_PARALLEL = 200  # uncached documents in a batch before workers are worth it
BATCH = 1024  # documents read ahead by the parent
LOAD_SAMPLES = 5  # looks at the runnable tasks, 1 ms apart, before forking

_linter: Linter | None = None  # the forked workers' linter, inherited from the parent


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def useful_jobs(wanted: int) -> int:
    """``wanted``, cut to the CPUs other processes leave idle: workers on a machine that
    is already loaded only add their start-up cost."""
    if wanted <= 1:
        return wanted
    idle = default_jobs() - busy_elsewhere()
    return max(1, min(wanted, int(idle + 0.5)))


def busy_elsewhere() -> float:
    """The CPUs other processes keep busy. On Linux: the fewest runnable tasks besides
    this one over a few samples of /proc/loadavg, so a CPU-bound job counts (it is
    runnable in every sample) and a short burst does not. Elsewhere, the one-minute load
    average, which also counts this process's own recent work."""
    try:
        return float(min(_runnable() - 1 for _ in range(LOAD_SAMPLES)))
    except (OSError, ValueError, IndexError):
        return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def _runnable() -> int:
    """Runnable tasks now, this one included (the fourth field of /proc/loadavg: 2/345)."""
    time.sleep(0.001)
    with open("/proc/loadavg", encoding="ascii") as stat:
        return int(stat.read().split()[3].split("/")[0])


class Workers:
    """A pool of up to ``jobs`` forked workers for one linter, or none when ``jobs`` is 1.

    The pool is forked on the first batch big enough to use it, so a run whose files
    the result cache answers forks nothing (and need not build its linter, nor look at
    the machine's load). How many workers are forked is decided then (``useful_jobs``).
    """

    def __init__(self, linter: Linter, jobs: int) -> None:
        self.linter = linter
        self.jobs = jobs
        self._pool: Any = None

    def _started(self, docs: Sequence[Item]) -> Any:
        """The pool, forked now if needed; None when ``docs`` are better done here."""
        global _linter
        if self.jobs <= 1 or len(docs) < MIN_PARALLEL:
            return None
        if self._pool is None:
            self.jobs = useful_jobs(self.jobs)  # decided once, for the whole run
            if self.jobs <= 1:
                return None
            import multiprocessing  # deferred: ~10 ms to import: only for a run that forks
            from concurrent.futures import ProcessPoolExecutor  # deferred: as multiprocessing

            if "fork" not in multiprocessing.get_all_start_methods():
                self.jobs = 1
                return None
            self.linter.prepare()
            _linter = self.linter
            self._pool = ProcessPoolExecutor(self.jobs,
                                             mp_context=multiprocessing.get_context("fork"))
        return self._pool

    def check(self, docs: Sequence[Item]) -> list[CheckResult]:
        pool = self._started(docs)
        if pool is None:
            return [check_source(self.linter, fmt, doc) for fmt, doc in docs]
        return _gathered(pool.map(_check, *zip(*docs, strict=True), chunksize=_chunk(docs)))

    def fix(self, docs: Sequence[Item], unsafe: bool) -> list[Fixed]:
        pool = self._started(docs)
        if pool is None:
            return [fix_source(self.linter, fmt, doc, unsafe) for fmt, doc in docs]
        fmts, documents = zip(*docs, strict=True)
        return _gathered(pool.map(_fix, fmts, documents, [unsafe] * len(docs),
                                  chunksize=_chunk(docs)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _gathered(results: Any) -> list[Any]:
    """A batch's results, in order; ArtlintError when a worker died (killed, out of
    memory, a rule that ended the process): the pool would otherwise wait for it forever."""
    from concurrent.futures.process import BrokenProcessPool  # deferred: forked runs only

    try:
        return list(results)
    except BrokenProcessPool:
        raise ArtlintError("a worker process died while linting (killed, out of memory, or "
                           "a rule ended it); the files of this batch were not written: "
                           "rerun with --jobs 1 to see which file and rule") from None


def _chunk(docs: Sequence[Item]) -> int:
    return max(1, len(docs) // 16)


def _check(fmt: str, doc: Document) -> CheckResult:
    assert _linter is not None
    return check_source(_linter, fmt, doc)


def _fix(fmt: str, doc: Document, unsafe: bool) -> Fixed:
    assert _linter is not None
    return fix_source(_linter, fmt, doc, unsafe)
