"""The pattern memo: known patterns compile lazily and behave exactly like compiled ones."""

from __future__ import annotations

import json

import pytest
import regex

from linter.engine import patterns
from linter.engine.literals import analyse
from linter.memo import JsonMemo


@pytest.fixture
def memo(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(patterns, "_memo", JsonMemo("patterns.json"))
    return tmp_path


def test_a_new_pattern_is_compiled_now_and_remembered(memo):
    compiled, analysis = patterns.compile_pattern(r"read more\s*:", regex.IGNORECASE)
    assert isinstance(compiled, regex.Pattern)
    assert analysis == analyse(r"read more\s*:")
    patterns._memo.save()
    saved = json.loads(patterns.memo_file().read_text())
    assert saved == {f"{int(regex.IGNORECASE)}\0read more\\s*:": [["read more"], False]}


def test_a_known_pattern_is_lazy_and_matches_the_same(memo):
    source, flags = r"\P{Cc}{0,20}all rights reserved", regex.IGNORECASE
    patterns.compile_pattern(source, flags)
    patterns._memo.save()
    patterns._memo = JsonMemo("patterns.json")  # a new run reads the memo from disk
    lazy, analysis = patterns.compile_pattern(source, flags)
    assert isinstance(lazy, patterns.LazyPattern)
    assert (lazy.pattern, lazy.flags) == (source, flags)
    assert analysis.literals == {"all rights reserved"}
    assert lazy.fullmatch("(c) 2024 ACME. All Rights Reserved") is not None
    assert lazy.fullmatch("All rights reserved, he said, were not") is None


def test_a_bad_pattern_is_still_refused(memo):
    with pytest.raises(regex.error):
        patterns.compile_pattern("(unclosed", 0)
    assert patterns._memo.entries() == {}


def test_a_damaged_memo_is_ignored(memo):
    patterns.memo_file().parent.mkdir(parents=True)
    patterns.memo_file().write_text("[not a mapping")
    compiled, _ = patterns.compile_pattern("x+y", 0)
    assert isinstance(compiled, regex.Pattern)


def test_a_lazy_pattern_keeps_its_compiled_methods_after_first_use(memo):
    lazy = patterns.LazyPattern(r"read more\s*:", regex.IGNORECASE)
    with pytest.raises(AttributeError):  # nothing compiled yet: the slot is empty
        object.__getattribute__(lazy, "fullmatch")
    assert lazy.search("Please READ MORE: here") is not None
    slot = object.__getattribute__(lazy, "fullmatch")  # filled by the first use
    assert slot.__self__ is lazy._compiled
    assert lazy.fullmatch("read more :") is not None
    assert lazy.groups == 0  # names outside the slots still reach the compiled pattern
