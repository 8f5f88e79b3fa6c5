"""Exact `finditer` that only searches around a literal every match must contain.

A rule such as `[\\u4e00-\\u9fff]{0,6}(?:民用|通用)机场` makes `re` try a match at every
offset of a document, though no match can lie far from a `机场`. When every match must
contain one of a few literals and cannot reach further than `reach` characters from its
start (lookaheads included), a match starts at most `reach` characters before such a
literal. `Scanner.finditer` searches only those windows, with `endpos` past the furthest
character a match there can examine, and so yields exactly the matches of
`regex.finditer(text)`. Without such a bound, a pattern that can neither consume nor look
ahead at some separators (line breaks, sentence or clause punctuation) has every match, and
all it examines, inside one piece of text between two of them: the pieces holding a literal
are searched, with `endpos` just past the separator that ends them. Patterns without such a
literal, that can match the empty string or have neither bound are scanned as usual, by a
search that skips to the characters a match can start with when that set is small
(`regex_lead.skipping_code`). The pattern is read with `re`'s own parser (a private module of
CPython 3.11+); where it is missing, nothing changes.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.regex_lead import compiled, skipping_code
from pipeline.sre import OPS, PARSER

_MAX_SET = 64  # literal sets larger than this are not worth searching for
_MAX_REACH = 400
# a window search costs about as much as scanning this many characters; a match attempt
# at one offset, as scanning this many
_SEARCH_COST = 16
_MAX_CHARS = 3
_MAX_PIECE_CHARS = 8
_MAX_FINDS = 3
_MATCH_COST = 12
# Separators a pattern may be unable to cross, finest first: every character of one set.
_SEPARATORS = ("\n。！？!?；;，,：:、", "\n。！？!?；;，：:、", "。；，：", "\n")
_SEPARATOR_CLASS = {seps: re.compile(f"[{re.escape(seps)}]") for seps in _SEPARATORS}
_SEPARATOR_CHARS = frozenset("".join(_SEPARATORS))
# what the classes `\d \s \w` (and their negations) hold of a separator character
_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdecimal,
    "CATEGORY_NOT_DIGIT": lambda c: not c.isdecimal(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
}

Window = tuple[int, int, int]  # first and last offset a match may start at, and `endpos`


class _Unbounded(Exception):
    """The pattern has no useful bound or literal."""


@dataclass(frozen=True)
class Scanner:
    """How to find a pattern's matches: `search` runs `regex` by `start_code` (when given), which
    skips to the characters a match starts with. With a `finder`, every match holds one of
    `literals`, at most `lead` characters past its start, and examines at most `reach`
    characters (None: no bound), and no match crosses a character of `separators`."""

    regex: re.Pattern[str]
    start_code: tuple[int, ...] = ()
    literals: tuple[str, ...] = ()
    finder: re.Pattern[str] | None = None
    lead: int | None = None
    reach: int | None = None
    required: tuple[tuple[str, ...], ...] = ()
    separators: str = ""
    search: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        search = compiled(self.regex, self.start_code) if self.start_code else self.regex
        object.__setattr__(self, "search", search)

    def __getstate__(self) -> dict[str, Any]:
        """Without `search`: `re` pickles a pattern as its source and would lose its code."""
        return {k: v for k, v in vars(self).items() if k != "search"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self.__post_init__()

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Exactly the matches of `self.regex.finditer(text)`, in order."""
        if not all(any(w in text for w in words) for words in self.required):
            return iter(())
        if self.finder is None:
            return self.search.finditer(text)
        if self.reach is not None:
            windows = self._windows(text, self.finder, self.reach)
            cover = sum(last - first + 1 for first, last in windows)
            if len(windows) * _SEARCH_COST + cover < len(text):
                reach = self.reach
                return self._searched(text, [(f, last, last + reach + 1) for f, last in windows])
        elif self.lead is not None:
            if self.start_code:  # a match attempt at each offset costs more than the skipping search
                return self.search.finditer(text)
            windows = self._windows(text, self.finder, None)
            if sum(last - first + 1 for first, last in windows) * _MATCH_COST < len(text):
                return self._matched(text, windows)
        if self.separators and (pieces := self._pieces(text, self.finder)) is not None:
            return self._searched(text, pieces)
        return self.search.finditer(text)

    def _searched(self, text: str, windows: list[Window]) -> Iterator[re.Match[str]]:
        """Search each window, with `endpos` past the furthest character a match examines."""
        pos = 0
        for first, last, endpos in windows:
            start = max(first, pos)
            while start <= last:
                m = self.search.search(text, start, min(endpos, len(text)))
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

    def _windows(self, text: str, finder: re.Pattern[str], reach: int | None) -> list[tuple[int, int]]:
        """Merged ranges of offsets where a match may start: before each literal found (or
        hidden inside an overlapping one found)."""
        shortest = min(len(w) for w in self.literals)
        longest = max(len(w) for w in self.literals)
        back = reach - shortest if reach is not None else self.lead or 0
        windows: list[tuple[int, int]] = []
        first = last = -1
        for start in self._starts(text, finder):
            if last < 0 or start - back > last + 1:
                if last >= 0:
                    windows.append((first, last))
                first = max(0, start - back)
            last = max(last, start + longest - 1)
        if last >= 0:
            windows.append((first, last))
        return windows

    def _pieces(self, text: str, finder: re.Pattern[str]) -> list[Window] | None:
        """The pieces between separators that hold a literal, each searched up to and with the
        separator that ends it; None when searching them would cost more than a plain scan."""
        separator = _SEPARATOR_CLASS[self.separators]
        backwards = _reversed(text)
        starts = self._starts(text, finder)
        budget = len(text)
        pieces: list[Window] = []
        i = 0
        while i < len(starts):
            before = separator.search(backwards, len(text) - starts[i])
            after = separator.search(text, starts[i])
            first = len(text) - before.start() if before else 0
            end = after.start() if after else len(text)
            budget -= end - first + _SEARCH_COST
            if budget < 0:
                return None
            pieces.append((first, end - 1, end + 1))
            i = bisect.bisect_right(starts, end, i)
        return pieces

    def _starts(self, text: str, finder: re.Pattern[str]) -> list[int]:
        """Where the literals are, in order. A few are found faster one by one with `str.find`
        than together by `re` (all their occurrences then, overlapping ones too)."""
        if not 1 < len(self.literals) <= _MAX_FINDS:
            return [m.start() for m in finder.finditer(text)]
        starts = []
        for word in self.literals:
            at = text.find(word)
            while at >= 0:
                starts.append(at)
                at = text.find(word, at + 1)
        return sorted(starts)


