"""Parquet: a table whose text column(s) hold the articles (docs/formats.md, "Parquet").

Read with pyarrow (the ``parquet`` extra) in record batches of ``BATCH_ROWS`` rows, so
memory follows the batch, not the file. The text column is named like a JSON Lines field
(``--field``, ``jsonl-fields``; default ``text``); it must hold strings (``string`` or
``large_string``); a null is skipped. A fixed file is written batch by batch with the
input's schema (its metadata included) and each column's compression codec; every other
column is passed through as Arrow read it. pyarrow is imported only when a Parquet file
is read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, BinaryIO

from linter.errors import ArtlintError

BATCH_ROWS = 1024
INSTALL_HINT = ("reading Parquet needs pyarrow, which is not installed: "
                "pip install 'artlint[parquet]'")
_CODECS = {"UNCOMPRESSED": "none", "LZ4_RAW": "lz4"}


class TableError(ValueError):
    """A Parquet file artlint cannot lint: not Parquet, no text column, not strings."""


def pyarrow() -> tuple[ModuleType, ModuleType]:
    """(pyarrow, pyarrow.parquet), or an ArtlintError that says how to install them."""
    try:
        import pyarrow as pa  # deferred: pyarrow only for Parquet input (parquet extra)
        import pyarrow.parquet as pq  # deferred: as above
    except ImportError:
        raise ArtlintError(INSTALL_HINT) from None
    return pa, pq


@dataclass
class Table:
    """An open Parquet file: its schema, codec, the text columns found, and its batches."""

    file: Any  # pyarrow.parquet.ParquetFile
    columns: list[str]
    codec: str | dict[str, str]  # one for every column, or per leaf column path

    @property
    def schema(self) -> Any:
        return self.file.schema_arrow

    @property
    def rows(self) -> int:
        return int(self.file.metadata.num_rows)

    def batches(self, rows: int | None = None) -> Iterator[Any]:
        yield from self.file.iter_batches(batch_size=rows or BATCH_ROWS, use_threads=False)


def open_table(handle: BinaryIO, fields: Sequence[str]) -> Table:
    """The Parquet file in ``handle``; TableError when it is not one, or has none of
    ``fields`` as a string column."""
    pa, pq = pyarrow()
    try:
        # pre_buffer (on by default) reads whole column chunks ahead: a row group at a time
        file = pq.ParquetFile(handle, buffer_size=1 << 20, pre_buffer=False)
    except (pa.ArrowInvalid, OSError) as exc:
        raise TableError(f"not a valid Parquet file ({exc})") from None
    schema = file.schema_arrow
    columns = [name for name in fields if name in schema.names]
    if not columns:
        raise TableError(f"no text column {' or '.join(map(repr, fields))} (columns: "
                         f"{', '.join(schema.names)}); name it with --field or jsonl-fields")
    for name in columns:
        kind = schema.field(name).type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            raise TableError(f"column {name!r} holds {kind}, not text (string)")
    return Table(file, columns, _codec(file))


def _codec(file: Any) -> str | dict[str, str]:
    """The input's codec per leaf column (as its first row group has it), for the writer."""
    meta = file.metadata
    if meta.num_row_groups == 0 or meta.num_columns == 0:
        return "snappy"
    group = meta.row_group(0)
    codecs = {}
    for index in range(meta.num_columns):
        column = group.column(index)
        found = str(column.compression).upper()
        codecs[column.path_in_schema] = _CODECS.get(found, found.lower())
    return codecs


def texts(batch: Any, column: str) -> list[str | None]:
    """The column's values in ``batch`` (None for a null)."""
    values: list[str | None] = batch.column(column).to_pylist()
    return values


def replaced(batch: Any, changes: dict[str, list[str | None]]) -> Any:
    """``batch`` with the columns in ``changes`` replaced by those values (same types)."""
    pa, _ = pyarrow()
    schema = batch.schema
    arrays = [pa.array(changes[name], type=schema.field(name).type) if name in changes
              else batch.column(index) for index, name in enumerate(schema.names)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


class Writer:
    """A Parquet file written batch by batch to ``handle`` (left open on close)."""

    def __init__(self, handle: BinaryIO, table: Table) -> None:
        _, pq = pyarrow()
        self.writer = pq.ParquetWriter(handle, table.schema, compression=table.codec)

    def write(self, batch: Any) -> None:
        self.writer.write_batch(batch)

    def close(self) -> None:
        self.writer.close()
