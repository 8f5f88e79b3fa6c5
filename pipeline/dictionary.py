"""jieba's dictionary with the rules' lexicons added, and a part-of-speech tag per word.

Building it means loading jieba's 350,000-word prefix dictionary, reading its tags from
dict.txt and adding every lexicon word marked `segment: true`: about 0.6 s. The result
is cached (pipeline/cache.py) under a key of jieba's version, its dictionary file and the
lexicons' words, so later runs load it in about 0.15 s.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import jieba

from pipeline.cache import cached, key_of
from pipeline.rules import RuleSet

jieba.setLogLevel(logging.WARNING)  # not jieba's "Building prefix dict..." on every build

# A user-dictionary word gets this frequency unless its lexicon says otherwise: high
# enough to win over jieba's own split of it, low enough not to swallow longer words.
DEFAULT_FREQ = 2000
_FORMAT = "2"  # bump when what is cached changes shape

UserWord = tuple[str, int, str]  # word, frequency, tag


@dataclass(frozen=True)
class Dictionary:
    """jieba's prefix dictionary (word -> frequency, 0 for a mere prefix), its total
    frequency, and the tag of every word that has one."""

    freq: dict[str, int]
    total: int
    tags: dict[str, str]

    def tokenizer(self) -> jieba.Tokenizer:
        """A jieba tokenizer over this dictionary, ready to cut (nothing left to load)."""
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = self.freq, self.total
        tokenizer.initialized = True
        return tokenizer


def load_dictionary(rules: RuleSet) -> Dictionary:
    """The dictionary for `rules`, from the cache when it is current."""
    words = user_words(rules)
    return cached("dictionary", _key(words), Dictionary, lambda: build_dictionary(words))


def build_dictionary(words: list[UserWord]) -> Dictionary:
    """jieba's dictionary and tags plus `words`, as `Tokenizer.add_word` adds them (a word of
    frequency 0 stays only a prefix of longer words, as `Tokenizer.del_word` leaves it)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tags = _jieba_tags(tokenizer)
    for word, freq, tag in words:
        if freq == 0:  # never one word: as jieba's del_word, without its global force-split list
            tokenizer.FREQ[word] = 0
            continue
        tokenizer.add_word(word, freq, tag or None)
        if tag:
            tags[word] = tag
    # the same string objects as the dictionary's keys, so the cache stores each word once
    tags = {word: sys.intern(tags[word]) for word in tokenizer.FREQ if word in tags}
    return Dictionary(tokenizer.FREQ, tokenizer.total, tags)


def user_words(rules: RuleSet) -> list[UserWord]:
    """The words of every lexicon marked `segment: true`, in load order."""
    return [
        (word, DEFAULT_FREQ if lexicon.freq is None else lexicon.freq, lexicon.tag)
        for lexicon in rules.lexicons.values()
        if lexicon.segment
        for word in lexicon.words()
    ]


def _jieba_tags(tokenizer: jieba.Tokenizer) -> dict[str, str]:
    """word -> tag from jieba's dict.txt (`word freq tag` lines), as jieba.posseg reads it."""
    tags: dict[str, str] = {}
    with tokenizer.get_dict_file() as f:
        for line in f:
            parts = line.strip().decode("utf-8").split(" ")
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def _key(words: list[UserWord]) -> str:
    """What the dictionary depends on: jieba, its dictionary file and `words`."""
    dict_file = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    stat = dict_file.stat() if dict_file.exists() else None
    file_id = f"{stat.st_size} {stat.st_mtime_ns}" if stat else "missing"
    return key_of([_FORMAT, jieba.__version__, file_id, *(f"{w}\t{f}\t{t}" for w, f, t in words)])
