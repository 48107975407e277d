"""artlint: find and strip scraping artefacts from article text."""

__version__ = "0.1.0"
