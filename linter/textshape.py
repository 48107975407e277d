"""Small, shared judgements about the shape of a line: folding, cores, headlines, scripts.

Both YAML rules (through ``block.follow``) and Python rules use these, so a word like
"headline" means one thing everywhere.
"""

from __future__ import annotations

import regex

from linter.regexmemo import compiled
from linter.textfold import (
    BULLETS,
    CLOSERS,
    FOLD_TABLE,
    SENTENCE_END,
    core_bounds,
    ends_sentence,
    fold,
    starts_with_bullet,
)

__all__ = [
    "BULLETS", "CLOSERS", "FOLD_TABLE", "SCRIPT_GROUPS", "SENTENCE_END", "core_bounds",
    "ends_sentence", "fold", "is_headline", "script_of", "script_share", "starts_with_bullet",
    "word_count",
]

_LETTER = compiled(r"\p{L}")
_WORD = compiled(r"[\p{L}\p{N}]+")

SCRIPT_GROUPS: dict[str, regex.Pattern[str]] = {
    "latin": compiled(r"\p{Latin}"),
    "cyrillic": compiled(r"\p{Cyrillic}"),
    "greek": compiled(r"\p{Greek}"),
    "cjk": compiled(r"[\p{Han}\p{Hiragana}\p{Katakana}]"),
    "hangul": compiled(r"\p{Hangul}"),
    "arabic": compiled(r"\p{Arabic}"),
    "hebrew": compiled(r"\p{Hebrew}"),
    "devanagari": compiled(r"\p{Devanagari}"),
    "thai": compiled(r"\p{Thai}"),
}


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_headline(
    core: str, max_chars: int = 160, max_words: int = 24, min_words: int = 0
) -> bool:
    """A short line with words that does not end like a sentence (of ``min_words`` words
    or more: one word count for both bounds)."""
    return (  # cheapest tests first
        0 < len(core) <= max_chars
        and not ends_sentence(core)
        and _LETTER.search(core) is not None
        and min_words <= word_count(core) <= max_words
    )


def script_of(text: str) -> str | None:
    """The one script group all letters of ``text`` belong to, or None if mixed/none.
    Each character is looked at once (``set``), and its group is remembered."""
    if text.isascii():  # ASCII letters are all Latin; ASCII text has some if case changes it
        return "latin" if text.lower() != text.upper() else None
    chars = set(text)
    groups = set(map(_GROUPS.get, chars))  # in C, when every character was met before
    if None in groups:
        groups = set(map(_group_of, chars))
    groups.discard("")  # not a letter
    return groups.pop() if len(groups) == 1 else None


_GROUPS: dict[str, str] = {}  # character -> its script group ("": no letter), as met


def _group_of(char: str) -> str:
    group = _GROUPS.get(char)
    if group is None:
        group = "" if _LETTER.match(char) is None else next(
            (name for name, rx in SCRIPT_GROUPS.items() if rx.match(char)), "other")
        _GROUPS[char] = group
    return group


def script_share(text: str, group: str) -> float:
    """The share of ``text``'s letters that belong to ``group``."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    return len(SCRIPT_GROUPS[group].findall(text)) / letters
