"""The schema of a declarative rule file, and ``SpecReader``, which reads one rule mapping
against it: each value checked and converted, or one RuleFileError naming the file, the
line, the key and what is expected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import regex

from linter import textshape
from linter.document import Document
from linter.engine import literals
from linter.engine.guard import REGEX_TIMEOUT
from linter.engine.patterns import compile_pattern
from linter.errors import RuleFileError
from linter.regexmemo import compiled
from linter.rules import yamlfile

ID_SHAPE = compiled(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# key -> (what is expected, in words). Order is the documented order.
SCHEMA: dict[str, str] = {
    "id": "a kebab-case name, unique across all loaded rules (required)",
    "message": "a one-line message shown with each finding (required)",
    "pattern": "one regex (`regex` module syntax); give `pattern` or `patterns`",
    "patterns": "a list of regexes, or a mapping of language code to a list of regexes",
    "unless": "a regex or list of regexes; a line where any is found is not flagged",
    "match": "`line` (default: a pattern must match the whole line core) or `search`",
    "case-sensitive": "true or false (default false)",
    "max-length": "a positive integer: longer line cores are never flagged",
    "position": "a mapping with `first: N` or `last: N`: only the first/last N non-blank lines",
    "block": "a mapping: `follow` (`headline`, `bullet` or a regex), `max-lines` (default 6),"
    " `direction` (`after` or `both`), `across-blank` (true: single blank lines between items)",
    "fix": "`delete-line`, `delete-block`, `delete-match`, `replace` or `none`",
    "replacement": "the replacement text for `fix: replace` (may use \\1 or \\g<name> group "
                   "references, each one every pattern has)",
    "fix-safety": "`safe` (default; applied by `artlint fix`) or `unsafe` (needs --unsafe-fixes)",
    "evidence": "`phrase` (default: the line says what it is) or `shape` (only its length,"
    " digits, symbols, case, position or repetition do; fixed by default only where phrase"
    " evidence backs it) or `invisible` (the line has no visible character: fixed by default,"
    " but anchors no shape finding)",
    "head-anchor": "a positive integer N: with `evidence: shape`, a finding in the first N"
    " non-blank lines counts as anchored by position (measure it before you set it)",
    "entry-metadata": "true: a finding is one entry's metadata (a byline, a date, a reading"
    " time); a text where such findings differ on 4 or more lines is a list of entries (a"
    " listing, a thread), where no fix applies by default (default false)",
    "anchors": "true (default) or false: with `evidence: phrase`, false keeps the fix but lets"
    " no shape finding beside it count as anchored (a line that stands alone between"
    " paragraphs, such as an in-article link)",
    "severity": "`error`, `warning` (default) or `info`",
    "opt-in": "true: the rule runs only when selected by id or category (default false)",
    "category": "a kebab-case category name (default `misc`)",
    "languages": "a list of language codes the patterns cover",
    "fix-languages": "a list of language codes (keys of a `patterns` mapping) whose patterns"
    " fix as `fix-safety` says; a pattern under another language has an unsafe fix (applied"
    " with --unsafe-fixes; default: every language)",
    "description": "markdown documentation shown by `artlint explain`",
    "examples": "a list of `- bad: TEXT` (optionally with `fixed: TEXT`) and `- good: TEXT`",
}


FIX_ACTIONS = ("delete-line", "delete-block", "delete-match", "replace", "none")


BLOCK_KEYS = ("follow", "max-lines", "direction", "across-blank")


@dataclass(frozen=True)
class BlockSpec:
    """A rule's `block`: which lines follow its header, how many, which way."""

    follow: Callable[[Document, int], bool]
    max_lines: int
    both_ways: bool
    across_blank: bool


def _follow_headline(doc: Document, index: int) -> bool:
    core = doc.core_at(index)
    return core is not None and textshape.is_headline(core.text)


def _follow_bullet(doc: Document, index: int) -> bool:
    return textshape.starts_with_bullet(doc.line_text(index))


def _follow_pattern(pattern: regex.Pattern[str]) -> Callable[[Document, int], bool]:
    def follows(doc: Document, index: int) -> bool:
        core = doc.core_at(index)
        return core is not None and pattern.fullmatch(core.text, timeout=REGEX_TIMEOUT) is not None

    return follows


