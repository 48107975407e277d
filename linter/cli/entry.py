"""The console script (`artlint`, `python -m linter`): a plain `artlint check` runs
without typer (linter.cli.fastpath); every other command line goes to the typer app."""

from __future__ import annotations

import gc
import os
import sys

# Start-up makes ~40,000 objects that live as long as the run (modules, classes, rules,
# patterns, memo entries). At the collector's default threshold (a collection every 700
# new objects) it walks them ~50 times, ~7 ms of a small check. Past start-up the larger
# threshold still collects: every 50,000 new objects.
GC_THRESHOLD = 50_000


def main() -> None:
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        _run(sys.argv[1:])
    finally:
        # The interpreter's last collection walks every object the run made (the rules,
        # their patterns, the memos): ~10 ms of a small check. Frozen, it skips them;
        # they are still freed one by one, and artlint closes its own files itself.
        gc.freeze()


def _run(argv: list[str]) -> None:
    from linter.cli import (  # deferred: imported once main() has set the collector's threshold
        checking,
        common,
        fastpath,
    )

    options = None if os.environ.get("_ARTLINT_COMPLETE") else fastpath.check_options(argv)
    if options is None:
        from linter.cli import app  # deferred: typer only for what the fast path leaves

        app.main()
        return
    verbose = bool(options.get("verbose"))
    sys.exit(common.reporting_errors(lambda: checking.run_check(**options), verbose))
