"""Figures (SPEC §2): numbers that state a quantity, found by the rules in rules/figures.

Extract, then resolve. Emit rules propose candidate spans (character regexes); a candidate
whose edges cut a jieba word is dropped, veto rules remove candidates they overlap, and
overlaps are settled by priority then length. Each survivor is resolved into its value
columns (figure_resolve) and read in its clause for change, subject and time
(figure_context). Rules with `set: {role: time}` only find time expressions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from pipeline.extractors import Context
from pipeline.extractors.figure_context import (
    CLAUSE_BREAK,
    ChangeReader,
    SubjectReader,
    TimeIndex,
    verb_before,
)
from pipeline.extractors.figure_resolve import Resolved, Vocabulary, resolve
from pipeline.model import FigureRow
from pipeline.rules import Rule, RuleSet
from pipeline.segment import Segmentation

# Groups whose start is where the numeral itself begins (after any qualifier word).
_NUMERAL_GROUPS = ("num", "pword", "vague", "mag", "scope", "ord")
# Groups after the numeral: a word that starts at one of them may run past the span's end.
_SUFFIX_GROUPS = ("over", "mag", "over2", "unit")
_LIST_JOINERS = frozenset("、和及与 ")


class Candidate(NamedTuple):
    """A span an emit rule matched, with its named groups (a tuple: thousands per document)."""

    rule: Rule
    start: int
    end: int
    groups: dict[str, str]
    numeral_start: int
    suffix_start: int


@dataclass(frozen=True)
class Readers:
    """Everything built once per rule set: lexicon views and context readers."""

    vocab: Vocabulary
    change: ChangeReader
    subject: SubjectReader


def _readers(rules: RuleSet) -> Readers:
    """Readers for a rule set, built once per rule set."""
    return rules.derived("figures.readers", _build_readers)


def _build_readers(rules: RuleSet) -> Readers:
    time_pattern = "|".join(r.pattern for r in _time_rules(rules)) or "(?!)"
    return Readers(
        Vocabulary(
            rules.lexicon("units"),
            rules.lexicon("figure_qualifiers_pre"),
            rules.lexicon("figure_qualifiers_post"),
        ),
        ChangeReader.build(rules.lexicon("figure_changes")),
        SubjectReader.build(rules, time_pattern),
    )


def _time_rules(rules: RuleSet) -> list[Rule]:
    return [r for r in rules.family("figures") if r.set.get("role") == "time"]


def _emit_rules(rules: RuleSet) -> list[Rule]:
    return [r for r in rules.family("figures") if r.action == "emit" and r.set.get("role") != "time"]


def candidates(text: str, rules: Iterable[Rule]) -> list[Candidate]:
    """Every span the emit rules match (the `fig` group when a rule has one)."""
    found = []
    for rule in rules:
        names = rule.regex.groupindex
        fig = "fig" if "fig" in names else 0
        numerals = [g for g in _NUMERAL_GROUPS if g in names]
        suffixes = [g for g in _SUFFIX_GROUPS if g in names]
        for m in rule.finditer(text):
            start, end = m.span(fig)
            if start >= end:
                continue
            groups = {k: v for k, v in m.groupdict().items() if v}
            numeral = min([m.start(g) for g in numerals if g in groups], default=start)
            suffix_start = min([m.start(g) for g in suffixes if g in groups], default=end)
            found.append(Candidate(rule, start, end, groups, numeral, suffix_start))
    return found


def without_false_qualifier(text: str, c: Candidate, false_words: frozenset[str]) -> Candidate:
    """A qualifier that ends another word is not one (约 of 签约 in 签约3543亿元): the figure
    then starts at its numeral. Decided on characters, whatever jieba's split."""
    qualifier = c.groups.get("q")
    if not qualifier:
        return c
    ending = (text[max(c.start - n, 0) : c.start] + qualifier for n in (1, 2))
    if not any(word in false_words for word in ending):
        return c
    groups = {k: v for k, v in c.groups.items() if k != "q"}
    return c._replace(start=c.numeral_start, groups=groups)


