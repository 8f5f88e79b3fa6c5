"""Rows -> SPEC's columns as deterministic, atomic, Excel-safe CSV tables.

Each document's rows are turned into CSV text on their own (`document_tables`, done by
the worker that processed the document); a run's tables are those texts concatenated in
doc_id order, streamed into temp files that replace the old tables only when complete.
figures, entities and claims end with reviewers' `verdict` and `note` columns; a re-run
into the same folder keeps what reviewers wrote on rows whose key (doc_id, text, start,
kind/type) is unchanged.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Any

from pipeline.model import TABLES, DocumentResult, columns

CSV_ENCODING = "utf-8-sig"  # the BOM makes Excel and WPS read the file as UTF-8
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


def sort_rows(table: str, rows: Iterable[Any]) -> list[Any]:
    """Rows in the table's order: by document, then position (or the table's own keys)."""
    return sorted(rows, key=attrgetter(*_SORT_KEYS.get(table, _DEFAULT_SORT)))


def header(table: str) -> tuple[str, ...]:
    """A table's columns: SPEC's, then ours (rules_version; verdict and note)."""
    return (*columns(TABLES[table]), *EXTRA_COLUMNS.get(table, ()))


def document_tables(result: DocumentResult, rules_version: str) -> dict[str, str]:
    """One document's rows as CSV text per table (no header): sorted, cells formatted,
    text cells Excel-safe, extra columns filled (verdict and note empty)."""
    rows: dict[str, Sequence[Any]] = {
        "documents": [result.document],
        "figures": result.figures,
        "entities": result.entities,
        "mentions": result.mentions,
        "claims": result.claims,
        "errors": result.errors,
    }
    extra = {"rules_version": rules_version}
    texts = {}
    for table, table_rows in rows.items():
        text_columns = [f.type == "str" for f in fields(TABLES[table])]
        tail = [excel_safe(extra.get(name, "")) for name in EXTRA_COLUMNS.get(table, ())]
        cells = attrgetter(*columns(TABLES[table]))
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in sort_rows(table, table_rows):
            line = [
                excel_safe(format_cell(v)) if is_text else format_cell(v)
                for v, is_text in zip(cells(row), text_columns, strict=True)
            ]
            writer.writerow(line + tail)
        texts[table] = buffer.getvalue()
    return texts


def write_tables(documents: Iterable[Mapping[str, str]], out: Path) -> None:
    """Every table of a run under `out`, from each document's `document_tables`.

    `documents` must come in doc_id order. Each CSV goes to a temp file that replaces the
    old table only once it is complete.
    """
    out.mkdir(parents=True, exist_ok=True)
    verdicts = {table: read_verdicts(out / f"{table}.csv", table) for table in REVIEWED_TABLES}
    temps = {table: out / f".{table}.csv.tmp" for table in TABLES}
    handles = {table: temps[table].open("w", encoding=CSV_ENCODING, newline="") for table in TABLES}
    try:
        for table, handle in handles.items():
            handle.write(",".join(header(table)) + "\n")
        for document in documents:
            for table, handle in handles.items():
                text = document[table]
                handle.write(_with_verdicts(text, table, verdicts[table]) if verdicts.get(table) else text)
    finally:
        for handle in handles.values():
            handle.close()
    for table, tmp in temps.items():
        os.replace(tmp, out / f"{table}.csv")


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


def _with_verdicts(text: str, table: str, verdicts: Verdicts) -> str:
    """`text` (one document's rows) with the verdict and note reviewers gave each row."""
    names = header(table)
    key = [names.index(k) for k in ROW_KEYS[table]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for cells in csv.reader(io.StringIO(text)):
        found = verdicts.get(tuple(excel_unsafe(cells[i]) for i in key))
        if found:
            cells[-2:] = [excel_safe(found[0]), excel_safe(found[1])]
        writer.writerow(cells)
    return buffer.getvalue()
