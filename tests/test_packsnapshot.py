"""The built-in pack's snapshot (linter.rules.packsnapshot): used only while the pack and
the code are as they were; a damaged snapshot is ignored; other folders never use it."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from linter.engine.patterns import LazyPattern
from linter.rules import loader, packsnapshot
from linter.rules.yaml_schema import BlockSpec

RULE = "id: closed\nmessage: {message}\ncategory: comments\npattern: 'comments are closed'\n"
LONG_AGO = time.time() - 3600  # older than packsnapshot.RACY_SECONDS


def age(folder: Path, when: float = LONG_AGO) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (when, when))


@pytest.fixture
def pack(tmp_path, monkeypatch):
    """A built-in pack of its own (a copy of a few real rule files and one of ours), an
    empty memo folder, and a count of the YAML rule files read from disk."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "pack"
    real = loader.builtin_rules_dir()
    for name in ("bylines/author-box.yaml", "bylines/byline.yaml", "bylines/byline-name.py",
                 "subscription/support-journalism.yaml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(real / name, folder / name)
    (folder / "comments").mkdir()
    (folder / "comments" / "closed.yaml").write_text(RULE.format(message="Comments closed"))
    age(folder)
    monkeypatch.setattr(loader, "builtin_rules_dir", lambda: folder)
    read: list[str] = []
    real_load_file = loader.load_file

    def counting(path):
        if path.suffix != ".py":
            read.append(path.name)
        return real_load_file(path)

    monkeypatch.setattr(loader, "load_file", counting)
    return folder, read


def messages() -> dict[str, str]:
    return {rule.id: rule.message for rule in loader.load_rules(plugins=False)}


def snapshot() -> Path:
    return packsnapshot.snapshot_path()


def comparable(value):
    """A rule attribute with patterns and blocks as plain data, for comparing two loads."""
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [comparable(item) for item in value]
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, LazyPattern) or hasattr(value, "pattern"):
        return "pattern", value.pattern, int(value.flags)
    if isinstance(value, BlockSpec):
        cells = value.follow.__closure__ or ()
        return ("block", value.follow.__qualname__, [comparable(c.cell_contents) for c in cells],
                value.max_lines, value.both_ways, value.across_blank)
    return type(value).__name__, value


def test_a_second_run_reads_no_yaml_file_and_gets_the_same_rules(pack):
    _, read = pack
    first = loader.load_rules(plugins=False)  # memos filled; patterns compiled at once
    second = loader.load_rules(plugins=False)  # lazily compiled patterns: snapshot written
    assert snapshot().is_file()
    read.clear()
    third = loader.load_rules(plugins=False)
    assert read == []
    assert [type(rule) for rule in third] == [type(rule) for rule in first]
    for old, new in zip(second, third, strict=True):
        assert list(vars(new)) == list(vars(old))
        assert comparable(vars(new)) == comparable(vars(old)), new.id
    assert {rule.source for rule in third} == {"builtin"}


def test_a_changed_rule_file_is_read_again(pack):
    folder, read = pack
    messages(), messages()
    assert snapshot().is_file()
    rule_file = folder / "comments" / "closed.yaml"
    rule_file.write_text(RULE.format(message="Comments are shut"))
    os.utime(rule_file, (LONG_AGO + 60, LONG_AGO + 60))
    read.clear()
    assert messages()["closed"] == "Comments are shut"
    assert "closed.yaml" in read
    read.clear()
    assert messages()["closed"] == "Comments are shut"  # the new snapshot
    assert read == []


@pytest.mark.parametrize("change", ["add", "remove"])
def test_an_added_or_removed_rule_file_is_seen(pack, change):
    folder, _ = pack
    messages(), messages()
    extra = folder / "comments" / "shut.yaml"
    if change == "add":
        extra.write_text(RULE.format(message="Shut").replace("id: closed", "id: shut"))
        age(folder)
        assert messages()["shut"] == "Shut"
    else:
        (folder / "comments" / "closed.yaml").unlink()
        age(folder)
        assert "closed" not in messages()


