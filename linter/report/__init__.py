"""Reports: every ``--output-format``, ``--statistics`` and ``--show-fixes``.

Owns what a run found as renderers read it (``results``: ``Located``, ``Summary``, the
summary sentence), the renderer protocol (``base``), the registry of output formats
(``registry``: one line per format) and one module per format (``text`` for text and
concise, ``json_array``, ``json_lines``, ``github``, ``sarif``, ``junit``, ``html``), the
printer the CLI uses (``output``), the GitHub step summary (``markdown``), their shared
grouping (``groups``) and saved reports (``save``). Renderers only read the run: they do
not lint or fix.

Inside: ``output`` > ``registry`` > the format modules > ``base``, ``groups`` >
``results``. May import: ``linter.sources``, ``linter.config``, ``linter.rules``,
``linter.engine`` and the kit. Nothing above.
"""
