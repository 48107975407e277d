"""`artlint config`: the effective configuration, each key with its value and where it
came from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from linter.config.linters import ConfiguredLinter
from linter.config.settings import KEYS, Settings


def describe(settings: Settings, linter: ConfiguredLinter) -> dict[str, Any]:
    """The effective configuration, each key with its value and where it came from."""
    values = {}
    for key in KEYS:
        value = settings[key]
        if key == "select" and value is None:
            value = "(default set: every rule that is not opt-in)"
        values[key] = {"value": _plain(value), "from": settings.origin(key)}
    enabled = [rule.id for rule in linter.rules]
    return {
        "config-file": str(settings.path) if settings.path else None,
        "base": str(settings.base),
        "settings": values,
        "rules": {"enabled": enabled, "known": len(linter.known)},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def render(info: dict[str, Any]) -> str:
    """``describe`` as TOML-like text, each value followed by its origin."""

    lines = [
        f"# configuration file: {info['config-file'] or 'none (defaults)'}",
        f"# paths and globs resolve against: {info['base']}",
    ]
    for key, item in info["settings"].items():
        value = item["value"]
        shown = value if isinstance(value, str) and value.startswith("(") else json.dumps(
            value, ensure_ascii=False)
        lines.append(f"{key} = {shown}  # from: {item['from']}")
    enabled = info["rules"]["enabled"]
    lines.append(f"# {len(enabled)} of {info['rules']['known']} rules enabled: "
                 + ", ".join(enabled))
    return "\n".join(lines)
