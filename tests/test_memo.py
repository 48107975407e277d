"""The rule-file memo: a rule file seen before is not parsed again, unless it changed."""

from __future__ import annotations

import json

import pytest

from linter import memo
from linter.errors import RuleFileError
from linter.rules import loader, yamlfile

RULE = "id: closed\nmessage: Comments closed\npattern: 'comments are closed'\n"


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty memo folder and memo; counts the YAML parses."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlfile, "_memo", memo.JsonMemo("rule-files.json"))
    parsed: list[str] = []
    real = yamlfile.load

    def counting(text, path):
        parsed.append(path)
        return real(text, path)

    monkeypatch.setattr(yamlfile, "load", counting)
    return parsed


def new_run(monkeypatch) -> None:
    """Save the memo as a finished run would, and start the next run's memo."""
    yamlfile._memo.save()
    monkeypatch.setattr(yamlfile, "_memo", memo.JsonMemo("rule-files.json"))


def rules_in(folder):
    return [(rule.id, rule.message, [p.pattern for p in rule.patterns])
            for rule in loader.load_dir(folder)]


def test_a_rule_file_seen_before_is_not_parsed_again(tmp_path, monkeypatch, fresh):
    (tmp_path / "r.yaml").write_text(RULE)
    first = rules_in(tmp_path)
    new_run(monkeypatch)
    assert rules_in(tmp_path) == first == [("closed", "Comments closed", ["comments are closed"])]
    assert len(fresh) == 1


def test_a_changed_rule_file_is_parsed_again(tmp_path, monkeypatch, fresh):
    (tmp_path / "r.yaml").write_text(RULE)
    rules_in(tmp_path)
    new_run(monkeypatch)
    (tmp_path / "r.yaml").write_text(RULE.replace("are closed", "are shut"))
    assert rules_in(tmp_path)[0][2] == ["comments are shut"]
    assert len(fresh) == 2


def test_a_new_artlint_version_starts_a_new_memo(tmp_path, monkeypatch, fresh):
    (tmp_path / "r.yaml").write_text(RULE)
    rules_in(tmp_path)
    new_run(monkeypatch)
    monkeypatch.setattr(memo, "__version__", "99.0")
    rules_in(tmp_path)
    assert len(fresh) == 2


def test_errors_keep_their_lines_when_the_file_comes_from_the_memo(tmp_path, monkeypatch,
                                                                   fresh):
    (tmp_path / "r.yaml").write_text(RULE + "max-length: -3\n")
    for _ in range(2):
        with pytest.raises(RuleFileError) as caught:
            rules_in(tmp_path)
        assert caught.value.line == 4
        new_run(monkeypatch)
    assert len(fresh) == 1


def test_a_damaged_memo_entry_is_parsed_again(tmp_path, monkeypatch, fresh):
    (tmp_path / "r.yaml").write_text(RULE)
    rules_in(tmp_path)
    new_run(monkeypatch)
    path = yamlfile._memo.path
    path.write_text(json.dumps({key: "garbage" for key in json.loads(path.read_text())}))
    assert rules_in(tmp_path)[0][0] == "closed"
    assert len(fresh) == 2


def test_values_json_cannot_hold_are_parsed_every_time(tmp_path, monkeypatch, fresh):
    (tmp_path / "r.yaml").write_text(RULE + "description: 2024-01-01\n")
    with pytest.raises(RuleFileError):  # a date is not a string
        rules_in(tmp_path)
    new_run(monkeypatch)
    with pytest.raises(RuleFileError):
        rules_in(tmp_path)
    assert len(fresh) == 2


def test_a_memo_is_saved_where_it_was_read_even_if_the_cache_folder_moved(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "first"))
    remembered = memo.JsonMemo("things.json")
    remembered.put("key", [1, 2])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "second"))  # as at interpreter exit
    remembered.save()
    assert json.loads((tmp_path / "first" / "artlint" / memo.__version__ / "things.json")
                      .read_text()) == {"key": [1, 2]}
    assert not (tmp_path / "second").exists()


def test_values_made_by_changed_code_are_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    analyser = tmp_path / "analyser.py"
    analyser.write_text("VERSION = 1\n")
    first = memo.JsonMemo("results.json", made_by=(str(analyser),))
    first.put("pattern", "old answer")
    first.save()
    assert memo.JsonMemo("results.json", made_by=(str(analyser),)).get("pattern") == (
        "old answer")
    analyser.write_text("VERSION = 2\n")  # the code that computed it changed
    second = memo.JsonMemo("results.json", made_by=(str(analyser),))
    assert second.get("pattern") is None
    second.put("pattern", "new answer")
    second.save()
    assert [p.name for p in second.path.parent.iterdir()] == [second.path.name]  # old gone


def test_past_its_size_a_memo_drops_what_this_run_did_not_use_oldest_first(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    earlier = memo.JsonMemo("things.json", max_entries=4)
    for n in range(4):
        earlier.put(f"old{n}", n)
    earlier.save()
    run = memo.JsonMemo("things.json", max_entries=4)
    assert run.get("old0") == 0  # used by this run: kept, though the oldest
    run.put("new", 9)
    run.save()
    assert list(json.loads(run.path.read_text())) == ["old0", "old2", "old3", "new"]


def test_saving_removes_temporary_files_a_killed_run_left(tmp_path, monkeypatch):
    from linter import files

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    things = memo.JsonMemo("things.json")
    things.put("key", 1)
    folder = things.path.parent
    folder.mkdir(parents=True)
    dead = folder / f".things.json.k1ll3d{files.TEMP_SUFFIX}"
    dead.write_text("")  # a killed run's: nobody holds its lock
    things.save()
    assert sorted(p.name for p in folder.iterdir()) == ["things.json"]
