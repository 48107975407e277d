"""A rule that times out twice is switched off for the rest of the run (issue 15, item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_safety import Loops  # a rule that never returns
from typer.testing import CliRunner

from linter.cli import app as cli
from linter.document import Document
from linter.engine import guard
from linter.engine.linter import Linter

ARTICLE = "Rain in the hills\n\nIt rained all week in the hills.\n\nComments are closed.\n"
SLEEPY_RULE = '''\
import time

from linter.rule import Rule


class Sleepy(Rule):
    """Never returns; notes each call in a file."""

    id = "t-sleepy"
    message = "never"
    category = "t"

    def check(self, doc):
        with open({calls!r}, "a") as log:
            log.write(doc.path + "\\n")
        while True:
            time.sleep(60)
'''


def test_engine_switches_a_rule_off_after_two_timeouts():
    linter = Linter([Loops()], time_limit=0.1)
    results = [linter.check(Document(ARTICLE, f"{n}.txt")) for n in range(4)]
    messages = [str(e) for result in results for e in result.errors]
    assert [e.skipped for result in results for e in result.errors] == [False, False, True, True]
    assert messages[2] == "2.txt: rule `t-loop` skipped: switched off after timing out 2 times"


@pytest.mark.parametrize("command", ["check", "fix"])
def test_cli_runs_a_hanging_rule_at_most_twice_and_reports_it_once(
        tmp_path: Path, monkeypatch, command):
    calls = tmp_path / "calls.log"
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "sleepy.py").write_text(SLEEPY_RULE.format(calls=str(calls)))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(8):
        (corpus / f"a{n}.txt").write_text(ARTICLE)
    monkeypatch.setattr(guard, "rule_time_limit", lambda base, chars: 0.2)
    result = CliRunner().invoke(cli.app, [command, "--no-cache", "--jobs", "1",
                                          "--rules-dir", str(rules), str(corpus)])
    assert result.exit_code == 2
    assert len(calls.read_text().splitlines()) <= 2
    switched = [line for line in result.stderr.splitlines() if "switched off" in line]
    assert len(switched) == 1
    assert switched[0].startswith(
        "artlint: error: rule `t-sleepy` timed out 2 times and was switched off for the rest "
        "of the run; it skipped ")
    assert f"{corpus / 'a7.txt'}" in switched[0] or "more" in switched[0]
    assert result.stderr.count("ran over its time limit") <= 2


def test_shards_report_a_switched_off_rule_once_per_shard(tmp_path: Path, monkeypatch):
    import json

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "sleepy.py").write_text(SLEEPY_RULE.format(calls=str(tmp_path / "calls.log")))
    shard = tmp_path / "part-0.jsonl"
    shard.write_text("".join(json.dumps({"text": ARTICLE}) + "\n" for _ in range(6)))
    monkeypatch.setattr(guard, "rule_time_limit", lambda base, chars: 0.2)
    result = CliRunner().invoke(cli.app, ["shards", "check", "--engine", "serial",
                                          "--trust-config-rules", "--rules-dir", str(rules),
                                          str(shard)])
    summary = json.loads(result.stdout)
    messages = summary["shards"][0]["messages"]
    assert [m for m in messages if "switched off" in m] == [
        "part-0.jsonl: rule `t-sleepy` timed out 2 times and was switched off; it skipped "
        "4 records (fix the rule, or --ignore it)"]
    assert len([m for m in messages if "t-sleepy" in m]) == 3  # two timeouts, then that
