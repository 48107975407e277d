"""Guards against rules that go wrong: runaway deletion and runaway time.

``review``: a fix that would remove more than a share of a document's text (default 30%)
or leave it empty is held back for review instead of written. A rule that starts matching
most of a corpus is a bug in the rule; this is where the user finds out.

``Watchdog``: a wall-clock limit on one rule over one document. Each regex call already
runs under ``REGEX_TIMEOUT`` where its analysis calls it risky, but a pattern
that is slow on every line (or a Python rule that loops) could still take forever; the
limit interrupts it (SIGALRM, which also stops a match inside the `regex` module), and
the engine reports the rule and skips it for that document.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_MAX_DELETION = 0.30  # share of a document's non-space characters
# Below this many removed characters the share is not checked (a two-line stub that loses
# its "Source link" line loses 40%); an emptied document is always held back.
MIN_GUARDED_CHARS = 200
REGEX_TIMEOUT = 1.0  # seconds, per regex call that may backtrack badly (prefilter)
RULE_TIME_LIMIT = 10.0  # seconds per MB of text (at least this), one rule over one document


def rule_time_limit(base: float | None, chars: int) -> float | None:
    """The limit for one rule on a document of ``chars`` characters: ``base`` seconds per
    million characters, and at least ``base`` (a linear rule needs longer on a big file)."""
    return None if not base else base * max(1.0, chars / 1_000_000)


@dataclass(frozen=True)
class Review:
    """A fix held back: why, how much it would remove, and which rules did it."""

    removed: float  # share of the non-space characters, 0..1
    empty: bool
    limit: float
    rules: Sequence[tuple[str, int]]  # (rule id, original lines it deleted or changed)

    def reason(self) -> str:
        what = ("would leave the file empty" if self.empty
                else f"would remove {_percent(self.removed, self.limit)} of its text "
                     f"(limit {self.limit:.0%})")
        rules = ", ".join(f"{rule} ({lines} line{'s' * (lines != 1)})"
                          for rule, lines in self.rules)
        return f"{what}; rules: {rules or 'none recorded'}"

    def enough(self) -> int:
        """The smallest whole --max-deletion percentage that lets this fix through."""
        return math.ceil(self.removed * 100 - 1e-9)


def _percent(share: float, limit: float) -> str:
    """``share`` as a percentage with as few decimals (up to two) as it takes to look
    larger than ``limit``: 70%, but 30.4% or 30.04% over a 30% limit."""
    for places in (0, 1):
        if round(share * 100, places) > round(limit * 100, places):
            return f"{share:.{places}%}"
    return f"{share:.2%}"


def _substance(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def review(
    original: str, fixed: str, touched: Mapping[int, Sequence[str]],
    limit: float = DEFAULT_MAX_DELETION,
) -> Review | None:
    """A Review if the fix from ``original`` to ``fixed`` needs one, else None.

    ``touched`` maps original lines to the rules whose fixes changed them
    (``FixResult.touched``).
    """
    if fixed == original:
        return None
    before, after = _substance(original), _substance(fixed)
    removed = (before - after) / before if before else 0.0
    empty = before > 0 and after == 0
    too_much = removed > limit and before - after >= MIN_GUARDED_CHARS
    if not (empty or too_much):
        return None
    counts: Counter[str] = Counter()
    for rules in touched.values():
        counts.update(set(rules))  # a line counts once per rule
    return Review(removed, empty, limit, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class RuleTimeout(TimeoutError):
    """A rule ran over its wall-clock limit on one document."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"ran over its time limit ({seconds:.3g} s for this file)")
        self.seconds = seconds


class Watchdog:
    """Raise RuleTimeout in a rule that runs longer than ``seconds`` of wall-clock time.

    Used around one check of one document::

        with Watchdog(10.0) as watchdog:
            for rule in rules:
                with watchdog.rule():
                    run(rule)

    A periodic timer (SIGALRM, which also interrupts a match inside the `regex` module)
    is armed once per document, so watching a rule costs one clock read. It works in the
    main thread of a Unix process; elsewhere it does nothing and only the per-call regex
    timeouts apply. An outer timer is suspended, then restored.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._since: float | None = None
        self._armed = False
        self._depth = 0

    def start(self) -> Watchdog:
        if (self.seconds and hasattr(signal, "setitimer")
                and threading.current_thread() is threading.main_thread()):
            tick = min(0.25, self.seconds / 4)
            self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            self._outer = signal.setitimer(signal.ITIMER_REAL, tick, tick)[0]
            self._started = time.monotonic()
            self._armed = True
        return self

    def stop(self) -> None:
        if not self._armed:
            return
        self._armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)
        if self._outer:
            left = self._outer - (time.monotonic() - self._started)
            signal.setitimer(signal.ITIMER_REAL, max(1e-3, left))

    def _on_alarm(self, signum: int, frame: object) -> None:
        # Raised again on every tick until the rule's run ends: an alarm that lands in a
        # finaliser (a `regex` object's __del__) is printed and swallowed by Python, and
        # the rule would otherwise run on unwatched.
        since = self._since
        if since is not None and self.seconds and time.monotonic() - since > self.seconds:
            raise RuleTimeout(self.seconds)

    def __enter__(self) -> Watchdog:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self._since = None
        self.stop()

    def rule(self) -> _Watch:
        """A context manager around one rule's run."""
        return _Watch(self)


class _Watch:
    __slots__ = ("_dog",)

    def __init__(self, dog: Watchdog) -> None:
        self._dog = dog

    def __enter__(self) -> None:
        self._dog._since = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        self._dog._since = None
