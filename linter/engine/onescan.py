"""The one-scan path: every rule pattern in one Hyperscan database, one scan per document.

Optional (``pip install 'artlint[fast]'``). Where the ``hyperscan`` package is missing, or
``ARTLINT_HYPERSCAN=0`` is set, the engine uses its `regex` + Aho-Corasick path alone,
with the same findings byte for byte.

Each line pattern is rewritten (``linter.engine.relax``) into an expression that matches
a superset of what `regex` matches, and compiled in prefilter mode; the document's line
cores are joined with newlines and scanned once, and every core where a pattern's
expression matches whole (``^...$``, less the anchors that change no line: see
``_whole_core``; for a searching rule, anywhere in it) becomes a candidate line for that
pattern. `regex` then runs on those lines only, so the findings cannot change. (The
patterns of rules that never flag a core longer than ``SHORT_CORE`` have a database of
their own, scanned over the short cores only.)

Each database is serialised into the user's cache folder (``hyperscan-<hash>.db``, named
by the expressions, their flags and the versions), so a warm start does not compile.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Hashable, Mapping
from pathlib import Path

import hyperscan
import regex

from linter import memo, writes
from linter.document import CoreLine, Document
from linter.engine import alternatives, bytewise
from linter.engine import relax as relax_module
from linter.engine.relax import relax
from linter.memo import JsonMemo

_verdicts = JsonMemo("hyperscan-verdicts.json", made_by=(__file__, bytewise.__file__),
                     max_entries=20000)
Member = tuple[str, int, bool]  # a line pattern: source, `regex` flags, searches the line
_PLAIN_FLAGS = regex.IGNORECASE | regex.UNICODE | regex.VERSION0
# Flags a compiled pattern reports though nobody gave them (a memo-loaded one does not).
_IMPLIED = regex.UNICODE | regex.VERSION0
ENV_SWITCH = "ARTLINT_HYPERSCAN"  # "0" (or off/no/false): use the regex path only
_FLAGS = (hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_MULTILINE
          | hyperscan.HS_FLAG_ALLOWEMPTY)
# For an expression Hyperscan cannot take exactly: prefilter mode, which matches more.
# (Only then: in prefilter mode Hyperscan may widen an expression to match every line.)
_PREFILTER = _FLAGS | hyperscan.HS_FLAG_PREFILTER
# For an expression Hyperscan refuses in UTF-8 mode (too large): the same over the text's
# UTF-8 bytes, a superset again (``linter.engine.bytewise``).
_BYTES = hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_ALLOWEMPTY
_BYTES_PREFILTER = _BYTES | hyperscan.HS_FLAG_PREFILTER
# The modes in the order they are tried: the first that compiles decides (byte mode
# before prefilter mode, which widened the date patterns to every line of ``PROBE``).
_MODES = (_FLAGS, _BYTES, _PREFILTER, _BYTES_PREFILTER)


def enabled() -> bool:
    """Whether the user left the one-scan path on (``ARTLINT_HYPERSCAN``)."""
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "off", "no", "false")


def expression(source: str, flags: int, search: bool) -> str | None:
    """The Hyperscan expression for one line pattern compiled with `regex` ``flags``
    (None: it stays on the regex path)."""
    if flags & ~_PLAIN_FLAGS:  # verbose, full case folding, ASCII...: not rewritten
        return None
    body = relax(source, bool(flags & regex.IGNORECASE))
    if body is None:
        return None
    if search:  # somewhere in the core: reported where a match ends, on its core's line
        return body  # (wrapped in ``^[^\\n]*(?:...)[^\\n]*$`` it made the scan twice as slow)
    return _whole_core(body)


def _whole_core(body: str) -> str:
    """``^(?:body)$``, the expression of a pattern that matches a whole core, less the
    anchors that cannot change which cores match: a body that opens with a run of any
    characters (``.*``, as ``relax`` spells it) needs no ``^``, nor one that closes with
    such a run a ``$``, and each run goes with its anchor (``^.*\\|.*\\|.*$`` is scanned
    as ``\\|.*\\|``: a core holding two pipes). Hyperscan follows an expression anchored
    at both ends from every line start, and one that begins and ends with such runs cost
    as much as a large automaton: link-list-line's, 0.07 s of the 0.25 s the main
    database's scan of the dev corpus took, scanned this way next to nothing."""
    run = _any_run()
    inner = body
    while inner.startswith("(?:)"):  # what relax writes for a dropped assertion
        inner = inner[4:]
    if alternatives.alternates(inner):  # ``.*a|b``: the run is one branch's only
        return f"^(?:{body})$"
    opens, closes = inner.startswith(run), inner.endswith(run)
    inner = inner[len(run) if opens else 0 : len(inner) - len(run) if closes else len(inner)]
    if not inner or not (opens or closes):
        return f"^(?:{body})$"
    return f"{'' if opens else '^'}(?:{inner}){'' if closes else '$'}"