def test_a_rule_file_changed_just_now_is_not_snapshotted(pack):
    """Its next change could keep its size and modification time: nothing is written."""
    folder, _ = pack
    (folder / "comments" / "closed.yaml").touch()
    messages(), messages()
    assert not snapshot().exists()


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty", "old-shape"])
def test_a_damaged_snapshot_is_treated_as_missing(pack, damage):
    _, read = pack
    expected = messages()
    messages()
    data = snapshot().read_bytes()
    head, _, body = data.partition(b"\n")
    damaged = {
        "truncated": data[: len(data) // 2],
        "flipped": head + b"\n" + body[:100] + bytes([body[100] ^ 0x20]) + body[101:],
        "garbage": os.urandom(len(data)),
        "empty": b"",
        "old-shape": head + b"\n" + body,  # made valid below: the right CRC, a wrong shape
    }[damage]
    if damage == "old-shape":
        import marshal
        import zlib

        body = marshal.dumps({"key": "?", "files": {"comments/closed.yaml": [{"attrs": 1}]}})
        damaged = head.rsplit(b" ", 2)[0] + f" {zlib.crc32(body):08x} ".encode() \
            + head.rsplit(b" ", 1)[1] + b"\n" + body
    snapshot().write_bytes(damaged)
    read.clear()
    assert messages() == expected
    assert "closed.yaml" in read  # read from the files again...
    read.clear()
    assert messages() == expected
    assert read == []  # ...and the snapshot written afresh


def test_a_snapshot_state_of_the_wrong_shape_is_ignored(pack):
    assert packsnapshot._rebuilt([{"attrs": [["id", "x"]], "typed": ["id"]}, 3]) is None
    assert packsnapshot._rebuilt([{"attrs": [["block", {"~b": [{"~z": 1}, 6, 0, 0]}]],
                                   "typed": ["block"]}]) is None
    assert packsnapshot._rebuilt("rules") is None
    assert packsnapshot._rebuilt([{"attrs": [[1, "not a name"]], "typed": []}]) is None


def test_new_code_makes_a_new_snapshot(pack, monkeypatch, tmp_path):
    messages(), messages()
    old = snapshot()
    code = tmp_path / "code.py"
    code.write_text("# another analyser\n")
    real = packsnapshot.code_files
    monkeypatch.setattr(packsnapshot, "code_files", lambda: (*real(), str(code)))
    assert snapshot() != old
    messages(), messages()
    assert snapshot().is_file() and not old.exists()


def test_a_rules_dir_is_never_served_from_a_snapshot(pack, tmp_path):
    """A user's --rules-dir folder is read each run: an edit shows at once, even one that
    keeps the file's size and modification time."""
    user = tmp_path / "mine"
    user.mkdir()
    rule_file = user / "mine.yaml"
    rule_file.write_text(RULE.format(message="Mine one").replace("id: closed", "id: mine"))
    age(user)
    for _ in range(3):
        rules = loader.load_rules([user], plugins=False)
    assert {rule.id: rule.message for rule in rules}["mine"] == "Mine one"
    info = rule_file.stat()
    rule_file.write_text(RULE.format(message="Mine two").replace("id: closed", "id: mine"))
    os.utime(rule_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    rules = loader.load_rules([user], plugins=False)
    assert {rule.id: rule.message for rule in rules}["mine"] == "Mine two"


def test_a_plugins_rules_are_never_served_from_a_snapshot(pack, tmp_path, monkeypatch):
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    rule_file = plugin / "plug.yaml"
    rule_file.write_text(RULE.format(message="Plug one").replace("id: closed", "id: plug"))
    age(plugin)

    class Point:
        name, value = "plug", "plug_pkg:FOLDER"

        def load(self):
            return str(plugin)

    monkeypatch.setattr(loader, "entry_points", lambda group: [Point()])
    for _ in range(3):
        rules = loader.load_rules()
    assert {rule.id: rule.source for rule in rules}["plug"] == "plugin:plug"
    info = rule_file.stat()
    rule_file.write_text(RULE.format(message="Plug two").replace("id: closed", "id: plug"))
    os.utime(rule_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert {rule.id: rule.message for rule in loader.load_rules()}["plug"] == "Plug two"


def test_the_real_pack_from_its_snapshot_is_the_pack_from_its_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    loader.builtin_pack(), loader.builtin_pack()
    fresh = loader.load_dir(loader.builtin_rules_dir(), source="builtin")  # memos warm
    if not snapshot().is_file():
        pytest.skip("the pack's files changed within the last seconds")
    served = loader.builtin_pack()
    assert [rule.id for rule in served] == [rule.id for rule in fresh]
    for old, new in zip(fresh, served, strict=True):
        assert type(new) is type(old)
        if type(new).__module__ == "linter.rules.yaml_rule":
            assert comparable(vars(new)) == comparable(vars(old)), new.id


def test_the_snapshots_listing_is_the_loaders(tmp_path):
    """pack_files lists what loader.rule_paths does, in its order (or no snapshot is
    written: see load)."""
    for name in ("a/x.yaml", "a/_skip.yaml", "a/.hid.yaml", ".hidden/y.yaml", "b.yml", "c.py",
                 "d.txt", "dir.yaml/z.yaml", "a-b/w.yaml", "a/b/v.py", "A/u.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "link.yaml").symlink_to(tmp_path / "b.yml")
    listed = [name for name, _ in packsnapshot.pack_files(tmp_path, loader.RULE_SUFFIXES)]
    assert listed == [path.relative_to(tmp_path).as_posix()
                      for path in loader.rule_paths(tmp_path)]
    assert "dir.yaml/z.yaml" in listed and "link.yaml" in listed


def test_a_served_pack_needs_no_pattern_memo(pack, monkeypatch):
    """The common literals linter.engine.candidates asks for come with the snapshot."""
    from linter.engine import patterns
    from linter.engine.linter import Linter

    messages(), messages()
    monkeypatch.setattr(patterns, "_known", {})
    monkeypatch.setattr(patterns, "_memo", None)  # any memo read fails
    Linter(loader.load_rules(plugins=False))
