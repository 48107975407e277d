"""The regex program memo: a pattern seen by a run before is rebuilt from what `regex`
compiled it to, without `regex`'s parser, and behaves exactly like a fresh compile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from linter import regexmemo
from linter.memo import MarshalMemo
from linter.rules.loader import load_rules
from linter.rules.yaml_rule import PatternRule

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def memo(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(regexmemo, "_code", MarshalMemo("regex-code.marshal"))


def new_run(monkeypatch) -> None:
    """Save the memo as a finished run would; the next run reads it from disk."""
    regexmemo._code.save()
    monkeypatch.setattr(regexmemo, "_code", MarshalMemo("regex-code.marshal"))


def refuse_parsing(monkeypatch) -> list[str]:
    """Make `regex`'s own compile record its calls (it still works)."""
    calls: list[str] = []
    real = regex.compile

    def counting(source, flags=0, **kwargs):
        calls.append(source)
        return real(source, flags, **kwargs)

    monkeypatch.setattr(regex, "compile", counting)
    return calls


def pack_patterns() -> list[tuple[str, int]]:
    return [(p.pattern, p.flags) for rule in load_rules(plugins=False)
            if isinstance(rule, PatternRule) for p in rule.patterns]


def sample_lines() -> list[str]:
    lines = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in (".txt", ".md", ".html", ".jsonl"):
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines


def test_a_known_pattern_is_rebuilt_without_regex_parsing_it(memo, monkeypatch):
    source = r"(?P<label>photo|image)\s*credit:\s*\p{Lu}\w+"
    first = regexmemo.compiled(source, regex.IGNORECASE)
    new_run(monkeypatch)
    calls = refuse_parsing(monkeypatch)
    again = regexmemo.compiled(source, regex.IGNORECASE)
    assert calls == []
    assert (again.pattern, again.flags, again.groupindex) == (
        first.pattern, first.flags, first.groupindex)
    line = "A view of the port. Photo credit: Getty"
    assert again.search(line).group("label") == first.search(line).group("label") == "Photo"


def test_every_pack_pattern_rebuilt_matches_like_a_fresh_compile(memo, monkeypatch):
    sources = sorted(set(pack_patterns()))
    lines = sample_lines()
    assert len(sources) > 100 and len(lines) > 500
    matched = 0
    for source, flags in sources:
        regexmemo.compiled(source, flags)
    new_run(monkeypatch)
    calls = refuse_parsing(monkeypatch)
    for source, flags in sources:
        rebuilt, fresh = regexmemo.compiled(source, flags), regex.compile(source, flags)
        assert rebuilt.flags == fresh.flags and rebuilt.groupindex == fresh.groupindex
        spans = [m.span() for line in lines if (m := fresh.search(line))]
        found = [m.span() for line in lines if (m := rebuilt.search(line))]
        assert found == spans, source
        matched += len(spans)
    assert matched > 500  # the comparison saw real matches, not only misses
    assert len(calls) == len(sources)  # only the fresh compiles of this test


def test_a_bad_pattern_is_refused_and_not_stored(memo):
    with pytest.raises(regex.error):
        regexmemo.compiled("(unclosed")
    assert regexmemo._code.entries() == {}


def test_another_regex_version_compiles_afresh(memo, monkeypatch):
    regexmemo.compiled("comments are closed")
    new_run(monkeypatch)
    monkeypatch.setattr(regex, "__version__", "0.0.1")
    calls = refuse_parsing(monkeypatch)
    assert regexmemo.compiled("comments are closed").search("Comments are closed") is None
    assert calls == ["comments are closed"]


@pytest.mark.parametrize("damage", [
    lambda entry: "garbage",
    lambda entry: entry[:3],
    lambda entry: [*entry[:1], "not flags", *entry[2:]],
    lambda entry: ["another pattern", *entry[1:]],
    lambda entry: [*entry[:2], "zz not a program", *entry[3:]],
    lambda entry: [*entry[:2], [b"not a program", entry[2][1]], *entry[3:]],
    lambda entry: [*entry[:2], [entry[2][0], entry[2][1] ^ 1], *entry[3:]],  # checksum off
    lambda entry: [*entry[:6], ["x"], *entry[7:]],
])
def test_a_damaged_entry_is_compiled_afresh(memo, monkeypatch, damage):
    regexmemo.compiled(r"share on \p{Lu}\w+", regex.IGNORECASE)
    regexmemo._code.save()
    path = regexmemo._code.path
    entries = regexmemo._code._decode(path.read_bytes())
    path.write_bytes(regexmemo._code._encode({k: damage(v) for k, v in entries.items()}))
    monkeypatch.setattr(regexmemo, "_code", MarshalMemo("regex-code.marshal"))
    calls = refuse_parsing(monkeypatch)
    pattern = regexmemo.compiled(r"share on \p{Lu}\w+", regex.IGNORECASE)
    assert pattern.search("SHARE ON Facebook") is not None
    assert calls == [r"share on \p{Lu}\w+"]


@pytest.mark.parametrize("damage", ["flipped", "truncated", "garbage", "json"])
def test_a_damaged_memo_file_reads_as_empty(memo, monkeypatch, damage):
    """The header's CRC-32 fails: `marshal` never reads the body."""
    regexmemo.compiled(r"share on \p{Lu}\w+", regex.IGNORECASE)
    regexmemo._code.save()
    path = regexmemo._code.path
    data = path.read_bytes()
    path.write_bytes({"flipped": data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
                      "truncated": data[:len(data) // 2],
                      "garbage": bytes(range(256)) * 4,
                      "json": json.dumps({"a": 1}).encode()}[damage])
    monkeypatch.setattr(regexmemo, "_code", MarshalMemo("regex-code.marshal"))
    assert regexmemo._code.entries() == {}
    calls = refuse_parsing(monkeypatch)
    assert regexmemo.compiled(r"share on \p{Lu}\w+", regex.IGNORECASE).search("SHARE ON Xy")
    assert calls == [r"share on \p{Lu}\w+"]
