"""Resolve a matched figure span into value, range, unit, kind and qualifier.

Small pure functions over the named groups a figure rule captured (see rules/figures):
`num`/`num2` (numerals), `mag` (magnitude 万, 亿…), `over`/`over2` (多/余 before or after
the magnitude), `unit`, `q`/`qpost` (qualifier words), `pword` (八成, 三分之一),
`vague` (数十亿), `ord` (the N of 第N).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from pipeline.numbers import parse_number, parse_ordinal, parse_percent_word, parse_vague
from pipeline.rules import Lexicon

Groups = Mapping[str, str]


@dataclass(frozen=True)
class Resolved:
    """The value part of a figure row."""

    value: float
    value_max: float | None
    unit: str
    kind: str
    qualifier: str


@dataclass(frozen=True)
class Vocabulary:
    """The lexicons resolvers read: units and the qualifier words before and after."""

    units: Lexicon
    qualifiers_pre: Lexicon
    qualifiers_post: Lexicon


def _clean(numeral: str) -> str:
    return "".join(numeral.split())


@lru_cache(maxsize=8192)  # a pure function of two short strings that documents repeat often
def numeral_value(numeral: str, magnitude: str = "") -> float | None:
    """Value of a numeral with an optional magnitude (`1.2`+`万`, or a bare `百亿`)."""
    text = _clean(numeral) + magnitude
    if not text:
        return None
    value = parse_number(text)
    if value is None and not numeral and magnitude:
        value = parse_number("一" + magnitude)
    return value


def values(groups: Groups, fixed: object = None) -> tuple[float | None, float | None]:
    """Value and upper bound of a figure from its groups (`fixed` from the rule's `set`)."""
    if fixed is not None:
        return float(str(fixed)), None
    if groups.get("pword"):
        return parse_percent_word(groups["pword"]), None
    if groups.get("vague"):
        interval = parse_vague(groups["vague"])
        return interval if interval else (None, None)
    if groups.get("ord"):
        return parse_ordinal("第" + groups["ord"]), None
    magnitude = groups.get("mag") or ""
    value = numeral_value(groups.get("num") or "", magnitude)
    high = numeral_value(groups["num2"], magnitude) if groups.get("num2") else None
    return value, high


def unit_and_kind(groups: Groups, settings: Mapping[str, object], units: Lexicon) -> tuple[str, str]:
    """The unit as reported (aliases folded: ％ → %; other units in brackets kept: 台（套）)
    and the kind its first unit implies."""
    written = groups.get("unit") or ""
    first, bracket, others = written.partition("（") if "（" in written else written.partition("(")
    unit = str(settings["unit"]) if "unit" in settings else units.canonical(first) + bracket + others
    kind = settings.get("kind") or units.attributes.get(units.canonical(first), {}).get("kind") or "count"
    return unit, str(kind)


def qualifier(groups: Groups, settings: Mapping[str, object], vocab: Vocabulary) -> str:
    """`exact` unless a qualifier word, 多/余 or a vague numeral says otherwise."""
    for name, lexicon in (("q", vocab.qualifiers_pre), ("qpost", vocab.qualifiers_post)):
        word = groups.get(name)
        if word:
            return str(lexicon.attributes.get(word, {}).get("qualifier", "exact"))
    if groups.get("over") or groups.get("over2"):
        return "over"
    if groups.get("vague"):
        return "approx"
    return str(settings.get("qualifier", "exact"))


def resolve(groups: Groups, settings: Mapping[str, object], vocab: Vocabulary) -> Resolved | None:
    """Everything a figure's value columns need, or None when the numeral has no value."""
    value, high = values(groups, settings.get("value"))
    if value is None:
        return None
    unit, kind = unit_and_kind(groups, settings, vocab.units)
    return Resolved(value, high, unit, kind, qualifier(groups, settings, vocab))
