"""Exact `finditer` that only searches around a literal every match must contain.

A rule such as `[\\u4e00-\\u9fff]{0,6}(?:民用|通用)机场` makes `re` try a match at every
offset of a document, though no match can lie far from a `机场`. When every match must
contain one of a few literals and cannot reach further than `reach` characters from its
start (lookaheads included), a match starts at most `reach` characters before such a
literal. `Scanner.finditer` searches only those windows, with `endpos` past the furthest
character a match there can examine, and so yields exactly the matches of
`regex.finditer(text)`. Patterns without such a literal, that can match the empty string
or have no bound are scanned as usual. The pattern is read with `re`'s own parser (a
private module of CPython 3.11+); where it is missing, nothing changes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.sre import OPS, PARSER

_MAX_SET = 64  # literal sets larger than this are not worth searching for
_MAX_REACH = 400
# a window search costs about as much as scanning this many characters; a match attempt
# at one offset, as scanning this many
_SEARCH_COST = 16
_MAX_CHARS = 3
_MATCH_COST = 12


class _Unbounded(Exception):
    """The pattern has no useful bound or literal."""


@dataclass(frozen=True)
class Scanner:
    """How to find a pattern's matches: every match holds one of `literals`, at most `lead`
    characters past its start, and examines at most `reach` characters (None: no bound)."""

    regex: re.Pattern[str]
    literals: tuple[str, ...]
    finder: re.Pattern[str]
    lead: int | None
    reach: int | None
    required: tuple[tuple[str, ...], ...]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Exactly the matches of `self.regex.finditer(text)`, in order."""
        if not all(any(w in text for w in words) for words in self.required):
            return iter(())
        if self.reach is None and self.lead is None:
            return self.regex.finditer(text)
        windows = list(self._windows(text, self.reach))
        cover = sum(last - first + 1 for first, last in windows)
        if self.reach is not None and len(windows) * _SEARCH_COST + cover < len(text):
            return self._searched(text, windows, self.reach)
        if self.reach is None and cover * _MATCH_COST < len(text):
            return self._matched(text, windows)
        return self.regex.finditer(text)

    def _searched(self, text: str, windows: list[tuple[int, int]], reach: int) -> Iterator[re.Match[str]]:
        """Search each window, with `endpos` past the furthest character a match examines."""
        pos = 0
        for first, last in windows:
            start = max(first, pos)
            endpos = min(len(text), last + reach + 1)
            while start <= last:
                m = self.regex.search(text, start, endpos)
                if m is None or m.start() > last:
                    break
                yield m
                pos = start = m.end()

    def _matched(self, text: str, windows: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
        """Try a match at each offset of each (short) window."""
        pos = 0
        match = self.regex.match
        for first, last in windows:
            for start in range(max(first, pos), last + 1):
                if start >= pos and (m := match(text, start)):
                    yield m
                    pos = m.end()

    def _windows(self, text: str, reach: int | None) -> Iterator[tuple[int, int]]:
        """Merged ranges of offsets where a match may start: before each literal found (or
        hidden inside an overlapping one found)."""
        shortest = min(len(w) for w in self.literals)
        longest = max(len(w) for w in self.literals)
        back = reach - shortest if reach is not None else self.lead or 0
        first = last = -1
        for m in self.finder.finditer(text):
            lo, hi = max(0, m.start() - back), m.start() + longest - 1
            if last < 0 or lo > last + 1:
                if last >= 0:
                    yield first, last
                first = lo
            last = max(last, hi)
        if last >= 0:
            yield first, last


def scanner(regex: re.Pattern[str]) -> Scanner | None:
    """A windowed scanner for `regex`, or None when a plain scan is all there is."""
    if PARSER is None or OPS is None:
        return None
    parsed = PARSER.parse(regex.pattern, regex.flags)
    if parsed.getwidth()[0] == 0 or parsed.state.flags & re.IGNORECASE:
        return None
    required = _required(parsed.data)
    if not required:
        return None
    try:
        reach: int | None = _reach(parsed.data)
    except _Unbounded:
        reach = None
    if reach is not None and reach > _MAX_REACH:
        reach = None
    bounded = [(words, lead) for words, lead in required if lead is not None]
    words, lead = min(bounded or required, key=lambda r: _cost(r[0]))
    ordered = sorted(words, key=lambda w: (-len(w), w))
    finder = re.compile("|".join(re.escape(w) for w in ordered))
    every = tuple(tuple(sorted(w)) for w, _ in required if len(w) <= 8)
    if len(ordered[-1]) == 1 and len(ordered) > _MAX_CHARS:
        lead = reach = None  # common single characters: windows would cover the text
    return Scanner(regex, tuple(ordered), finder, lead, reach, every)


def _cost(words: frozenset[str]) -> tuple[int, int]:
    """Prefer long literals, then few of them."""
    return -min(len(w) for w in words), len(words)


def _width(items: Any) -> int:
    """The most characters `items` can consume."""
    parser: Any = PARSER
    try:
        width = int(parser.SubPattern(None, list(items)).getwidth()[1])
    except (AttributeError, TypeError) as exc:  # a back reference: its width needs the parse state
        raise _Unbounded from exc
    if width >= OPS.MAXREPEAT:
        raise _Unbounded
    return width


def _reach(items: Any) -> int:
    """The furthest offset past the match start that matching `items` can examine."""
    reach = done = 0
    for op, av in items:
        reach = max(reach, done + _reach_of(op, av))
        done += _width([(op, av)])
    return reach


def _reach_of(op: Any, av: Any) -> int:
    if op in (OPS.ASSERT, OPS.ASSERT_NOT):
        return _reach(av[1].data) if av[0] >= 0 else 0
    if op is OPS.SUBPATTERN:
        return _reach(av[3].data)
    if op is OPS.ATOMIC_GROUP:
        return _reach(av.data)
    if op is OPS.BRANCH:
        return max(_reach(alt.data) for alt in av[1])
    if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT, OPS.POSSESSIVE_REPEAT):
        if av[1] >= OPS.MAXREPEAT:
            raise _Unbounded
        return int(max(0, av[1] - 1)) * _width(av[2].data) + _reach(av[2].data)
    if op in (OPS.GROUPREF, OPS.GROUPREF_EXISTS):
        raise _Unbounded
    return _width([(op, av)]) + (1 if op is OPS.AT else 0)


