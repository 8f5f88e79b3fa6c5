"""A first-character lookahead for rule patterns: the same matches, found faster.

Scanning for a rule's matches, `re` tries a full match at every offset unless the pattern
opens with a literal or a character class. A lookahead for the characters every match
must start with (`(?=[达为共])`) makes the failing offsets cheap. The pattern is read with
`re`'s own parser (a private module of CPython 3.11+); where it is missing, or the set of
first characters is large or unknown, the pattern is returned unchanged.
`opens_with_literal` tells which patterns `re` already skips through fastest by itself.

A lookahead still costs a match attempt at every offset. `skipping_code` compiles a
pattern again with its first characters in the block where `re` keeps a pattern's leading
character class, so a search skips to them in C, as it does for a pattern opening with `[...]`.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.sre import COMPILER, ENGINE, OPS, PARSER, from_code

_MAX_LEAD_RANGE = 64  # a wider range (all CJK) would not filter anything
_MAX_LITERAL_BRANCH = 64  # more alternatives: each is tried at every offset skipped to
_LEAD_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s"}
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


class _NoLead(Exception):
    """A match may start with (almost) any character: no useful lookahead."""


def with_first_chars(pattern: str) -> str:
    """`pattern` with a lookahead for the characters its matches start with, when that
    set is small and `re` does not already skip to them (literal or class first)."""
    if PARSER is None or OPS is None:
        return pattern
    try:
        items = PARSER.parse(pattern).data
        if _cheap_start(items):
            return pattern
        chars, nullable = _first_chars(items)
        lead = _char_class(chars)
    except (_NoLead, KeyError):
        return pattern
    if nullable or not chars:
        return pattern
    flags = _GLOBAL_FLAGS.match(pattern)
    at = flags.end() if flags else 0
    return f"{pattern[:at]}(?={lead}){pattern[at:]}"


def skipping_code(regex: re.Pattern[str]) -> tuple[int, ...] | None:
    """`re`'s code for `regex` with the characters its matches start with as the class a search
    skips to (in C); None when that set is large or unknown, a match may be empty, or `re`
    skips by itself. Run it with `compiled`.

    The same matches: a match can only start at such a character, and `re` then tries a match
    at exactly those offsets (its path for a pattern that opens with a class).
    """
    if PARSER is None or OPS is None or COMPILER is None or ENGINE is None:
        return None
    parsed = PARSER.parse(regex.pattern, regex.flags)
    flags = parsed.state.flags | regex.flags
    try:
        chars, nullable = _first_chars(parsed.data)
        _char_class(chars)  # rejects sets too large to filter anything
        if nullable or not chars or flags & re.IGNORECASE or _skips_by_itself(parsed, flags):
            return None
        code = _code_with_start_set(parsed, chars, flags)
        compiled(regex, code)  # an engine that takes code in another form fails here, not later
    except (_NoLead, KeyError, TypeError, ValueError, RuntimeError):
        return None
    return code


def compiled(regex: re.Pattern[str], code: tuple[int, ...]) -> re.Pattern[str]:
    """A pattern with the source, flags and groups of `regex`, run by `code`."""
    return from_code(regex.pattern, regex.flags, code, regex.groups, regex.groupindex)


def skipping(regex: re.Pattern[str]) -> re.Pattern[str]:
    """`regex`, compiled to skip to the characters its matches start with when `skipping_code`
    knows them (not picklable as such: `re` pickles a pattern as its source)."""
    code = skipping_code(regex)
    return compiled(regex, code) if code else regex


def _skips_by_itself(parsed: Any, flags: int) -> bool:
    """True when `re` already knows a literal prefix or a first character class."""
    prefix, _, _ = COMPILER._get_literal_prefix(parsed, flags)
    return bool(prefix) or COMPILER._get_charset_prefix(parsed, flags) is not None


def _code_with_start_set(parsed: Any, chars: list[Any], flags: int) -> tuple[int, ...]:
    """What `re._compiler._code` makes of `parsed`, with `chars` as its first character class.

    `re` writes the class that opens a pattern into the pattern's info block; a stand-in that
    opens with `chars` but has the pattern's own width yields the block `parsed` would have
    if it opened with that class. The body is compiled from `parsed` itself."""
    stand_in = PARSER.SubPattern(parsed.state, [(OPS.IN, chars), *parsed.data])
    stand_in.width = parsed.getwidth()
    code: list[int] = []
    COMPILER._compile_info(code, stand_in, flags)
    COMPILER._compile(code, parsed.data, flags)
    code.append(OPS.SUCCESS)
    return tuple(map(int, code))  # plain ints: `re`'s named opcodes do not pickle


def opens_with_literal(pattern: str) -> bool:
    """True when every match of `pattern` starts with one of a few literal characters: `re`
    then skips to them by itself, faster than a search for a literal further in."""
    if PARSER is None or OPS is None:
        return False
    op, av = _first_op(PARSER.parse(pattern).data)
    if op is OPS.BRANCH:
        alts = av[1]
        return len(alts) <= _MAX_LITERAL_BRANCH and all(_first_op(a.data)[0] is OPS.LITERAL for a in alts)
    return bool(op is OPS.LITERAL)


def _cheap_start(items: Any) -> bool:
    """True when `re` rejects a wrong first character fast already: the pattern opens with
    a literal, a class, an anchor, alternatives opening with literals, a literal lookbehind
    or a repeated class."""
    op, av = _first_op(items)
    if op is OPS.BRANCH:
        return all(_first_op(alt.data)[0] in (OPS.LITERAL, OPS.BRANCH) for alt in av[1])
    if op is OPS.ASSERT:
        return bool(av[0] < 0 and _first_op(av[1].data)[0] is OPS.LITERAL)
    if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT):
        return bool(av[0] >= 1 and _first_op(av[2].data)[0] is OPS.IN)
    return op in (OPS.LITERAL, OPS.IN, OPS.AT)


def _first_op(items: Any) -> tuple[Any, Any]:
    """The first operation of parsed `items`, looking into groups; (None, None) if empty."""
    while items and items[0][0] is OPS.SUBPATTERN:
        items = items[0][1][3].data
    return items[0] if items else (None, None)


def _first_chars(items: Any) -> tuple[list[Any], bool]:
    """Class items for every character a match of `items` can start with; and whether it
    can match the empty string."""
    found: list[Any] = []
    for op, av in items:
        chars, nullable = _first_of(op, av)
        found += chars
        if not nullable:
            return found, False
    return found, True


def _first_of(op: Any, av: Any) -> tuple[list[Any], bool]:
    ops = OPS
    if op is ops.LITERAL:
        return [(op, av)], False
    if op is ops.IN and all(o is not ops.NEGATE for o, _ in av):
        return list(av), False
    if op is ops.BRANCH:
        firsts = [_first_chars(alt.data) for alt in av[1]]
        return [c for chars, _ in firsts for c in chars], any(n for _, n in firsts)
    if op is ops.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _first_chars(av[3].data)
    if op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT):
        chars, nullable = _first_chars(av[2].data)
        return chars, nullable or av[0] == 0
    if op is ops.ATOMIC_GROUP:
        return _first_chars(av.data)
    if op in (ops.AT, ops.ASSERT, ops.ASSERT_NOT):
        return [], True
    raise _NoLead


def _char_class(items: list[Any]) -> str:
    """A `[...]` class of literal, range and digit/space items."""
    parts: list[str] = []
    for op, av in items:
        if op is OPS.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is OPS.RANGE and av[1] - av[0] <= _MAX_LEAD_RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is OPS.CATEGORY:
            parts.append(_LEAD_CATEGORIES[str(av)])
        else:
            raise _NoLead
    return "[" + "".join(dict.fromkeys(parts)) + "]"
