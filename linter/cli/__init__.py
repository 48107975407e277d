"""The ``artlint`` command: options in, a run, a report out.

Owns the console script (``entry``: a plain ``artlint check`` goes through ``fastpath``
to ``checking`` without importing typer), the typer application (``app``) and
``artlint shards`` (``shards``).

May import: anything in ``linter``. Nothing imports it but ``linter.__main__``.
"""
