"""One PDF page's characters -> text lines in reading order, grouped in column blocks.

Geometry only: characters are grouped into rows by baseline, raised small characters
(footnote markers glued to figures) are dropped, a two-column page is split at its
gutter and read column by column, and each row becomes a `Line` whose text has a space
where the glyphs leave a word gap and a tab where they leave a wide (table) gap.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Char = dict[str, Any]

# Sizes and gaps are measured in units of the font size of the text around them.
_SAME_BASELINE = 0.3
_SUPERSCRIPT_SIZE = 0.8
_SUPERSCRIPT_RISE = 0.15
_WORD_GAP = 0.2
_WIDE_GAP = 1.5
# A gutter: a vertical strip in the middle of the text that (almost) no row crosses.
_GUTTER_MIN_WIDTH = 6.0
_GUTTER_ZONE = (0.15, 0.85)
_PROSE_CHARS = 10
_PROSE_ROWS = 5


@dataclass(frozen=True)
class Line:
    """One text line of a page: its text, box, baseline and main font size."""

    text: str
    x0: float
    x1: float
    top: float
    baseline: float
    size: float


@dataclass(frozen=True)
class Block:
    """Consecutive lines of one column ("full", "left" or "right") of a page."""

    column: str
    lines: tuple[Line, ...]


def page_blocks(chars: Sequence[Char]) -> list[Block]:
    """The page's lines in reading order: full-width rows in place, and between them
    the left column's rows before the right column's."""
    rows = _rows([c for c in chars if c["upright"] and c["text"].strip()])
    if not rows:
        return []
    gutter = _gutter(rows)
    if gutter is None:
        return [Block("full", tuple(_line(row) for row in rows))]
    return _split_columns(rows, gutter)


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped by baseline, top to bottom, superscripts removed."""
    groups: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c["bottom"]):
        if groups and char["bottom"] - groups[-1][0]["bottom"] <= _SAME_BASELINE * _size(groups[-1]):
            groups[-1].append(char)
        else:
            groups.append([char])
    return [row for row in _drop_superscripts(groups) if row]


def _size(chars: Iterable[Char]) -> float:
    return float(max(c["size"] for c in chars))


def _drop_superscripts(groups: list[list[Char]]) -> Iterable[list[Char]]:
    """A group of small characters raised into the band of the next row is a run of
    superscripts (footnote markers): it is dropped, not read as part of a number."""
    for i, group in enumerate(groups):
        following = groups[i + 1] if i + 1 < len(groups) else None
        if following is None or not _raised_into(group, following):
            yield group


def _raised_into(small: list[Char], row: list[Char]) -> bool:
    size = _size(row)
    baseline = statistics.median(c["bottom"] for c in row)
    middle = (min(c["top"] for c in small) + max(c["bottom"] for c in small)) / 2
    return (
        _size(small) < _SUPERSCRIPT_SIZE * size
        and baseline - size <= middle <= baseline
        and max(c["bottom"] for c in small) < baseline - _SUPERSCRIPT_RISE * size
        and _overlaps_x(small, row)
    )


def _overlaps_x(small: list[Char], row: list[Char]) -> bool:
    """The small characters lie within the row's width (give or take two characters)."""
    reach = 2 * _size(row)
    small_x0: float = min(c["x0"] for c in small)
    small_x1: float = max(c["x1"] for c in small)
    row_x0: float = min(c["x0"] for c in row)
    row_x1: float = max(c["x1"] for c in row)
    return small_x0 < row_x1 + reach and small_x1 > row_x0 - reach


def _line(chars: list[Char]) -> Line:
    """The row's text, with a space at word gaps and a tab at wide gaps."""
    chars = sorted(chars, key=lambda c: c["x0"])
    size = statistics.median(c["size"] for c in chars)
    parts: list[str] = []
    prev: Char | None = None
    for char in chars:
        if prev is not None:
            gap = char["x0"] - prev["x1"]
            if gap > _WIDE_GAP * size:
                parts.append("\t")
            elif gap > _WORD_GAP * size:
                parts.append(" ")
        parts.append(char["text"])
        prev = char
    return Line(
        text="".join(parts),
        x0=chars[0]["x0"],
        x1=max(c["x1"] for c in chars),
        top=min(c["top"] for c in chars),
        baseline=statistics.median(c["bottom"] for c in chars),
        size=size,
    )


