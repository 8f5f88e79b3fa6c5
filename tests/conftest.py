"""Shared fixtures: one Pipeline per test session, paths into ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
