"""PLACEHOLDER by lead — to be replaced by the figures extractor."""

from __future__ import annotations

from pipeline.extract import Context
from pipeline.model import FigureRow


def extract(ctx: Context) -> list[FigureRow]:
    return []
