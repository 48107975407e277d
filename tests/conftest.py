from __future__ import annotations

from pathlib import Path

import pytest

from linter.engine import Linter
from linter.loader import load_rules

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def builtin_rules():
    return load_rules(plugins=False)


@pytest.fixture(scope="session")
def linter(builtin_rules):
    return Linter(builtin_rules)
