"""The result cache: keyed by content, rules and configuration; safe to ship with a repo."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli.app import app
from linter.config import linters
from linter.document import Document
from linter.engine.linter import Linter
from linter.pipeline import cache
from linter.rules.yaml_rule import load_file

RULE = "id: closed\nmessage: Comments closed\npattern: 'comments are closed\\.?'\n"
DIRTY = "Title\n\nText.\n\nComments are closed.\n"


def linter_with(rule_text=RULE):
    return Linter(load_file("r.yaml", rule_text))


def test_second_lookup_is_a_hit_and_gives_the_same_findings(tmp_path):
    linter = linter_with()
    store = cache.ResultCache(tmp_path, cache.fingerprint(linter))
    doc = Document(DIRTY, "a.txt")
    first = store.check(linter, doc)
    again = store.check(linter, Document(DIRTY, "a.txt"))
    assert (store.misses, store.hits) == (1, 1)
    assert again.findings == first.findings
    assert again.findings[0].fix == first.findings[0].fix  # fixes survive the round trip


def test_changed_content_or_path_misses(tmp_path):
    linter = linter_with()
    store = cache.ResultCache(tmp_path, cache.fingerprint(linter))
    store.check(linter, Document(DIRTY, "a.txt"))
    store.check(linter, Document(DIRTY + "More.\n", "a.txt"))
    store.check(linter, Document(DIRTY, "b.txt"))
    assert (store.misses, store.hits) == (3, 0)


def test_fingerprint_changes_with_a_rule_and_with_the_configuration():
    base = cache.fingerprint(linter_with())
    assert cache.fingerprint(linter_with()) == base
    assert cache.fingerprint(linter_with(RULE.replace("are closed", "are shut"))) != base
    assert cache.fingerprint(linter_with(), settings={"select": ["x"]}) != base


def test_a_file_read_from_disk_finds_what_was_stored_for_its_text(tmp_path):
    from linter import files

    linter = linter_with()
    store = cache.ResultCache(tmp_path / "cache", "fp")
    store.check(linter, Document(DIRTY, "a.txt"))
    (tmp_path / "a.txt").write_text(DIRTY)
    read = files.read(str(tmp_path / "a.txt"))
    assert read.sha256 == Document(DIRTY).sha256  # given by the read, not computed again
    read.path = "a.txt"
    assert store.lookup(read) is not None


def test_lookup_many_answers_each_document_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "QUERY_KEYS", 2)  # several queries
    linter = linter_with()
    store = cache.ResultCache(tmp_path, "fp")
    docs = [Document(DIRTY if n % 2 else "Clean.\n", f"{n}.txt") for n in range(5)]
    for doc in docs[:4]:
        store.check(linter, doc)
    found = store.lookup_many(docs)
    assert [None if r is None else len(r.findings) for r in found] == [0, 1, 0, 1, None]
    assert (store.hits, store.misses) == (4, 5)


def test_results_with_rule_errors_are_not_stored(tmp_path):
    store = cache.ResultCache(tmp_path, "fp")
    from linter.engine.linter import CheckResult, RuleError

    doc = Document("x\n", "a.txt")
    store.store(doc, CheckResult([], [RuleError("r", "a.txt", "timed out")]))
    assert store.lookup(doc) is None


def test_a_damaged_entry_is_a_miss_not_a_crash_and_never_runs_code(tmp_path):
    linter = linter_with()
    store = cache.ResultCache(tmp_path, "fp")
    doc = Document(DIRTY, "a.txt")
    store.check(linter, doc)
    store.close()
    (db_path,) = tmp_path.rglob("*.sqlite")
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE results SET value = ?", (b"\x80\x04cos\nsystem\n.",))
    store = cache.ResultCache(tmp_path, "fp")
    assert store.lookup(doc) is None
    assert [f.rule for f in store.check(linter, doc).findings] == ["closed"]


@pytest.mark.parametrize("value", [
    '[["closed","m","warning","c",0,1,1,1,1,2]]',  # a field short
    '[["closed","m","warning","c",0,1,1,1,1,2,null,7]]',  # a field over
    '[["closed","m","fatal","c",0,1,1,1,1,2,null]]',  # no such severity
    '[["closed","m","warning","c",0,1,1,1,1,2,["sure",[[0,1,""]]]]]',  # no such safety
    '5',
])
def test_an_entry_of_another_shape_is_a_miss(tmp_path, value):
    store = cache.ResultCache(tmp_path, "fp")
    doc = Document(DIRTY, "a.txt")
    store.store(doc, linter_with().check(doc))
    store.close()
    (db_path,) = tmp_path.rglob("*.sqlite")
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE results SET value = ?", (value,))
    assert cache.ResultCache(tmp_path, "fp").lookup(doc) is None


def test_a_stored_entry_comes_back_whole(tmp_path):
    store = cache.ResultCache(tmp_path, "fp")
    doc = Document(DIRTY, "a.txt")
    result = linter_with().check(doc)
    store.store(doc, result)
    back = store.lookup(doc)
    assert back is not None and back.findings == result.findings
    assert [f.fix for f in back.findings] == [f.fix for f in result.findings]


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARTLINT_CACHE_DIR", raising=False)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(RULE)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "dirty.txt").write_text(DIRTY)
    (tmp_path / "c" / "clean.txt").write_text("Title\n\nText.\n")
    return tmp_path


def run(*args):
    return CliRunner().invoke(app, [*args, "--rules-dir", "rules", "--select", "closed"])


def test_cli_second_run_reads_the_cache_and_prints_the_same(corpus):
    first = run("check", "--output-format", "concise", "c")
    assert (corpus / ".artlint_cache" / "CACHEDIR.TAG").is_file()
    (db_path,) = (corpus / ".artlint_cache").rglob("*.sqlite")
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone() == (2,)
    second = run("check", "--output-format", "concise", "c")
    assert second.stdout == first.stdout == "c/dirty.txt:5:1: warning[closed] Comments closed\n"
    assert second.exit_code == first.exit_code == 1


def test_cli_no_cache_writes_nothing_and_cache_dir_moves_it(corpus):
    assert run("check", "--no-cache", "c").exit_code == 1
    assert not (corpus / ".artlint_cache").exists()
    assert run("check", "--cache-dir", "elsewhere", "c").exit_code == 1
    assert (corpus / "elsewhere" / "CACHEDIR.TAG").is_file()


def test_cli_fix_after_a_cached_check_still_fixes_and_clean_removes_the_cache(corpus):
    run("check", "c")
    result = run("fix", "c")
    assert result.exit_code == 0
    assert (corpus / "c" / "dirty.txt").read_text() == "Title\n\nText.\n"
    again = run("fix", "c")
    assert "Fixed 0 findings in 2 files (0 files changed)" in again.stdout
    cleaned = CliRunner().invoke(app, ["clean"])
    assert cleaned.exit_code == 0 and "removed" in cleaned.stdout
    assert not (corpus / ".artlint_cache").exists()


def test_clean_leaves_a_folder_artlint_did_not_make(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("x")
    assert cache.clean([tmp_path / "mine"]) == []
    assert (tmp_path / "mine" / "keep.txt").exists()


# ---------------------------------------------------------------------------------------
# The CLI's fingerprint: read from the rule files, without loading a rule
# ---------------------------------------------------------------------------------------


def source_fingerprint(folder, **overrides):
    from linter.config import settings as config

    settings = config.resolve(config.Overrides(rules_dir=[folder], **overrides), cwd=folder)
    return cache.source_fingerprint(settings)


def test_source_fingerprint_follows_rule_files_and_configuration(tmp_path):
    (tmp_path / "r.yaml").write_text(RULE)
    base = source_fingerprint(tmp_path)
    assert source_fingerprint(tmp_path) == base
    (tmp_path / "r.yaml").write_text(RULE.replace("are closed", "are shut"))
    changed = source_fingerprint(tmp_path)
    assert changed != base
    (tmp_path / "more.yaml").write_text(RULE.replace("closed", "other"))
    assert source_fingerprint(tmp_path) not in (base, changed)
    (tmp_path / "more.yaml").unlink()
    assert source_fingerprint(tmp_path) == changed
    assert source_fingerprint(tmp_path, select="closed") != changed


def test_source_fingerprint_tells_a_missing_rules_folder_from_an_empty_one(tmp_path):
    (tmp_path / "rules").mkdir()
    empty = source_fingerprint(tmp_path / "rules")
    (tmp_path / "rules").rmdir()
    assert source_fingerprint(tmp_path / "rules") != empty


def test_source_fingerprint_follows_plugins_and_the_version(tmp_path, monkeypatch):
    from linter.rules import loader

    class Dist:
        name, version = "artlint-extra", "1.0"

    class Point:
        name, value, dist = "extra", "extra.rules", Dist()

    base = source_fingerprint(tmp_path)
    monkeypatch.setattr(loader, "entry_points", lambda group: [Point()])
    with_plugin = source_fingerprint(tmp_path)
    assert with_plugin != base
    monkeypatch.setattr(Dist, "version", "1.1")
    assert source_fingerprint(tmp_path) != with_plugin
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert source_fingerprint(tmp_path) not in (base, with_plugin)


def test_cli_fully_cached_run_builds_no_linter(corpus, monkeypatch):

    first = run("check", "--output-format", "concise", "c")

    def refuse(*args, **kwargs):
        raise AssertionError("the linter was built")

    monkeypatch.setattr(linters, "build", refuse)
    second = run("check", "--output-format", "concise", "c")
    assert (second.stdout, second.exit_code) == (first.stdout, first.exit_code)
    (corpus / "c" / "new.txt").write_text(DIRTY)  # a file the cache lacks needs the linter
    assert run("check", "c").exit_code == 2


def test_markdown_and_html_files_are_answered_from_the_cache_too(corpus, monkeypatch):

    (corpus / "c" / "page.md").write_text("# Title\n\nText.\n\n" + DIRTY.split("\n\n")[-1])
    (corpus / "c" / "page.html").write_text("<p>Text of the page.</p>\n<p>Comments are "
                                            "closed.</p>\n")
    (corpus / "c" / "quoted.md").write_text("Text.\n\n```\nComments are closed.\n```\n")
    names = ["c/page.md", "c/page.html", "c/quoted.md"]
    first = run("check", "--output-format", "concise", *names)
    assert first.stdout == ("c/page.md:5:1: warning[closed] Comments closed\n"
                            "c/page.html:2:4: warning[closed] Comments closed\n")
    monkeypatch.setattr(linters, "build", lambda *a, **k: pytest.fail("the linter was built"))
    second = run("check", "--output-format", "concise", *names)
    assert (second.stdout, second.exit_code) == (first.stdout, first.exit_code)
    (corpus / "c" / "page.md").write_text("# Title\n\nNew text.\n")  # changed: not cached
    with pytest.raises(pytest.fail.Exception):
        run("check", *names)


def test_fixing_markdown_and_html_again_needs_no_linter(corpus, monkeypatch):

    page, doc = corpus / "c" / "page.md", corpus / "c" / "page.html"
    page.write_text("# Title\n\nText.\n\nComments are closed.\n")
    doc.write_text("<p>Text of the page.</p>\n<p>Comments are closed.</p>\n")
    names = ["c/page.md", "c/page.html"]
    assert run("fix", *names).exit_code == 0
    assert page.read_text() == "# Title\n\nText.\n"
    assert doc.read_text() == "<p>Text of the page.</p>\n"
    monkeypatch.setattr(linters, "build", lambda *a, **k: pytest.fail("the linter was built"))
    again = run("fix", *names)
    assert again.exit_code == 0 and "Fixed 0 findings in 2 files" in again.stdout
    assert run("check", *names).exit_code == 0  # and check knows them too
    page.write_text("# Title\n\nText.\n\nComments are closed.\n")  # dirty again
    with pytest.raises(pytest.fail.Exception):
        run("fix", *names)


def test_json_lines_records_are_answered_from_the_cache(corpus, monkeypatch):
    from linter.config import linters

    records = corpus / "c" / "pages.jsonl"
    dirty = '{"id": 1, "text": "Title\\n\\nComments are closed.\\n"}\n'
    clean = '{"id": 2, "text": "Title\\n\\nText.\\n"}\n'
    records.write_text(dirty + clean)
    first = run("check", "--output-format", "concise", "c/pages.jsonl")
    assert first.stdout == ("c/pages.jsonl:1:1: warning[closed] Comments closed (field `text`, "
                            "line 3, column 1)\n")
    build = linters.build
    monkeypatch.setattr(linters, "build", lambda *a, **k: pytest.fail("the linter was built"))
    second = run("check", "--output-format", "concise", "c/pages.jsonl")
    assert (second.stdout, second.exit_code) == (first.stdout, first.exit_code)
    monkeypatch.setattr(linters, "build", build)
    assert run("fix", "c/pages.jsonl").exit_code == 0
    assert records.read_text() == '{"id": 1, "text": "Title\\n"}\n' + clean
    monkeypatch.setattr(linters, "build", lambda *a, **k: pytest.fail("the linter was built"))
    assert run("fix", "c/pages.jsonl").exit_code == 0  # every record known clean
    assert run("check", "c/pages.jsonl").exit_code == 0
    records.write_text(clean + '{"id": 3, "text": "New text."}\n')  # a record not seen
    with pytest.raises(pytest.fail.Exception):
        run("check", "c/pages.jsonl")


def test_cli_cached_run_follows_rule_config_and_file_changes(corpus):
    assert run("check", "--output-format", "concise", "c").exit_code == 1
    (corpus / "rules" / "r.yaml").write_text(RULE.replace("are closed", "are shut"))
    assert run("check", "--output-format", "concise", "c").stdout == ""
    (corpus / "rules" / "r.yaml").write_text(RULE)
    (corpus / ".artlint.toml").write_text('[severity]\nclosed = "info"\n')
    assert run("check", "--output-format", "concise", "c").stdout == (
        "c/dirty.txt:5:1: info[closed] Comments closed\n")
    assert run("check", "c").exit_code == 0  # info is below the default fail-on
    (corpus / "c" / "dirty.txt").write_text("Title\n\nText.\n")
    assert run("check", "--output-format", "concise", "c").stdout == ""


# Runs `artlint` in a fresh interpreter, then names the pattern machinery it imported.
IMPORTED_AFTER_RUN = """
import runpy, sys
sys.argv = ["artlint", *sys.argv[1:]]
try:
    runpy.run_module("linter", run_name="__main__")
