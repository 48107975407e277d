"""Line shapes that need no regex: folding, cores, bullets, sentence endings.

Split from ``linter.textshape`` so that reading a document (``linter.document``) does not
import `regex`: a run answered by the result cache never needs it. ``textshape``
re-exports all of these.
"""

from __future__ import annotations

# One character to one character, so offsets survive folding.
_CURLY = {"'": "‘’‛′‚", '"': "“”„‟″"}
_ODD_SPACES = "\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
FOLD_TABLE = {ord(c): plain for plain, curly in _CURLY.items() for c in curly}
FOLD_TABLE.update({ord(c): " " for c in _ODD_SPACES})

BULLETS = frozenset("•·▪‣◦►▸*-–—")
SENTENCE_END = frozenset(".!?:;…")
CLOSERS = frozenset("\"')]}»")
# A bullet that ``core_bounds`` drops: one of BULLETS, then a space or tab.
BULLET_STARTS = tuple(bullet + gap for bullet in sorted(BULLETS) for gap in " \t")


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
