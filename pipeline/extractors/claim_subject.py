"""The subject of a claim: the noun phrase heading its clause, cut out with the rules.

The head of a claim is the clause text before its cue. Helper rules of the claims family
(`set.role`: `subject_lead`, `subject_trail`, `subject_inner`) strip noise from it, and the
`claim_subject_stops` lexicon ends it at the first adverb, preposition or light verb. A head
that opens with a verb has no subject; the extractor then carries the last one over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.rules import Rule, RuleSet
from pipeline.segment import Segmentation

_QUOTES = "“”\"‘’'「」"
_SPACES = " \t\u3000"
_ENDS_WITH_AMOUNT = re.compile(r"\d[^\d、]{0,4}$")


@dataclass(frozen=True)
class SubjectRules:
    """The subject helper rules and the stop-word pattern of one rule set."""

    lead: tuple[Rule, ...]
    trail: tuple[Rule, ...]
    inner: tuple[Rule, ...]
    stops: re.Pattern[str]

    @classmethod
    def of(cls, rules: RuleSet) -> SubjectRules:
        family = rules.family("claims")
        words = rules.lexicon("claim_subject_stops").words()

        def role(name: str) -> tuple[Rule, ...]:
            return tuple(r for r in family if r.set.get("role") == name and r.action == "emit")

        stops = re.compile("|".join(re.escape(w) for w in words))
        return cls(role("subject_lead"), role("subject_trail"), role("subject_inner"), stops)


@dataclass(frozen=True)
class Subject:
    """A subject found in a head, and the helper rules that shaped it."""

    text: str
    rules: frozenset[str]


def subject_of(
    text: str, start: int, end: int, seg: Segmentation, rules: SubjectRules, verb_phrase_check: bool
) -> Subject:
    """The subject in `text[start:end]`, or an empty Subject when the head has none.

    With `verb_phrase_check`, a head that opens with a verb is a verb phrase, not a subject,
    unless it states an amount (外出农民工7.97万人 names an indicator).
    """
    used: set[str] = set()
    outer_end = end
    start, end = _strip(text, start, end, rules, used)
    start = _after_listed_statement(text, start, end)
    start, end = _strip(text, start, end, rules, used)
    states_amount = any(ch.isdigit() for ch in text[end:outer_end])
    end = _cut_at_stop(text, start, end, seg, rules.stops)
    start, end = _strip(text, start, end, rules, used)
    if end <= start or (verb_phrase_check and not states_amount and _opens_with_verb(seg, start)):
        return Subject("", frozenset())
    head = text[start:end]
    for rule in rules.inner:
        head, n = rule.regex.subn("", head)
        if n and head:
            used.add(rule.id)
    head = _unquoted(head.strip(_SPACES))
    if head.count("“") != head.count("”"):
        return Subject("", frozenset())
    return Subject(head, frozenset(used))


def _strip(text: str, start: int, end: int, rules: SubjectRules, used: set[str]) -> tuple[int, int]:
    """Strip lead and trail noise repeatedly; a strip that would empty the head is skipped."""
    changed = True
    while changed and end > start:
        changed = False
        for rule in rules.lead:
            m = rule.regex.match(text[start:end])
            if m and m.end() > 0:
                start, changed = start + m.end(), True
                used.add(rule.id)
        for rule in rules.trail:
            m = rule.regex.search(text, start, end)
            if m and start < m.start() < end:
                end, changed = m.start(), True
                used.add(rule.id)
    return start, end


def _after_listed_statement(text: str, start: int, end: int) -> int:
    """After the last 、 when the piece before it states its own amount (X达N、Y增长M)."""
    cut = text.rfind("、", start, end)
    if cut < 0 or cut + 1 >= end or not _ENDS_WITH_AMOUNT.search(text, start, cut):
        return start
    return cut + 1


def _cut_at_stop(text: str, start: int, end: int, seg: Segmentation, stops: re.Pattern[str]) -> int:
    """End of the head at its first stop word on word edges (`start` when it opens with one)."""
    for m in stops.finditer(text, start, end):
        if seg.is_edge(m.start()) and seg.is_edge(m.end()):
            return m.start()
    return end


def _opens_with_verb(seg: Segmentation, start: int) -> bool:
    i = seg.token_at(start)
    return seg.starts[i] == start and seg.tags[i].startswith("v") and seg.tags[i] != "vn"


def _unquoted(head: str) -> str:
    """Without quotes around the whole head (“2.0” → 2.0)."""
    if len(head) > 2 and head[0] in _QUOTES and head[-1] in _QUOTES and head.count(head[0]) == 1:
        return head[1:-1]
    return head