except SystemExit:
    pass
heavy = ("regex", "ahocorasick", "linter.rules.yaml_rule", "linter.engine.prefilter")
print("imported:", ",".join(name for name in heavy if name in sys.modules), file=sys.stderr)
"""


def test_a_run_the_cache_answers_imports_no_pattern_machinery(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text(DIRTY)
    args = ["check", "--exit-zero", "--cache-dir", str(tmp_path / "cache"), "a.txt"]
    env = {k: v for k, v in os.environ.items() if k != "ARTLINT_DEBUG"}

    def imported() -> str:
        proc = subprocess.run([sys.executable, "-c", IMPORTED_AFTER_RUN, *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120, env=env, check=True)
        return proc.stderr.strip().splitlines()[-1]

    assert imported() == ("imported: regex,ahocorasick,linter.rules.yaml_rule,"
                          "linter.engine.prefilter")
    assert imported() == "imported:"  # the second run is answered from the cache


@pytest.fixture
def hashes(tmp_path, monkeypatch):
    """An empty file-hash memo; counts the rule files read for their hash."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache, "_hashes", None)
    read: list[str] = []
    real = Path.read_bytes

    def counting(self):
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return read


def aged(path: Path, seconds: float = 60) -> None:
    old = path.stat().st_mtime - seconds
    os.utime(path, (old, old))


