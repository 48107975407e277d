"""Configuration: files, the effective settings of a run, and the linter they build.

Owns reading ``artlint.toml``/``pyproject.toml`` into settings (``settings``), the
linter they build (``linters``), the closest configuration per linted file
(``hierarchy``), which found files a configuration lints (``paths``), the ignore file
(``ignorefile``) and ``artlint config`` (``describe``).

May import: ``linter.sources`` (the names of input formats), ``linter.rules``,
``linter.engine`` and the kit. Nothing above.
"""
