"""Tables: Excel safety, reviewers' verdicts kept across runs, other formats."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.frames import read_csv_table
from pipeline.model import DocumentResult, DocumentRow, FigureRow
from pipeline.tables import document_tables, excel_safe, excel_unsafe, format_cell, write_tables
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("-2.1%", "'-2.1%"),
        ("＋1", "'＋1"),
        ("@x", "'@x"),
        ("a\nb", "a b"),
        ("增长", "增长"),
    ],
)
def test_excel_safe_cells(cell: str, safe: str) -> None:
    assert excel_safe(cell) == safe
    assert excel_unsafe(safe) == cell.replace("\n", " ")


@pytest.mark.parametrize(
    ("value", "text"), [(29000000.0, "29000000"), (33.333333333333336, "33.3333333333"), (None, "")]
)
def test_format_cell(value: float | None, text: str) -> None:
    assert format_cell(value) == text


def figure(text: str, value: float) -> FigureRow:
    return FigureRow(
        "d", "F1", text, 0, len(text), value, None, "%", "percent", "exact", "up", "", "", 1, text, None, "r"
    )


def test_numbers_stay_numbers_and_text_is_escaped(tmp_path: Path) -> None:
    result = DocumentResult(DocumentRow("d", "d.txt"), figures=[figure("-2.1%", -2.1)])
    write_tables([document_tables(result, "v1")], tmp_path)
    with (tmp_path / "figures.csv").open(encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["text"] == "'-2.1%" and row["value"] == "-2.1"
    assert read_csv_table(tmp_path, "figures")["text"][0] == "-2.1%"


def test_verdicts_survive_a_rerun(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["extract", str(ROOT / "samples"), "-o", str(tmp_path)])
    figures = pd.read_csv(tmp_path / "figures.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(figures.columns[-2:]) == ["verdict", "note"]
    figures.loc[0, ["verdict", "note"]] = ["wrong", "unit should be 元"]
    figures.to_csv(tmp_path / "figures.csv", index=False, encoding="utf-8-sig")
    runner.invoke(main, ["extract", str(ROOT / "samples"), "-o", str(tmp_path)])
    again = pd.read_csv(tmp_path / "figures.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert again.loc[0, "verdict"] == "wrong" and again.loc[0, "note"] == "unit should be 元"
    assert (again.loc[1:, "verdict"] == "").all()


def test_other_formats(tmp_path: Path) -> None:
    args = ["extract", str(ROOT / "samples"), "-o", str(tmp_path), "--format", "xlsx", "--format", "jsonl"]
    assert CliRunner().invoke(main, [*args, "--format", "parquet"]).exit_code == 0
    sheets = pd.read_excel(tmp_path / "tables.xlsx", sheet_name=None)
    assert set(sheets) == {"documents", "figures", "entities", "mentions", "claims", "errors"}
    jsonl = pd.read_json(tmp_path / "figures.jsonl", lines=True)
    parquet = pd.read_parquet(tmp_path / "figures.parquet")
    assert len(jsonl) == len(parquet) == len(sheets["figures"]) > 0
    assert parquet["value"].dtype == "Float64"