@functools.cache
def _any_run() -> str:
    """How ``relax`` spells ``.*``: a run of any characters but the newline."""
    run = relax(".*", False)
    assert run is not None
    return run


# A member whose rule never flags a core longer than this (its ``max-length``) is scanned
# in a database of its own over the cores this short only (over the dev corpus, 28% of
# the cores' bytes): the 283 capped members' database and the other 296's over every core
# took 0.34 s of Hyperscan's time against 0.47 s for one database (120, 160, 320 and 600
# characters did worse); ``scan`` with the short cores' join, 0.47 s against 0.54 s.
SHORT_CORE = 200


class OneScan:
    """Finds, in one Hyperscan scan of a document's cores, each member's candidate lines
    (two scans where some members are capped: see ``SHORT_CORE``)."""

    def __init__(
        self, members: dict[Hashable, Member], caps: Mapping[Hashable, int] | None = None
    ) -> None:
        """``members``: key -> (pattern source, `regex` flags, whether it searches the
        line); ``caps``: key -> the longest core the member's rule flags, where it has a
        cap. Members Hyperscan cannot take are left out: ``keys`` names those taken."""
        self._whole, self._short = (_Part(part) for part in _parts(members, caps))
        self.keys = self._whole.keys + self._short.keys

    def scan(self, doc: Document) -> dict[Hashable, set[int]] | None:
        """key -> indices of the lines (cores) of ``doc`` where the member may match; None
        when the text cannot be scanned (a lone surrogate): then the caller's other path
        runs. The scan is of ``doc.core_text`` (which the rules share) as the expressions
        spell it (``relax.scanned``: the same lines), and of its short cores."""
        hits: dict[Hashable, set[int]] = {}
        cores = doc.cores
        if not self.keys or not cores:
            return hits
        try:
            data = relax_module.scanned(doc.core_text).encode("utf-8")
        except UnicodeEncodeError:
            return None
        self._whole.scan(data, cores, hits)
        if self._short.keys:
            short = [core for core in cores if len(core.text) <= SHORT_CORE]
            data = relax_module.scanned("\n".join([core.text for core in short])).encode()
            self._short.scan(data, short, hits)
        return hits


class _Part:
    """One database of a ``OneScan``: its members' keys, the database and its scratch."""

    def __init__(self, members: dict[Hashable, Member]) -> None:
        self.keys, self._database = _database(members)
        self._scratch = hyperscan.Scratch(self._database) if self._database is not None else None

    def scan(self, data: bytes, cores: list[CoreLine], hits: dict[Hashable, set[int]]) -> None:
        """Add to ``hits`` the lines of ``cores`` (joined with newlines in ``data``) where
        a member may match."""
        if self._database is None or not data:
            return
        ends: list[tuple[int, int]] = []
        add = ends.append

        def found(number: int, _start: int, end: int, _flags: int, _context: object) -> None:
            add((end, number))

        self._database.scan(data, match_event_handler=found, scratch=self._scratch)
        ends.sort()
        count = data.count
        ordinal, counted_to = 0, 0
        keys = self.keys
        for end, number in ends:
            ordinal += count(b"\n", counted_to, end)
            counted_to = end
            # A match ends in its core, or at its end (the newline after it, or the
            # text's end): no class of an expression matches a newline (relax._spell).
            hits.setdefault(keys[number], set()).add(cores[ordinal].index)

    def __getstate__(self) -> dict[str, object]:
        data = None if self._database is None else hyperscan.dumpb(self._database)
        return {"keys": self.keys, "database": data}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.keys = state["keys"]  # type: ignore[assignment]
        data = state["database"]
        self._database = None if data is None else hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK)
        self._scratch = hyperscan.Scratch(self._database) if self._database is not None else None


