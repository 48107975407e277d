"""Reports: every ``--output-format``, ``--statistics`` and ``--show-fixes``.

Owns the printer and the one-line formats (``output``), one module per richer format
(``github``, ``markdown``, ``sarif``, ``junit``, ``html``) and their shared grouping
(``groups``). Renderers read findings; they do not lint.

May import: ``linter.sources``, ``linter.config``, ``linter.rules``, ``linter.engine``
and the kit. Nothing above.
"""
