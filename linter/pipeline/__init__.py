"""The pipeline: what happens to a file between discovery and output.

Owns checking and fixing files read through a source adapter (``sources``), workers
(``parallel``), the result cache (``cache``), baselines and the ignore file, one
text or JSON Lines record through the engine (``records``), and what ``fix`` would do
to each flagged document when a report shows it (``preview``).

May import: ``linter.report``, ``linter.sources``, ``linter.config``, ``linter.rules``,
``linter.engine`` and the kit. Nothing above.
"""
