"""PLACEHOLDER by lead — to be replaced by the claims extractor."""

from __future__ import annotations

from pipeline.extract import Context
from pipeline.model import ClaimRow, EntityRow, FigureRow, MentionRow


def extract(
    ctx: Context, figures: list[FigureRow], entities: list[EntityRow], mentions: list[MentionRow]
) -> list[ClaimRow]:
    return []
