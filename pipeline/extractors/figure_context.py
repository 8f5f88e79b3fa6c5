"""What a figure measures, whether it is a change, and when: read from its clause.

Driven by lexicons in rules/lexicons: `figure_changes` (change verbs and rate nouns),
`figure_subject` (words trimmed off the clause before a figure), `figure_subject_stops`
and `figure_subject_tags` (what ends the noun after a figure), `figure_qualifiers_pre`.
Time expressions come from the figure rules whose `set: {role: time}`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.regex_lead import skipping
from pipeline.rules import Lexicon, RuleSet
from pipeline.segment import Segmentation

CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?\n\t|<>]")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9().\-]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SUBJECT_MAX = 24


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class ChangeReader:
    """Finds the change verb or rate noun right before a figure."""

    verbs: re.Pattern[str]
    nouns: re.Pattern[str]
    lexicon: Lexicon

    @classmethod
    def build(cls, lexicon: Lexicon) -> ChangeReader:
        by_role: dict[str, list[str]] = {"verb": [], "noun": []}
        for word in lexicon.words():
            by_role[str(lexicon.attributes[word]["role"])].append(word)
        verbs = re.compile(rf"(?:{_alternation(by_role['verb'])})了?\s*$")
        nouns = re.compile(rf"(?:{_alternation(by_role['noun'])})(?:为|达到|达|是|约|在)?\s*$")
        return cls(verbs, nouns, lexicon)

    def change(self, before: str) -> str:
        """`up`/`down` when `before` (the clause up to the figure) ends with a change cue."""
        m = self.verbs.search(before) or self.nouns.search(before)
        if not m:
            return ""
        word = m.group(0).rstrip().rstrip("了为达到是约在")
        return str(self.lexicon.attributes.get(word, {}).get("change", ""))


@dataclass(frozen=True)
class SubjectReader:
    """Finds the measured noun: after a counted figure, else the clause before it."""

    tail: re.Pattern[str]
    head: re.Pattern[str]
    infix: re.Pattern[str]
    stops: re.Pattern[str]
    stop_tags: frozenset[str]

    @classmethod
    def build(cls, rules: RuleSet, time_pattern: str) -> SubjectReader:
        trim = rules.lexicon("figure_subject")
        sides: dict[str, list[str]] = {"tail": [], "head": [], "infix": []}
        for word in trim.words():
            side = str(trim.attributes[word]["side"])
            for name in ("tail", "head") if side == "both" else (side,):
                sides[name].append(word)
        cues = [*rules.lexicon("figure_changes").words(), *rules.lexicon("figure_qualifiers_pre").words()]
        tail_words = _alternation(sorted({*sides["tail"], *cues}, key=lambda w: (-len(w), w)))
        return cls(
            tail=skipping(re.compile(rf"(?:{tail_words}|{time_pattern}|\s+)$")),
            head=re.compile(rf"^(?:{_alternation(sides['head'])}|{time_pattern}|[\s、]+)"),
            infix=re.compile(_alternation(sides["infix"])),
            stops=re.compile(rf"^(?:{_alternation(rules.lexicon('figure_subject_stops').words())})"),
            stop_tags=frozenset(rules.lexicon("figure_subject_tags").terms),
        )

    def after(self, seg: Segmentation, offset: int) -> str:
        """The noun phrase right after a figure (57颗卫星 → 卫星, 5个地级市和… → 地级市), or ''."""
        phrase = ""
        for i in range(seg.token_at(offset), len(seg.words)):
            if len(phrase) >= _SUBJECT_MAX:
                break
            start, word, tag = seg.starts[i], seg.words[i], seg.tags[i]
            if start < offset:
                word, tag = word[offset - start :], ""
            if not phrase and word == "的":
                continue
            if not _CJK.match(word) or tag in self.stop_tags:
                break
            phrase += word
        return "" if len(phrase) < 2 or self.stops.match(phrase) else phrase

    def before(self, clause: str, limit: int = _SUBJECT_MAX) -> str:
        """The clause before a figure with cue words trimmed (全年实现生产总值 → 生产总值)."""
        text, previous = clause, None
        while text != previous:
            previous = text
            text = self.tail.sub("", text)
            text = self.head.sub("", text)
        text = self.infix.sub("", text)
        return text[-limit:] if _CJK.search(text) or _LATIN_NAME.fullmatch(text) else ""

    def paired(self, clause: str, index: int) -> str:
        """The index-th of the nouns listed before 分别 (A、B分别增长x%、y% → B for y), or ''."""
        head, sep, _ = clause.partition("分别")
        if not sep:
            return ""
        items = [i for i in re.split(r"[、和及与]", self.before(head, len(head))) if i]
        return items[index] if len(items) > 1 and index < len(items) else ""


class TimeIndex:
    """Time expressions of one text, looked up by offset."""

    def __init__(self, spans: list[tuple[int, int, str, str]]) -> None:
        self.spans = sorted(spans)
        self.ends = [s[1] for s in self.spans]

    def before(self, offset: int, floor: int) -> tuple[str, str] | None:
        """The last time expression ending at or before `offset` and starting at or after `floor`:
        (its text, the rule id that found it)."""
        i = bisect.bisect_right(self.ends, offset) - 1
        while i >= 0 and self.spans[i][1] > offset:
            i -= 1
        if i >= 0 and self.spans[i][0] >= floor:
            return self.spans[i][2], self.spans[i][3]
        return None


def verb_before(seg: Segmentation, offset: int, stop_tags: frozenset[str]) -> bool:
    """True when the word right before `offset` (spaces skipped) is a verb (安排200亿元技改资金:
    the measured noun follows the figure)."""
    i = seg.token_at(offset - 1) if offset > 0 else -1
    while i > 0 and not seg.words[i].strip():
        i -= 1
    tag = seg.tags[i] if i >= 0 else ""
    return tag in stop_tags and tag.startswith("v")
