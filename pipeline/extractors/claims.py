"""Claims (SPEC §4): evaluative assertions — rank, first, level, change, target, award.

Emit rules of the `claims` family (`set.type`) find cues over the canonical text; a cue lies
in one clause (claim_clauses), and the clause is the claim's `text`. Veto rules drop the
candidates they overlap; among overlapping cues the higher priority (then the longer) wins.
The subject is the head of the clause before the cue (claim_subject), carried over from the
clauses before when the head has none; scope, hedge, rank and figure ids come from the clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from pipeline.extractors import Context
from pipeline.extractors.claim_clauses import CLAUSE_EDGES, Clause, Clauses
from pipeline.extractors.claim_fields import ClaimFields
from pipeline.extractors.claim_subject import Subject, SubjectRules
from pipeline.model import ClaimRow, EntityRow, FigureRow, MentionRow
from pipeline.numbers import parse_number
from pipeline.rules import Rule, RuleSet


class Candidate(NamedTuple):
    """A cue found by an emit rule, inside `clause` (a tuple: thousands per document)."""

    rule: Rule
    clause: Clause
    start: int
    end: int
    head_end: int
    scope: str
    rank: float | None
    subject: str  # the rule's `subject` group: a subject the cue names past its clause

    @property
    def type(self) -> str:
        return str(self.rule.set["type"])


@dataclass(frozen=True)
class Plan:
    """The claims rules of one rule set, sorted by job."""

    emit: tuple[Rule, ...]
    veto: tuple[Rule, ...]
    hedge: tuple[Rule, ...]
    subject: SubjectRules
    scopes: re.Pattern[str]
    regions: frozenset[str]
    scopes_inside_clauses: bool  # no scope word holds a character that can border a clause

    @classmethod
    def of(cls, rules: RuleSet) -> Plan:
        family = rules.family("claims")
        regions = frozenset(rules.lexicon("regions").words())
        words = sorted(set(rules.lexicon("claim_scopes").words()) | regions, key=lambda w: (-len(w), w))
        return cls(
            emit=tuple(r for r in family if r.action == "emit" and "type" in r.set),
            veto=tuple(r for r in family if r.action == "veto"),
            hedge=tuple(r for r in family if r.set.get("role") == "hedge"),
            subject=SubjectRules.of(rules),
            scopes=re.compile("|".join(re.escape(w) for w in words)),
            regions=regions,
            scopes_inside_clauses=not any(CLAUSE_EDGES.intersection(w) for w in words),
        )


def extract(
    ctx: Context, figures: list[FigureRow], entities: list[EntityRow], mentions: list[MentionRow]
) -> list[ClaimRow]:
    """One row per claim, sorted by (start, end, rule); ids C1, C2… in that order."""
    plan = ctx.rules.derived("claims.plan", Plan.of)
    clauses = Clauses(ctx.canonical)
    found = _resolve(_vetoed(ctx, _candidates(ctx.text, plan.emit, clauses), plan.veto))
    rows = _rows(ctx, plan, clauses, found, figures)
    rows.sort(key=lambda r: (r[0].start, r[0].end, r[0].rule, r[1]))
    return [_numbered(row, i) for i, (row, _) in enumerate(rows, 1)]


def _candidates(text: str, rules: Iterable[Rule], clauses: Clauses) -> list[Candidate]:
    out: list[Candidate] = []
    for rule in rules:
        cue = "cue" if "cue" in rule.regex.groupindex else 0
        has_head = "head" in rule.regex.groupindex
        for m in rule.finditer(text):
            start, end = m.span(cue)
            piece = text[start:end]
            end -= len(piece) - len(piece.rstrip())
            clause = clauses.at(start)
            if clause is None or end > clause.end or end <= start:
                continue
            head_end = m.end("head") if has_head and m.group("head") else start
            scope, subject = _group(m, "scope"), _group(m, "subject")
            out.append(Candidate(rule, clause, start, end, head_end, scope, _rank(rule, m), subject))
    return out


def _group(m: re.Match[str], name: str) -> str:
    return (m.group(name) or "") if name in m.re.groupindex else ""


def _rank(rule: Rule, m: re.Match[str]) -> float | None:
    """N of a rank cue: the `rank` group, 1 for a `top` group (首位, 榜首), else `set.rank`."""
    if _group(m, "rank"):
        return parse_number(m.group("rank"))
    if _group(m, "top"):
        return 1.0
    value = rule.set.get("rank")
    return float(value) if value is not None else None


def _vetoed(ctx: Context, found: list[Candidate], vetoes: Iterable[Rule]) -> list[Candidate]:
    """Candidates that no veto match overlaps (a veto with `set.type` only vetoes that type)."""
    kept = found
    for rule in vetoes:
        spans = [m.span() for m in rule.finditer(ctx.text)]
        if not spans:
            continue
        starts = [s for s, _ in spans]
        want = rule.set.get("type")
        survivors = [c for c in kept if (want and c.type != want) or not _overlaps(c, spans, starts)]
        if len(survivors) < len(kept):
            ctx.fired.add(rule.id)
        kept = survivors
    return kept


def _overlaps(c: Candidate, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_left(starts, c.end)
    return i > 0 and spans[i - 1][1] > c.start


def _resolve(found: list[Candidate]) -> list[Candidate]:
    """Among overlapping cues keep the higher priority, then the longer, then the earlier."""
    ranked = sorted(found, key=lambda c: (-c.rule.priority, -(c.end - c.start), c.start, c.rule.id))
    taken: dict[int, list[tuple[int, int]]] = {}  # by clause start
    kept: list[Candidate] = []
    for c in ranked:
        spans = taken.setdefault(c.clause.start, [])
        if all(c.end <= s or e <= c.start for s, e in spans):
            spans.append((c.start, c.end))
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end, c.rule.id))


def _rows(
    ctx: Context, plan: Plan, clauses: Clauses, found: list[Candidate], figures: list[FigureRow]
) -> list[tuple[ClaimRow, int]]:
    """Rows of the kept candidates (with their cue start), subjects carried clause to clause."""
    by_clause: dict[Clause, list[Candidate]] = {}
    for c in found:  # in text order
        by_clause.setdefault(c.clause, []).append(c)
    fields = ClaimFields(ctx, plan, figures)
    last = Subject("", frozenset())
    previous: Clause | None = None
    rows: list[tuple[ClaimRow, int]] = []
    for clause, here in by_clause.items():
        pending = clauses.between(previous, clause)  # without claims since `last` was found
        at = clause.start
        for c in here:
            own = Subject(c.subject, frozenset()) if c.subject else fields.subject(at, c.head_end, c.type)
            last = own if own.text else _carried(fields, pending, last)
            pending = iter(())
            rows.append((fields.row(c, last), c.start))
            at = max(at, c.end)
        previous = clause
    return rows


def _carried(fields: ClaimFields, pending: Iterator[Clause], last: Subject) -> Subject:
    """The subject of the nearest clause before that has one (computed only when needed)."""
    for clause in pending:
        own = fields.subject(clause.start, clause.end)
        if own.text:
            return own
    return last


def _numbered(row: ClaimRow, number: int) -> ClaimRow:
    return replace(row, claim_id=f"C{number}")