class SpecReader:
    """Validates one rule mapping, raising RuleFileError with file, line and expectation."""

    def __init__(self, spec: dict[str, Any], where: yamlfile.Located, path: str) -> None:
        self.spec, self.where, self.path = spec, where, path
        self.label = "rule"
        self.analyses: dict[int, literals.Analysis] = {}  # by id() of each compiled pattern
        if not isinstance(spec, dict):
            self.fail((), "a rule must be a mapping of keys to values")
        for key in spec:
            if key not in SCHEMA:
                import difflib  # deferred: only to name an unknown key's close match

                close = difflib.get_close_matches(key, SCHEMA, n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                self.fail((key,), f"unknown key `{key}`{hint}; allowed: {', '.join(SCHEMA)}")

    def fail(self, key_path: tuple[str | int, ...], problem: str) -> None:
        prefix = "" if self.label == "rule" else f"rule `{self.label}`: "
        raise RuleFileError(self.path, prefix + problem, self.where.line_of(*key_path))

    def rule_id(self) -> str:
        value = self.string("id", required=True)
        if not ID_SHAPE.fullmatch(value):
            self.fail(("id",), f"`id` must be kebab-case (like `dont-miss-block`), got {value!r}")
        self.label = value
        return value

    def string(self, key: str, required: bool = False) -> str:
        value = self.spec.get(key)
        if value is None:
            if required:
                self.fail((), f"missing required key `{key}`: {SCHEMA[key]}")
            return ""
        if not isinstance(value, str):
            self.fail((key,), f"`{key}` must be a string: {SCHEMA[key]}")
        return value

    def name(self, key: str, default: str) -> str:
        value = self.string(key) or default
        if not ID_SHAPE.fullmatch(value):
            self.fail((key,), f"`{key}` must be kebab-case, got {value!r}")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.spec.get(key, default)
        if value not in allowed:
            self.fail((key,), f"`{key}` must be one of {', '.join(allowed)}; got {value!r}")
        return value

    def choice_enum(self, key: str, enum: Any, default: Any) -> Any:
        return enum(self.choice(key, tuple(member.value for member in enum), default.value))

    def boolean(self, key: str, default: bool) -> bool:
        value = self.spec.get(key, default)
        if not isinstance(value, bool):
            self.fail((key,), f"`{key}` must be true or false; got {value!r}")
        return value

    def positive_int(self, key: str, container: dict[str, Any] | None = None,
                     key_path: tuple[str, ...] = ()) -> int | None:
        value = (self.spec if container is None else container).get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(key_path or (key,), f"`{key}` must be a positive integer; got {value!r}")
        return value

    def languages(self) -> tuple[str, ...]:
        value = self.spec.get("languages", [])
        patterns = self.spec.get("patterns")
        if isinstance(patterns, dict):
            value = [*value, *(lang for lang in patterns if lang not in value)]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(("languages",), "`languages` must be a list of language codes")
        return tuple(value)

    def pattern_languages(self) -> list[str | None]:
        """The language of each pattern ``patterns`` gives, in its order (None: a list)."""
        several = self.spec.get("patterns")
        if not isinstance(several, dict):
            return [None] * (1 if "pattern" in self.spec else len(several or []))
        return [lang for lang, sources in several.items() for _ in sources]

    def fix_languages(self) -> frozenset[str] | None:
        """The languages whose patterns keep the rule's fix safety (None: all)."""
        value = self.spec.get("fix-languages")
        if value is None:
            return None
        several = self.spec.get("patterns")
        named = set(several) if isinstance(several, dict) else set()
        if not isinstance(value, list) or not all(isinstance(v, str) and v in named
                                                  for v in value):
            self.fail(("fix-languages",), "`fix-languages` must be a list of the language "
                      f"codes `patterns` names ({', '.join(sorted(named)) or 'none'}); got "
                      f"{value!r}")
        return frozenset(value)

    def compile(self, source: Any, key_path: tuple[str | int, ...], flags: int) -> regex.Pattern:
        if not isinstance(source, str):
            self.fail(key_path, f"a pattern must be a string; got {source!r}")
        try:
            compiled, analysis = compile_pattern(source, flags)
        except regex.error as exc:
            self.fail(key_path, f"invalid regex {source!r}: {exc}")
            raise AssertionError("unreachable") from None
        self.analyses[id(compiled)] = analysis
        return compiled

    def patterns(self, flags: int) -> list[regex.Pattern]:
        single, several = self.spec.get("pattern"), self.spec.get("patterns")
        if (single is None) == (several is None):
            self.fail((), "give exactly one of `pattern` (one regex) or `patterns` (a list)")
        if single is not None:
            return [self.finding_pattern(single, ("pattern",), flags)]
        if isinstance(several, dict):
            return [
                self.finding_pattern(source, ("patterns", lang, i), flags)
                for lang, sources in several.items()
                for i, source in enumerate(self._list(sources, ("patterns", lang)))
            ]
        return [
            self.finding_pattern(source, ("patterns", i), flags)
            for i, source in enumerate(self._list(several, ("patterns",)))
        ]

    def finding_pattern(self, source: Any, key_path: tuple[str | int, ...],
                        flags: int) -> regex.Pattern:
        """A pattern that finds: with ``match: search``, one that matches the empty string
        (``""``, ``(Ad)?``) matches on every line. (A whole-line pattern is fine: it is
        matched against a line's whole non-blank core, so ``\\W*`` flags lines of symbols.)"""
        pattern = self.compile(source, key_path, flags)
        if self.spec.get("match") == "search" and pattern.search("") is not None:
            self.fail(key_path, f"pattern {source!r} matches the empty string, so with "
                      "`match: search` it matches on every line: it must match some text")
        return pattern

    def _list(self, value: Any, key_path: tuple[str | int, ...]) -> list[Any]:
        if not isinstance(value, list) or not value:
            self.fail(key_path, f"`{key_path[-1]}` must be a non-empty list of regexes")
        return value

    def regex_list(self, key: str, flags: int) -> list[regex.Pattern]:
        value = self.spec.get(key)
        if value is None:
            return []
        items = [value] if isinstance(value, str) else self._list(value, (key,))
        return [self.compile(source, (key, i), flags) for i, source in enumerate(items)]

    def position(self) -> tuple[str, int] | None:
        value = self.spec.get("position")
        if value is None:
            return None
        if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in (
            "first", "last"
        ):
            self.fail(("position",), "`position` must be `{first: N}` or `{last: N}`")
        where = next(iter(value))
        count = self.positive_int(where, value, ("position", where))
        return where, count or 0

    def block(self) -> BlockSpec | None:
        value = self.spec.get("block")
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(("block",), f"`block` must be a mapping: {SCHEMA['block']}")
        for key in value:
            if key not in BLOCK_KEYS:
                self.fail(("block", key), f"unknown block key `{key}`; allowed: "
                          + ", ".join(BLOCK_KEYS))
        follow = value.get("follow", "headline")
        if follow == "headline":
            follows = _follow_headline
        elif follow == "bullet":
            follows = _follow_bullet
        else:
            flags = 0 if self.spec.get("case-sensitive") else regex.IGNORECASE
            follows = _follow_pattern(self.compile(follow, ("block", "follow"), flags))
        max_lines = self.positive_int("max-lines", value, ("block", "max-lines")) or 6
        direction = value.get("direction", "after")
        if direction not in ("after", "both"):
            self.fail(("block", "direction"), "`direction` must be `after` or `both`")
        across = value.get("across-blank", False)
        if not isinstance(across, bool):
            self.fail(("block", "across-blank"), "`across-blank` must be true or false")
        return BlockSpec(follows, max_lines, direction == "both", across)

    def fix_action(self, has_block: bool) -> str:
        default = "delete-block" if has_block else "delete-line"
        action = self.choice("fix", FIX_ACTIONS, default)
        if action == "delete-block" and not has_block:
            self.fail(("fix",), "`fix: delete-block` needs a `block` mapping")
        if has_block and action not in ("delete-block", "none"):
            self.fail(("fix",), "a rule with `block` can only use `fix: delete-block` or `none`")
        return action

    def examples(self) -> list[dict[str, str]]:
        value = self.spec.get("examples", [])
        if not isinstance(value, list):
            self.fail(("examples",), f"`examples` must be a list: {SCHEMA['examples']}")
        for i, example in enumerate(value):
            keys = set(example) if isinstance(example, dict) else set()
            valid = keys in ({"bad"}, {"bad", "fixed"}, {"good"})
            if not valid or not all(isinstance(v, str) for v in example.values()):
                self.fail(("examples", i), "each example is `bad: TEXT` (with an optional "
                          "`fixed: TEXT`) or `good: TEXT`")
        return value
