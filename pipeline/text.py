"""Canonical text (SPEC §1) with an offset map back to the raw text, paragraphs and sentences.

Every repair is a one-to-one character mapping or a deletion, so the canonical text is
the raw text with some characters dropped: `raw_index[i]` is where canonical character
`i` came from, and any row's `[start, end)` can be traced back to the input.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.model import Sentence

# Full-width letters and digits, ％ and ． map to ASCII one-to-one; other
# full-width punctuation (，：（）) is Chinese typography and stays.
_WIDE_CHARS = (
    "０１２３４５６７８９％．"
    + "".join(chr(c) for c in range(0xFF21, 0xFF3B))
    + "".join(chr(c) for c in range(0xFF41, 0xFF5B))
)
_TO_ASCII = str.maketrans({c: chr(ord(c) - 0xFEE0) for c in _WIDE_CHARS} | {"\r": "\n"})

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_HSPACE = r"[ \t\u00a0\u3000]"
_CRLF = re.compile(r"\r(?=\n)")
_LINE_EDGE_SPACE = re.compile(rf"^{_HSPACE}+|{_HSPACE}+$", re.MULTILINE)
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]){_HSPACE}+(?=[{_CJK}])")
# A break inside a sentence: a long body line that does not end a sentence, then
# blank lines, then a line that does not open a heading or list item.
_MIN_BODY_LINE = 30
_MIN_CONTINUATION = 16
_SENTENCE_END = "。！？!?；;：:…"
_CLOSERS = "”’」』）)》"
_LIST_OPENER = re.compile(
    r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、]|#|[-*•]\s|第[一二三四五六七八九十\d]+[章节部分条]"
)
_LINE_BREAKS = re.compile(r"\n+")
_SENTENCE = re.compile(rf"[^\n。！？!?；;]*(?:[。！？!?；;]+[{_CLOSERS}]*|\n|$)")


Edit = tuple[int, int, str]  # replace text[start:end] by a string of at most one character


@dataclass(frozen=True)
class CanonicalText:
    """The canonical text of a document and where each character came from."""

    text: str
    raw_index: tuple[int, ...]  # canonical offset -> raw offset
    sentences: tuple[Sentence, ...]
    sentence_starts: tuple[int, ...]

    def to_raw(self, offset: int) -> int:
        """The raw offset of canonical `offset` (an end offset maps past its last char)."""
        if offset >= len(self.raw_index):
            return self.raw_index[-1] + 1 if self.raw_index else 0
        return self.raw_index[offset]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence containing canonical `offset`."""
        return self.sentences[max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)]


def canonicalize(raw: str) -> CanonicalText:
    """Repair the layout of `raw` into the canonical text with its offset map."""
    text, index = _edit(raw, list(range(len(raw))), _crlf_edits(raw))
    text = text.translate(_TO_ASCII)
    for edits_of in _REPAIRS:
        text, index = _edit(text, index, edits_of(text))
    sentences = tuple(split_sentences(text))
    return CanonicalText(text, tuple(index), sentences, tuple(s.start for s in sentences))


def _edit(text: str, index: list[int], edits: Iterable[Edit]) -> tuple[str, list[int]]:
    """Replace each `[start, end)` span of `text` by at most one character (often
    none), carrying the offset map along: a replacement keeps the span's first index."""
    out_text: list[str] = []
    out_index: list[int] = []
    at = 0
    for start, end, replacement in edits:
        out_text.append(text[at:start])
        out_index.extend(index[at:start])
        out_text.append(replacement)
        out_index.extend(index[start : start + len(replacement)])
        at = end
    if at == 0:
        return text, index
    out_text.append(text[at:])
    out_index.extend(index[at:])
    return "".join(out_text), out_index


def _crlf_edits(raw: str) -> Iterable[Edit]:
    return ((m.start(), m.end(), "") for m in _CRLF.finditer(raw))


def _line_edge_edits(text: str) -> Iterable[Edit]:
    return ((m.start(), m.end(), "") for m in _LINE_EDGE_SPACE.finditer(text))


def _cjk_space_edits(text: str) -> Iterable[Edit]:
    """A space between two CJK characters goes; a wide gap (a tab or several spaces,
    as between masthead fields) becomes a line break."""
    for m in _SPACE_BETWEEN_CJK.finditer(text):
        gap = m.group()
        yield m.start(), m.end(), "\n" if "\t" in gap or gap.count(" ") >= 2 else ""


def _break_edits(text: str) -> Iterable[Edit]:
    """Line breaks that a page or column break put inside a sentence."""
    for m in _LINE_BREAKS.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        next_end = text.find("\n", m.end())
        following = text[m.end() : next_end if next_end >= 0 else len(text)]
        if _splits_sentence(text[line_start : m.start()], following):
            yield m.start(), m.end(), ""


def _splits_sentence(line: str, following: str) -> bool:
    """A long body line that does not end a sentence, followed by its continuation
    (not a heading, list item, byline or signature line)."""
    if len(line) < _MIN_BODY_LINE or not following or line.startswith("——"):
        return False
    if len(following) < _MIN_CONTINUATION and following[-1] not in _SENTENCE_END + _CLOSERS + "，、":
        return False
    last = line.rstrip(_CLOSERS)[-1:] or line[-1]
    return last not in _SENTENCE_END and not _LIST_OPENER.match(following)


_REPAIRS: tuple[Callable[[str], Iterable[Edit]], ...] = (_line_edge_edits, _break_edits, _cjk_space_edits)


def split_sentences(text: str) -> Iterable[Sentence]:
    """Sentences end at 。！？； (with closing quotes) and at line ends; ids count from 1.

    Each non-empty line of the canonical text is a paragraph.
    """
    paragraph, number, in_paragraph = 1, 0, False
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] == "\n":
            end -= 1
        if end > start:
            number += 1
            in_paragraph = True
            yield Sentence(number, start, end, paragraph, text[start:end])
        if m.group().endswith("\n") and in_paragraph:
            paragraph += 1
            in_paragraph = False
