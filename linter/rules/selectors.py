"""Rule selectors: how `select`, `ignore`, `per-file-ignores`, `severity` and suppression
comments name rules (docs/configuration.md, "Selecting rules").

A selector is one of:

- ``all``: every rule;
- ``pack:NAME``: every rule of a pack: ``pack:builtin``, ``pack:local`` (rules from a
  ``rules-dir``) or ``pack:<entry point>`` (a plugin package);
- a name, which matches a rule when it equals the rule's id or category, or is a prefix of
  either made of whole kebab-case words: ``related`` matches the category
  ``related-links`` and the id ``related-stories``, but not ``relatedness``.
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.errors import ArtlintError
from linter.rule import Rule

ALL = "all"
PACK_PREFIX = "pack:"


def pack_of(rule: Rule) -> str:
    """``builtin``, the plugin's entry point name, or ``local`` (a rules folder)."""
    if rule.source == "builtin" or rule.source.startswith("builtin:"):  # builtin:html
        return "builtin"
    if rule.source.startswith("plugin:"):
        return rule.source.removeprefix("plugin:")
    return "local"


def matches(selector: str, rule: Rule) -> bool:
    if selector == ALL:
        return True
    if selector.startswith(PACK_PREFIX):
        return pack_of(rule) == selector.removeprefix(PACK_PREFIX)
    return any(name == selector or name.startswith(selector + "-")
               for name in (rule.id, rule.category))


def specificity(selector: str, rule: Rule) -> tuple[int, int]:
    """How precisely ``selector`` names ``rule``: the more specific one wins (severity)."""
    if selector == rule.id:
        return 5, 0
    if selector == rule.category:
        return 4, 0
    if selector.startswith(PACK_PREFIX):
        return 2, 0
    if selector == ALL:
        return 1, 0
    return 3, len(selector)  # a prefix: the longer, the more specific


def known(selector: str, rules: Iterable[Rule]) -> bool:
    return any(matches(selector, rule) for rule in rules)


def validate(selectors: Iterable[str], rules: list[Rule], where: str) -> None:
    """Raise ArtlintError naming ``where`` for a selector that matches no loaded rule."""
    for selector in selectors:
        if not known(selector, rules):
            raise ArtlintError(
                f"{where}: unknown rule or category `{selector}` (no rule id, category, "
                "id prefix or `pack:NAME` matches it); `artlint rules` lists them")


def split(value: str) -> list[str]:
    """A comma-separated command-line value as a list of selectors."""
    return [part.strip() for part in value.split(",") if part.strip()]


def given(value: str, where: str) -> list[str]:
    """The selectors of the command-line option ``where`` (``value`` "" when it is not
    given); ArtlintError for a value such as ``,`` that names none: it would otherwise
    pass for the option left out (`--select ,` running the default set)."""
    names = split(value)
    if value and not names:
        raise ArtlintError(f"{where}: expected comma-separated rule selectors; got `{value}`")
    return names


def choose(
    rules: list[Rule],
    select: list[str] | None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[Rule]:
    """The rules to run: ``select`` (or, when None or empty, every rule that is not
    opt-in), plus ``extend_select``, minus ``ignore``. Ignoring wins over selecting. A
    selector that names an opt-in rule, its category, a prefix of either, its pack or
    `all` turns it on.
    """
    extend, ignored = list(extend_select), list(ignore)

    def named(rule: Rule, names: list[str]) -> bool:
        return any(matches(name, rule) for name in names)

    def chosen(rule: Rule) -> bool:
        base = named(rule, select) if select else not rule.opt_in
        return base or named(rule, extend)

    return [rule for rule in rules if chosen(rule) and not named(rule, ignored)]
