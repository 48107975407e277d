"""The console script sets the collector's threshold for start-up before the check's
modules are imported (linter.cli.entry)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc, sys
from linter.cli import entry
print("checking" if "linter.cli.checking" in sys.modules else "no checking")
seen = []
entry._run = lambda argv: seen.append(gc.get_threshold()[0])
entry.main()
print(seen[0] == entry.GC_THRESHOLD)
"""


def test_the_check_is_imported_after_the_threshold_is_set():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.split("\n")[:2] == ["no checking", "True"]

