"""PDF lines of every page -> raw text: one line per paragraph, a blank line between paragraphs.

Running headers and footers (lines repeated at the top or bottom of most pages, digits
aside) and page numbers go; lines a wrap split are re-joined (`2\\n021` -> `2021`),
while an indent, a short last line or a wider vertical gap starts a paragraph.
Footnotes (small type below a page's body) wait until the paragraph a page break
interrupted has ended, so that the page break does not cut a sentence in two.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.ingest.pdf_layout import Block, Line

_PAGE_NUMBER = re.compile(
    r"[-—–−\s]*\d{1,4}[-—–−\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?"
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_EDGE_LINES = 3
_CHROME_SHARE = 0.5
_SENTENCE_END = "。！？!?；;：:"
_INDENT = 0.8  # of the font size
_SHORT_LINE = 2.5  # font sizes left blank at the end of a line that ends a paragraph
_SHORT_SENTENCE_END = 1.0
_PARAGRAPH_GAP = 1.25  # of the usual baseline pitch
_FOOTNOTE_SIZE = 0.9  # of the body font size
_MARGIN_LINES = 4
_PROSE_LINE = 10
# A table-of-contents entry: dot leaders, then perhaps a page number.
_TOC_ENTRY = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*\d*\s*$")


Page = list[Block]


@dataclass(frozen=True)
class Margins:
    """Where a column's lines start and end."""

    left: float
    right: float
    pitch: float
    size: float


@dataclass
class _Writer:
    """The raw text being written, the page starts, and footnotes waiting to go in."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    page_starts: list[int] = field(default_factory=list)
    pending_notes: list[str] = field(default_factory=list)
    last: Line | None = None
    last_margins: Margins | None = None
    new_page: bool = False

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def paragraph_break(self) -> None:
        if self.length:
            self.write("\n\n")
        for note in self.pending_notes:
            self.write(note + "\n\n")
        self.pending_notes.clear()


def pages_text(pages: Sequence[Page]) -> tuple[str, tuple[int, ...]]:
    """The raw text of the pages and the offset where each page starts."""
    chrome = _running_chrome(pages)
    pages = [_without_chrome(page, chrome) for page in pages]
    body_size = _body_size(pages)
    defaults = _document_margins(pages)
    writer = _Writer()
    for page in pages:
        writer.new_page = True
        _write_page(writer, page, body_size, defaults)
        if writer.new_page:  # nothing on the page
            writer.page_starts.append(writer.length)
    if writer.pending_notes:
        writer.paragraph_break()
    text = "".join(writer.parts).rstrip("\n") + "\n"
    starts = tuple(min(s, len(text)) for s in writer.page_starts)
    return text, starts


def _edge_lines(page: Page) -> list[Line]:
    lines = sorted((line for block in page for line in block.lines), key=lambda ln: ln.baseline)
    if len(lines) <= 2 * _EDGE_LINES:
        return lines
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


def _chrome_key(line: Line) -> str:
    return _DIGITS.sub("#", _SPACES.sub("", line.text))


def _running_chrome(pages: Sequence[Page]) -> set[str]:
    """Texts (digits masked) that sit among the top or bottom lines of most pages."""
    counts = Counter(key for page in pages for key in {_chrome_key(ln) for ln in _edge_lines(page)})
    needed = max(2, _CHROME_SHARE * sum(1 for page in pages if page))
    return {key for key, n in counts.items() if n >= needed}


def _without_chrome(page: Page, chrome: set[str]) -> Page:
    """The page without running headers/footers and without a page number at its edge."""
    edge = _edge_lines(page)
    outermost = {id(edge[0]), id(edge[-1])} if edge else set()
    drop = {
        id(line)
        for line in edge
        if _chrome_key(line) in chrome
        or (id(line) in outermost and _PAGE_NUMBER.fullmatch(line.text.strip()))
    }
    kept = [Block(b.column, tuple(ln for ln in b.lines if id(ln) not in drop)) for b in page]
    return [block for block in kept if block.lines]


def _body_size(pages: Sequence[Page]) -> float:
    """The font size most of the text is set in."""
    sizes = Counter(
        round(line.size, 1) for page in pages for b in page for line in b.lines for _ in range(len(line.text))
    )
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _margins(lines: Sequence[Line], fallback: Margins | None) -> Margins:
    """Left edge, right edge, usual line pitch and type size of a column, from its prose
    lines (table rows and short lines do not count). The left edge is the document's
    (`fallback`) when some line on the page starts there, else the page's commonest."""
    prose = [ln for ln in lines if "\t" not in ln.text and len(ln.text) >= _PROSE_LINE] or list(lines)
    if len(prose) < _MARGIN_LINES and fallback is not None:
        return fallback
    lefts = Counter(round(ln.x0) for ln in prose)
    left = float(max(lefts, key=lambda x: (lefts[x], -x)))  # on a tie, the outer edge
    if fallback is not None and any(abs(ln.x0 - fallback.left) < 2 for ln in prose):
        left = fallback.left
    rights = sorted(ln.x1 for ln in prose)
    pitches = [
        b.baseline - a.baseline
        for a, b in itertools.pairwise(lines)
        if b.baseline > a.baseline and "\t" not in a.text + b.text
    ]
    return Margins(
        left=left,
        right=rights[int(0.9 * (len(rights) - 1))],
        pitch=statistics.median(pitches) if pitches else 0.0,
        size=statistics.median(ln.size for ln in prose),
    )


