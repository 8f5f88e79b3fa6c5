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
    keys = list(_SORT_KEYS.get(table, _DEFAULT_SORT))
    order = frame[keys].map(_sort_key) if len(frame) else frame[keys]
    return frame.loc[order.sort_values(keys, kind="stable").index].reset_index(drop=True)


def _sort_key(cell: str) -> Any:
    """Numbers sort as numbers, text as text (offsets must not sort as strings)."""
    return (0, int(cell), "") if cell.lstrip("-").isdigit() else (1, 0, cell)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` to `path` atomically: a temp file beside it, then a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_csv(tmp, index=False, encoding=CSV_ENCODING, lineterminator="\n")
    os.replace(tmp, path)


def write_text(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)


def write_run(results: Sequence[DocumentResult], out: Path, rules_version: str) -> None:
    """Every table of a run, and each document's canonical text, under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    for result in results:
        if result.document.status == "ok":
            write_text(result.text, out / "docs" / result.document.doc_id / "text.txt")
    by_table: dict[str, list[Any]] = {
        "documents": [r.document for r in results],
        "figures": [row for r in results for row in r.figures],
        "entities": [row for r in results for row in r.entities],
        "mentions": [row for r in results for row in r.mentions],
        "claims": [row for r in results for row in r.claims],
        "errors": [row for r in results for row in r.errors],
    }
    for table, rows in by_table.items():
        write_csv(to_frame(table, rows, {"rules_version": rules_version}), out / f"{table}.csv")
