"""PLACEHOLDER by lead — to be replaced by the entities extractor."""

from __future__ import annotations

from pipeline.extract import Context
from pipeline.model import EntityRow, MentionRow


def extract(ctx: Context) -> tuple[list[EntityRow], list[MentionRow]]:
    return [], []
