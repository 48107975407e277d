"""Shared line-shape judgements, and the fast paths rules take before their regexes."""

from __future__ import annotations

import pytest

from linter import textshape
from linter.rules import loader


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


def _rule(folder: str, name: str):
    path = loader.builtin_rules_dir() / folder / f"{name}.py"
    (rule,) = loader._rules_in_module(loader._import_path(path), str(path))
    return rule


def test_repeated_line_compares_short_lines_that_casefolding_lengthens():
    from linter.document import Document

    line = "Große straße, maßstab ß"  # 23 characters; casefolded ("ss") 27; not Title Case
    assert len(line) < 25 < len(line.casefold())
    doc = Document(f"Title\n\nIntro.\n\n{line}\n\nText.\n\n{line}\n\nShort line\n\nShort line\n")
    found = list(_rule("duplicates", "repeated-line").check(doc))
    assert [doc.position(f.start)[0] for f in found] == [9]  # the second copy, line 9


def test_doubled_caption_needs_both_copies_whole():
    from linter.document import Document

    rule = _rule("duplicates", "doubled-caption")
    same = "Blinken shakes hands with Park. Blinken shakes hands with Park."
    ends_alike = "Blinken shakes hands with Park. Blinken shakes hands with Kim."
    assert len(list(rule.check(Document(same + "\n")))) == 1
    assert list(rule.check(Document(ends_alike.replace("Kim.", "Ark.") + "\n"))) == []
