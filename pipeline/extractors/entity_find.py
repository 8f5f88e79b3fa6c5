"""Find entity candidates: each `rules/entities` rule proposes spans, veto rules remove some.

A rule's span is its group `name` (else the whole match). Its canonical name is the groups
`q` + `suffix` when the pattern has `q` (“启航”“续航”“领航”计划 → 启航计划), else the span
without quotes or spaces, mapped through the alias lexicons. `set.role` chooses how a rule
is applied: `span` (default) as is, `grow` extends the span leftwards over jieba tokens
(see entity_grow), `lexicon` looks every token up in `set.lexicon` (`join: true` merges
adjacent hits: 惠州博罗 → 惠州市博罗县), `names` takes the run of person-like tokens that
starts at the match (a byline 曾志敏杨泽森 before an affiliation or the line end).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import NamedTuple

from pipeline.extractors import Context
from pipeline.extractors.entity_grow import Grower
from pipeline.rules import Lexicon, Rule, RuleSet

QUOTES_SPACES = re.compile(r"[“”\"'‘’\s]")
# what may sit between the names of a byline: spaces and escaped author marks (胡志坚\* 玄兆辉)
BYLINE_GAP = re.compile(r"[ \t\\*]+")
# lexicons whose aliases name an entity canonically (港科大（广州） → 香港科技大学（广州）)
ALIAS_LEXICONS = ("places", "regions", "companies", "org_known", "org_aliases", "entity_short_names")


class Candidate(NamedTuple):
    """One proposed entity mention (a tuple: thousands per document)."""

    start: int
    end: int
    type: str
    subtype: str
    title: str
    name: str
    rule: str
    priority: int


def find_candidates(ctx: Context) -> list[Candidate]:
    """Every emitted candidate that no veto rule removed."""
    rules = sorted(ctx.rules.family("entities"), key=lambda r: r.id)
    grower = Grower(ctx)
    found: list[Candidate] = []
    for rule in rules:
        if rule.action == "emit":
            found.extend(_emit(ctx, rule, grower))
    for rule in rules:
        if rule.action == "veto":
            found = _veto(ctx, rule, found)
    return found


def canonical_name(ctx: Context, surface: str) -> str:
    """The surface without quotes or spaces, mapped through the alias lexicons."""
    bare = QUOTES_SPACES.sub("", surface)
    return ctx.rules.derived("entity_find.aliases", _aliases).get(bare, bare)


def _aliases(rules: RuleSet) -> dict[str, str]:
    """Alias -> canonical name from the alias lexicons, the first lexicon naming an alias winning."""
    aliases: dict[str, str] = {}
    for name in reversed(ALIAS_LEXICONS):
        if name in rules.lexicons:
            aliases.update(rules.lexicon(name).aliases)
    return aliases


def _emit(ctx: Context, rule: Rule, grower: Grower) -> list[Candidate]:
    role = rule.set.get("role", "span")
    if role == "lexicon":
        return _from_lexicon(ctx, rule)
    if role == "names":
        return _names(ctx, rule, grower)
    found = []
    name = "name" if "name" in rule.regex.groupindex else 0
    maxlen, over = int(rule.set.get("maxlen", 20)), rule.set.get("over", ())
    for m in rule.finditer(ctx.text):
        start, end = m.span(name)
        if role == "grow":
            start = grower.grow(start, end, maxlen, over)
        if start < 0 or end <= start or not _edges_ok(ctx, rule, start, end):
            continue
        found.append(_candidate(ctx, rule, m, start, end))
    return found


def _candidate(ctx: Context, rule: Rule, m: re.Match[str], start: int, end: int) -> Candidate:
    groups = rule.regex.groupindex
    if "q" in groups:
        name = QUOTES_SPACES.sub("", "".join(m.groupdict().get(g) or "" for g in ("q", "suffix")))
    else:
        name = canonical_name(ctx, ctx.text[start:end])
    title = (m.group("title") if "title" in groups else None) or str(rule.set.get("title", ""))
    return Candidate(
        start,
        end,
        str(rule.set["type"]),
        str(rule.set.get("subtype", "")),
        title,
        name,
        rule.id,
        rule.priority,
    )


def _edges_ok(ctx: Context, rule: Rule, start: int, end: int) -> bool:
    """Spans must start and end on jieba word edges unless the rule says `edges: false`."""
    if not rule.set.get("edges", True):
        return True
    seg = ctx.segmentation
    return seg.is_edge(start) and seg.is_edge(end)


def _from_lexicon(ctx: Context, rule: Rule) -> list[Candidate]:
    """Tokens that are a term or alias of the rule's lexicon and fully match its pattern."""
    lexicon = ctx.rules.lexicon(str(rule.set["lexicon"]))
    words = ctx.rules.derived(f"entity_find.words.{lexicon.name}", lambda _: lexicon_words(lexicon))
    seg = ctx.segmentation
    found: list[Candidate] = []
    positions = _lexicon_positions(ctx)
    for i in sorted(i for word in words.intersection(positions) for i in positions[word]):
        word, start = seg.words[i], seg.starts[i]
        if rule.regex.fullmatch(word):
            canonical = lexicon.canonical(word)
            subtype = lexicon.attributes.get(canonical, {}).get("subtype", rule.set.get("subtype", ""))
            if rule.set.get("join") and _joins(found, start, word, canonical):
                found[-1] = found[-1]._replace(end=start + len(word), name=found[-1].name + canonical)
                continue
            kind = str(rule.set["type"])
            found.append(
                Candidate(start, start + len(word), kind, str(subtype), "", canonical, rule.id, rule.priority)
            )
    return found