def test_an_unchanged_rule_file_is_hashed_from_the_memo(tmp_path, hashes):
    rule = tmp_path / "rules" / "r.yaml"
    rule.parent.mkdir()
    rule.write_text(RULE)
    aged(rule)
    first = cache._content_hash(rule)
    assert first == hashlib.sha256(RULE.encode()).hexdigest()
    cache._hashes.save()
    cache._hashes = None  # the next run reads the memo from disk
    assert cache._content_hash(rule) == first
    assert hashes == ["r.yaml"]  # read once


def test_an_edited_rule_file_is_read_again_even_with_its_old_mtime(tmp_path, hashes):
    rule = tmp_path / "r.yaml"
    rule.write_text(RULE)
    aged(rule)
    before = cache._content_hash(rule)
    mtime = rule.stat().st_mtime_ns
    rule.write_text(RULE + "# a comment\n")
    os.utime(rule, ns=(mtime, mtime))  # same mtime, new size
    assert cache._content_hash(rule) != before
    assert hashes == ["r.yaml", "r.yaml"]


def test_a_file_changed_moments_ago_is_not_remembered(tmp_path, hashes):
    rule = tmp_path / "r.yaml"
    rule.write_text(RULE)  # mtime now: a same-size edit could keep it on a coarse clock
    cache._content_hash(rule)
    cache._content_hash(rule)
    assert hashes == ["r.yaml", "r.yaml"]


