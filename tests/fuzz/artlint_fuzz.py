"""Properties of artlint over generated text and bytes, shared by the bounded run in the
test suite (tests/test_fuzz.py) and the long run (benchmarks/fuzz.py).

Each ``check_*`` function takes one generated input and raises AssertionError when a
property fails; ``STRATEGIES`` pairs each with its hypothesis strategy.
"""

from __future__ import annotations

import codecs
import tempfile
import time
from pathlib import Path

from hypothesis import strategies as st

from linter import files, writes
from linter.document import Document
from linter.engine.linter import Linter
from linter.errors import InputError
from linter.rules.loader import load_dir

SLOW = 5.0  # seconds: one document taking longer than this counts as a hang

ARTEFACTS = [
    "DON\u2019T MISS:", "Related Stories", "Source link", "Comments are closed.",
    "Copyright \u00a9 2024 Example Times. All Rights Reserved", "Exit mobile version",
    "Read more: Example", "  \u2022 Link copied", "Share this:", "Advertisement",
    "A man waves a flag in Seoul. (Yonhap) A man waves a flag in Seoul. (Yonhap)",
    "Subscribe to our newsletter", "\u95a2\u9023\u8a18\u4e8b",
    "\u0427\u0438\u0442\u0430\u0439\u0442\u0435 \u0442\u0430\u043a\u0436\u0435",
    "Rewrite this article in a neutral tone.", "0", "-", "***", "See also",
]
PROSE = [
    "North Korea said on Saturday that its ties with Russia would remain strong.",
    "Don't miss the chance to see the comet, the observatory said.",
    "Comments are closed on the forum, the ministry said.",
    "\u201cWe share profound concerns,\u201d he told reporters.",
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd and "
    "\u0645\u0631\u062d\u0628\u0627 in one line.",
    "e\u0301te\u0301 \u00e9t\u00e9 \u200b\u200d\ufeff zero-width and combining marks.",
]
ANY_LINE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n"),
                   max_size=80)
LINE = st.one_of(st.sampled_from(ARTEFACTS), st.sampled_from(PROSE), st.just(""),
                 st.just("   "), ANY_LINE)


@st.composite
def documents(draw) -> str:
    """Article-like text: artefacts, prose, blanks and arbitrary lines; any line endings."""
    lines = draw(st.lists(LINE, max_size=30))
    text = ""
    for line in lines:
        text += line + draw(st.sampled_from(["\n", "\r\n", "\n", "\r", "\n\n"]))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text


TEXTS = st.one_of(documents(), st.text(), st.text(st.sampled_from("ab \n\r\t\u00a0.:-\u2022")))
BYTES = st.one_of(
    st.binary(max_size=400),
    st.text().map(lambda s: s.encode("utf-8")),
    st.text().map(lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")),
    documents().map(lambda s: s.encode("utf-8")),
    st.text(max_size=40).map(lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be")),
    st.text(max_size=40).map(lambda s: codecs.BOM_UTF32_LE + s.encode("utf-32-le")),
)

REPLACE_RULE = """id: t-replace
message: m
category: t
pattern: 'ad:[^\\n]*'
match: search
fix: replace
replacement: '[cut]'
"""


def replace_linter() -> Linter:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "replace.yaml").write_text(REPLACE_RULE)
        return Linter(load_dir(Path(folder), source="user"))


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


def check_bytes_round_trip(data: bytes, folder: Path) -> str:
    """Reading then writing back without fixes is byte-identical, on disk too."""
    assert len(data) < 10_000
    path = folder / "doc.txt"
    path.write_bytes(data)
    try:
        doc, stamp = files.read_stamped(str(path))
    except InputError as exc:
        # refused by name: binary, invalid UTF-8, UTF-16/UTF-32 with a BOM, or lines
        # ending in CR alone
        assert exc.reason.startswith(("binary file", "not valid UTF-8", "UTF-16 (",
                                      "UTF-32 (", "its lines end in CR alone")), exc.reason
        return "refused"
    assert doc.to_bytes() == data
    writes.write_atomic(str(path), doc.to_bytes(), expected=stamp)
    assert path.read_bytes() == data
    return "read"


def check_fix(linter: Linter, text: str) -> None:
    """No rule fails; fix is idempotent, only deletes, and keeps offsets in range."""
    started = time.monotonic()
    doc = Document(text, "fuzz.txt")
    checked = linter.check(doc)
    assert checked.errors == [], checked.errors
    for finding in checked.findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding
        for edit in finding.fix.edits if finding.fix else ():
            assert 0 <= edit.start <= edit.end <= len(text), edit
    result = linter.fix(doc)
    assert result.errors == [], result.errors
    assert is_subsequence(result.text, text), "fix inserted text"
    for finding in result.remaining:
        assert 0 <= finding.start <= finding.end <= len(result.text), finding
    again = linter.fix(Document(result.text, "fuzz.txt"))
    assert again.text == result.text, "fix is not idempotent"
    assert time.monotonic() - started < SLOW, "too slow"


def check_replace(linter: Linter, text: str) -> None:
    """With a replace rule, the output minus its declared replacement comes from the input."""
    text = text.replace("[", "(")
    result = linter.fix(Document(text, "fuzz.txt"))
    assert result.errors == []
    assert is_subsequence(result.text.replace("[cut]", ""), text), "undeclared text inserted"
    assert linter.fix(Document(result.text)).text == result.text
