"""The console script (`artlint`, `python -m linter`): a plain `artlint check` runs
without typer (linter.cli.fastpath); every other command line goes to the typer app."""

from __future__ import annotations

import os
import sys

from linter.cli import checking, common, fastpath


def main() -> None:
    options = None if os.environ.get("_ARTLINT_COMPLETE") else fastpath.check_options(
        sys.argv[1:])
    if options is None:
        from linter.cli import app  # deferred: typer only for what the fast path leaves

        app.main()
        return
    verbose = bool(options.get("verbose"))
    sys.exit(common.reporting_errors(lambda: checking.run_check(**options), verbose))
