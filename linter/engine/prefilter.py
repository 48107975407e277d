"""A literal prefilter for rule patterns, so most lines never meet most regexes.

``Prefilter`` finds, in one pass over a document, which lines contain which rules'
literals (``linter.engine.literals`` says which literals a pattern's matches must hold);
``LineGate`` runs the patterns that have none as one alternation per line.

Soundness: a line the prefilter drops can never match. Literals are case-folded and so
is the text they are looked for in; a pattern the analyser does not understand gets no
literals, and its rule runs on every line.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import ahocorasick
import regex

from linter.engine.guard import REGEX_TIMEOUT
from linter.engine.literals import fold_case
from linter.regexmemo import compiled

# A regex timeout costs more than most matches, so calls pay for one only where
# backtracking can blow up: on risky patterns (see ``literals.analyse``) and on long lines.
LONG_LINE = 2000  # characters


class Prefilter:
    """Finds which lines of a text contain which keys' literals, in one pass.

    An Aho-Corasick automaton (pyahocorasick) finds every occurrence of every literal,
    overlapping ones included, in time linear in the text: about ten times faster than
    one `re` alternation factored into a trie, for the few thousand literals of the pack.
    """

    def __init__(self, literals: dict[Hashable, frozenset[str]]) -> None:
        owners: dict[str, list[Hashable]] = {}
        for key, strings in literals.items():
            for s in strings:
                owners.setdefault(s, []).append(key)
        # Per literal, its number in ``_owners``: (line breaks inside it, keys that own it).
        self._owners: list[tuple[int, tuple[Hashable, ...]]] = []
        self._automaton = ahocorasick.Automaton() if owners else None
        if self._automaton is not None:
            for literal, keys in owners.items():
                self._automaton.add_word(literal, len(self._owners))
                self._owners.append((literal.count("\n"), tuple(keys)))
            self._automaton.make_automaton()

    def scan(self, folded_text: str) -> dict[Hashable, set[int]]:
        """key -> 0-based indices of the lines where one of its literals occurs."""
        hits: dict[Hashable, set[int]] = {}
        if self._automaton is None:
            return hits
        text = fold_case(folded_text)
        count = text.count
        found: set[tuple[int, int]] = set()  # (line a literal ends on, literal's number)
        line, counted_to = 0, 0
        for end, literal in self._automaton.iter(text):
            line += count("\n", counted_to, end)
            counted_to = end
            found.add((line, literal))
        for line, literal in found:  # a literal's keys are visited once per line it is on
            breaks, keys = self._owners[literal]
            lines = range(line - breaks, line + 1)
            for key in keys:
                hits.setdefault(key, set()).update(lines)
        return hits


class LineGate:
    """One regex call per line for the patterns that have no literals.

    The members (line patterns) are joined into alternations with their own case flags;
    a line core that fullmatches one is a candidate for every member, and the members
    then run one by one on those few lines. Members whose rule caps the line length go
    in gates that long lines skip; risky members (see ``analyse``) go in gates that run
    under the regex timeout, and a gate that times out passes the line on.
    """

    def __init__(
        self, members: dict[Hashable, tuple[regex.Pattern[str], int | None, bool]]
    ) -> None:
        self.keys = list(members)
        self._cap = max((cap or 0 for _, cap, _ in members.values()), default=0)
        self._gates: list[tuple[regex.Pattern[str], bool, bool]] = []
        for capped in (True, False):
            for risky in (False, True):
                chosen = [p for p, cap, r in members.values()
                          if (cap is not None) == capped and r == risky]
                if chosen:
                    self._gates.append((_alternation(chosen), capped, risky))

    def scan(self, cores: Iterable[tuple[int, str]]) -> set[int]:
        """Indices of the lines whose core some member may fullmatch."""
        lines: set[int] = set()
        if not self._gates:
            return lines  # no members: no line to walk
        for index, text in cores:
            short = len(text) <= self._cap
            long = len(text) > LONG_LINE
            for gate, capped, risky in self._gates:
                if capped and not short:
                    continue
                if _passes(gate, text, risky or long):
                    lines.add(index)
                    break
        return lines




def _passes(gate: regex.Pattern[str], text: str, timed: bool) -> bool:
    if not timed:
        return gate.fullmatch(text) is not None
    try:
        return gate.fullmatch(text, timeout=REGEX_TIMEOUT) is not None
    except TimeoutError:
        return True  # the members run on their own, each under its own timeout


def _alternation(patterns: Iterable[regex.Pattern[str]]) -> regex.Pattern[str]:
    return compiled("|".join(
        ("(?i:" if pattern.flags & regex.IGNORECASE else "(?-i:") + pattern.pattern + ")"
        for pattern in patterns
    ))