def _intervals(row: list[Char]) -> list[tuple[float, float]]:
    """The x spans the row's glyphs cover, touching glyphs merged."""
    spans: list[tuple[float, float]] = []
    for char in sorted(row, key=lambda c: c["x0"]):
        if spans and char["x0"] <= spans[-1][1] + _WORD_GAP * char["size"]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], char["x1"]))
        else:
            spans.append((char["x0"], char["x1"]))
    return spans


def _gutter(rows: list[list[Char]]) -> tuple[float, float] | None:
    """The widest vertical strip in the middle of the text that at most a few rows
    cross, if prose lies beside it; None for a one-column page."""
    spans = [_intervals(row) for row in rows]
    left = min(s[0][0] for s in spans)
    right = max(s[-1][1] for s in spans)
    lo, hi = (left + f * (right - left) for f in _GUTTER_ZONE)
    allowed = max(1, len(rows) // 20)
    best: tuple[float, float] | None = None
    for start, end in _sparse_strips(spans, allowed):
        start, end = max(start, lo), min(end, hi)
        if end - start >= _GUTTER_MIN_WIDTH and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
    if best is None or not _prose_beside(rows, best):
        return None
    return best


def _sparse_strips(spans: list[list[tuple[float, float]]], allowed: int) -> Iterable[tuple[float, float]]:
    """Maximal x ranges covered by at most `allowed` rows."""
    events = sorted((x, delta) for row in spans for a, b in row for x, delta in ((a, 1), (b, -1)))
    depth, open_at = 0, None
    for x, delta in events:
        depth += delta
        if depth <= allowed and open_at is None:
            open_at = x
        elif depth > allowed and open_at is not None:
            yield open_at, x
            open_at = None


def _prose_beside(rows: list[list[Char]], gutter: tuple[float, float]) -> bool:
    """Both sides hold text, and one side holds several rows of prose (not a table)."""
    mid = (gutter[0] + gutter[1]) / 2
    lefts: list[int] = [sum(c["x1"] <= mid for c in row) for row in rows]
    rights: list[int] = [sum(c["x0"] >= mid for c in row) for row in rows]
    if sum(n > 0 for n in lefts) < 3 or sum(n > 0 for n in rights) < 3:
        return False
    return max(sum(n >= _PROSE_CHARS for n in side) for side in (lefts, rights)) >= _PROSE_ROWS


def _split_columns(rows: list[list[Char]], gutter: tuple[float, float]) -> list[Block]:
    """Rows running across the gutter's middle are full-width blocks in place; between two of them,
    the left parts of the rows are read before the right parts."""
    blocks: list[Block] = []
    band: dict[str, list[Line]] = {"left": [], "right": []}
    mid = (gutter[0] + gutter[1]) / 2
    for row in rows:
        if any(c["x0"] < mid + 1 and c["x1"] > mid - 1 for c in row):
            _flush(band, blocks)
            blocks.append(Block("full", (_line(row),)))
            continue
        for column, part in (
            ("left", [c for c in row if c["x1"] <= mid]),
            ("right", [c for c in row if c["x0"] >= mid]),
        ):
            if part:
                band[column].append(_line(part))
    _flush(band, blocks)
    return _merge_full(blocks)


def _flush(band: dict[str, list[Line]], blocks: list[Block]) -> None:
    for column in ("left", "right"):
        if band[column]:
            blocks.append(Block(column, tuple(band[column])))
            band[column] = []


def _merge_full(blocks: list[Block]) -> list[Block]:
    """Adjacent full-width blocks become one."""
    merged: list[Block] = []
    for block in blocks:
        if merged and merged[-1].column == block.column == "full":
            merged[-1] = Block("full", merged[-1].lines + block.lines)
        else:
            merged.append(block)
    return merged
