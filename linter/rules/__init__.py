"""Rules: their kinds, loading, documentation and test harness.

Owns the declarative pattern kind (``yaml_rule``), the one loader for the built-in pack,
``--rules-dir`` and plugins (``loader``), safe YAML (``yamlfile``), trust in a
repository's Python rules (``trust``), rule selectors and inline suppression, rule docs
(``ruledocs``) and ``artlint test-rules`` (``harness``).

May import: ``linter.engine`` and the kit. Nothing above.
"""
