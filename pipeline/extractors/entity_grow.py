"""Grow a name leftwards from its suffix over jieba tokens (the left edge of ORG names).

Growth starts at the token that holds the suffix and takes tokens to its left while they
can be part of a name: not a stop word (lexicon `entity_stops`), not tagged with a tag
of `entity_edge_tags` (a plain verb may pass when listed in `entity_name_verbs`), not
punctuation — except a bracketed place or qualifier (广州（国际）科技成果转化天河基地).
It also stops before a token that looks like a person's name (an unknown two- or
three-character word opening with a surname: a byline before an affiliation) and before
a second organization token (宜春市统计局|国家统计局宜春调查队: two issuers written together),
unless that token is the name's parent, ending in a word of `entity_parent_suffixes`
(四川大学|商学院: a school of the university is one name).
A rule may restrict growth to tokens of some tags (`over: [ns]`: 美国加州湾区, 宁波舟山港).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pipeline.extractors import Context

NAME_TOKEN = re.compile(r"[\u4e00-\u9fff]+")
BRACKET = re.compile(r"（[\u4e00-\u9fff]{2,4}）$")
ORG_TAG = "nt"
# tags of words that may carry a verb-like name part (创新, 合作) when listed in entity_name_verbs
VERB_TAGS = ("v", "vn")


class Grower:
    """Leftward growth over one document's tokens."""

    def __init__(self, ctx: Context) -> None:
        self.seg = ctx.segmentation
        self.text = ctx.text
        lex = ctx.rules.lexicons
        self.stops = set(lex["entity_stops"].terms)
        self.edge_tags = set(lex["entity_edge_tags"].terms)
        self.name_verbs = set(lex["entity_name_verbs"].terms)
        self.surnames = set(lex["entity_surnames"].terms)
        self.parents = tuple(lex["entity_parent_suffixes"].terms)

    def grow(self, start: int, end: int, maxlen: int, over: Collection[str] = ()) -> int:
        """New start of the span `[start, end)`, or -1 when nothing precedes the suffix
        inside the name (a bare suffix is no name) or the suffix token is a common word.
        With `over`, only tokens tagged with one of those tags are taken, and at least one must be."""
        i = self.seg.token_at(start)
        first = i
        if not self._suffix_token_ok(i, start, end):
            return -1
        orgs = int(self.seg.tags[i] == ORG_TAG and self.seg.starts[i] < start)
        parent = False
        while i > 0:
            prev = self._previous(i, end - maxlen, over)
            if prev is None or self._person_before(prev, orgs):
                break
            if self.seg.tags[prev] == ORG_TAG and orgs:
                if parent or not self.seg.words[prev].endswith(self.parents):
                    break
                parent = True
            orgs += self.seg.tags[prev] == ORG_TAG
            i = prev
        begin = self.seg.starts[i]
        if i == first and (begin == start or over):
            return -1
        return begin

    def looks_like_person(self, word: str, tag: str) -> bool:
        """An unknown two- or three-character word that opens with a surname (曾志敏, 陈劲)."""
        return (
            tag in ("", "nr")
            and 2 <= len(word) <= 3
            and (word[0] in self.surnames or word[:2] in self.surnames)
        )

    def _person_before(self, j: int, orgs: int) -> bool:
        """Token `j` is a person's name written before an organization (曾志敏杨泽森华南理工大学…):
        a three-character one anywhere, a two-character one once the name holds an ORG token."""
        word = self.seg.words[j]
        return self.looks_like_person(word, self.seg.tags[j]) and (len(word) == 3 or orgs > 0)

    def _suffix_token_ok(self, i: int, start: int, end: int) -> bool:
        """A short dictionary word that ends in the suffix (全部, 干部) is no name unless tagged nt/ns."""
        word, tag = self.seg.words[i], self.seg.tags[i]
        common = self.seg.starts[i] < start and self.seg.starts[i] + len(word) == end
        return not (common and tag and tag not in ("nt", "nz", "j") and len(word) <= 3)

    def _previous(self, i: int, limit: int, over: Collection[str]) -> int | None:
        """Index of the token that extends the name to the left of token `i`, if any."""
        j = i - 1
        word, tag = self.seg.words[j], self.seg.tags[j]
        if word == "）" and not over:
            return self._bracket(i, limit)
        if self.seg.starts[j] < limit or not NAME_TOKEN.fullmatch(word) or word in self.stops:
            return None
        if over:
            return j if tag in over else None
        if tag in self.edge_tags and not (tag in VERB_TAGS and word in self.name_verbs):
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