@functools.lru_cache(maxsize=1)
def _reversed(text: str) -> str:
    """`text` backwards, to find the separator before an offset (kept for the next rules)."""
    return text[::-1]


def scanner(regex: re.Pattern[str]) -> Scanner | None:
    """A scanner for `regex`, or None when a plain scan is all there is."""
    if PARSER is None or OPS is None:
        return None
    start_code = skipping_code(regex) or ()
    plain = Scanner(regex, start_code) if start_code else None
    parsed = PARSER.parse(regex.pattern, regex.flags)
    if parsed.getwidth()[0] == 0 or parsed.state.flags & re.IGNORECASE:
        return plain
    required = _required(parsed.data)
    if not required:
        return plain
    try:
        reach: int | None = _reach(parsed.data)
    except _Unbounded:
        reach = None
    if reach is not None and reach > _MAX_REACH:
        reach = None
    bounded = [(words, lead) for words, lead in required if lead is not None]
    words, lead = min(bounded or required, key=lambda r: _cost(r[0]))
    if _common_chars(words, _MAX_CHARS):
        lead = reach = None  # windows would cover the text
    if lead is None and reach is None:  # only pieces remain, and they need no lead
        words = min((_innermost(w) for w, _ in required), key=_cost)
    ordered = sorted(words, key=lambda w: (-len(w), w))
    finder = re.compile("|".join(re.escape(w) for w in ordered))
    every = tuple(tuple(sorted(w)) for w, _ in required if len(w) <= 8)
    separators = "" if _common_chars(words, _MAX_PIECE_CHARS) else _separators(parsed.data)
    return Scanner(regex, start_code, tuple(ordered), finder, lead, reach, every, separators)


def _separators(items: Any) -> str:
    """The finest of `_SEPARATORS` whose characters a match can neither consume nor look ahead
    at; '' when there is none, or the pattern has a `$` (an `endpos` moves the end it sees)."""
    try:
        touched = _touched(items)
    except _Unbounded:
        return ""
    return next((seps for seps in _SEPARATORS if touched.isdisjoint(seps)), "")


def _touched(items: Any) -> set[str]:
    """The separator characters `items` may consume or look ahead at (what lookbehinds see
    lies before the offset a search starts from, and is not cut off)."""
    found: set[str] = set()
    for op, av in items:
        if (op is OPS.AT and av is OPS.AT_END) or op in (OPS.GROUPREF, OPS.GROUPREF_EXISTS):
            raise _Unbounded
        if op in (OPS.ASSERT, OPS.ASSERT_NOT):
            inner = _touched(av[1].data)  # a `$` in a lookbehind counts too
            if av[0] >= 0:
                found |= inner
        elif op is OPS.SUBPATTERN:
            found |= _touched(av[3].data)
        elif op is OPS.ATOMIC_GROUP:
            found |= _touched(av.data)
        elif op is OPS.BRANCH:
            found = found.union(*(_touched(alt.data) for alt in av[1]))
        elif op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT, OPS.POSSESSIVE_REPEAT):
            found |= _touched(av[2].data)
        elif op is not OPS.AT:
            found |= {c for c in _SEPARATOR_CHARS if _consumes(op, av, c)}
    return found


def _consumes(op: Any, av: Any, char: str) -> bool:
    """True when the item may consume `char` (and for any item not understood here)."""
    if op is OPS.LITERAL:
        return bool(chr(av) == char)
    if op is OPS.NOT_LITERAL:
        return bool(chr(av) != char)
    if op is not OPS.IN:
        return True
    negate = hit = False
    for item, value in av:
        if item is OPS.NEGATE:
            negate = True
        elif item is OPS.LITERAL:
            hit = hit or chr(value) == char
        elif item is OPS.RANGE:
            hit = hit or value[0] <= ord(char) <= value[1]
        elif item is OPS.CATEGORY and str(value) in _CATEGORIES:
            hit = hit or _CATEGORIES[str(value)](char)
        else:
            return True
    return hit != negate


def _common_chars(words: frozenset[str], most: int) -> bool:
    """More than `most` single characters among the literals: common in any text."""
    return sum(len(w) == 1 for w in words) > most


def _innermost(words: frozenset[str]) -> frozenset[str]:
    """The literals that hold no other one: every text holding one of `words` holds one of them."""
    return frozenset(w for w in words if not any(v != w and v in w for v in words))


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
