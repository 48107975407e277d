"""The rule documentation writer (python -m linter.rules.ruledocs)."""

from __future__ import annotations


def test_a_broken_rule_file_is_one_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    from linter.rules import loader, ruledocs

    pack = tmp_path / "rules"
    (pack / "broken").mkdir(parents=True)
    (pack / "broken" / "bad.yaml").write_text("id: bad\nmessage: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(loader, "builtin_rules_dir", lambda: pack)
    assert ruledocs.main([str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "bad.yaml" in err and "Traceback" not in err
    assert not (tmp_path / "docs").exists() or not any((tmp_path / "docs").iterdir())
