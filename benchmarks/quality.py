"""Precision and recall of `artlint fix` on the labelled development corpus.

    python benchmarks/quality.py [CORPUS]      # default: ../shared/corpus/dev

Same as `artlint score CORPUS`; see linter/scoring.py for the definitions.
"""

from __future__ import annotations

import sys
from pathlib import Path

from linter.cli import main

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"

if __name__ == "__main__":
    args = sys.argv[1:] or [str(DEFAULT)]
    sys.argv = ["artlint", "score", *args]
    main()
