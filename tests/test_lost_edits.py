"""Close the lost-edit window (issue 15, item 4): a file edited while `fix` runs is either
fixed before the edit or reported as changed on disk, never overwritten."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from typer.testing import CliRunner

from linter import files, writes
from linter.cli import app as cli

ARTICLE = "Rain in the hills\n\nIt rained all week in the hills.\n\nComments are closed.\n"
NOTE = "Appended note {} by the concurrent edit test.\n"


def test_edit_after_the_temporary_file_is_written_is_not_overwritten(tmp_path, monkeypatch):
    """The edit lands after the first check (the temporary file is already written):
    the check right before the rename catches it."""
    story = tmp_path / "story.txt"
    story.write_text(ARTICLE)
    real_fchmod = os.fchmod

    def fchmod_then_edit(fd, mode):
        real_fchmod(fd, mode)  # the temporary file is written and flushed by now
        with open(story, "a") as handle:
            handle.write(NOTE.format(1))

    monkeypatch.setattr(writes.os, "fchmod", fchmod_then_edit)
    result = CliRunner().invoke(cli.app, ["fix", "--no-cache", str(story)])
    assert result.exit_code == 2
    assert "changed on disk while artlint was fixing it" in result.stderr
    assert story.read_text() == ARTICLE + NOTE.format(1)
    assert not list(tmp_path.glob(f".*{files.TEMP_SUFFIX}"))


def test_edit_between_the_checks_by_replacing_the_file_is_caught(tmp_path):
    """Same size, same bytes, new inode (an editor's save-by-rename): identity differs."""
    story = tmp_path / "story.txt"
    story.write_text(ARTICLE)
    _, stamp = files.read_stamped(str(story))
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE)
    os.utime(other, ns=(stamp.mtime_ns, stamp.mtime_ns))
    os.replace(other, story)
    try:
        writes.write_atomic(str(story), b"fixed\n", expected=stamp)
    except files.StaleFileError as exc:
        assert exc.what == "replaced by another file"
    else:
        raise AssertionError("a replaced file was overwritten")
    assert story.read_text() == ARTICLE


FILES = 150
ROUNDS = 6
BUDGET = 60.0  # seconds, for all rounds


def _append_while(running: subprocess.Popen, corpus: Path, notes: list[tuple[Path, str]],
                  seed: int) -> None:
    """Append a unique note to a random file of ``corpus`` until ``running`` ends."""
    rng = random.Random(seed)
    paths = sorted(corpus.glob("*.txt"))
    while running.poll() is None:
        path = rng.choice(paths)
        note = NOTE.format(f"{seed}-{len(notes)}")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, note.encode())  # one write(2), as soon after open(2) as can be
        finally:
            os.close(fd)
        notes.append((path, note))
        time.sleep(rng.uniform(0, 0.001))


def _fix_round(corpus: Path, seed: int) -> tuple[int, int, int]:
    """(appends, appends lost, files reported as changed on disk) for one `fix` run."""
    for n in range(FILES):
        (corpus / f"a{n:03}.txt").write_text(ARTICLE)
    running = subprocess.Popen(
        [sys.executable, "-m", "linter", "fix", "--no-cache", "--jobs", "1", str(corpus)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    notes: list[tuple[Path, str]] = []
    appender = threading.Thread(target=_append_while, args=(running, corpus, notes, seed))
    appender.start()
    try:
        _, stderr = running.communicate(timeout=120)
    finally:
        running.kill()
        appender.join()
    lost = sum(note not in path.read_text() for path, note in notes)
    stale = {line.split(": ")[2] for line in stderr.splitlines() if "changed on disk" in line}
    unfixed = {str(path) for path in corpus.glob("*.txt") if "Comments" in path.read_text()}
    assert unfixed == stale  # a file left as it is was reported, and only such a file
    return len(notes), lost, len(stale)


def test_appends_during_fix_are_never_lost(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    appends = lost = stale = 0
    started = time.monotonic()
    for seed in range(ROUNDS):
        if time.monotonic() - started > BUDGET:
            break
        made, gone, reported = _fix_round(corpus, seed)
        appends, lost, stale = appends + made, lost + gone, stale + reported
    print(f"{appends} appends during fix: {lost} lost, {stale} files changed on disk")
    assert appends > 0 and stale > 0
    # What remains (README "Changed under our feet"): an append between the last stat and
    # rename(2), or one whose writer opened the file before the rename. Rare, not zero;
    # without the checks every file reported as changed on disk would have lost one.
    assert lost <= max(2, appends // 1000), f"{lost} of {appends} appends lost"
