"""The client's side of `artlint shards`: which shards, where each goes, and the
temporary files dead workers left. Inputs and ``--out`` are local paths or fsspec URLs
(linter.shards.storage)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from linter import files
from linter.errors import ArtlintError
from linter.shards import markers, storage
from linter.shards.core import ShardTask, is_table
from linter.sources import parquet

SHARD_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".parquet")


def is_shard(name: str) -> bool:
    return name.lower().endswith(SHARD_SUFFIXES)


def find(inputs: Iterable[str]) -> list[tuple[str, str]]:
    """(location, name) of every shard: a file named is taken whatever its name (its
    name: the file name); a folder is searched for *.jsonl, *.ndjson (and .gz) and
    *.parquet below it, hidden files and folders skipped (names relative to the folder)."""
    found: list[tuple[str, str]] = []
    for raw in inputs:
        location = storage.local(raw)
        found += _remote(raw, location) if storage.is_url(location) else _local(raw, location)
    if not found:
        raise ArtlintError(f"no shards ({', '.join('*' + s for s in SHARD_SUFFIXES)})"
                           f" in {', '.join(inputs)}")
    return found


def _local(raw: str, location: str) -> list[tuple[str, str]]:
    path = Path(location)
    if path.is_file():
        return [(str(path), path.name)]
    if path.is_dir():
        return [(str(item), item.relative_to(path).as_posix()) for item in _below(path)]
    if path.exists():
        raise ArtlintError(f"{raw}: cannot read {files.special_kind(path.stat().st_mode)}: "
                           "shards must be regular files")
    raise ArtlintError(f"{raw}: no such file or folder")


def _below(folder: Path) -> list[Path]:
    return sorted(
        item for item in folder.rglob("*")
        if item.is_file() and is_shard(item.name) and not item.name.startswith(".")
        and not any(part.startswith(".") for part in item.relative_to(folder).parent.parts)
    )


def _remote(raw: str, url: str) -> list[tuple[str, str]]:
    fs, path = storage.filesystem(url)
    protocol = url.partition("://")[0]
    try:
        if fs.isfile(path):
            return [(url, path.rstrip("/").rpartition("/")[2])]
        below = fs.find(path) if fs.isdir(path) else []
    except OSError as exc:  # credentials, permissions, an unreachable store
        raise ArtlintError(f"{raw}: cannot list: {exc}") from None
    if not below and not fs.isdir(path):
        raise ArtlintError(f"{raw}: no such file or folder")
    root = path.rstrip("/") + "/"
    names = sorted(item.removeprefix(root) for item in below if item.startswith(root))
    return [(f"{protocol}://{root}{name}", name) for name in names
            if is_shard(name) and not any(part.startswith(".") for part in name.split("/"))]


def plan(inputs: Iterable[str], out: str | Path | None = None, in_place: bool = False,
         max_record_size: int | None = files.DEFAULT_MAX_FILE_SIZE, key: str = "",
         rerun: bool = False) -> list[ShardTask]:
    """The tasks of a run: check only (no ``out``, not ``in_place``), fix into ``out``
    (same names below it, a completion marker each: linter.shards.markers), or fix in
    place. Raises ArtlintError for a plan that would overwrite an input or write two
    shards to one place."""
    found = find(list(inputs))
    if any(is_table(location) for location, _ in found):
        parquet.pyarrow()  # say now, before any work, when pyarrow is missing
    sources = {location for location, _ in found}
    if len(sources) < len(found):
        raise ArtlintError("a shard is named twice in the inputs")
    if out is None:
        if in_place and any(storage.is_url(location) for location in sources):
            raise ArtlintError("--in-place: shards at URLs are not rewritten in place; give "
                               "--out URL for the fixed shards")
        return [ShardTask(location, name, location if in_place else None, max_record_size)
                for location, name in found]
    root = storage.local(str(out))
    _check_out(str(out), root)
    _outside_inputs(str(out), root, inputs)
    real_sources = {_real(location) for location in sources}
    tasks: list[ShardTask] = []
    seen: dict[str, str] = {}
    for location, name in found:
        target = storage.join(root, name)
        if _real(target) in real_sources:
            raise ArtlintError(f"--out {out}: would overwrite the input shard {location}; "
                               "choose another folder (or use --in-place to rewrite the shards)")
        if target in seen:
            raise ArtlintError(f"--out {out}: two shards would be written to {target} "
                               f"({seen[target]} and {location}); give their folder instead")
        seen[target] = location
        tasks.append(ShardTask(location, name, target, max_record_size,
                               markers.location(root, name), key, rerun))
    return tasks


def _check_out(raw: str, root: str) -> None:
    if storage.is_url(root):
        storage.filesystem(root)  # the driver is there
    elif Path(root).exists() and not Path(root).is_dir():
        raise ArtlintError(f"--out {raw}: exists and is not a folder")


def _outside_inputs(out: str, root: str, inputs: Iterable[str]) -> None:
    """ArtlintError for an --out inside an input folder: the next run (the documented way
    to resume) would read the fixed shards as inputs."""
    if storage.is_url(root):
        return
    real_out = os.path.realpath(root)
    for given in inputs:
        if not storage.is_url(given) and os.path.isdir(given) \
                and files.inside(real_out, os.path.realpath(given)):
            raise ArtlintError(f"--out {out}: is inside the input folder {given}, so a rerun "
                               "would read the fixed shards as input; give a folder outside it")


def _real(location: str) -> str:
    return location if storage.is_url(location) else os.path.realpath(location)


def sweep_targets(tasks: Iterable[ShardTask]) -> None:
    """Remove what dead workers left in the local folders written to (``--out``, and its
    markers' folder)."""
    folders: set[str] = set()
    for task in tasks:
        if task.target and not storage.is_url(task.target):
            folders.add(str(Path(os.path.realpath(task.target)).parent))
        if task.marker and not storage.is_url(task.marker):
            folders.add(str(Path(task.marker).parent))
    for folder in sorted(folders):
        storage.sweep(folder)
