"""The run's tables as pandas DataFrames: typed columns, read back from CSV, and
exported to xlsx, jsonl or parquet. Only library use and `--format` need pandas."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.model import TABLES, columns
from pipeline.tables import CSV_ENCODING, EXTRA_COLUMNS, excel_unsafe, format_cell, sort_rows

_DTYPES: Mapping[str, Any] = {
    "int": pd.Int64Dtype(),
    "int | None": pd.Int64Dtype(),
    "Value": pd.Float64Dtype(),
    "str": pd.StringDtype(),
}


def to_frame(table: str, rows: Iterable[Any], extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows of one table as a DataFrame of text cells, in SPEC column order, sorted."""
    names = columns(TABLES[table])
    records = [tuple(format_cell(getattr(row, n)) for n in names) for row in sort_rows(table, rows)]
    frame = pd.DataFrame.from_records(records, columns=list(names))
    for name in EXTRA_COLUMNS.get(table, ()):
        frame[name] = (extra or {}).get(name, "")
    return frame


def typed(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of text cells with SPEC's columns typed: Int64, Float64, string (empty NA)."""
    out = frame.copy()
    for f in fields(TABLES[table]):
        dtype = _DTYPES[str(f.type)]
        cells = out[f.name].replace("", None)
        out[f.name] = cells.astype(dtype) if f.type == "str" else pd.to_numeric(cells).astype(dtype)
    return out


def read_csv_table(out: Path, table: str) -> pd.DataFrame:
    """A written table back as text cells (Excel-safety prefixes removed)."""
    frame = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False, encoding=CSV_ENCODING)
    return frame.map(excel_unsafe)


def export(out: Path, fmt: str) -> None:
    """Write the run's tables in another format beside the CSVs."""
    frames = {table: typed(table, read_csv_table(out, table)) for table in TABLES}
    if fmt == "xlsx":
        tmp = out / ".tables.xlsx.tmp"
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for table, frame in frames.items():
                frame.to_excel(writer, sheet_name=table, index=False)
        os.replace(tmp, out / "tables.xlsx")
        return
    for table, frame in frames.items():
        tmp = out / f".{table}.{fmt}.tmp"
        if fmt == "jsonl":
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            frame.to_parquet(tmp, index=False)
        os.replace(tmp, out / f"{table}.{fmt}")
