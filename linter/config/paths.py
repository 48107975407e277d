"""Which found files a configuration lints: ``include`` and ``exclude`` globs, and the
files `.gitignore` (asked of git itself) leaves out."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache

from linter import files
from linter.config.settings import Settings
from linter.globs import glob_matcher


def filter_files(paths: Iterable[str], found: list[str], settings: Settings) -> list[str]:
    """``found`` (what ``files.collect`` found for ``paths``) through the settings'
    include/exclude globs and .gitignore.

    A file found in a folder is kept when it matches ``include``, matches no ``exclude``
    glob (a glob naming a folder excludes everything below it) and, with
    ``respect-gitignore``, is not ignored by git. A file named on the command line is
    linted whatever its name, and (unless ``force-exclude``) even when excluded or
    git-ignored.
    """
    include = [glob_matcher(p, settings.base, folders=False) for p in settings["include"]]
    exclude = [glob_matcher(p, settings.base, folders=True) for p in settings["exclude"]]
    named = {raw for raw in paths if raw != files.STDIN and not os.path.isdir(raw)}
    force = settings["force-exclude"]
    kept: list[str] = []
    judged: list[str] = []  # the files .gitignore may drop
    for path in found:
        if path == files.STDIN or (path in named and not force):
            kept.append(path)
            continue
        full = os.path.abspath(path)
        if path not in named and not any(matcher(full) for matcher in include):
            continue
        if any(matcher(full) for matcher in exclude):
            continue
        kept.append(path)
        judged.append(path)
    if settings["respect-gitignore"] and judged:
        judged = _below_unignored_roots(judged, paths)
        ignored = git_ignored(judged, [raw for raw in paths if raw != files.STDIN])
        kept = [path for path in kept if path not in ignored]
    return kept


def _below_unignored_roots(found: list[str], paths: Iterable[str]) -> list[str]:
    """Those of ``found`` that .gitignore may drop: not the ones below a folder named on
    the command line that git ignores as a whole (named, it is linted, as ripgrep searches
    an ignored folder it is given)."""
    folders = [raw for raw in paths if raw != files.STDIN and os.path.isdir(raw)]
    named_ignored = [os.path.abspath(raw) for raw in git_ignored(folders)] if folders else []
    if not named_ignored:
        return found
    return [path for path in found
            if not any(files.inside(os.path.abspath(path), root) for root in named_ignored)]


def git_ignored(paths: list[str], roots: Iterable[str] = ()) -> set[str]:
    """Those of ``paths`` that git ignores (none when git or a work tree is missing).

    A path below one of ``roots`` (the folders named on the command line) is asked of
    that folder's repository, so git runs once per root rather than once per folder.
    """
    ignored: set[str] = set()
    by_top: dict[str, list[str]] = {}
    folders = sorted((os.path.abspath(root) for root in roots if os.path.isdir(root)),
                     key=len, reverse=True)
    for path in paths:
        full = os.path.abspath(path)
        root = next((f for f in folders if full.startswith(f.rstrip(os.sep) + os.sep)), None)
        top = _git_toplevel(root or os.path.dirname(full))
        if top:
            by_top.setdefault(top, []).append(path)
    for top, group in by_top.items():
        absolute = {os.path.abspath(p): p for p in group}
        import subprocess  # deferred: only for files in a git work tree (start-up)

        try:
            done = subprocess.run(
                ["git", "-C", top, "check-ignore", "--stdin", "-z"],
                input="\0".join(absolute).encode() + b"\0", capture_output=True, check=False,
            )
        except OSError:
            continue
        if done.returncode == 0:
            for item in done.stdout.decode().split("\0"):
                if item in absolute:
                    ignored.add(absolute[item])
    return ignored


@lru_cache(maxsize=256)
def _git_toplevel(folder: str) -> str | None:
    if not _may_be_in_work_tree(folder):
        return None  # no `.git` above: spare the git process (~5 ms)
    import subprocess  # deferred: only for files in a git work tree (start-up)

    try:
        done = subprocess.run(["git", "-C", folder, "rev-parse", "--show-toplevel"],
                              capture_output=True, check=False)
    except OSError:
        return None
    top = done.stdout.decode().strip() if done.returncode == 0 else ""
    return top or None


def _may_be_in_work_tree(folder: str) -> bool:
    """False when git could not find a repository for ``folder``: no `.git` (folder or
    file) in it or above it, and no GIT_DIR or GIT_WORK_TREE pointing elsewhere."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    current = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent
