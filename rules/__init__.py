"""The built-in rule pack: one YAML or Python file per rule, grouped by category.

This folder ships inside the installed package as ``linter.builtin_rules``. The rule
files are read by ``linter.rules.loader`` by path; nothing here is imported as a module.
"""
