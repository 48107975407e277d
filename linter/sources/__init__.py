"""Input formats: plain text, Markdown, HTML, JSON Lines and Parquet (docs/formats.md).

Each reader turns a file into one or more text ``Document``s the rules see, maps findings
back to the source, and applies fixed texts back to the source. The engine stays
format-agnostic: rules only ever see text.

``ADAPTERS`` names each whole-document format's adapter (``linter.sources.base``): plain
text, Markdown, HTML. The pipeline (``linter.pipeline.run``) reads every file, whatever
its format, and checks or fixes it through ``check_source``/``fix_source`` (in batches,
on workers). Record formats are streamed instead: JSON Lines record by record
(``linter.pipeline.streams``), a Parquet file's rows in record batches (``parquet.py``,
``linter.pipeline.tables``).

May import: ``linter.rules``, ``linter.engine`` and the kit. Nothing above.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import zlib
from typing import Any

from linter import files
from linter.document import Document
from linter.engine.linter import CheckResult
from linter.errors import InputError
from linter.globs import glob_matcher
from linter.sources.base import Adapter, Fixed

FORMATS = ("text", "markdown", "html", "jsonl", "parquet")
_BY_SUFFIX = {
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet",  # read by linter.sources.parquet (the parquet extra)
}
DEFAULT_FIELDS = ("text",)
# Whole-document formats: format -> "module:ADAPTER" (linter.sources.base). A new input
# format is one module and one line here (and a suffix in _BY_SUFFIX).
ADAPTERS = {
    "text": "linter.sources.text:ADAPTER",
    "markdown": "linter.sources.markdown:ADAPTER",
    "html": "linter.sources.html:ADAPTER",
}


def _settings(linter: Any) -> Any:
    return getattr(linter, "settings", None)


def format_of(name: str, linter: Any = None) -> str:
    """The input format of ``name``: the first `formats` glob that matches, else by suffix
    (a final ``.gz`` is looked through), else ``text``."""
    settings = _settings(linter)
    mapping = settings["formats"] if settings is not None else {}
    if mapping and name not in (files.STDIN, ""):
        full = os.path.abspath(name)
        for pattern, fmt in mapping.items():
            if glob_matcher(pattern, settings.base, folders=False)(full):
                return fmt
    lower = name.lower().removesuffix(".gz")
    return _BY_SUFFIX.get(os.path.splitext(lower)[1], "text")


def adapter(fmt: str) -> Adapter:
    """The adapter of a whole-document format, its module loaded on first use; a format
    without one (a JSON Lines record's field) is plain text."""
    module, _, name = ADAPTERS.get(fmt, ADAPTERS["text"]).partition(":")
    # deferred: markdown-it-py and the HTML parser load only for their own input (start-up)
    found: Adapter = getattr(importlib.import_module(module), name)
    return found


def check_source(linter: Any, fmt: str, doc: Document) -> CheckResult:
    """The findings of ``doc`` (a file of format ``fmt``), located in it."""
    return adapter(fmt).check(linter, doc)


def fix_source(linter: Any, fmt: str, doc: Document, unsafe: bool) -> Fixed:
    """The fix of ``doc`` (a file of format ``fmt``), with the findings left in it."""
    found = adapter(fmt)
    fixed = found.fix(linter, doc, unsafe)
    if fixed.remaining is None:
        fixed.remaining = found.check(linter, doc.with_text(fixed.text))
    return fixed


def gzipped(name: str) -> bool:
    return name.lower().endswith(".gz")


SNIFFED = "<stdin>"  # the name shown for stdin whose format was sniffed
# A stream that opens with one of these is HTML (a doctype, or a document or block tag).
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|main|section|div|p|"
                         rb"h[1-6])[\s>/]", re.IGNORECASE)


def sniff(head: bytes) -> str | None:
    """The format of a stream that starts with ``head``, when it says so: HTML (a
    doctype, or a document or block tag such as `<html` or `<article`), Markdown (front
    matter: a `---` line closed by another), else None (plain text)."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if _HTML_START.match(text):
        return "html"
    lines = head.removeprefix(b"\xef\xbb\xbf").splitlines()
    if lines and lines[0].rstrip() == b"---" and any(x.rstrip() == b"---" for x in lines[1:]):
        return "markdown"
    return None


def stdin_name(stdin_filename: str) -> str:
    """``--stdin-filename``, or for stdin that shows its format a name that picks it
    (`<stdin>.html`, `<stdin>.md`); "" for plain text."""
    if stdin_filename:
        return stdin_filename
    peek = getattr(sys.stdin.buffer, "peek", None)
    found = sniff(peek(4096)[:4096]) if peek is not None else None
    return {"html": f"{SNIFFED}.html", "markdown": f"{SNIFFED}.md"}.get(found or "", "")


def fields(linter: Any) -> list[str]:
    settings = _settings(linter)
    return list(settings["jsonl-fields"]) if settings is not None else list(DEFAULT_FIELDS)


def read_bytes(path: str, max_size: int | None) -> tuple[bytes, files.Stamp | None]:
    """The file's bytes (decompressed when gzipped) and the stamp of what was read."""
    data, stamp = files._read_bytes(path, max_size)
    if gzipped(path):
        data = gunzip(data, path, "file", max_size)
    return data, stamp


def gunzip(data: bytes, shown: str, what: str, max_size: int | None) -> bytes:
    """``data`` decompressed; an InputError naming ``shown`` ("not a valid gzip
    ``what``") when it is not gzip, and when its text is over ``max_size`` bytes (the
    limit holds for what is linted: 20 KB of gzip can hold 20 MB of text)."""
    import gzip  # deferred: gzipped input only (start-up)
    import io  # deferred: gzipped input only (start-up)

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            text = stream.read(max_size + 1) if max_size else stream.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(shown, f"not a valid gzip {what} ({exc})") from None
    if max_size and len(text) > max_size:
        size = f"over {files.size_shown(max_size)}"
        raise InputError(shown, files.too_large(size, max_size, f"text of the gzip {what}"))
    return text


def encode_for(path: str, data: bytes) -> bytes:
    """Bytes to write to ``path``: compressed again when it is a gzip file."""
    if not gzipped(path):
        return data
    import gzip  # deferred: gzipped files only (start-up)

    return gzip.compress(data, mtime=0)

