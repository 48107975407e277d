"""Fix safety from evidence: which findings `artlint fix` may apply by default.

Every rule says what its evidence is (``Rule.evidence``):

- ``phrase``: the line says what it is: "Sign up for our newsletter", "Source link",
  "Comments are closed". Its fix keeps the safety the rule gives it.
- ``shape``: only the line's shape says so: its length, digits, symbols, case, position,
  or that it repeats. A shape is shared by real text (a table row of numbers, a separator
  in a list, the same question asked of each guest), so a shape finding's fix is safe only
  where phrase evidence backs it:

  1. the same line also carries a phrase finding; or
  2. it sits in a block that phrase evidence anchors: a run of flagged lines, with only
     blank lines between them, one of which carries a phrase finding ("Share" /
     "12" / "Tweet": the counter goes with the share bar around it), and none of its
     lines lies inside a content structure (``linter.structure``: a table, list,
     interview, quote, reference list or code).

  3. a rule may also name a head of the text where its shape is anchored by position
     (``Rule.head_anchor``: the first N non-blank lines; `lone-number` uses 3, for the
     counter printed under a headline). Set it only from a measurement on sites the rule
     was not written from.

  A phrase finding backs others only when its own fix is applied by default: a phrase
  rule that holds its fix back (`fix-safety: unsafe`, or no fix) says the line alone
  cannot tell artefact from text, so it cannot vouch for the lines around it either.
  An ``invisible`` finding (a line of zero-width characters) is fixed by default but backs
  nothing: page builders put such lines between the paragraphs and headings of the
  article itself, so a heading ("Recommendations:") between two of them is not boilerplate.
  Nor does a phrase rule that says ``anchors = False`` (YAML ``anchors: false``): its line
  stands alone between paragraphs (an in-article "Related: ..." link), so what sits
  beside it (a key figure repeated from the summary at the top) is no more boilerplate
  for that.

  A phrase that editors also keep as text on some sites (an in-article "Read more:"
  link, a photo credit) is declared ``shape`` as well: it alone does not decide.

  Any other shape finding is still reported, but its fix becomes unsafe: applied only
  with ``--unsafe-fixes``.

- Whatever the evidence, a document that is a listing (``linter.structure.is_listing``: a
  long text with almost no paragraphs, such as a shop grid or an index of headlines) has
  every fix held back: its short lines are its entries, and no phrase tells an entry's
  "By Jane Doe" or "Buy It Now" from the residue around an article. So has a list of
  entries with their own metadata: a text where the findings of ``entry-metadata`` rules
  (bylines, dates, reading times) differ on ``ENTRY_METADATA_LINES`` lines or more. An
  article has one byline and one date (an extractor may print them twice); a front page
  with summaries, a blog's index or a forum thread has one per entry.

- One line, one report: a shape finding is left out where a phrase (or invisible)
  finding's fix, applied by default in the same pass, deletes every line it touches
  (``superseded``).

``settle`` is the one place this is decided; the engine calls it on every check, so
`check`, `fix`, every reader and every output format see the same applicability.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from linter.document import Document
from linter.engine.fixer import classify, select, touched_lines
from linter.findings import Applicability, Evidence, Finding, Fix
from linter.rule import Rule

ENTRY_METADATA_LINES = 4  # different byline, date or reading-time lines: a list of entries


def settle(doc: Document, findings: list[Finding], rules: Mapping[str, Rule]) -> list[Finding]:
    """``findings`` with each shape finding's fix made unsafe unless phrase evidence backs
    it, and every fix made unsafe in a listing. ``rules`` maps rule ids to rules (a finding
    of a rule not in it counts as phrase)."""
    fixed = [f for f in findings if f.fixed_by_default]
    reported = superseded(doc, findings, rules)  # entries are judged on every finding
    if fixed and (_entries(doc, findings, rules)
                  or _listing(doc, lambda: _lines_of(_touched(doc, fixed), fixed))):
        return [_unsafe(f) if f.fixed_by_default else f for f in reported]
    findings = reported
    shaped = [f for f in findings if f.fixed_by_default and _shaped(f, rules)]
    if not shaped:
        return findings
    # only phrase findings `fix` applies by default: a phrase rule that holds its own fix
    # back (the line alone may be the page's text) cannot vouch for its neighbours
    touched = _touched(doc, findings)  # each finding's lines, found once for the three uses
    phrase_lines = _lines_of(touched, [f for f in findings
                                       if f.fixed_by_default and _anchors(f, rules)])
    anchored = _anchored_lines(doc, _lines_of(touched, findings), phrase_lines)
    held = set()
    for finding in shaped:
        lines = sorted(touched[id(finding)])
        if all(line in phrase_lines for line in lines) or _in_head(doc, lines, rules[finding.rule]):
            continue
        if all(line in anchored for line in lines) and not _protected(doc, lines):
            continue
        held.add(id(finding))
    if not held:
        return findings
    return [_unsafe(f) if id(f) in held else f for f in findings]


def superseded(doc: Document, findings: list[Finding],
               rules: Mapping[str, Rule]) -> list[Finding]:
    """``findings`` without each shape finding whose every line a phrase (or invisible)
    finding deletes by default: the phrase says what the line is, and one line gets one
    report. (A phrase finding whose fix is held back, that edits inside a line, or whose
    fix gives way to an overlapping one in this pass, leaves the shape finding as it is:
    only the two together decide what `fix` does there.)"""
    deleted: set[int] = set()
    for finding in select(f for f in findings if f.fixed_by_default and not _shaped(f, rules)):
        deleted.update(_deleted_lines(doc, finding))
    if not deleted:
        return findings
    return [f for f in findings
            if not (_shaped(f, rules) and touched_lines(doc, f) <= deleted)]


def _deleted_lines(doc: Document, finding: Finding) -> set[int]:
    """The whole lines a finding's fix deletes."""
    assert finding.fix is not None
    lines: set[int] = set()
    for edit in finding.fix.edits:
        kind, first, last = classify(doc, edit)
        if kind == "lines":
            lines.update(range(first, last + 1))
    return lines


