"""Clauses of the canonical text: the unit a claim's `text` spans (SPEC §4).

A clause is a piece of a sentence between ，；： (and their ASCII forms); a comma or colon
between two digits (`1,234`, `8.7:48.5`) belongs to a number and does not split.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from pipeline.text import CanonicalText

_CLAUSE = re.compile(r"(?:[^，,；;：:]+|(?<=\d)[,，:：](?=\d))+")
_EDGE_SPACE = " \t\u3000\n"
_EDGE_END = _EDGE_SPACE + "。！？!?"


class Clause(NamedTuple):
    """Clause `number` (0, 1, … in text order): `[start, end)` of the canonical text, inside
    sentence `sentence_id`."""

    number: int
    start: int
    end: int
    sentence_id: int


class Clauses:
    """Every clause of a document, in text order, with offset lookup."""

    def __init__(self, canonical: CanonicalText) -> None:
        self.items = tuple(_split(canonical))
        self._starts = [c.start for c in self.items]

    def at(self, offset: int) -> Clause | None:
        """The clause containing `offset`, if any."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.items[i].end:
            return self.items[i]
        return None


def _split(canonical: CanonicalText) -> list[Clause]:
    """Clauses of every sentence, without surrounding spaces and the sentence's final 。！？."""
    text = canonical.text
    out: list[Clause] = []
    for sentence in canonical.sentences:
        for m in _CLAUSE.finditer(text, sentence.start, sentence.end):
            piece = m.group()
            start = m.start() + len(piece) - len(piece.lstrip(_EDGE_SPACE))
            end = m.end() - len(piece) + len(piece.rstrip(_EDGE_END))
            if end > start:
                out.append(Clause(len(out), start, end, sentence.sentence_id))
    return out
