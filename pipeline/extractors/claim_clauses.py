"""Clauses of the canonical text: the unit a claim's `text` spans (SPEC §4).

A clause is a piece of a sentence between ，；： (and their ASCII forms); a comma or colon
between two digits (`1,234`, `8.7:48.5`) belongs to a number and does not split. Sentences
are split as they are asked for: claims need the clauses of a few sentences only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from pipeline.text import CanonicalText

_CLAUSE = re.compile(r"(?:[^，,；;：:]+|(?<=\d)[,，:：](?=\d))+")
_EDGE_SPACE = " \t\u3000\n"
_EDGE_END = _EDGE_SPACE + "。！？!?"
# every character that can come right before a clause: a separator, a space, a sentence end
CLAUSE_EDGES = frozenset("，,；;：:" + _EDGE_END + "”’」』）)》")


class Clause(NamedTuple):
    """`[start, end)` of the canonical text, inside sentence `sentence_id`."""

    start: int
    end: int
    sentence_id: int


class Clauses:
    """The clauses of a document, looked up by offset or between two clauses."""

    def __init__(self, canonical: CanonicalText) -> None:
        self._canonical = canonical
        self._split: dict[int, tuple[Clause, ...]] = {}

    def at(self, offset: int) -> Clause | None:
        """The clause containing `offset`, if any."""
        i = bisect.bisect_right(self._canonical.sentence_starts, offset) - 1
        if i < 0:
            return None
        return next((c for c in self._of_sentence(i) if c.start <= offset < c.end), None)

    def between(self, first: Clause | None, last: Clause) -> Iterator[Clause]:
        """The clauses after `first` (from the text's start when None) and before `last`,
        nearest to `last` first."""
        floor = first.start if first is not None else -1
        i = bisect.bisect_right(self._canonical.sentence_starts, last.start) - 1
        while i >= 0 and self._canonical.sentences[i].end > floor:
            for clause in reversed(self._of_sentence(i)):
                if floor < clause.start < last.start:
                    yield clause
            i -= 1

    def _of_sentence(self, index: int) -> tuple[Clause, ...]:
        if index not in self._split:
            self._split[index] = tuple(_split(self._canonical, index))
        return self._split[index]


def _split(canonical: CanonicalText, index: int) -> Iterator[Clause]:
    """Clauses of a sentence, without surrounding spaces and the sentence's final 。！？."""
    text, sentence = canonical.text, canonical.sentences[index]
    for m in _CLAUSE.finditer(text, sentence.start, sentence.end):
        piece = m.group()
        start = m.start() + len(piece) - len(piece.lstrip(_EDGE_SPACE))
        end = m.end() - len(piece) + len(piece.rstrip(_EDGE_END))
        if end > start:
            yield Clause(start, end, sentence.sentence_id)
