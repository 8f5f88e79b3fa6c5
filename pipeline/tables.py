"""Rows -> pandas DataFrames with SPEC's columns -> deterministic, atomic, Excel-safe files.

The CSV tables are streamed one document at a time into temp files that replace the
old tables only when complete. figures, entities and claims end with reviewers'
`verdict` and `note` columns; a re-run into the same folder keeps what reviewers
wrote on rows whose key (doc_id, text, start, kind/type) is unchanged.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, fields
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.model import TABLES, DocumentResult, columns

CSV_ENCODING = "utf-8-sig"  # the BOM makes Excel and WPS read the file as UTF-8
CHUNK_DOCUMENTS = 16  # documents per DataFrame written: memory stays bounded, pandas overhead low
REVIEW_COLUMNS = ("verdict", "note")
EXTRA_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "documents": ("rules_version",),
    **dict.fromkeys(("figures", "entities", "claims"), REVIEW_COLUMNS),
}
REVIEWED_TABLES = ("figures", "entities", "claims")
ROW_KEYS: Mapping[str, tuple[str, ...]] = {
    "figures": ("doc_id", "text", "start", "kind"),
    "entities": ("doc_id", "text", "start", "type"),
    "mentions": ("doc_id", "text", "start", "entity_id"),
    "claims": ("doc_id", "text", "start", "type"),
}
_SORT_KEYS: Mapping[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "errors": ("doc_id", "severity", "stage", "message"),
    "entities": ("doc_id", "start", "end", "rule", "entity_id"),
}
_DEFAULT_SORT = ("doc_id", "start", "end", "rule")
_FORMULA_START = tuple("=+-@＝＋－＠")
_DTYPES: Mapping[str, Any] = {
    "int": pd.Int64Dtype(),
    "int | None": pd.Int64Dtype(),
    "Value": pd.Float64Dtype(),
    "str": pd.StringDtype(),
}

Verdicts = dict[tuple[str, ...], tuple[str, str]]


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


def excel_safe(cell: str) -> str:
    """Newlines flattened; text that a spreadsheet would run as a formula gets a `'`."""
    cell = cell.replace("\r", " ").replace("\n", " ")
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def excel_unsafe(cell: str) -> str:
    """The text of a cell written by `excel_safe` (for our own readers)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def to_frame(table: str, rows: Iterable[Any], extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows of one table as a DataFrame of text cells, in SPEC column order, sorted."""
    keys = _SORT_KEYS.get(table, _DEFAULT_SORT)
    ordered = sorted(rows, key=lambda row: tuple(getattr(row, k) for k in keys))
    records = [tuple(format_cell(v) for v in astuple(row)) for row in ordered]
    frame = pd.DataFrame.from_records(records, columns=list(columns(TABLES[table])))
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


def write_tables(
    results: Iterable[DocumentResult], out: Path, rules_version: str, formats: Sequence[str] = ("csv",)
) -> None:
    """Every table of a run under `out`, streamed one document at a time.

    `results` must come in doc_id order; they are written in chunks of CHUNK_DOCUMENTS.
    Each CSV goes to a temp file that replaces the old table only once it is complete;
    other formats are then made from the CSVs.
    """
    out.mkdir(parents=True, exist_ok=True)
    verdicts = {table: read_verdicts(out / f"{table}.csv", table) for table in REVIEWED_TABLES}
    extra = {"rules_version": rules_version}
    temps = {table: out / f".{table}.csv.tmp" for table in TABLES}
    handles = {table: temps[table].open("w", encoding=CSV_ENCODING, newline="") for table in TABLES}
    try:
        for table, handle in handles.items():
            handle.write(",".join(_header(table)) + "\n")
        for chunk in batched(results, CHUNK_DOCUMENTS):
            for table, rows in _rows_by_table(chunk).items():
                frame = _with_verdicts(to_frame(table, rows, extra), table, verdicts.get(table, {}))
                _excel_safe_text(frame, table).to_csv(
                    handles[table], index=False, header=False, lineterminator="\n"
                )
    finally:
        for handle in handles.values():
            handle.close()
    for table, tmp in temps.items():
        os.replace(tmp, out / f"{table}.csv")
    for fmt in formats:
        if fmt != "csv":
            export(out, fmt)


def _excel_safe_text(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Text columns made safe for spreadsheets; number columns stay numbers."""
    text = [f.name for f in fields(TABLES[table]) if f.type == "str"] + list(EXTRA_COLUMNS.get(table, ()))
    frame[text] = frame[text].map(excel_safe)
    return frame


def _header(table: str) -> tuple[str, ...]:
    return (*columns(TABLES[table]), *EXTRA_COLUMNS.get(table, ()))


def _rows_by_table(results: Sequence[DocumentResult]) -> dict[str, list[Any]]:
    return {
        "documents": [r.document for r in results],
        "figures": [row for r in results for row in r.figures],
        "entities": [row for r in results for row in r.entities],
        "mentions": [row for r in results for row in r.mentions],
        "claims": [row for r in results for row in r.claims],
        "errors": [row for r in results for row in r.errors],
    }


def batched(items: Iterable[DocumentResult], size: int) -> Iterable[list[DocumentResult]]:
    """Consecutive lists of at most `size` items."""
    chunk: list[DocumentResult] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_verdicts(path: Path, table: str) -> Verdicts:
    """What reviewers wrote in an existing table, by row key."""
    if not path.exists():
        return {}
    with path.open(encoding=CSV_ENCODING, newline="") as f:
        rows = list(csv.DictReader(f))
    key = ROW_KEYS[table]
    return {
        tuple(excel_unsafe(row.get(k) or "") for k in key): (row.get("verdict") or "", row.get("note") or "")
        for row in rows
        if row.get("verdict") or row.get("note")
    }


def _with_verdicts(frame: pd.DataFrame, table: str, verdicts: Verdicts) -> pd.DataFrame:
    if not verdicts or frame.empty:
        return frame
    found = [
        verdicts.get(tuple(row), ("", "")) for row in frame[list(ROW_KEYS[table])].itertuples(index=False)
    ]
    frame["verdict"] = [v for v, _ in found]
    frame["note"] = [n for _, n in found]
    return frame


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
