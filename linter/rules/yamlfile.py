"""Read a YAML file safely, keeping the line of every mapping key for error messages.

Bounded: a rule file is at most ``MAX_BYTES`` long, nests at most ``MAX_DEPTH``
collections, and has no anchors or aliases, so neither an alias bomb ("billion laughs")
nor deep nesting (which crashes libyaml's composer) can cost more than reading the file.

PyYAML is imported only when a file is really parsed: ``load_remembered`` answers a rule
file seen before (same bytes, same artlint version) from a JSON memo.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linter.errors import RuleFileError
from linter.memo import JsonMemo

if TYPE_CHECKING:
    import yaml  # deferred: PyYAML only when a rule file is read, not when memos answer

_memo = JsonMemo("rule-files.json", made_by=(__file__,))
MAX_BYTES = 1 << 20  # a rule file's size limit: the largest built-in file is 14 KB
MAX_DEPTH = 32  # nested mappings and lists; a rule needs about five


@dataclass
class Located:
    """Plain Python data from YAML plus the 1-based line of each key, by key path."""

    data: Any
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def line_of(self, *path: str | int) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def load_remembered(text: str, path: str) -> list[Located]:
    """``load(text, path)``, from the memo when the same text was loaded before."""
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    known = _from_memo(_memo.get(key))
    if known is not None:
        return known
    located = load(text, path)
    plain = [[doc.data, [[list(where), line] for where, line in doc.lines.items()]]
             for doc in located]
    if _survives_json(plain):
        _memo.put(key, plain)
    return located


def _from_memo(entry: Any) -> list[Located] | None:
    if not isinstance(entry, list):
        return None
    try:
        return [Located(data, {tuple(where): line for where, line in lines})
                for data, lines in entry]
    except (TypeError, ValueError):  # a damaged entry: parse again
        return None


def _survives_json(value: Any) -> bool:
    """True when JSON gives ``value`` back unchanged (not so for dates or bytes)."""
    import json  # deferred: only when a parsed rule file is remembered (start-up)

    try:
        return json.loads(json.dumps(value)) == value
    except (TypeError, ValueError):
        return False


def load(text: str, path: str) -> list[Located]:
    """All documents in ``text``; a syntax error becomes a RuleFileError with its line."""
    import yaml  # deferred: PyYAML only when a rule file is read, not when memos answer

    try:  # the C loader is several times faster; both are safe loaders (no arbitrary tags)
        loader: Any = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        loader = yaml.SafeLoader
    try:
        check_bounds(text, path, loader)
        nodes = list(yaml.compose_all(text, Loader=loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError(
            path, f"invalid YAML: {problem}", mark.line + 1 if mark else None
        ) from None
    located = []
    for node in nodes:
        if node is None or _is_empty(node):
            continue
        lines: dict[tuple[str | int, ...], int] = {(): node.start_mark.line + 1}
        located.append(Located(_convert(node, (), lines, path), lines))
    return located


def too_large(size: int) -> str:
    """The problem of a rule file of ``size`` bytes (or characters), or ""."""
    if size <= MAX_BYTES:
        return ""
    return (f"rule file too large ({size / (1 << 20):.1f} MB; limit {MAX_BYTES >> 20} MB): "
            "split its rules into several files")


def check_bounds(text: str, path: str, loader: Any) -> None:
    """RuleFileError, before anything is built, for a file over the size limit, an
    anchor or alias, or collections nested deeper than MAX_DEPTH (libyaml's events come
    one by one, so this pass costs no more than the file's length)."""
    import yaml  # deferred: PyYAML only when a rule file is read, not when memos answer

    problem = too_large(len(text))
    if problem:
        raise RuleFileError(path, problem)
    try:
        _check_events(yaml.parse(text, Loader=loader), path)
    except yaml.YAMLError as exc:  # newer libyaml stops deep nesting itself (PyYAML 6.0.4)
        mark = getattr(exc, "problem_mark", None)
        if "nesting depth" not in str(exc) or mark is None:
            raise
        raise RuleFileError(path, _TOO_DEEP, mark.line + 1) from None


_TOO_DEEP = f"nested too deeply (over {MAX_DEPTH} levels of mappings and lists); a rule needs a few"


def _check_events(events: Any, path: str) -> None:
    import yaml  # deferred: PyYAML only when a rule file is read, not when memos answer

    depth = 0
    for event in events:
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise RuleFileError(path, f"YAML anchors and aliases (`{sign}{event.anchor}`) are "
                                "not allowed in a rule file: write the value out in full", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise RuleFileError(path, _TOO_DEEP, line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"


def _is_empty(node: yaml.Node) -> bool:
    """An empty YAML document (a trailing or doubled `---`) composes to a null scalar."""
    import yaml  # deferred: PyYAML only when a rule file is read, not when memos answer

    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value


def _convert(
    node: yaml.Node, key_path: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int],
    path: str,
) -> Any:
    import yaml  # deferred: PyYAML only when a rule file is read, not when memos answer

    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (
        MAP_TAG, SEQ_TAG
    ):
        raise RuleFileError(path, f"YAML tag `{node.tag}` is not allowed in a rule file",
                            node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, path)
            child = (*key_path, str(key))
            if str(key) in result:  # YAML would keep the last one without a word
                raise RuleFileError(path, f"`{key}` given twice (first on line "
                                    f"{lines[child]}): keep one", key_node.start_mark.line + 1)
            lines[child] = key_node.start_mark.line + 1
            result[str(key)] = _convert(value_node, child, lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*key_path, index)
            lines[child] = item.start_mark.line + 1
            items.append(_convert(item, child, lines, path))
        return items
    return _scalar(node, path)


def _scalar(node: yaml.Node, path: str) -> Any:
    import yaml  # deferred: PyYAML only when a rule file is read, not when memos answer

    if not isinstance(node, yaml.ScalarNode):
        raise RuleFileError(path, "a mapping key must be a plain value", node.start_mark.line + 1)
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        line = node.start_mark.line + 1
        raise RuleFileError(path, f"invalid YAML value: {problem}", line) from None
