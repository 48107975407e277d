"""Small, shared judgements about the shape of a line: folding, cores, headlines, scripts.

Both YAML rules (through ``block.follow``) and Python rules use these, so a word like
"headline" means one thing everywhere.
"""

from __future__ import annotations

import regex

# One character to one character, so offsets survive folding.
_CURLY = {"'": "‘’‛′‚", '"': "“”„‟″"}
_ODD_SPACES = "\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
FOLD_TABLE = {ord(c): plain for plain, curly in _CURLY.items() for c in curly}
FOLD_TABLE.update({ord(c): " " for c in _ODD_SPACES})

BULLETS = frozenset("•·▪‣◦►▸*-–—")
SENTENCE_END = frozenset(".!?:;…")
CLOSERS = frozenset("\"')]}»")

_LETTER = regex.compile(r"\p{L}")
_WORD = regex.compile(r"[\p{L}\p{N}]+")

SCRIPT_GROUPS: dict[str, regex.Pattern[str]] = {
    "latin": regex.compile(r"\p{Latin}"),
    "cyrillic": regex.compile(r"\p{Cyrillic}"),
    "greek": regex.compile(r"\p{Greek}"),
    "cjk": regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]"),
    "hangul": regex.compile(r"\p{Hangul}"),
    "arabic": regex.compile(r"\p{Arabic}"),
    "hebrew": regex.compile(r"\p{Hebrew}"),
    "devanagari": regex.compile(r"\p{Devanagari}"),
    "thai": regex.compile(r"\p{Thai}"),
}


_FOLD_PAIRS = [(chr(code), plain) for code, plain in FOLD_TABLE.items()]


def fold(text: str) -> str:
    """Straighten quotes and turn odd spaces into plain ones, keeping every offset."""
    if text.isascii():
        return text
    for odd, plain in _FOLD_PAIRS:  # str.replace per character beats str.translate here
        if odd in text:
            text = text.replace(odd, plain)
    return text


def core_bounds(line: str) -> tuple[int, int]:
    """Where a line's core starts and ends: no surrounding space, no leading bullet."""
    stripped = line.lstrip()
    lo = len(line) - len(stripped)
    if len(stripped) > 1 and stripped[0] in BULLETS and stripped[1] in " \t":
        rest = stripped[1:].lstrip()
        lo = len(line) - len(rest)
    hi = len(line.rstrip())
    return lo, max(lo, hi)


def starts_with_bullet(line: str) -> bool:
    stripped = line.lstrip()
    return len(stripped) > 1 and stripped[0] in BULLETS and stripped[1] in " \t"


def ends_sentence(core: str) -> bool:
    """True when the core ends like a sentence (closing quotes and brackets aside)."""
    trimmed = core.rstrip()
    while trimmed and trimmed[-1] in CLOSERS:
        if trimmed.endswith("]") and "[" in trimmed:
            # "Headline [PICTURES]": a bracketed tag, not a closing bracket of a sentence.
            trimmed = trimmed[: trimmed.rindex("[")].rstrip()
            continue
        trimmed = trimmed[:-1].rstrip()
    return bool(trimmed) and trimmed[-1] in SENTENCE_END


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_headline(core: str, max_chars: int = 160, max_words: int = 24) -> bool:
    """A short line with words that does not end like a sentence."""
    return (  # cheapest tests first
        0 < len(core) <= max_chars
        and not ends_sentence(core)
        and _LETTER.search(core) is not None
        and word_count(core) <= max_words
    )


def script_of(text: str) -> str | None:
    """The one script group all letters of ``text`` belong to, or None if mixed/none."""
    if text.isascii():  # ASCII letters are all Latin; ASCII text has some if case changes it
        return "latin" if text.lower() != text.upper() else None
    found: str | None = None
    for letter in _LETTER.findall(text):
        group = _group_of(letter)
        if found is None:
            found = group
        elif group != found:
            return None
    return found


_GROUPS: dict[str, str] = {}  # letter -> its script group, as letters are met


def _group_of(letter: str) -> str:
    group = _GROUPS.get(letter)
    if group is None:
        group = next((name for name, rx in SCRIPT_GROUPS.items() if rx.match(letter)), "other")
        _GROUPS[letter] = group
    return group


def script_share(text: str, group: str) -> float:
    """The share of ``text``'s letters that belong to ``group``."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    return len(SCRIPT_GROUPS[group].findall(text)) / letters