def edges_ok(seg: Segmentation, c: Candidate, prefixes: frozenset[str]) -> bool:
    """The span starts on a word edge (before its qualifier or its numeral, or after a
    demonstrative glued to it: 这三项) and ends on one, or ends inside a word that begins
    after its numeral (measure words glue to the next noun: 颗卫星, 万元支持)."""
    if not (seg.is_edge(c.start) or seg.is_edge(c.numeral_start) or _glued(seg, c.start) in prefixes):
        return False
    if seg.is_edge(c.end):
        return True
    return c.suffix_start < c.end and seg.starts[seg.token_at(c.end - 1)] >= c.suffix_start


def _glued(seg: Segmentation, offset: int) -> str:
    """The part of the word holding `offset` that lies before it."""
    return seg.text[seg.starts[seg.token_at(offset)] : offset]


def vetoed(ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """Candidates that no veto rule's match overlaps; vetoes that removed one fire."""
    owner: dict[int, str] = {}  # offset -> id of the veto rule covering it
    for rule in ctx.rules.family("figures"):
        if rule.action == "veto":
            for m in rule.finditer(ctx.text):
                start, end = m.span("fig") if "fig" in rule.regex.groupindex else m.span()
                owner.update(dict.fromkeys(range(start, end), rule.id))
    keep = []
    for c in found:
        span = range(c.start, c.end)
        if owner.keys().isdisjoint(span):
            keep.append(c)
        else:
            ctx.fired.add(next(owner[i] for i in span if i in owner))
    return keep


def settle(found: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, higher priority then longer spans first."""
    taken: set[int] = set()
    chosen: list[Candidate] = []
    for c in sorted(found, key=lambda c: (-c.rule.priority, -(c.end - c.start), c.start, c.rule.id)):
        span = range(c.start, c.end)
        if taken.isdisjoint(span):
            chosen.append(c)
            taken.update(span)
    return sorted(chosen, key=lambda c: (c.start, c.end, c.rule.id))


def time_index(ctx: Context) -> TimeIndex:
    """Time expressions found by the `role: time` rules, longest first where they overlap."""
    spans: list[tuple[int, int, str, str]] = []
    for rule in _time_rules(ctx.rules):
        for m in rule.finditer(ctx.text):
            if m.end() > m.start():
                spans.append((m.start(), m.end(), m.group(0), rule.id))
    kept: list[tuple[int, int, str, str]] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if taken.isdisjoint(range(span[0], span[1])):
            kept.append(span)
            taken.update(range(span[0], span[1]))
    return TimeIndex(kept)


def extract(ctx: Context) -> list[FigureRow]:
    """Figure rows of one document, in text order, ids F1, F2, …"""
    readers = _readers(ctx.rules)
    prefixes = frozenset(ctx.rules.lexicon("figure_start_prefixes").terms)
    false_words = frozenset(ctx.rules.lexicon("figure_qualifier_false").words())
    found = [
        trimmed
        for c in candidates(ctx.text, _emit_rules(ctx.rules))
        if edges_ok(ctx.segmentation, trimmed := without_false_qualifier(ctx.text, c, false_words), prefixes)
    ]
    chosen = settle(vetoed(ctx, found))
    builder = _RowBuilder(ctx, readers, time_index(ctx))
    rows: list[FigureRow] = []
    for c in chosen:
        if (row := builder.row(c, f"F{len(rows) + 1}")) is not None:
            rows.append(row)
    return _shared_units(ctx, rows)


def _shared_units(ctx: Context, rows: list[FigureRow]) -> list[FigureRow]:
    """A unitless figure from a `role: list-unit` rule takes the unit of the next figure
    of its list (分别达1409万、1305万人次 → 人次 for both)."""
    out = list(rows)
    for i in range(len(out) - 2, -1, -1):
        row, nxt = out[i], out[i + 1]
        between = ctx.text[row.end : nxt.start]
        if (
            ctx.rules.get(row.rule).set.get("role") == "list-unit"
            and nxt.unit
            and between
            and set(between) <= _LIST_JOINERS
        ):
            out[i] = replace(row, unit=nxt.unit, kind=nxt.kind)
    return out


class _RowBuilder:
    """Turns settled candidates into rows, remembering the previous figure of the sentence."""

    def __init__(self, ctx: Context, readers: Readers, times: TimeIndex) -> None:
        self.ctx, self.readers, self.times = ctx, readers, times
        self.previous: FigureRow | None = None
        self.list_index = 0
        self.backwards = ctx.text[::-1]  # a clause start is the first break searching backwards
        self.paragraph_starts: dict[int, int] = {}
        for s in ctx.canonical.sentences:
            self.paragraph_starts.setdefault(s.paragraph_id, s.start)

    def row(self, c: Candidate, figure_id: str) -> FigureRow | None:
        resolved = resolve(c.groups, c.rule.set, self.readers.vocab)
        if resolved is None:
            return None
        sentence = self.ctx.sentence_at(c.start)
        listed = self._continues_list(c.start, sentence.sentence_id)
        self.list_index = self.list_index + 1 if listed else 0
        change, subject = self._change_subject(c, resolved, sentence.start, listed)
        row = FigureRow(
            doc_id=self.ctx.doc_id,
            figure_id=figure_id,
            text=self.ctx.text[c.start : c.end],
            start=c.start,
            end=c.end,
            value=resolved.value,
            value_max=resolved.value_max,
            unit=resolved.unit,
            kind=resolved.kind,
            qualifier=resolved.qualifier,
            change=change,
            subject=subject,
            time=self._time(c.start, sentence.start),
            sentence_id=sentence.sentence_id,
            sentence=sentence.text,
            page=self.ctx.page_at(c.start),
            rule=c.rule.id,
        )
        self.ctx.fired.add(c.rule.id)
        self.previous = row
        return row

    def _clause_start(self, offset: int, floor: int) -> int:
        """Start of the clause holding `offset` (after the last clause break, not before `floor`)."""
        end = len(self.backwards)
        m = CLAUSE_BREAK.search(self.backwards, end - offset, end - floor)
        return end - m.start() if m else floor

    def _continues_list(self, offset: int, sentence_id: int) -> FigureRow | None:
        """The previous figure when only a list joiner (、和及与) separates it from this one."""
        prev = self.previous
        if prev is None or prev.sentence_id != sentence_id or offset - prev.end > 3:
            return None
        between = self.ctx.text[prev.end : offset]
        return prev if between and set(between) <= _LIST_JOINERS else None

    def _part_start(self, clause_start: int) -> int:
        """Where this figure's part of the clause begins: after a previous figure in it."""
        prev = self.previous
        if prev is None or prev.end < clause_start:
            return clause_start
        return prev.end + 1 if self.ctx.text[prev.end : prev.end + 1] in _LIST_JOINERS else prev.end

    def _change_subject(
        self, c: Candidate, resolved: Resolved, floor: int, listed: FigureRow | None
    ) -> tuple[str, str]:
        text = self.ctx.text
        clause_start = self._clause_start(c.start, floor)
        paired = self.readers.subject.paired(text[clause_start : c.start], self.list_index)
        if listed is not None:
            return listed.change, paired or listed.subject
        change = str(c.rule.set.get("change", "")) or self.readers.change.change(text[clause_start : c.start])
        return change, paired or self._subject(c, resolved, clause_start)

    def _subject(self, c: Candidate, resolved: Resolved, clause_start: int) -> str:
        """After a count (57颗卫星), else before the figure, else the colon's label or the
        previous figure's subject in the sentence."""
        reader, text = self.readers.subject, self.ctx.text
        after = reader.after(self.ctx.segmentation, c.end) if resolved.kind != "rank" else ""
        before = reader.before(text[self._part_start(clause_start) : c.start])
        verb = verb_before(self.ctx.segmentation, c.start, reader.stop_tags)
        first, second = (after, before) if resolved.kind == "count" or verb else (before, after)
        subject = first or second
        if not subject and text[clause_start - 1 : clause_start] in "：:" and clause_start > 0:
            label_start = self._clause_start(clause_start - 1, self.ctx.sentence_at(c.start).start)
            subject = reader.before(text[label_start : clause_start - 1])
        same_sentence = self.previous is not None and self.previous.sentence_id == self._sid(c)
        if not subject and same_sentence and self.previous is not None:
            subject = self.previous.subject
        return subject

    def _sid(self, c: Candidate) -> int:
        return self.ctx.sentence_at(c.start).sentence_id

    def _time(self, offset: int, sentence_start: int) -> str:
        found = self.times.before(offset, sentence_start)
        if found is None:
            paragraph = self._paragraph_start(offset)
            found = self.times.before(offset, paragraph)
        if found is None:
            return ""
        self.ctx.fired.add(found[1])
        return found[0]

    def _paragraph_start(self, offset: int) -> int:
        sentence = self.ctx.sentence_at(offset)
        return self.paragraph_starts.get(sentence.paragraph_id, sentence.start)
