"""The engine: rules run over one document, to check it or to fix it.

Owns the check/fix loop (``linter``), the one routine that applies edits (``fixer``),
fix safety from evidence (``evidence``), the deletion guard and the rule watchdog
(``guard``) and pattern matching support (``prefilter``, ``patterns``).

May import: the rule author's kit at the top of ``linter`` (document, findings, rule,
structure, textshape, textfold, regexmemo, memo, files, errors). Nothing above.
"""
