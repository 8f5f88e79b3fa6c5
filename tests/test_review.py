"""`bulletin review`: the HTML report's data, overlap splitting and escaping (no browser needed)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from dataclasses import astuple
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.model import (
    TABLES,
    ClaimRow,
    DocumentResult,
    DocumentRow,
    EntityRow,
    ErrorRow,
    FigureRow,
    MentionRow,
    columns,
)
from pipeline.review.commands import review_command
from pipeline.review.report import build_data, css_class, script_json, split_pieces

HOSTILE = (
    "广州市科技投入2900万元，增长40%。</script><script>window.__xss=1</script>"
    '<img src=x onerror="window.__xss=2">香港科技大学（广州）位居全国第三。𠀀广州市再获奖。'
)


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = [m.start() for m in re.finditer(re.escape(part), text)][nth]
    return start, start + len(part)


def _figure(text: str, n: int, part: str, kind: str, value: float) -> FigureRow:
    s, e = _at(text, part)
    return FigureRow(
        "hostile", f"F{n}", part, s, e, value, None, "", kind, "exact", "", "", "", 1, "", None, "test"
    )


def _claim(text: str, n: int, typ: str, part: str, **fields: Any) -> ClaimRow:
    s, e = _at(text, part)
    values = {"cue": "", "subject": "", "scope": "", "rank": None, "figure_ids": ""} | fields
    return ClaimRow(
        "hostile", f"C{n}", typ, part, s, e, **values, hedge="", sentence_id=n, sentence="", rule="test"
    )


def hostile_result() -> DocumentResult:
    """A document with markup in its text, an astral character and overlapping highlights."""
    t = HOSTILE
    figures = [
        _figure(t, 1, "2900万元", "money", 29e6),
        _figure(t, 2, "40%", "percent", 40),
        _figure(t, 3, "全国第三", "rank", 3),
    ]
    org, loc = _at(t, "香港科技大学（广州）"), _at(t, "广州市")
    entities = [
        EntityRow("hostile", "E1", "广州市", "广州市", "LOC", "", "", 2, *loc, "test"),
        EntityRow(
            "hostile", "E2", "香港科技大学（广州）", "香港科技大学（广州）", "ORG", "edu", "", 1, *org, "test"
        ),
    ]
    mentions = [
        MentionRow("hostile", "E1", "广州市", *loc, 1, None, "test"),
        MentionRow("hostile", "E2", "香港科技大学（广州）", *org, 2, None, "test"),
        MentionRow("hostile", "E1", "广州市", *_at(t, "广州市", 1), 3, None, "test"),
        MentionRow("hostile", "E3", "广州", *_at(t, "广州", 1), 2, None, "test"),  # nested inside the ORG
    ]
    claims = [
        _claim(t, 1, "change", "增长40%", cue="增长", figure_ids="F2"),
        _claim(
            t,
            2,
            "rank",
            "香港科技大学（广州）位居全国第三",
            cue="位居全国第三",
            subject="香港科技大学（广州）",
            scope="全国",
            rank=3,
            figure_ids="F3",
        ),
        _claim(t, 3, "award", "再获奖", cue="获奖", subject="广州市"),
    ]
    doc = DocumentRow("hostile", "hostile.txt", title="<b>标题</b>", chars=len(t))
    return DocumentResult(doc, t, figures, entities, mentions, claims)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def write_run(results: list[DocumentResult], out: Path, rules_version: str) -> None:
    """The run layout of SPEC §1 (tables with BOM, docs/<doc_id>/text.txt), written directly."""
    out.mkdir(parents=True, exist_ok=True)
    for table, record in TABLES.items():
        extra = ["rules_version"] if table == "documents" else []
        with (out / f"{table}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([*columns(record), *extra])
            for result in results:
                rows = [result.document] if table == "documents" else getattr(result, table)
                writer.writerows(
                    [*map(_cell, astuple(row)), *([rules_version] if extra else [])] for row in rows
                )
    for result in results:
        if result.document.status == "ok":
            (out / "docs" / result.document.doc_id).mkdir(parents=True)
            (out / "docs" / result.document.doc_id / "text.txt").write_text(
                result.text, encoding="utf-8", newline=""
            )


def write_sample_run(out: Path) -> Path:
    """A run folder with the hostile document, a failed document and an error row."""
    failed = DocumentRow("broken", "broken.pdf", status="error", error="no text layer")
    error = ErrorRow("broken", "broken.pdf", "error", "ingest", "broken.pdf: no text layer; run OCR first")
    write_run([hostile_result(), DocumentResult(failed, errors=[error])], out, "testrules")
    return out


@pytest.fixture()
def run(tmp_path: Path) -> Path:
    return write_sample_run(tmp_path / "run")


def test_pieces_split_at_every_boundary_innermost_first() -> None:
    pieces = split_pieces(
        "abcdefgh", [(1, 6, "c0"), (2, 4, "f0"), (3, 5, "m0"), (7, 99, "bad"), (4, 4, "empty")]
    )
    assert pieces == [
        ("a", ()),
        ("b", ("c0",)),
        ("c", ("f0", "c0")),
        ("d", ("f0", "m0", "c0")),
        ("e", ("m0", "c0")),
        ("f", ("c0",)),
        ("gh", ()),
    ]
    assert "".join(p for p, _ in pieces) == "abcdefgh"


def test_document_pieces_rebuild_the_text_and_cover_each_row(run: Path) -> None:
    doc = next(d for d in build_data(run)["documents"] if d["id"] == "hostile")
    pieces = doc["pieces"]
    assert "".join(p if isinstance(p, str) else p[0] for p in pieces) == HOSTILE
    covered = {
        ref: "".join(p[0] for p in pieces if not isinstance(p, str) and ref in p[1])
        for ref in ("f1", "m1", "m3", "c1")
    }
    assert covered == {
        "f1": "40%",
        "m1": "香港科技大学（广州）",
        "m3": "广州",
        "c1": "香港科技大学（广州）位居全国第三",
    }
    nested = next(p for p in pieces if not isinstance(p, str) and "m3" in p[1])
    assert set(nested[1]) == {"m3", "m1", "c1"} and "m-ORG" in nested[2] and "c-rank" in nested[2]


def test_offsets_count_code_points_past_an_astral_character(run: Path) -> None:
    doc = next(d for d in build_data(run)["documents"] if d["id"] == "hostile")
    last = next(p for p in doc["pieces"] if not isinstance(p, str) and "c2" in p[1])
    assert last[0] == "再获奖"


def test_markup_in_the_text_cannot_leave_the_data_blob(run: Path) -> None:
    result = CliRunner().invoke(review_command, [str(run)])
    assert result.exit_code == 0, result.output
    page = (run / "report.html").read_text(encoding="utf-8")
    blob = page.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in blob and ">" not in blob
    assert page.count("<script") == 2 and "onerror" not in page.split('id="data">')[0]
    assert json.loads(blob)["documents"][0]["meta"]["title"] == "<b>标题</b>"
    assert "http://" not in page and "https://" not in page  # nothing fetched from the network


def test_script_json_escapes_what_could_close_or_confuse_a_script() -> None:
    text = script_json({"t": "</script><!-- & \u2028"})
    assert text == '{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(text) == {"t": "</script><!-- & \u2028"}


def test_corpus_tables_count_rows_errors_and_top_values(run: Path) -> None:
    corpus = {t["title"]: t for t in build_data(run)["corpus"]}
    docs = {r[0]: r for r in corpus["Documents"]["rows"]}
    assert docs["hostile"][4:8] == [3, 2, 4, 3] and docs["broken"][2] == "error"
    assert corpus["Errors and warnings"]["rows"][0][0] == "broken"
    assert corpus["Figures by kind"]["rows"] == [["money", 1, 1], ["percent", 1, 1], ["rank", 1, 1]]
    assert corpus["Top entities"]["rows"][0] == ["广州市 [LOC]", 2, 1]


def test_failed_document_has_no_text_but_still_a_page(run: Path) -> None:
    broken = next(d for d in build_data(run)["documents"] if d["id"] == "broken")
    assert broken["pieces"] is None and broken["meta"]["error"] == "no text layer"


def test_css_class_drops_unsafe_characters() -> None:
    assert css_class("f", "money") == "f-money"
    assert css_class("m", 'x" onclick="y') == "m-xonclicky"
    assert css_class("c", "") == "c-none"


def test_output_option_and_empty_run(tmp_path: Path) -> None:
    write_run([], tmp_path / "empty", "v")
    target = tmp_path / "elsewhere" / "r.html"
    result = CliRunner().invoke(review_command, [str(tmp_path / "empty"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_commands_module_imports_nothing_heavy() -> None:
    heavy = "{'yaml', 'pandas', 'jieba', 'spacy'}"
    code = f"import sys, pipeline.review.commands; print(sorted({heavy} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
