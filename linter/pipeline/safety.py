"""The run's safety settings (README "Safety"): size limit, --force, --max-deletion,
--verbose, --follow-links, and the files whose fixes were held back for review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linter import files
from linter.engine import guard
from linter.errors import ArtlintError


@dataclass
class Safety:
    """The run's safety settings (README "Safety"), and the files held back for review."""

    max_file_size: int | None = files.DEFAULT_MAX_FILE_SIZE
    force: bool = False
    max_deletion: float = guard.DEFAULT_MAX_DELETION
    verbose: bool = False
    follow_links: bool = False
    held: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, max_file_size: str = "50MB", **settings: Any) -> Safety:
        size = files.parse_size(max_file_size)
        share = settings.get("max_deletion", guard.DEFAULT_MAX_DELETION)
        if not 0 <= share <= 1:  # NaN too: it compares false with any share, no guard at all
            raise ArtlintError(f"--max-deletion: expected a percentage from 0 to 100; "
                               f"got {share * 100:g}")
        return cls(max_file_size=size or None, **settings)
