"""Shared fixtures: one Pipeline per test session, paths into ../shared."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

import pytest

# The suite builds its own dictionary and rules caches, and leaves the user's alone;
# subprocesses (the CLI, workers, Dask) inherit this.
os.environ["BULLETIN_CACHE_DIR"] = tempfile.mkdtemp(prefix="bulletin-test-cache-")

from pipeline.model import DocumentResult
from pipeline.run import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


METADATA_COLUMNS = (
    "title", "publication", "issue", "issue_total", "publisher", "date", "editor", "recipients", "print_run",
)  # fmt: skip


@cache
def shared_pipeline() -> Pipeline:
    """One pipeline for the whole test session, read from the caches as every run after
    the first is (the first Pipeline builds them)."""
    Pipeline()
    return Pipeline()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return shared_pipeline()


def metadata_of(result: DocumentResult) -> dict[str, object]:
    """The documents.csv metadata fields of one result."""
    return {column: getattr(result.document, column) for column in METADATA_COLUMNS}


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