def test_a_cache_dir_that_holds_other_files_is_refused_and_left_as_it_is(corpus):
    """`--cache-dir .` would have marked the project as a cache (backups skip it, `clean`
    removes it) and replaced its .gitignore."""
    (corpus / ".gitignore").write_text("build/\n")
    result = run("check", "--cache-dir", ".", "c")
    assert result.exit_code == 2
    assert result.stderr == ("artlint: error: .: not an artlint cache folder (it holds other "
                             "files); give --cache-dir (or ARTLINT_CACHE_DIR) a new or empty "
                             "folder: artlint marks it as a cache, which backups skip and "
                             "`artlint clean` removes\n")
    assert (corpus / ".gitignore").read_text() == "build/\n"
    assert not (corpus / "CACHEDIR.TAG").exists()


def test_clean_refuses_a_folder_another_tool_marked_as_a_cache(corpus):
    target = corpus / "target"
    target.mkdir()
    (target / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                                         "# This file is a cache directory tag created by cargo.\n")
    (target / "build.bin").write_bytes(b"x")
    result = CliRunner().invoke(app, ["clean", "--cache-dir", "target"])
    assert result.exit_code == 2
    assert "target: not an artlint cache folder" in result.stderr
    assert (target / "build.bin").exists()


def test_clean_leaves_an_artlint_cache_that_holds_a_file_artlint_did_not_put_there(corpus):
    run("check", "c")
    stray = corpus / ".artlint_cache" / "notes.txt"
    stray.write_text("mine")
    result = CliRunner().invoke(app, ["clean"])
    assert result.exit_code == 2
    assert f"it holds {stray}, which artlint did not make" in result.stderr
    assert stray.read_text() == "mine"


def test_an_empty_folder_can_be_the_cache_and_its_own_gitignore_is_kept(corpus):
    (corpus / "cachehere").mkdir()
    assert run("check", "--cache-dir", "cachehere", "c").exit_code == 1
    assert cache.made_by_artlint(corpus / "cachehere")
    (corpus / "cachehere" / ".gitignore").write_text("# mine\n*\n")
    assert run("check", "--cache-dir", "cachehere", "c").exit_code == 1
    assert (corpus / "cachehere" / ".gitignore").read_text() == "# mine\n*\n"
