"""Shared line-shape judgements, and the fast paths rules take before their regexes."""

from __future__ import annotations

import pytest

from linter import loader, textshape


@pytest.mark.parametrize(("text", "script"), [
    ("Hello world", "latin"),
    ("2024 - 12 / 7", None),  # no letters
    ("", None),
    ("Привет", "cyrillic"),
    ("Привет мир", "cyrillic"),
    ("Hello Привет", None),  # mixed
    ("지나쌤", "hangul"),
    ("café", "latin"),
    ("ᚠᚢᚦ", "other"),  # runes: a script without a group
])
def test_script_of(text, script):
    assert textshape.script_of(text) == script
    assert textshape.script_of(text) == script  # the second time from the letter memo


@pytest.mark.parametrize(("core", "headline"), [
    ("Ten Things We Learned This Week", True),
    ("This is a sentence.", False),
    ("12 / 34", False),  # no letter
    ("", False),
    ("A " * 30, False),  # too many words
])
def test_is_headline(core, headline):
    assert textshape.is_headline(core) is headline


def _gallery_module():
    path = loader.builtin_rules_dir() / "captions" / "caption-gallery-run.py"
    return loader._import_path(path)


@pytest.mark.parametrize("line", [
    "A macro shot (Image credit: Future)",
    "The singer on stage (Photo by Kevin Mazur/Getty Images)",
    "The hospital in Beijing Credit: EPA",
    "Police at the scene REUTERS/Brendan McDermid",
    "The senator speaks J. Scott Applewhite / AP file",
])
def test_every_credit_shape_passes_the_precheck(line):
    module = _gallery_module()
    assert module._may_end_with_credit(line)
    assert module.is_credit_caption(line)


def test_lines_without_credit_signs_are_not_credit_captions():
    module = _gallery_module()
    assert not module._may_end_with_credit("The hospital in Beijing credit: EPA")
    assert not module.is_credit_caption("The hospital in Beijing credit: EPA")
