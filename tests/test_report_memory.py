"""What a check keeps for its report: each document with findings as its text alone, not
the cores, folds and joined text checking cached on it (~4x the text). Peak memory then
grows with the findings' texts only (benchmarks/jsonl_memory.py: a 1 GB JSON Lines check
peaked at 100 MB before, 50 MB after)."""

from __future__ import annotations

from linter.document import Document
from linter.engine.linter import Linter
from linter.findings import Finding, Severity
from linter.pipeline import parallel, read, records, streams
from linter.pipeline import run as pipeline
from linter.report.results import Summary
from linter.rules.loader import load_rules

TEXT = "Intro.\n\nComments are closed.\n"


def test_a_reported_record_keeps_its_text_not_what_checking_cached():
    doc = Document(TEXT)
    assert doc.cores and doc.core_text  # what checking leaves cached on it
    finding = Finding("comment-residue", "m", Severity.WARNING, "comments", 8, 28, 3, 1, 3, 21)
    summary = Summary()
    streams.report_fields([records.FieldResult("text", TEXT, records.TextResult(doc, [finding]))],
                          "f.jsonl", 1, summary, None, diff=False)
    kept = summary.findings[0].doc
    assert kept.text == TEXT and kept.path == doc.path
    assert "cores" not in kept.__dict__ and "core_text" not in kept.__dict__


class _NoCache:
    def lookup_many(self, docs: list[Document]) -> list[None]:
        return [None] * len(docs)

    def store(self, doc: Document, result: object) -> None:
        pass


def test_a_reported_file_keeps_its_text_not_what_checking_cached():
    """Plain files checked in this process (`--jobs 1`): a check of the dev corpus peaked
    at 395 MB keeping them whole, 229 MB keeping their texts."""
    linter = Linter.from_rules(r for r in load_rules() if r.id == "comment-residue")
    doc = Document(TEXT, "a.txt")
    summary = Summary()
    pipeline.check_sources([read.Source("a.txt", "a.txt", "a.txt", "text", doc)], _NoCache(),
                           parallel.Workers(linter, 1), summary)
    kept = summary.findings[0].doc
    assert "cores" in doc.__dict__  # checking cached them on the document it read
    assert kept.text == doc.text and "cores" not in kept.__dict__
