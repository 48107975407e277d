"""What a run says on stderr as it goes, file by file: errors, notes, rule errors (and
the rules switched off for timing out), fixes held for review, and diffs on stdout.

The driver (``linter.pipeline.run``) and the JSON Lines streams
(``linter.pipeline.streams``) use it.
"""

from __future__ import annotations

import errno
import sys
from typing import TYPE_CHECKING, Any

from linter import files
from linter.document import Document
from linter.engine import guard
from linter.engine.linter import MAX_TIMEOUTS
from linter.report import output

if TYPE_CHECKING:
    from linter.pipeline.safety import Safety


def fail(message: str) -> None:
    print(f"artlint: error: {message}", file=sys.stderr)


def write_failed(path: str, exc: Exception, verbose: bool = False) -> None:
    """Report a fixed file that could not be put in place (it is left as it was): changed
    since it was read (``files.StaleFileError``), or an OS error, named with ``verbose``."""
    if isinstance(exc, files.StaleFileError) or not isinstance(exc, OSError):
        fail(str(exc))
        return
    reason = exc.strerror or str(exc)
    if verbose and exc.errno:
        reason += f" [{errno.errorcode.get(exc.errno, exc.errno)}]"
    fail(f"{path}: cannot write: {reason}; left unchanged")


def shown(path: str) -> str:
    return "<stdin>" if path == files.STDIN else path


# Rule id -> the files it skipped after it was switched off for timing out (engine
# MAX_TIMEOUTS); reported once, at the end of the run (report_switched_off).
switched_off: dict[str, dict[str, None]] = {}

SKIPPED_SHOWN = 5  # files named in that report; the rest are counted


def report_errors(errors: list[Any]) -> int:
    """Print rule errors; a file a switched-off rule skipped is only noted, for later."""
    count = 0
    for error in errors:
        if getattr(error, "skipped", False):
            switched_off.setdefault(error.rule, {})[shown(error.path)] = None
            continue
        fail(str(error))
        count += 1
    return count


def report_switched_off(summary: output.Summary) -> None:
    """One line per rule switched off for timing out, with the files it skipped."""
    for rule, skipped in sorted(switched_off.items()):
        paths = list(skipped)
        names = ", ".join(paths[:SKIPPED_SHOWN])
        more = f" and {len(paths) - SKIPPED_SHOWN} more" if len(paths) > SKIPPED_SHOWN else ""
        fail(f"rule `{rule}` timed out {MAX_TIMEOUTS} times and was switched off for the "
              f"rest of the run; it skipped {output.count(len(paths), 'file')}: {names}{more} "
              "(fix the rule, or --ignore it)")
        summary.problems += 1
    switched_off.clear()


def hold(
    path: str, doc: Document, review: guard.Review, touched: dict[int, list[str]],
    safety: Safety,
) -> None:
    """Report a fix the deletion guard held back; the file is left as it is."""
    safety.held.append(path)
    hint = "" if review.empty else f" (or --max-deletion {review.enough()} or more)"
    print(f"artlint: needs review: {shown(path)}: fix held back: it {review.reason()}; "
          f"file left as it is: check those rules, or rerun with --force{hint}",
          file=sys.stderr)
    if safety.verbose:
        by_rule: dict[str, list[int]] = {}
        for line, rules in sorted(touched.items()):
            for rule in dict.fromkeys(rules):
                by_rule.setdefault(rule, []).append(line + 1)
        for rule, lines in by_rule.items():
            print(f"  {rule}: lines {ranges(lines)} of {len(doc.lines)}", file=sys.stderr)


def ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans)


def print_diff(path: str, before: str, after: str, unit: str = "file") -> None:
    """A unified diff of a file (or of a JSON Lines record's field: ``unit``) on stdout."""
    import difflib  # deferred: only when a diff is shown (start-up)

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        f"a/{path}", f"b/{path}",
    )
    for line in lines:
        sys.stdout.write(line if line.endswith("\n")
                         else f"{line}\n\\ No newline at end of {unit}\n")


def stderr_console() -> Any:
    from rich.console import Console  # deferred: rich only when a progress bar is shown

    return Console(stderr=True)
