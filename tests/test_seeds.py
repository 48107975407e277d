"""The five seed articles: `fix` gives the hand-cleaned text, `check` names each artefact.

fixtures/seeds/*.expected.txt were made by hand from the inputs (deleting the artefact
lines listed in EXPECTED_FINDINGS and the blank line each leaves doubled, and keeping
one copy of the doubled caption in 003), not by running artlint.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from linter.document import Document

SEEDS = FIXTURES / "seeds"

# (seed, line, rule) for every artefact in the seeds, written from reading them.
EXPECTED_FINDINGS = {
    "000_04b6fc3692aff36b": [
        # DON'T MISS: + three tagged headlines (tagged-headline's shape findings on them are
        # not reported: the block's phrase finding deletes those lines)
        (23, "dont-miss-block"),
        (36, "support-journalism-prompt"),  # three-bullet subscription prompt
        (46, "source-footer"),  # Source: Read Full Article
    ],
    "001_5719737f7f7f1efc": [
        (22, "see-also-line"),
        (34, "ai-rewrite-leak"),
        (36, "source-footer"),  # Source link
    ],
    "002_395012ce3a9807b8": [
        (10, "symbol-only-line"),  # "-"
        (11, "author-box"),  # Articles by Choi Si-young
    ],
    "003_ee8c71b9aa198473": [
        (1, "masthead"),  # The Korea Herald
        (3, "stray-script-line"),  # 지나쌤
        (7, "byline"),  # By Yonhap
        (9, "dateline"),  # Published : Nov. 11, 2023 - 13:44
        (11, "share-buttons"),  # • Link copied
        (13, "doubled-caption"),
    ],
    "004_a48669ddb2b70b3b": [
        (3, "lone-number"),  # 0
        (33, "comment-residue"),  # Comments are closed.
        (35, "copyright-footer"),
        (37, "navigation-residue"),  # Exit mobile version
    ],
}


def read(name: str) -> Document:
    path = SEEDS / name
    return Document.from_bytes(path.read_bytes(), str(path))


@pytest.mark.parametrize("seed", sorted(EXPECTED_FINDINGS))
def test_fix_gives_the_hand_cleaned_text_byte_for_byte(linter, seed):
    doc = read(f"{seed}.input.txt")
    result = linter.fix(doc)
    expected = (SEEDS / f"{seed}.expected.txt").read_bytes()
    assert doc.to_bytes(result.text) == expected
    assert result.converged
    assert result.remaining == []
    assert result.errors == []


@pytest.mark.parametrize("seed", sorted(EXPECTED_FINDINGS))
def test_check_reports_each_artefact_with_the_right_rule(linter, seed):
    findings = linter.check(read(f"{seed}.input.txt")).findings
    assert [(f.line, f.rule) for f in findings] == EXPECTED_FINDINGS[seed]


@pytest.mark.parametrize("seed", sorted(EXPECTED_FINDINGS))
def test_clean_seeds_have_no_findings(linter, seed):
    assert linter.check(read(f"{seed}.expected.txt")).findings == []


def test_every_article_line_of_the_seeds_survives(linter):
    """Every non-blank input line that no expected finding touches is in the output unchanged."""
    for seed, expected in EXPECTED_FINDINGS.items():
        doc = read(f"{seed}.input.txt")
        artefact_lines = _artefact_lines(linter, doc, expected)
        fixed_lines = set(linter.fix(doc).text.split("\n"))
        for index, line in enumerate(doc.text.split("\n")):
            if line.strip() and index + 1 not in artefact_lines:
                assert line in fixed_lines, (seed, index + 1, line)


def _artefact_lines(linter, doc, expected):
    lines = set()
    for finding in linter.check(doc).findings:
        if (finding.line, finding.rule) in expected:
            lines.update(range(finding.line, finding.end_line + 1))
    return lines


def test_headings_survive(linter):
    doc = read("001_5719737f7f7f1efc.input.txt")
    fixed = linter.fix(doc).text
    for heading in ("Response to Blinken\u2019s Remarks", "Impact of Growing DPRK-Russia Ties",
                    "U.S.-South Korea Defense Cooperation"):
        assert f"\n{heading}\n" in fixed
