"""Imports point one way (issue 16): the layer contract holds, and every import left inside
a function is a start-up deferral that says so."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "linter"


def _function_level_imports(path: Path) -> list[tuple[int, str]]:
    """(line, source) of each import inside a function, outside TYPE_CHECKING blocks."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                text = "\n".join(lines[node.lineno - 1:node.end_lineno])
                found.append((node.lineno, text))
    return found


def test_every_function_level_import_is_a_commented_deferral():
    unexplained = [f"{path.relative_to(ROOT)}:{line}: {text.strip()}"
                   for path in sorted(PACKAGE.rglob("*.py"))
                   for line, text in _function_level_imports(path) if "# deferred" not in text]
    assert unexplained == [], "import at the top, or say what it defers:\n" + "\n".join(
        unexplained)


def test_the_checker_sees_an_unexplained_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    import json\n\n\ndef g():\n"
                      "    import csv  # deferred: csv only for g\n")
    assert [line for line, text in _function_level_imports(module)
            if "# deferred" not in text] == [2]


def test_the_layer_contract_holds():
    """`lint-imports` with the contracts in pyproject.toml: layers from cli down to the
    rule author's kit, and no cycle inside any package (import-linter is a test
    dependency: a missing one fails here rather than skipping the contract)."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command is not None, "pip install '.[test]' installs import-linter"
    result = subprocess.run([command, "--no-cache"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={"PATH": str(Path(sys.executable).parent)})
    assert result.returncode == 0, result.stdout + result.stderr
