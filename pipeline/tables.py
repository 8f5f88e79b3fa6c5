"""Rows -> pandas DataFrames with SPEC's columns -> deterministic, atomic CSV files."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.model import TABLES, DocumentResult, columns

CSV_ENCODING = "utf-8-sig"  # the BOM makes Excel and WPS read the file as UTF-8
EXTRA_COLUMNS: Mapping[str, tuple[str, ...]] = {"documents": ("rules_version",)}
_SORT_KEYS: Mapping[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "errors": ("doc_id", "severity", "stage", "message"),
    "entities": ("doc_id", "start", "end", "rule", "entity_id"),
}
_DEFAULT_SORT = ("doc_id", "start", "end", "rule")


def format_cell(value: Any) -> str:
    """A cell as text: whole floats without `.0`, others to 10 decimals; None empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(round(value, 10))
    return str(value)


def to_frame(table: str, rows: Iterable[Any], extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows of one table as a DataFrame of text cells, in SPEC column order, sorted."""
    cols = columns(TABLES[table])
    records = [tuple(format_cell(v) for v in astuple(row)) for row in rows]
    frame = (
        pd.DataFrame.from_records(records, columns=list(cols))
        if records
        else pd.DataFrame(columns=list(cols))
    )
    for name in EXTRA_COLUMNS.get(table, ()):
        frame[name] = (extra or {}).get(name, "")
    if len(frame) > 1:
        keys = list(_SORT_KEYS.get(table, _DEFAULT_SORT))
        order = frame[keys].map(_sort_key).sort_values(keys, kind="stable").index
        frame = frame.loc[order].reset_index(drop=True)
    return frame


def _sort_key(cell: str) -> Any:
    """Numbers sort as numbers, text as text (offsets must not sort as strings)."""
    return (0, int(cell), "") if cell.lstrip("-").isdigit() else (1, 0, cell)


def write_tables(results: Iterable[DocumentResult], out: Path, rules_version: str) -> None:
    """Every table of a run under `out`, streamed one document at a time.

    `results` must come in doc_id order; rows within a document are sorted here. Each
    table goes to a temp file that replaces the old table only once it is complete.
    """
    out.mkdir(parents=True, exist_ok=True)
    extra = {"rules_version": rules_version}
    temps = {table: out / f".{table}.csv.tmp" for table in TABLES}
    handles = {table: temps[table].open("w", encoding=CSV_ENCODING, newline="") for table in TABLES}
    try:
        for table, handle in handles.items():
            to_frame(table, [], extra).to_csv(handle, index=False, lineterminator="\n")
        for result in results:
            for table, rows in _rows_by_table(result).items():
                frame = to_frame(table, rows, extra)
                frame.to_csv(handles[table], index=False, header=False, lineterminator="\n")
    finally:
        for handle in handles.values():
            handle.close()
    for table, tmp in temps.items():
        os.replace(tmp, out / f"{table}.csv")


def _rows_by_table(result: DocumentResult) -> dict[str, Sequence[Any]]:
    return {
        "documents": [result.document],
        "figures": result.figures,
        "entities": result.entities,
        "mentions": result.mentions,
        "claims": result.claims,
        "errors": result.errors,
    }