def _names(ctx: Context, rule: Rule, grower: Grower) -> list[Candidate]:
    """Person-like tokens from each match start on, when the run ends at a line end or an ORG token."""
    seg = ctx.segmentation
    found: list[Candidate] = []
    for m in rule.finditer(ctx.text):
        start = m.start("name") if "name" in rule.regex.groupindex else m.start()
        i = seg.token_at(start)
        if seg.starts[i] != start:
            continue
        run, i = _name_run(seg.words, seg.tags, i, grower)
        if run and (i == len(seg.words) or seg.tags[i] == "nt" or not seg.words[i].strip()):
            found.extend(
                _candidate(ctx, rule, m, seg.starts[j], seg.starts[j] + len(seg.words[j])) for j in run
            )
    return found


def _name_run(words: tuple[str, ...], tags: tuple[str, ...], i: int, grower: Grower) -> tuple[list[int], int]:
    """Indices of the person-like tokens from token `i` on (byline gaps between them skipped),
    and the index of the first token after the run."""
    run: list[int] = []
    end = i
    while i < len(words):
        if grower.looks_like_person(words[i], tags[i]):
            run.append(i)
            end = i = i + 1
        elif run and BYLINE_GAP.fullmatch(words[i]):
            i += 1
        else:
            break
    return run, end


def _lexicon_positions(ctx: Context) -> dict[str, list[int]]:
    """Token indices of every word of any lexicon a rule looks up, found in one pass over
    the document's tokens and shared by the lexicon rules."""
    key = "entity_find.lexicon_positions"
    if key not in ctx.cache:
        wanted = ctx.rules.derived("entity_find.all_lexicon_words", _all_lexicon_words)
        ctx.cache[key] = ctx.segmentation.positions(wanted)
    positions: dict[str, list[int]] = ctx.cache[key]
    return positions


def _all_lexicon_words(rules: RuleSet) -> frozenset[str]:
    names = {str(r.set["lexicon"]) for r in rules.family("entities") if r.set.get("role") == "lexicon"}
    return frozenset(w for name in names for w in lexicon_words(rules.lexicon(name)))


def lexicon_words(lexicon: Lexicon) -> frozenset[str]:
    """Every term and alias of `lexicon`."""
    return frozenset(lexicon.terms) | frozenset(lexicon.aliases)


def _joins(found: list[Candidate], start: int, word: str, canonical: str) -> bool:
    """A short county name right after a short city name is one place (惠州博罗 → 惠州市博罗县)."""
    if not found or found[-1].end != start or word == canonical:
        return False
    prev = found[-1]
    return prev.name.endswith("市") and prev.end - prev.start < len(prev.name) and canonical[-1] in "县区市"


def _veto(ctx: Context, rule: Rule, found: list[Candidate]) -> list[Candidate]:
    """Drop candidates (of the rule's `type`, when it sets one) that lie inside a veto match,
    or, with `role: whole`, whose own text the veto pattern matches entirely."""
    kind = rule.set.get("type")
    vetoes = _matched_whole(ctx, rule) if rule.set.get("role") == "whole" else _inside_a_match(ctx, rule)
    kept = [c for c in found if (kind and c.type != kind) or not vetoes(c)]
    if len(kept) < len(found):
        ctx.fired.add(rule.id)
    return kept


def _inside_a_match(ctx: Context, rule: Rule) -> Callable[[Candidate], bool]:
    """Whether a candidate lies inside one of the rule's matches (their `name` group if any)."""
    group = "name" if "name" in rule.regex.groupindex else 0
    spans = [m.span(group) for m in rule.finditer(ctx.text)]  # disjoint and sorted
    starts = [start for start, _ in spans]

    def inside(c: Candidate) -> bool:
        i = bisect.bisect_right(starts, c.start) - 1
        return i >= 0 and c.end <= spans[i][1]

    return inside


def _matched_whole(ctx: Context, rule: Rule) -> Callable[[Candidate], bool]:
    """Whether the rule's pattern matches a candidate's text entirely."""
    return lambda c: rule.regex.fullmatch(ctx.text, c.start, c.end) is not None
