"""Word segmentation: our own jieba tokenizer with the rules' lexicons, and a spaCy `zh` Doc.

No global state: `Segmenter` owns its `jieba.Tokenizer`, over a dictionary that adds the
lexicons in `rules/` marked `segment: true` (pipeline/dictionary.py), so units,
organization names and rule terms segment as wholes. It cuts with `WordCut`, which gives
exactly the tokenizer's `lcut` words in half the time (pipeline/wordcut.py). The spaCy
Doc is built over exactly the same tokens, so `token.idx` is a canonical-text offset.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, compress, count, repeat
from typing import TYPE_CHECKING

from pipeline.dictionary import load_dictionary
from pipeline.rules import RuleSet
from pipeline.wordcut import WordCut

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.model import Sentence


@dataclass(frozen=True)
class Segmentation:
    """Tokens of one canonical text, with fast word-edge checks."""

    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    tags: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    vocab: Callable[[], Vocab]  # spaCy is imported only when a Doc is asked for

    def is_edge(self, offset: int) -> bool:
        """True when `offset` falls between two tokens (or at either end of the text)."""
        if offset <= 0 or offset >= len(self.text):
            return True
        i = bisect.bisect_left(self.starts, offset)
        return i < len(self.starts) and self.starts[i] == offset

    def token_at(self, offset: int) -> int:
        """Index of the token that contains `offset`."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def positions(self, wanted: frozenset[str]) -> dict[str, list[int]]:
        """Indices of the tokens whose word is in `wanted`, by word."""
        found: dict[str, list[int]] = {}
        for i in compress(count(), map(wanted.__contains__, self.words)):
            found.setdefault(self.words[i], []).append(i)
        return found

    @cached_property
    def doc(self) -> Doc:
        """The spaCy Doc over the same tokens, with sentence starts and jieba tags."""
        from spacy.tokens import Doc

        sentence_starts = {s.start for s in self.sentences}
        return Doc(
            self.vocab(),
            words=list(self.words),
            spaces=[False] * len(self.words),
            tags=[t or "x" for t in self.tags],
            sent_starts=[start in sentence_starts for start in self.starts],
        )


class Segmenter:
    """A jieba tokenizer and spaCy vocabulary loaded once with the rules' lexicons."""

    def __init__(self, rules: RuleSet) -> None:
        dictionary = load_dictionary(rules)
        self.tokenizer = dictionary.tokenizer()
        self._tag_of = dictionary.tags
        self._cut = WordCut(self.tokenizer)

    def add_word(self, word: str, freq: int, tag: str = "") -> None:
        """Add a word to this segmenter's dictionary (as jieba's `add_word`)."""
        self.tokenizer.add_word(word, freq, tag or None)
        if tag:
            self._tag_of[word] = tag
        self._cut = WordCut(self.tokenizer)  # its scores belong to the dictionary as it was

    def segment(self, text: str, sentences: tuple[Sentence, ...]) -> Segmentation:
        """Tokens of `text` (jieba's accurate mode with HMM, `tokenizer.lcut`) and their
        dictionary tags."""
        words = tuple(self._cut.cut(text))
        starts = tuple(accumulate(map(len, words[:-1]), initial=0)) if words else ()
        tags = tuple(map(self._tag_of.get, words, repeat("")))
        return Segmentation(text, words, starts, tags, sentences, lambda: self.vocab)

    @cached_property
    def vocab(self) -> Vocab:
        """The vocabulary of a blank spaCy `zh` pipeline, loaded on first use."""
        import spacy

        return spacy.blank("zh").vocab
