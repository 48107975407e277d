"""Only regular files are read (issue 15): a FIFO, socket or device met in a folder is
skipped with a note, one named on the command line is an error naming it (exit 2), and
nothing ever waits on a FIFO. Every run is a subprocess with a timeout, so a regression
fails (TimeoutExpired) instead of hanging the suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

TIMEOUT = 30
STORY = "Storm hits the coast\n\nResidents were evacuated.\n"


def artlint(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


def python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                          text=True, timeout=TIMEOUT, check=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """corpus/story.txt, and a FIFO and a socket with names artlint looks for."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe.jsonl")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    server.close()
    os.symlink("pipe.txt", folder / "link.txt")
    return tmp_path


NOTES = [
    "artlint: note: corpus/pipe.jsonl: skipped: a named pipe (FIFO), not a regular file",
    "artlint: note: corpus/pipe.txt: skipped: a named pipe (FIFO), not a regular file",
    "artlint: note: corpus/sock.txt: skipped: a socket, not a regular file",
    "artlint: note: corpus/link.txt: skipped: symbolic link to a named pipe (FIFO), "
    "not a regular file",
]


@pytest.mark.parametrize("command", [["check"], ["fix"], ["fix", "--diff"]])
def test_special_files_in_a_folder_are_skipped_with_a_note(corpus, command):
    result = artlint(*command, "--isolated", "--no-cache", "corpus", cwd=corpus)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stderr.splitlines()) == sorted(NOTES)
    assert " 1 file" in result.stdout  # story.txt alone
    assert (corpus / "corpus" / "story.txt").read_text() == STORY


@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl", "link.txt", "sock.txt"])
@pytest.mark.parametrize("command", [["check"], ["fix"], ["fix", "--diff"]])
def test_a_special_file_named_on_the_command_line_is_an_error(corpus, command, name):
    """Said, and the run goes on with the other files it was given, and fails."""
    result = artlint(*command, "--isolated", "--no-cache", f"corpus/{name}",
                     "corpus/story.txt", cwd=corpus)
    assert result.returncode == 2
    kind = "a socket" if name == "sock.txt" else "a named pipe (FIFO)"
    assert result.stderr == (f"artlint: error: corpus/{name}: cannot lint {kind}: artlint "
                             "reads only regular files; pipe a stream in on stdin instead "
                             "(`-`)\n")
    assert " 1 file" in result.stdout  # story.txt
    assert "1 error" in result.stdout


def test_a_device_named_on_the_command_line_is_an_error(tmp_path):
    result = artlint("check", "--isolated", "/dev/null", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("artlint: error: /dev/null: cannot lint a character "
                                    "device: artlint reads only regular files")


def test_stdin_is_still_the_way_to_pipe_text_in(corpus):
    result = artlint("fix", "--isolated", "--no-cache", "-", cwd=corpus,
                     stdin=STORY + "\nComments are closed.\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == STORY


def test_reading_a_fifo_is_refused_without_waiting(corpus):
    """files.read (and the readers' open) on a FIFO: an InputError, no blocking open."""
    done = python(
        "from linter import files\n"
        "from linter.errors import InputError\n"
        "for name in ('corpus/pipe.txt', 'corpus/pipe.jsonl'):\n"
        "    try:\n"
        "        files.read(name)\n"
        "    except InputError as exc:\n"
        "        print(exc)\n", corpus)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"corpus/{name}: cannot lint: it is a named pipe (FIFO), not a regular file; pipe "
        "text in on stdin (`-`) instead" for name in ("pipe.txt", "pipe.jsonl")]


@pytest.mark.parametrize("name", ["pipe.yaml", "pipe.py"])
def test_a_fifo_in_a_rules_folder_is_a_rule_file_error(tmp_path, name):
    (tmp_path / "rules").mkdir()
    os.mkfifo(tmp_path / "rules" / name)
    result = artlint("rules", "--isolated", "--rules-dir", "rules", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"artlint: error: rules/{name}: it is a named pipe (FIFO), not "
                             "a regular file; remove it from the rules folder\n")


def test_a_fifo_named_as_a_shard_is_an_error(corpus):
    result = artlint("shards", "check", "--isolated", "--engine", "serial",
                     "corpus/pipe.jsonl", cwd=corpus)
    assert result.returncode == 2
    assert result.stderr == ("artlint: error: corpus/pipe.jsonl: cannot read a named pipe "
                             "(FIFO): shards must be regular files\n")
