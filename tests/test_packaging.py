"""The built wheel ships the rule pack, and the installed command finds it."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

from linter.rules.loader import builtin_rules_dir, load_dir


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (path,) = out.glob("artlint-*.whl")
    return path


def test_wheel_ships_every_rule_file_and_the_console_script(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = sorted(p.relative_to(ROOT / "rules") for p in (ROOT / "rules").rglob("*")
                     if p.suffix in (".yaml", ".py") and p.name != "__init__.py")
    assert sources, "the rule pack is empty"
    for source in sources:
        assert f"linter/builtin_rules/{source.as_posix()}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "artlint = linter.cli.entry:main" in text


def test_wheel_ships_every_module_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "linter").rglob("*.py"))
    assert modules, "no modules found"
    missing = [m for m in modules if m not in names]
    assert missing == [], f"not in the wheel (list the package in pyproject.toml): {missing}"


def test_builtin_rules_dir_holds_the_pack_that_is_loaded():
    folder = builtin_rules_dir()
    ids = {rule.id for rule in load_dir(folder)}
    assert {"dont-miss-block", "masthead", "doubled-caption", "stray-script-line"} <= ids
