"""What every command does around its work, without typer: errors turned into one
message and an exit code, the run's configuration from the options, and option checks.

linter.cli.options wraps these for typer; the console script's fast path
(linter.cli.fastpath) calls them directly, so a plain `artlint check` never imports typer.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from linter.config import hierarchy
from linter.config import settings as config
from linter.errors import ArtlintError
from linter.pipeline.notices import fail
from linter.pipeline.run import EXIT_ERROR, EXIT_OK
from linter.report import stats


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush raises nothing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def reporting_errors(command: Callable[[], int], verbose: bool = False) -> int:
    """``command()``'s exit code; a user error becomes one message and exit 2, an
    artlint bug one message (with the traceback when ``verbose``) and exit 2."""
    try:
        return command()
    except ArtlintError as exc:
        fail(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `artlint ... | head`: the reader left; stop quietly
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # the system refused (disk full, permissions): a user cause
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}; files not yet processed were left as they are")
        return EXIT_ERROR
    except MemoryError:
        fail("out of memory; lower --max-file-size or lint fewer files at once")
        return EXIT_ERROR
    except Exception as exc:  # an artlint bug: say so plainly
        if os.environ.get("ARTLINT_DEBUG"):
            raise
        if verbose:
            import traceback  # deferred: only for ARTLINT_DEBUG

            traceback.print_exc(file=sys.stderr)
        print(f"artlint: internal error: {type(exc).__name__}: {exc}\n"
              "Please report it; set ARTLINT_DEBUG=1 to see the traceback.", file=sys.stderr)
        return EXIT_ERROR


def overrides_of(
    config_file: Path | None = None, isolated: bool = False, select: str = "",
    extend_select: str = "", ignore: str = "", fail_on: str = "",
    rules_dir: list[Path] | None = None, baseline: Path | None = None, trust: bool = False,
) -> config.Overrides:
    return config.Overrides(
        config=config_file, isolated=isolated, select=select, extend_select=extend_select,
        ignore=ignore, fail_on=fail_on, rules_dir=list(rules_dir or []), baseline=baseline,
        trust_config_rules=trust,
    )


def settings_of(*args: Any, **kwargs: Any) -> config.Settings:
    """The run's configuration (``overrides_of``' arguments): commands that read one."""
    return config.resolve(overrides_of(*args, **kwargs))


def resolver_of(*args: Any, **kwargs: Any) -> hierarchy.Resolver:
    """The closest configuration per file (``overrides_of``' arguments): check and fix."""
    return hierarchy.Resolver(overrides_of(*args, **kwargs))


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise ArtlintError(f"{option}: expected one of {', '.join(allowed)}; got `{value}`")
    return value


def extras_format(fmt: str, statistics: bool, show_fixes: bool) -> None:
    if statistics and fmt not in stats.STATISTICS_FORMATS:
        raise ArtlintError(f"--statistics works with --output-format "
                           f"{', '.join(stats.STATISTICS_FORMATS)}; got `{fmt}`")
    if show_fixes and fmt not in stats.SHOW_FIXES_FORMATS:
        raise ArtlintError(f"--show-fixes works with --output-format "
                           f"{', '.join(stats.SHOW_FIXES_FORMATS)}; got `{fmt}`")