def _document_margins(pages: Sequence[Page]) -> dict[str, Margins]:
    by_column: dict[str, list[Line]] = {}
    for page in pages:
        for block in page:
            by_column.setdefault(block.column, []).extend(block.lines)
    return {column: _margins(lines, None) for column, lines in by_column.items()}


def _write_page(writer: _Writer, page: Page, body_size: float, defaults: dict[str, Margins]) -> None:
    """Write one page's blocks; trailing small-type lines are held back as footnotes."""
    blocks, notes = _split_footnotes(page, body_size)
    for block in blocks:
        margins = _margins(
            [ln for b in page if b.column == block.column for ln in b.lines], defaults.get(block.column)
        )
        _write_block(writer, block.lines, margins)
    writer.pending_notes.extend(notes)


def _split_footnotes(page: Page, body_size: float) -> tuple[list[Block], list[str]]:
    """The page's last lines when they are set smaller than the body and are fewer than
    the body lines above them (a page of small type, like a contents page, is body)."""
    if not page or not body_size:
        return page, []
    last = page[-1]
    cut = len(last.lines)
    while cut and last.lines[cut - 1].size < _FOOTNOTE_SIZE * body_size:
        cut -= 1
    small = len(last.lines) - cut
    if not small or 2 * small > sum(len(b.lines) for b in page):
        return page, []
    notes = _paragraphs(last.lines[cut:])
    head = [*page[:-1], Block(last.column, last.lines[:cut])] if cut else page[:-1]
    return head, notes


def _paragraphs(lines: Sequence[Line]) -> list[str]:
    """Footnote lines as paragraphs: a new one where a line is indented past the others."""
    left = min(ln.x0 for ln in lines)
    paragraphs: list[str] = []
    for i, line in enumerate(lines):
        if i == 0 or line.x0 - left > _INDENT * line.size:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] += _word_joiner(lines[i - 1], line) + line.text
    return paragraphs


def _write_block(writer: _Writer, lines: Sequence[Line], margins: Margins) -> None:
    """Write a block's lines, each joined to the text before it or after a break."""
    for i, line in enumerate(lines):
        prev = writer.last
        if prev is not None and writer.last_margins is not None:
            if i == 0:
                joined = not _is_short(prev, writer.last_margins) and not _indented(line, margins)
            else:
                joined = not _starts_paragraph(prev, line, margins)
            if joined:
                writer.write(_joiner(prev, line, margins))
            else:
                writer.paragraph_break()
        if writer.new_page:
            writer.page_starts.append(writer.length)
            writer.new_page = False
        writer.write(line.text)
        writer.last, writer.last_margins = line, margins


def _starts_paragraph(prev: Line, line: Line, margins: Margins) -> bool:
    gap = line.baseline - prev.baseline
    pitch = margins.pitch * max(1.0, line.size / margins.size)  # larger type, wider pitch
    wide = pitch and gap > _PARAGRAPH_GAP * pitch and gap - pitch > 0.3 * line.size
    return bool(wide) or _indented(line, margins)


def _indented(line: Line, margins: Margins) -> bool:
    return abs(line.x0 - margins.left) > _INDENT * line.size


def _is_short(line: Line, margins: Margins) -> bool:
    """A line that ends before the column does: a paragraph's last line, a table row,
    a table-of-contents entry."""
    if "\t" in line.text or _TOC_ENTRY.search(line.text):
        return True
    room = (margins.right - line.x1) / line.size
    return room > _SHORT_LINE or (room > _SHORT_SENTENCE_END and line.text.rstrip()[-1:] in _SENTENCE_END)


def _joiner(prev: Line, line: Line, margins: Margins) -> str:
    """What goes between a line and the next line of its paragraph: nothing after a
    wrap, a space between two Latin words, a line break after a short line."""
    if _is_short(prev, margins):
        return "\n"
    return _word_joiner(prev, line)


def _word_joiner(prev: Line, line: Line) -> str:
    if (
        prev.text[-1:].isascii()
        and prev.text[-1:].isalpha()
        and line.text[:1].isascii()
        and line.text[:1].isalpha()
    ):
        return " "
    return ""