def _shaped(finding: Finding, rules: Mapping[str, Rule]) -> bool:
    rule = rules.get(finding.rule)
    return rule is not None and rule.evidence is Evidence.SHAPE


def _anchors(finding: Finding, rules: Mapping[str, Rule]) -> bool:
    rule = rules.get(finding.rule)
    return rule is None or (rule.evidence is Evidence.PHRASE and rule.anchors)


def _protected(doc: Document, lines: list[int]) -> bool:
    """Whether a line lies in a content structure; the analysis runs only when asked."""
    from linter.structure import structure_of  # deferred: loads `regex`, when needed

    return structure_of(doc).protects(lines)


def _listing(doc: Document, flagged: Callable[[], set[int]]) -> bool:
    from linter.structure import is_listing  # deferred: loads `regex`, when needed

    return is_listing(doc, flagged)


def _entries(doc: Document, findings: list[Finding], rules: Mapping[str, Rule]) -> bool:
    """Whether entry-metadata findings (bylines, dates, reading times) differ on at least
    ``ENTRY_METADATA_LINES`` lines: each entry of a list has its own."""
    texts = {doc.line_text(finding.line - 1).strip().casefold() for finding in findings
             if (rule := rules.get(finding.rule)) is not None and rule.entry_metadata}
    return len(texts) >= ENTRY_METADATA_LINES


def _in_head(doc: Document, lines: list[int], rule: Rule) -> bool:
    head = doc.cores[: rule.head_anchor]
    return bool(head) and lines[-1] <= head[-1].index


def _touched(doc: Document, findings: list[Finding]) -> dict[int, set[int]]:
    """The lines each of ``findings`` touches, by the finding's ``id``."""
    return {id(finding): touched_lines(doc, finding) for finding in findings}


def _lines_of(touched: dict[int, set[int]], findings: list[Finding]) -> set[int]:
    lines: set[int] = set()
    for finding in findings:
        lines.update(touched[id(finding)])
    return lines


def _anchored_lines(doc: Document, flagged: set[int], phrase_lines: set[int]) -> set[int]:
    """Lines of the blocks of ``flagged`` lines (blank lines between them allowed) that
    hold a phrase finding."""
    anchored: set[int] = set()
    block: list[int] = []
    for line in sorted(flagged):
        if block and not all(doc.is_blank(i) for i in range(block[-1] + 1, line)):
            _keep_if_anchored(block, phrase_lines, anchored)
            block = []
        block.append(line)
    _keep_if_anchored(block, phrase_lines, anchored)
    return anchored


def _keep_if_anchored(block: list[int], phrase_lines: set[int], anchored: set[int]) -> None:
    if any(line in phrase_lines for line in block):
        anchored.update(block)


def _unsafe(finding: Finding) -> Finding:
    assert finding.fix is not None
    fix = Fix(finding.fix.edits, Applicability.UNSAFE)
    return dataclasses.replace(finding, fix=fix)
