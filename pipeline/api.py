"""The Python API: `extract(source)` -> a `Result` of typed pandas DataFrames."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.frames import to_frame, typed
from pipeline.ingest import discover, doc_ids
from pipeline.model import TABLES, DocumentResult, columns
from pipeline.rules import RuleSet, load_rules
from pipeline.run import Pipeline
from pipeline.store import write_atomic
from pipeline.tables import document_tables, write_tables

Source = str | Path | Sequence[str | Path]
Rules = RuleSet | str | Path | Sequence[str | Path] | None


@dataclass
class Result:
    """One DataFrame per table, with SPEC's columns; numbers typed, empty cells NA."""

    documents: pd.DataFrame
    figures: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame
    errors: pd.DataFrame
    results: list[DocumentResult]
    rules_version: str

    def to_csv(self, out: str | Path) -> None:
        """Write the tables and each document's text.txt, as `bulletin extract` does."""
        out = Path(out)
        for result in self.results:
            if result.document.status == "ok":
                write_atomic(out / "docs" / result.document.doc_id / "text.txt", result.text)
        ordered = sorted(self.results, key=lambda r: r.document.doc_id)
        write_tables((document_tables(r, self.rules_version) for r in ordered), out)

    def to_excel(self, path: str | Path) -> None:
        """One workbook with a sheet per table."""
        with pd.ExcelWriter(path) as writer:
            for table in TABLES:
                getattr(self, table).to_excel(writer, sheet_name=table, index=False)


def extract(source: Source, rules: Rules = None) -> Result:
    """Extract every table from a file or folder path, a list of paths, or a text string.

    `rules` is a RuleSet, or folder(s) of the user's rules layered over the built-in ones.
    """
    pipeline = Pipeline(rules if isinstance(rules, RuleSet) else load_rules(*_paths(rules)))
    files = _files(source)
    if files is None:
        results = [pipeline.analyze_text(str(source)).result]
    else:
        ids = doc_ids([str(f) for f in files])
        results = [pipeline.process(f, str(f), ids[str(f)]) for f in files]
    frames = {table: frame(table, results) for table in TABLES}
    return Result(**frames, results=results, rules_version=pipeline.rules.version)


def _paths(rules: Rules) -> list[str | Path]:
    if rules is None:
        return []
    return [rules] if isinstance(rules, str | Path) else list(typing.cast(Sequence[str | Path], rules))


def _files(source: Source) -> list[Path] | None:
    """The input files, or None when `source` is a text to analyse."""
    if isinstance(source, Path):
        return discover([source])
    if isinstance(source, str):
        looks_like_path = len(source) < 1024 and "\n" not in source and Path(source).exists()
        return discover([Path(source)]) if looks_like_path else None
    return discover([Path(s) for s in source])


def frame(table: str, results: Sequence[DocumentResult]) -> pd.DataFrame:
    """One table's rows as a typed DataFrame (Int64, Float64, string; empty -> NA)."""
    rows = [row for result in results for row in _rows(result, table)]
    return typed(table, to_frame(table, rows)).loc[:, list(columns(TABLES[table]))]


def _rows(result: DocumentResult, table: str) -> list[typing.Any]:
    return [result.document] if table == "documents" else list(getattr(result, table))
