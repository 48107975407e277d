"""Configuration: files, the effective settings of a run, and the linter they build.

Owns reading ``artlint.toml``/``pyproject.toml`` (``settings``) and the closest
configuration per linted file (``hierarchy``).

May import: ``linter.rules``, ``linter.engine`` and the kit. Nothing above.
"""
