"""Whether the user trusts the Python rules a configuration file names.

A configuration file (``artlint.toml``, ``.artlint.toml``, ``[tool.artlint]`` of
``pyproject.toml``) comes with the repository it lies in, and a cloned repository can be
anyone's. Its ``rules-dir`` YAML rules are data and always load; its Python rules are
code and run only when the user says so (README "Safety"):

- ``--trust-config-rules`` on the command line;
- ``ARTLINT_TRUST_CONFIG_RULES=1`` in the environment;
- the configuration file lies in (or below) a folder listed in ``trusted-folders`` of
  the user's own configuration, ``$XDG_CONFIG_HOME/artlint/config.toml`` (default
  ``~/.config/artlint/config.toml``), which no repository can write.

Folders named with ``--rules-dir`` and installed plugin packages are the user's choice
and need none of this.
"""

from __future__ import annotations

import os
from pathlib import Path

from linter import files
from linter.errors import ArtlintError

FLAG = "--trust-config-rules"
ENV = "ARTLINT_TRUST_CONFIG_RULES"
USER_KEY = "trusted-folders"
_YES, _NO = ("1", "true", "yes"), ("", "0", "false", "no")


class UntrustedRuleError(ArtlintError):
    """A Python rule named by a configuration file the user has not trusted."""

    def __init__(self, rule_file: Path, config_file: Path) -> None:
        super().__init__(
            f"{rule_file}: Python rule not run: it is code named by {config_file} "
            f"(`rules-dir`), and a repository's configuration runs no code unless you trust "
            f"it: rerun with {FLAG} (or set {ENV}=1, or add {config_file.parent} to "
            f"`{USER_KEY}` in {user_config()})")
        self.rule_file = rule_file
        self.config_file = config_file


def trusted(config_file: Path, flag: bool = False) -> bool:
    """True when the user trusts the Python rules ``config_file`` names."""
    return flag or from_environment() or in_trusted_folder(config_file)


def from_environment() -> bool:
    value = os.environ.get(ENV, "").strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ArtlintError(f"{ENV}: expected 1 (trust the configuration's Python rules) or 0; "
                       f"got `{value}`")


def user_config() -> Path:
    """The user's own configuration file (never a repository's)."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "artlint" / "config.toml"


def trusted_folders(path: Path | None = None) -> list[str]:
    """The real paths of the folders ``trusted-folders`` lists in the user's
    configuration (``path``, default ``user_config()``); none when it does not exist."""
    import tomllib  # deferred: ~2 ms: only when a user configuration exists

    path = path or user_config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM is not TOML
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ArtlintError(f"{path}: cannot read your artlint configuration: {exc}") from None
    unknown = sorted(set(data) - {USER_KEY})
    if unknown:
        raise ArtlintError(f"{path}: `{unknown[0]}`: unknown key; allowed: `{USER_KEY}`")
    return _folders(path, data.get(USER_KEY, []))


def _folders(path: Path, value: object) -> list[str]:
    folders = [os.path.expanduser(item) for item in value] \
        if isinstance(value, list) and all(isinstance(item, str) for item in value) else None
    if folders is None or not all(os.path.isabs(folder) for folder in folders):
        raise ArtlintError(f"{path}: `{USER_KEY}`: expected a list of absolute folders "
                           f"(`~` allowed), whose configuration files you trust; got {value!r}")
    return [os.path.realpath(folder) for folder in folders]


def in_trusted_folder(config_file: Path) -> bool:
    """True when ``config_file`` lies in or below a folder of ``trusted-folders``."""
    folder = os.path.realpath(config_file.parent)
    return any(files.inside(folder, root) for root in trusted_folders())
