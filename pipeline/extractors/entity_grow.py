"""Grow a name leftwards from its suffix over jieba tokens (the left edge of ORG names).

Growth starts at the token that holds the suffix and takes tokens to its left while they
can be part of a name: not a stop word (lexicon `entity_stops`), not tagged with a tag
of `entity_edge_tags` (a plain verb may pass when listed in `entity_name_verbs`), not
punctuation — except a bracketed place or qualifier (广州（国际）科技成果转化天河基地).
"""

from __future__ import annotations

import re

from pipeline.extractors import Context

NAME_TOKEN = re.compile(r"[\u4e00-\u9fff]+")
BRACKET = re.compile(r"（[\u4e00-\u9fff]{2,4}）$")


class Grower:
    """Leftward growth over one document's tokens."""

    def __init__(self, ctx: Context) -> None:
        self.seg = ctx.segmentation
        self.text = ctx.text
        lex = ctx.rules.lexicons
        self.stops = set(lex["entity_stops"].terms)
        self.edge_tags = set(lex["entity_edge_tags"].terms)
        self.name_verbs = set(lex["entity_name_verbs"].terms)

    def grow(self, start: int, end: int, maxlen: int) -> int:
        """New start of the span `[start, end)`, or -1 when nothing precedes the suffix
        inside the name (a bare suffix is no name) or the suffix token is a common word."""
        i = self.seg.token_at(start)
        first = i
        if not self._suffix_token_ok(i, start, end):
            return -1
        while i > 0:
            prev = self._previous(i, end - maxlen)
            if prev is None:
                break
            i = prev
        begin = self.seg.starts[i]
        if i == first and begin == start:
            return -1
        return begin

    def _suffix_token_ok(self, i: int, start: int, end: int) -> bool:
        """A short dictionary word that ends in the suffix (全部, 干部) is no name unless tagged nt/ns."""
        word, tag = self.seg.words[i], self.seg.tags[i]
        common = self.seg.starts[i] < start and self.seg.starts[i] + len(word) == end
        return not (common and tag and tag not in ("nt", "nz", "j") and len(word) <= 3)

    def _previous(self, i: int, limit: int) -> int | None:
        """Index of the token that extends the name to the left of token `i`, if any."""
        j = i - 1
        word = self.seg.words[j]
        if word == "）":
            return self._bracket(i, limit)
        if self.seg.starts[j] < limit or not NAME_TOKEN.fullmatch(word) or word in self.stops:
            return None
        tag = self.seg.tags[j]
        if tag in self.edge_tags and not (tag == "v" and word in self.name_verbs):
            return None
        return j

    def _bracket(self, i: int, limit: int) -> int | None:
        """Step over a bracketed qualifier `（广州）` that is followed by more of the name."""
        at = self.seg.starts[i]
        m = BRACKET.search(self.text, max(at - 6, 0), at)
        if m is None or m.start() < limit or not self.seg.is_edge(m.start()) or m.start() == 0:
            return None
        j = self.seg.token_at(m.start() - 1)
        word = self.seg.words[j]
        if not NAME_TOKEN.fullmatch(word) or word in self.stops:
            return None
        return j
