"""Parquet files (linter.sources.parquet): each row's text column(s) checked or fixed as a
JSON Lines record's field is, one record batch at a time.

``lint_batches`` is the step the CLI (``check``/``fix`` below, called from
linter.pipeline.run as JSON Lines' linter.pipeline.streams is) and the shard engine
(linter.shards.core) share, so both write the same bytes for the same file. Findings are
reported as ``FILE:ROW:line:col`` (rows count from 1), as JSON Lines records are.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from linter import files, writes
from linter.document import Document
from linter.errors import ArtlintError
from linter.pipeline import records, streams
from linter.pipeline.notices import fail, write_failed
from linter.sources import fields as configured_fields
from linter.sources import parquet


@dataclass
class Row:
    number: int  # from 1
    fields: list[records.FieldResult] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(item.result.changed for item in self.fields)


@dataclass
class Batch:
    """One record batch linted: its rows' results and the batch to write."""

    rows: list[Row]
    out: Any  # pyarrow.RecordBatch: the input's when nothing changed

    @property
    def changed(self) -> int:
        return sum(row.changed for row in self.rows)


def lint_batches(engine: Any, table: parquet.Table, name: str,
                 fix: records.FixOptions | None) -> Iterator[Batch]:
    """Every batch of ``table`` checked (``fix`` None) or fixed; ``name`` names the
    documents (per-file ignores match it)."""
    number = 0
    for batch in table.batches():
        rows = [Row(number + n + 1) for n in range(batch.num_rows)]
        changes: dict[str, list[str | None]] = {}
        for column in table.columns:
            values = parquet.texts(batch, column)
            for row, text in zip(rows, values, strict=True):
                if text is None:
                    continue
                result = records.lint_text(engine, Document(text, name), fix)
                row.fields.append(records.FieldResult(column, text, result))
                if result.changed:
                    changes.setdefault(column, values)[row.number - number - 1] = result.text
        number += batch.num_rows
        yield Batch(rows, parquet.replaced(batch, changes) if changes else batch)


# --------------------------------------------------------------------------------------
# The CLI: `artlint check` / `artlint fix` on FILE.parquet
# --------------------------------------------------------------------------------------


def check(linter: Any, path: str, summary: Any, safety: Any, stdin_filename: str | None,
          results: Any = None) -> None:
    """Check a Parquet file (the result cache is not asked: a table is read in batches)."""
    _lint(linter, path, summary, safety, None)


def fix(linter: Any, path: str, summary: Any, diff: bool, unsafe: bool, safety: Any,
        stdin_filename: str | None, results: Any = None) -> None:
    """Fix a Parquet file batch by batch, writing the fixed file once at the end."""
    options = records.FixOptions(unsafe=unsafe, force=safety.force,
                                 max_deletion=safety.max_deletion)
    _lint(linter, path, summary, safety, (diff, options))


def _lint(linter: Any, path: str, summary: Any, safety: Any,
          fix: tuple[bool, records.FixOptions] | None) -> None:
    summary.add_file(path)
    if path == files.STDIN:
        fail("<stdin>: Parquet is read from a file, not standard input")
        summary.problems += 1
        return
    try:
        with files.open_regular(path) as handle:
            _table(linter, path, handle, summary, safety, fix)
    except ArtlintError as exc:
        fail(f"{path}: {exc}")
        summary.problems += 1
    except (parquet.TableError, OSError) as exc:
        fail(f"{path}: {exc}; left unchanged")
        summary.problems += 1


def _table(linter: Any, path: str, handle: BinaryIO, summary: Any, safety: Any,
           fix: tuple[bool, records.FixOptions] | None) -> None:
    stat = os.fstat(handle.fileno())
    table = parquet.open_table(handle, configured_fields(linter))
    writing = fix is not None and not fix[0]
    temp = writes.TempFile(Path(os.path.realpath(path)), stat) if writing else None
    fixed_before, changed = summary.fixed, 0
    writer = None
    try:
        writer = parquet.Writer(temp.handle, table) if temp is not None else None
        for batch in lint_batches(linter, table, path, fix[1] if fix else None):
            changed += batch.changed
            for row in batch.rows:
                streams.report_fields(row.fields, path, row.number, summary, safety,
                                      diff=fix is not None and fix[0], unit="row")
            if writer is not None:
                writer.write(batch.out)
        if writer is not None:
            writer.close()
            writer = None
    except BaseException:
        summary.fixed = fixed_before
        if writer is not None:  # before the file under it goes: no error at exit
            with contextlib.suppress(Exception):
                writer.close()
        if temp is not None:
            temp.discard()
        raise
    if fix is not None and fix[0]:
        summary.changed_files += changed > 0
    if temp is not None:
        _commit(temp, path, files.Stamp.of_stat(stat), changed, summary, fixed_before)


def _commit(temp: writes.TempFile, path: str, info: files.Stamp, changed: int, summary: Any,
            fixed_before: int) -> None:
    """Put the fixed file in place when a row changed (else leave the file alone)."""
    if not changed:
        temp.discard()
        return
    try:
        temp.commit(lambda: writes.check_identity(str(temp.target), info))
    except (files.StaleFileError, OSError) as exc:
        temp.discard()
        summary.fixed = fixed_before
        summary.problems += 1
        write_failed(path, exc)
        return
    summary.changed_files += 1
