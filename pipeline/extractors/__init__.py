"""Extractors: find spans with the rules, resolve them into rows.

Every extractor takes a `Context` — one document's canonical text, its segmentation
and the compiled rules — and never reads files. `Context.fired` collects the ids of
the rules that produced or vetoed something, which the rule-example tests check.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from pipeline.model import Sentence
from pipeline.rules import RuleSet
from pipeline.segment import Segmentation
from pipeline.text import CanonicalText


@dataclass
class Context:
    """One document as the extractors see it."""

    doc_id: str
    canonical: CanonicalText
    segmentation: Segmentation
    rules: RuleSet
    page_starts: tuple[int, ...] = ()  # canonical offset where each PDF page begins
    fired: set[str] = field(default_factory=set)
    cache: dict[str, Any] = field(default_factory=dict)  # per-document values extractors share

    @property
    def text(self) -> str:
        return self.canonical.text

    def sentence_at(self, offset: int) -> Sentence:
        return self.canonical.sentence_at(offset)

    def page_at(self, offset: int) -> int | None:
        """1-based PDF page of a canonical offset; None for documents without pages."""
        if not self.page_starts:
            return None
        return max(bisect.bisect_right(self.page_starts, offset), 1)
