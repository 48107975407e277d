"""`--output-format sarif`: SARIF 2.1.0 valid against the official schema (vendored in
tests/schemas/), with rules, repo-relative URIs, regions, stable fingerprints and fixes.

The pack and the story are tests/formatcase.py's, shared with the github and html tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from formatcase import SELECT, STORY, pack
from typer.testing import CliRunner

from linter.cli.app import app

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

PACK = pack("Comments-closed notice",
            "Comment-section residue left by the extractor.\n\nIt is always safe to delete.")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "pack.yaml").write_text(PACK)
    (tmp_path / "corpus" / "sub dir").mkdir(parents=True)
    (tmp_path / "corpus" / "sub dir" / "story.txt").write_text(STORY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif(*args: str, command: str = "check") -> dict:
    result = CliRunner().invoke(
        app, [command, "--rules-dir", "rules", "--select", SELECT, "--output-format", "sarif",
              *args], env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None})
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_log_validates_against_the_sarif_schema(corpus):
    log = sarif("corpus")
    validate(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "artlint"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": corpus.as_uri() + "/"}}
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_the_schema_check_itself_rejects_a_broken_log(corpus):
    log = sarif("corpus")
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(log)


def test_driver_rules_describe_every_rule_that_ran(corpus):
    rules = sarif("corpus")["runs"][0]["tool"]["driver"]["rules"]
    ours = {rule["id"]: rule for rule in rules if rule["id"].startswith("t-")}
    assert sorted(ours) == ["t-click-here", "t-comments-closed", "t-dont-miss"]
    closed = ours["t-comments-closed"]
    assert closed["shortDescription"] == {"text": "Comments-closed notice"}
    assert closed["fullDescription"] == {"text": "Comment-section residue left by the extractor."}
    assert closed["help"]["text"] == (
        "Comment-section residue left by the extractor.\n\nIt is always safe to delete.")
    assert closed["help"]["markdown"].startswith("# t-comments-closed\n\n*Comments-closed notice*")
    assert closed["defaultConfiguration"] == {"level": "error"}
    assert ours["t-click-here"]["defaultConfiguration"] == {"level": "note"}
    assert ours["t-dont-miss"]["defaultConfiguration"] == {"level": "warning"}
    assert closed["properties"]["category"] == "t-comments"


def test_results_point_at_repo_relative_uris_and_regions(corpus):
    run = sarif("corpus")["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    click, dont_miss, closed = run["results"]
    assert [r["ruleId"] for r in run["results"]] == ["t-click-here", "t-dont-miss",
                                                      "t-comments-closed"]
    assert [r["level"] for r in run["results"]] == ["note", "warning", "error"]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    location = click["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "corpus/sub%20dir/story.txt",
                                            "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 19, "endLine": 3,
                                  "endColumn": 31, "snippet": {"text": "[click here]"}}
    assert dont_miss["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5, "startColumn": 1, "endLine": 7, "endColumn": 34,
        "snippet": {"text": "DON'T MISS:\nMinister resigns over expenses row\n"
                            "Germany aims to overhaul its army"}}
    assert closed["message"] == {"text": "Comments-closed notice"}


def test_uris_are_relative_to_sarif_root(corpus):
    run = sarif("--sarif-root", "corpus", "corpus")["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (corpus / "corpus").as_uri() + "/"
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "sub%20dir/story.txt", "uriBaseId": "%SRCROOT%"}
    outside = sarif("--sarif-root", "rules", "corpus")["runs"][0]["results"][0]
    location = outside["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (corpus / "corpus" / "sub dir" / "story.txt").as_uri()}


def test_fixes_are_artifact_changes_built_from_the_edits(corpus):
    click, dont_miss, closed = sarif("corpus")["runs"][0]["results"]
    where = {"uri": "corpus/sub%20dir/story.txt", "uriBaseId": "%SRCROOT%"}
    assert click["fixes"] == [{
        "description": {"text": "Applied by `artlint fix`"},
        "artifactChanges": [{"artifactLocation": where, "replacements": [{
            "deletedRegion": {"startLine": 3, "startColumn": 19, "endLine": 3, "endColumn": 31},
            "insertedContent": {"text": "(link)"},
        }]}],
    }]
    # Whole lines 5-7 go: the deleted region ends at the start of line 8.
    assert dont_miss["fixes"][0]["artifactChanges"][0]["replacements"] == [{
        "deletedRegion": {"startLine": 5, "startColumn": 1, "endLine": 8, "endColumn": 1}}]
    # The last line goes with its newline: the region ends just past the last line.
    assert closed["fixes"][0]["artifactChanges"][0]["replacements"] == [{
        "deletedRegion": {"startLine": 11, "startColumn": 1, "endLine": 12, "endColumn": 1}}]


def test_a_finding_without_a_fix_has_no_fixes(corpus):
    (corpus / "rules" / "pack.yaml").write_text(PACK.replace(
        "severity: error\n", "severity: error\nfix: none\n", 1))
    closed = sarif("corpus")["runs"][0]["results"][-1]
    assert closed["ruleId"] == "t-comments-closed"
    assert "fixes" not in closed


def fingerprints(log: dict) -> list[tuple[str, str]]:
    return [(r["ruleId"], r["partialFingerprints"]["artlintFinding/v1"])
            for r in log["runs"][0]["results"]]


def test_fingerprints_survive_lines_moving_and_tell_repeats_apart(corpus):
    story = corpus / "corpus" / "sub dir" / "story.txt"
    before = fingerprints(sarif("corpus"))
    story.write_text("New first paragraph.\n\nAnd another.\n\n" + STORY)
    moved = sarif("corpus")
    assert moved["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"][
        "startLine"] == 15
    assert fingerprints(moved) == before
    assert len({fp for _, fp in before}) == 3
    # A second identical notice is a different finding; the first keeps its fingerprint.
    story.write_text(STORY + "\nComments are closed.\n")
    repeated = fingerprints(sarif("corpus"))
    assert repeated[:3] == before
    assert repeated[3][0] == "t-comments-closed" and repeated[3][1] != before[2][1]
    # Different text, different fingerprint.
    story.write_text(STORY.replace("Comments are closed.", "Comments are closed!"))
    assert fingerprints(sarif("corpus"))[2] != before[2]


def test_columns_count_code_points_and_a_bom_is_not_counted(corpus):
    story = corpus / "corpus" / "sub dir" / "story.txt"
    story.write_bytes(b"\xef\xbb\xbf" + "Caf\u00e9 \U0001f600 [click here] x\n".encode())
    [result] = sarif("corpus")["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (8, 20)


def test_fix_command_reports_what_remains_as_sarif(corpus):
    log = sarif("corpus", command="fix")
    validate(log)
    assert log["runs"][0]["results"] == []


def test_stdin_and_a_failed_file_still_validate(corpus):
    (corpus / "corpus" / "bad.txt").write_bytes(b"caf\xe9\n")
    result = CliRunner().invoke(
        app, ["check", "--rules-dir", "rules", "--select", SELECT, "--output-format", "sarif",
              "corpus", "-"], input="Comments are closed.\n",
        env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None})
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    validate(log)
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": False}]
    last = log["runs"][0]["results"][-1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert last == {"uri": "%3Cstdin%3E"}


DOCS = Path(__file__).parent.parent / "docs" / "rules"


def test_builtin_rules_carry_a_help_uri_to_their_page_in_docs_rules(corpus):
    """`helpUri` (issue 18): a built-in rule's page in docs/rules/, text and HTML rules
    alike, under ARTLINT_DOCS_URL; a local rule has no page, so no helpUri."""
    (corpus / "corpus" / "page.html").write_text(
        '<html><body><p>The story text.</p><div class="share-buttons"><p>Share</p></div>'
        "</body></html>\n")
    (corpus / "corpus" / "wire.txt").write_text("The story text goes on.\n\nSource link\n")
    base = "https://github.com/example/artlint/blob/v1"
    result = CliRunner().invoke(
        app, ["check", "--rules-dir", "rules", "--extend-select", SELECT, "--no-cache",
              "--output-format", "sarif", "corpus"],
        env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "ARTLINT_DOCS_URL": base})
    log = json.loads(result.stdout)
    validate(log)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    found = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert {"source-footer", "html-share-container", "t-comments-closed"} <= found
    for rule_id, rule in rules.items():
        if rule_id.startswith("t-"):
            assert "helpUri" not in rule
            continue
        assert rule["helpUri"] == f"{base}/docs/rules/{rule_id}.md"
        assert (DOCS / f"{rule_id}.md").is_file(), rule_id


def test_without_a_docs_url_there_is_no_help_uri(corpus):
    log = sarif("corpus")
    assert all("helpUri" not in rule for rule in log["runs"][0]["tool"]["driver"]["rules"])


def test_docs_rules_holds_one_current_page_per_builtin_rule():
    from linter.rules import ruledocs

    wanted = ruledocs.pages(ruledocs.builtin_rules())
    have = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")}
    assert have == wanted, "regenerate with: python -m linter.rules.ruledocs docs/rules"
