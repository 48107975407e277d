"""The deletion guard, decided in one place for every format and every driver: a fix that
would remove more than ``--max-deletion`` of a file's text, or empty it, is held back for
review (``linter.engine.guard.review``). The text is weighed through the file's source
adapter, so an HTML page is weighed by its text, not its markup."""

from __future__ import annotations

from linter.document import Document
from linter.engine import guard
from linter.sources import adapter


def review(doc: Document, text: str, touched: dict[int, list[str]], max_deletion: float,
           force: bool = False, fmt: str = "text") -> guard.Review | None:
    """Why the fix of ``doc`` into ``text`` must be held back, or None to apply it."""
    if force:
        return None
    before, after = doc.text, text
    if text != doc.text:
        weighed = adapter(fmt).weighed
        before, after = weighed(doc), weighed(doc.with_text(text))
    return guard.review(before, after, touched, max_deletion)
