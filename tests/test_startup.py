"""Start-up (issue 17): what a check of one small file does not build, and that what it
builds instead finds the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.document import Document
from linter.engine import candidates
from linter.engine.linter import Linter
from linter.rules.loader import load_rules

RULES = load_rules()
SEEDS = sorted(Path(__file__).parents[1].joinpath("fixtures", "seeds").glob("*.input.txt"))
# Non-ASCII text the prefilter case-folds ("İ" folds to "i", "ß" to "ss").
UNICODE = "SİGN UP for our NEWSLETTER\nStraße: © 2024 ALL RIGHTS RESERVED\nRead more »"


def test_a_small_check_does_not_build_the_automaton_of_every_literal():
    linter = Linter(RULES, one_scan=False)
    linter.check(Document(SEEDS[0].read_text(encoding="utf-8")[:2_000]))
    assert "_fallback_prefilter" not in linter.candidates.__dict__


def test_the_automaton_is_built_once_the_first_texts_add_up():
    linter = Linter(RULES, one_scan=False)
    text = "Share this article\n" * (candidates.SMALL_TEXTS // 19 + 1)
    linter.check(Document(text))
    assert "_fallback_prefilter" in linter.candidates.__dict__


def _hits_both_ways(text: str) -> tuple[dict, dict]:
    chosen = Linter(RULES, one_scan=False).candidates
    folded = Document(text).folded
    return chosen._literal_hits(folded), chosen._fallback_prefilter.scan(folded)


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name)
def test_a_small_text_has_the_hits_of_the_automaton(path):
    held, every = _hits_both_ways(path.read_text(encoding="utf-8")[:candidates.SMALL_TEXTS])
    assert held == every


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(UNICODE.splitlines()), st.text(max_size=30)),
                max_size=8))
def test_generated_texts_have_the_hits_of_the_automaton(lines):
    held, every = _hits_both_ways("\n".join(lines))
    assert held == every


# Runs `artlint` in a fresh interpreter and names the patterns `regex` parsed (its own
# compile; not the programs linter.regexmemo rebuilds).
PARSED_IN_RUN = """
import runpy, sys
import regex
parsed = []
real = regex.compile

def counting(pattern, flags=0, **kwargs):
    parsed.append(pattern)
    return real(pattern, flags, **kwargs)

regex.compile = counting
sys.argv = ["artlint", *sys.argv[1:]]
try:
    runpy.run_module("linter", run_name="__main__")
except SystemExit:
    pass
print("parsed:", parsed, file=sys.stderr)
"""


def test_a_small_check_after_the_first_parses_no_pattern(tmp_path):
    (tmp_path / "a.txt").write_text(SEEDS[0].read_text(encoding="utf-8")[:2_000])
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env.pop("ARTLINT_DEBUG", None)

    def parsed() -> str:
        proc = subprocess.run(
            [sys.executable, "-c", PARSED_IN_RUN, "check", "--no-cache", "--exit-zero",
             "a.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env,
            check=True)
        return proc.stderr.strip().splitlines()[-1]

    parsed()  # the first run fills the memos and the pack's snapshot
    assert parsed() == "parsed: []"
