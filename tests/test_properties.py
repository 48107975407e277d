"""Properties of the engine over generated documents (hypothesis)."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.document import Document
from linter.findings import Applicability

PROSE = [
    "North Korea said on Saturday that its ties with Russia would remain strong.",
    "The minister declined to comment.",
    "Response to Blinken\u2019s Remarks",
    "\u201cWe share profound concerns,\u201d he told reporters in Seoul.",
    "Shares fell 4% on Monday.",
    "By Monday the water had receded.",
    "Comments are closed on the forum, the ministry said.",
]
ARTEFACTS = [
    "DON\u2019T MISS:",
    "US tests new nuclear bomber in chilling warning[PICTURES]",
    "  \u2022 Support fearless journalism",
    "Source link",
    "Comments are closed.",
    "Copyright \u00a9 2024 INPAC Times. All Rights Reserved",
    "Exit mobile version",
    "0",
    "-",
    "See also\u00a0 Pak Senate Debates Delay",
    "    \u2022 Link copied",
    "By Yonhap",
    "The Korea Herald",
    "A man waves a flag in Seoul. (Yonhap) A man waves a flag in Seoul. (Yonhap)",
]
RANDOM_LINE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\n"),
    max_size=60,
)
LINE = st.one_of(st.sampled_from(PROSE), st.sampled_from(ARTEFACTS), st.just(""), RANDOM_LINE)


@st.composite
def documents(draw) -> str:
    lines = draw(st.lists(LINE, max_size=25))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    final = draw(st.booleans())
    return ending.join(lines) + (ending if final and lines else "")


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=st.text(), bom=st.booleans())
def test_read_then_write_without_fixes_is_byte_identical(text, bom):
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8", "surrogatepass")
    try:
        doc = Document.from_bytes(data, "x.txt")
    except Exception:
        return  # surrogates or NUL: refused as input, which test_document covers
    assert doc.to_bytes() == data


@FAST
@given(text=documents())
def test_fix_is_idempotent(linter, text):
    once = linter.fix(Document(text)).text
    assert linter.fix(Document(once)).text == once


@FAST
@given(text=documents())
def test_findings_lie_inside_the_document(linter, text):
    doc = Document(text)
    for finding in linter.check(doc).findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert 1 <= finding.line <= finding.end_line <= max(1, len(doc.lines))


@FAST
@given(text=documents())
def test_fix_never_changes_a_line_no_finding_touched(linter, text):
    """Lines that no applied fix touched, in any pass, survive unchanged and in order."""
    doc = Document(text)
    result = linter.fix(doc)
    touched = set(result.touched)
    first_pass = set()
    for finding in linter.check(doc).findings:
        if finding.fix is not None and finding.fix.applicability is Applicability.SAFE:
            first_pass.update(range(finding.line - 1, finding.end_line))
    # whatever the first pass would fix is reported as touched (cascades may add more)
    assert {i for i in first_pass if doc.line_text(i).strip()} <= touched | _blank(doc)
    untouched = [doc.line_text(i) for i in range(len(doc.lines))
                 if i not in touched and doc.line_text(i).strip()]
    fixed = result.fixed
    fixed_lines = [fixed.line_text(i) for i in range(len(fixed.lines))]
    it = iter(fixed_lines)
    # every untouched line is still there, unchanged and in order
    assert all(any(line == out for out in it) for line in untouched)


@FAST
@given(text=documents())
def test_fix_only_removes_text(linter, text):
    """The built-in pack only deletes: the output's lines come from the input's lines."""
    doc = Document(text)
    fixed = Document(linter.fix(doc).text)
    original = [doc.line_text(i) for i in range(len(doc.lines))]
    for i in range(len(fixed.lines)):
        line = fixed.line_text(i)
        assert any(line in source for source in original), line


def _blank(doc):
    return {i for i in range(len(doc.lines)) if not doc.line_text(i).strip()}