def _exact(op: Any, av: Any) -> frozenset[str] | None:
    """Every string the item can consume, when they are few (lookarounds consume '')."""
    if op is OPS.LITERAL:
        return frozenset({chr(av)})
    if op is OPS.IN and all(o is OPS.LITERAL for o, _ in av) and len(av) <= _MAX_SET:
        return frozenset(chr(c) for _, c in av)
    if op in (OPS.ASSERT, OPS.ASSERT_NOT, OPS.AT):
        return frozenset({""})
    if op is OPS.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _exact_seq(av[3].data)
    if op is OPS.ATOMIC_GROUP:
        return _exact_seq(av.data)
    if op is OPS.BRANCH:
        alts = [_exact_seq(alt.data) for alt in av[1]]
        if any(a is None for a in alts):
            return None
        union = frozenset().union(*alts)  # type: ignore[arg-type]
        return union if len(union) <= _MAX_SET else None
    if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT, OPS.POSSESSIVE_REPEAT) and (av[0], av[1]) == (0, 1):
        inner = _exact_seq(av[2].data)
        return None if inner is None else inner | {""}
    return None


def _exact_seq(items: Any) -> frozenset[str] | None:
    found: frozenset[str] = frozenset({""})
    for op, av in items:
        one = _exact(op, av)
        if one is None:
            return None
        found = frozenset(a + b for a, b in itertools.product(found, one))
        if len(found) > _MAX_SET:
            return None
    return found


Required = list[tuple[frozenset[str], int | None]]


def _required(items: Any) -> Required:
    """Sets of literals, each set holding one literal that every match contains, with the
    most characters a match consumes before it (None: no bound)."""
    found: Required = []
    run: frozenset[str] = frozenset({""})
    run_at: int | None = 0
    done: int | None = 0
    for op, av in items:
        one = _exact(op, av)
        if run == {""}:
            run_at = done
        joined = None if one is None else frozenset(a + b for a, b in itertools.product(run, one))
        if joined is None or len(joined) > _MAX_SET:
            found += _useful(run, run_at)
            run, run_at = one if one is not None else frozenset({""}), done
        else:
            run = joined
        if one is None or op is OPS.ASSERT:
            found += [(w, _plus(done, lead)) for w, lead in _required_of(op, av)]
        done = _plus(done, _bounded_width(op, av))
    return found + _useful(run, run_at)


def _plus(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def _bounded_width(op: Any, av: Any) -> int | None:
    try:
        return _width([(op, av)])
    except _Unbounded:
        return None


def _useful(words: frozenset[str], at: int | None) -> Required:
    return [(words, at)] if words and "" not in words else []


def _required_of(op: Any, av: Any) -> Required:
    if op is OPS.ASSERT and av[0] >= 0:
        return _required(av[1].data)
    if op is OPS.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _required(av[3].data)
    if op is OPS.ATOMIC_GROUP:
        return _required(av.data)
    if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT, OPS.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _required(av[2].data)
    if op is OPS.BRANCH:
        per_alt = [min(_required(alt.data), key=lambda r: _cost(r[0]), default=None) for alt in av[1]]
        if all(r is not None for r in per_alt):
            alts = [r for r in per_alt if r is not None]
            union = frozenset().union(*(w for w, _ in alts))
            leads = [lead for _, lead in alts]
            lead = None if None in leads else max(x for x in leads if x is not None)
            return [(union, lead)] if len(union) <= _MAX_SET else []
    return []