def _parts(
    members: dict[Hashable, Member], caps: Mapping[Hashable, int] | None
) -> tuple[dict[Hashable, Member], dict[Hashable, Member]]:
    """``members`` split into those scanned over every core and those over the short ones."""
    short = {key for key, cap in (caps or {}).items() if cap <= SHORT_CORE}
    return ({key: member for key, member in members.items() if key not in short},
            {key: member for key, member in members.items() if key in short})


# Databases ``stored`` has read and found sound, by path, for ``_database`` to take.
_checked: dict[Path, tuple[list[tuple[int, int]], hyperscan.Database]] = {}


def stored(
    members: dict[Hashable, Member], caps: Mapping[Hashable, int] | None = None
) -> bool:
    """Whether sound databases of ``members`` are in the cache folder (no compile needed;
    ``caps`` as ``OneScan`` takes them). They are read now: a damaged file counts as
    missing, so a short run never compiles."""
    for part in _parts(members, caps):
        path = _path(list(part.values()))
        if part and path not in _checked:
            loaded = _load(path, len(part))
            if loaded is None:
                return False
            _checked[path] = loaded
    return True


def _path(members: list[Member]) -> Path:
    return memo.folder() / f"hyperscan-{_digest(members)}.db"


def _database(
    members: dict[Hashable, Member],
) -> tuple[list[Hashable], hyperscan.Database | None]:
    """The compiled database of the members Hyperscan takes, from the cache when there
    (None when it takes none). The cache is keyed by the patterns themselves, so a warm
    start neither rewrites them nor compiles."""
    keys = list(members)
    if not keys:
        return [], None
    path = _path([members[key] for key in keys])
    stored = _checked.pop(path, None) or _load(path, len(keys))
    if stored is None:
        expressions = [expression(*members[key]) or "" for key in keys]
        entries = [e for n, flags in _compilable(expressions)
                   for e in _in_parts(n, expressions[n], flags, members[keys[n]])]
        if not entries:
            return [], None
        taken = [(n, flags) for n, _, flags in entries]
        database = _compile([(_spelled(text, flags), flags) for _, text, flags in entries])
        _save(path, taken, database)
    else:
        taken, database = stored
    return [keys[n] for n, _ in taken], database


def _in_parts(n: int, text: str, flags: int, member: Member) -> list[tuple[int, str, int]]:
    """An expression taken only over bytes, as its pattern's alternatives where each fits
    UTF-8 mode (``alternatives.branches``): over bytes it is scanned unanchored, slower."""
    parts = None if flags & hyperscan.HS_FLAG_UTF8 else alternatives.branches(member[0])
    texts = [expression(part, *member[1:]) or "" for part in parts or ()]
    verdicts = _compilable(texts)
    if not texts or len(verdicts) < len(texts) or any(f != _FLAGS for _, f in verdicts):
        return [(n, text, flags)]
    return [(n, part, _FLAGS) for part in texts]


