from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from linter.engine.linter import Linter
from linter.rules.loader import load_rules

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """The suite's rule and pattern memos go to a folder of its own, not the user's cache."""
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="artlint-tests-xdg-")
    # The suite runs the regex path: the one-scan path compiles a Hyperscan database per
    # rule selection (seconds each, cold). tests/test_onescan.py turns it on and compares
    # the two paths; CI compares them on the dev corpus too.
    os.environ["ARTLINT_HYPERSCAN"] = "0"


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("XDG_CACHE_HOME", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch):
    """Tests choose their output format themselves, even when CI is GitHub Actions."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _no_trust_from_the_user(monkeypatch, tmp_path_factory):
    """Neither the developer's environment nor their own artlint configuration
    (`trusted-folders`) trusts a test's configuration files."""
    monkeypatch.delenv("ARTLINT_TRUST_CONFIG_RULES", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))


@pytest.fixture(autouse=True)
def _own_result_cache(monkeypatch, tmp_path_factory):
    """Each test gets an empty result cache, outside its working folder."""
    monkeypatch.setenv("ARTLINT_CACHE_DIR", str(tmp_path_factory.mktemp("artlint-cache")))


@pytest.fixture(scope="session")
def builtin_rules():
    return load_rules(plugins=False)


@pytest.fixture(scope="session")
def linter(builtin_rules):
    return Linter(builtin_rules)


@pytest.fixture(scope="session")
def hooks(tmp_path_factory):
    """This working tree as a pre-commit hook repository (tests/test_precommit.py), made
    once per session so that pre-commit installs the hooks once."""
    from test_precommit import hook_repository

    return hook_repository(tmp_path_factory.mktemp("precommit-hooks"))
