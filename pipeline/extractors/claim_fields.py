"""Per-claim fields read from the claim's clause: subject, scope, hedge, figure ids."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from pipeline.extractors import Context
from pipeline.extractors.claim_clauses import Clause
from pipeline.extractors.claim_subject import Subject, subject_of
from pipeline.model import ClaimRow, FigureRow

if TYPE_CHECKING:
    from pipeline.extractors.claims import Candidate, Plan

# Types whose scope is the comparison set; a change is measured, not compared.
_SCOPE_AFTER_CUE = {"target"}
_NO_SCOPE = {"change"}


class ClaimFields:
    """Field finders over one document, with the matches they need computed once."""

    def __init__(self, ctx: Context, plan: Plan, figures: list[FigureRow]) -> None:
        self.ctx = ctx
        self.plan = plan
        self.scopes: dict[Clause, list[tuple[int, str]]] = {}  # scope words by clause, as asked for
        self.hedges = sorted(
            (m.start(), m.group("hedge") if "hedge" in r.regex.groupindex else m.group(), r.id)
            for r in plan.hedge
            for m in r.finditer(ctx.text)
        )
        self.hedge_starts = [h[0] for h in self.hedges]
        self.figures = sorted(figures, key=lambda f: (f.start, f.end))
        self.figure_starts = [f.start for f in self.figures]

    def _scopes_in(self, clause: Clause) -> list[tuple[int, str]]:
        """Offsets and scope words starting in `clause`, as a scan of the whole text finds them:
        a scan from the clause start finds the same when no scope word can cross into it."""
        if clause not in self.scopes:
            found = []
            start = clause.start if self.plan.scopes_inside_clauses else 0
            for m in self.plan.scopes.finditer(self.ctx.text, start):
                if m.start() >= clause.end:
                    break
                if m.start() >= clause.start and self._is_scope(m):
                    found.append((m.start(), m.group()))
            self.scopes[clause] = found
        return self.scopes[clause]

    def _is_scope(self, m: re.Match[str]) -> bool:
        """A scope word; a region name only as a whole word (华南 of 华南理工大学 is none)."""
        seg = self.ctx.segmentation
        return m.group() not in self.plan.regions or (seg.is_edge(m.start()) and seg.is_edge(m.end()))

    def subject(self, start: int, end: int, claim_type: str = "") -> Subject:
        """The subject heading `[start, end)`; the head of a change claim is never a verb phrase."""
        check = claim_type not in _NO_SCOPE
        return subject_of(self.ctx.text, start, end, self.ctx.segmentation, self.plan.subject, check)

    def row(self, c: Candidate, subject: Subject) -> ClaimRow:
        """The claim row of a kept candidate; records the rules that shaped it as fired."""
        clause, ctx = c.clause, self.ctx
        sentence = ctx.sentence_at(clause.start)
        hedge = self.hedge(clause.start, clause.end)
        ctx.fired.add(c.rule.id)
        ctx.fired.update(subject.rules)
        return ClaimRow(
            doc_id=ctx.doc_id,
            claim_id="",
            type=c.type,
            text=ctx.text[clause.start : clause.end],
            start=clause.start,
            end=clause.end,
            cue=ctx.text[c.start : c.end],
            subject=subject.text,
            scope=self.scope(c, subject.text),
            rank=c.rank if c.type == "rank" else None,
            figure_ids=self.figure_ids(clause.start, clause.end),
            hedge=hedge,
            sentence_id=sentence.sentence_id,
            sentence=sentence.text,
            rule=c.rule.id,
        )

    def scope(self, c: Candidate, subject: str = "") -> str:
        """The rule's scope group, else the scope word nearest before the cue's end in the clause.

        A word inside the subject (雄安新区 of 雄安新区力争成为…) names who, not the comparison set; a
        `set.noscope` rule names a benchmark (高于日本), not a comparison set."""
        if c.type in _NO_SCOPE or c.rule.set.get("noscope"):
            return ""
        if c.scope:
            return c.scope
        scopes = self._scopes_in(c.clause)
        cue_end = bisect.bisect_left(scopes, (c.end,))
        for _, word in reversed(scopes[:cue_end]):
            if not subject or word not in subject:
                return word
        if c.type in _SCOPE_AFTER_CUE and cue_end < len(scopes):
            return scopes[cue_end][1]
        return ""

    def hedge(self, start: int, end: int) -> str:
        """Distinct hedging words in `[start, end)`, `;`-joined in text order."""
        lo = bisect.bisect_left(self.hedge_starts, start)
        hi = bisect.bisect_left(self.hedge_starts, end)
        words: list[str] = []
        for _, word, rule_id in self.hedges[lo:hi]:
            if word not in words:
                words.append(word)
                self.ctx.fired.add(rule_id)
        return ";".join(words)

    def figure_ids(self, start: int, end: int) -> str:
        lo = bisect.bisect_left(self.figure_starts, start)
        hi = bisect.bisect_left(self.figure_starts, end)
        return ";".join(f.figure_id for f in self.figures[lo:hi] if f.end <= end)