def _digest(members: list[Member]) -> str:
    """Names the database: the patterns, the code that rewrites them, the versions of
    `regex` (whose Unicode tables the rewrite reads) and of Hyperscan."""
    digest = hashlib.sha256(
        f"{hyperscan.__version__}\0{regex.__version__}\0{_MODES}".encode())
    memo.hash_sources(digest, (__file__, str(relax_module.__file__), str(bytewise.__file__),
                               str(alternatives.__file__)))
    for source, flags, search in members:
        flags = int(flags) & ~_IMPLIED  # as compiled, or as given: the same name
        digest.update(f"{flags}\0{int(search)}\0{source}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:20]


def _compile(expressions: list[tuple[str, int]]) -> hyperscan.Database:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    if expressions:
        database.compile(
            expressions=[text.encode("utf-8") for text, _ in expressions],
            ids=list(range(len(expressions))), elements=len(expressions),
            flags=[flags for _, flags in expressions])
    return database


def _compilable(expressions: list[str]) -> list[tuple[int, int]]:
    """(index, flags) of the expressions worth scanning: each compiled alone, exactly
    where Hyperscan can, else over bytes (``bytewise``), else in prefilter mode (see
    ``_MODES``); left out when Hyperscan refuses it, or
    when it matches most lines of ``PROBE`` (it would wake its rule on nearly every line,
    which the `regex` path's literals do better). The verdict on each expression is
    remembered, so another selection of rules compiles only its database."""
    taken = []
    for number, text in enumerate(expressions):
        if not text:  # not rewritable: stays on the regex path
            continue
        key = f"{hyperscan.__version__}\0{text}"
        flags = _verdicts.get(key)
        if not isinstance(flags, int):
            flags = _verdict(text)
            _verdicts.put(key, flags)
        if flags:
            taken.append((number, flags))
    return taken


def _verdict(text: str) -> int:
    """The flags to compile ``text`` with, or 0 to leave it out."""
    probe = "\n".join(PROBE).encode("utf-8")
    for flags in _MODES:
        try:
            database = _compile([(_spelled(text, flags), flags)])
        except (hyperscan.error, ValueError):
            continue
        return flags if _probe_lines(database, probe) * 2 <= len(PROBE) else 0
    return 0


def _spelled(text: str, flags: int) -> str:
    """``text`` as compiled with ``flags``: over bytes, without ``HS_FLAG_UTF8``."""
    if flags & hyperscan.HS_FLAG_UTF8:
        return text
    # without its '^' (a superset): Hyperscan 0.9.1 misses lines over bytes with it
    # (docs/performance.md); a body never starts with ^ nor ends with $ (``_whole_core``)
    start = "^" if text.startswith("^") else ""
    end = "$" if text.endswith("$") else ""
    return bytewise.to_bytes(text[len(start) : len(text) - len(end)]) + end


def _probe_lines(database: hyperscan.Database, probe: bytes) -> int:
    """How many lines of ``probe`` the database matches."""
    lines: set[int] = set()  # a searching expression may report several ends per line
    database.scan(probe, match_event_handler=lambda _n, _s, end, _f, _c: lines.add(
        probe.count(b"\n", 0, end)))
    return len(lines)


# Lines of plain prose: an expression that matches most of them would make nearly every
# line a candidate.
PROBE = (
    "The minister said on Tuesday that the new rules would take effect next year.",
    "It rained all day in the city, and the match was called off at 3 p.m.",
    "Prices rose by 4.5% in March, according to figures published on 12 April 2024.",
    "She had lived there for twenty years.",
)


def _load(path: Path, count: int) -> tuple[list[tuple[int, int]], hyperscan.Database] | None:
    """The taken (index, flags) and database stored at ``path``, or None (missing,
    damaged)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    try:
        taken = [(int(n), int(flags)) for n, flags in
                 (item.split(":") for item in header.decode("ascii").split(",") if item)]
        if any(not 0 <= n < count or flags not in _MODES for n, flags in taken):
            return None
        database = hyperscan.loadb(body, hyperscan.HS_MODE_BLOCK)
    except (ValueError, TypeError, hyperscan.error):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to be pruned
    return taken, database


def _save(path: Path, taken: list[tuple[int, int]], database: hyperscan.Database) -> None:
    header = ",".join(f"{n}:{flags}" for n, flags in taken).encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writes.write_new(path, header + b"\n" + hyperscan.dumpb(database))
        _prune(path.parent)
    except OSError:
        pass  # a read-only cache folder: compile again next time


# Two per rule selection (``SHORT_CORE``); past this many, the least recently used go.
KEPT_DATABASES = 16


def _prune(folder: Path) -> None:
    stored = sorted(folder.glob("hyperscan-*.db"), key=lambda p: p.stat().st_mtime)
    for old in stored[:-KEPT_DATABASES]:
        old.unlink(missing_ok=True)
