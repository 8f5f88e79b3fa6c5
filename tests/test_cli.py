"""`bulletin extract` end to end: layout, SPEC columns, offsets, determinism, exit codes."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.tables import excel_unsafe
from tests.conftest import CORPUS, GOLD, ROOT, needs_shared

SPEC_COLUMNS = {
    "documents": "doc_id, source, sha256, encoding, pages, chars, title, publication, issue, issue_total, "
    "publisher, date, editor, recipients, print_run, status, error",
    "figures": "doc_id, figure_id, text, start, end, value, value_max, unit, kind, qualifier, change, "
    "subject, time, sentence_id, sentence, page, rule",
    "entities": "doc_id, entity_id, text, name, type, subtype, title, mentions, start, end, rule",
    "mentions": "doc_id, entity_id, text, start, end, sentence_id, page, rule",
    "claims": "doc_id, claim_id, type, text, start, end, cue, subject, scope, rank, figure_ids, hedge, "
    "sentence_id, sentence, rule",
    "errors": "doc_id, source, severity, stage, message",
}


def read_table(out: Path, table: str) -> list[dict[str, str]]:
    """A table's rows, with the Excel-safety prefix of text cells removed."""
    with (out / f"{table}.csv").open(encoding="utf-8-sig", newline="") as f:
        return [{k: excel_unsafe(v) for k, v in row.items()} for row in csv.DictReader(f)]


def extract(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["extract", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    code, output = extract(str(ROOT / "samples"), "-o", str(out))
    assert code == 0, output
    return out


def test_tables_have_spec_columns_in_order_with_bom(sample_out: Path) -> None:
    for table, spec in SPEC_COLUMNS.items():
        raw = (sample_out / f"{table}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), table
        header = raw[3:].split(b"\n", 1)[0].decode().split(",")
        wanted = spec.split(", ")
        assert header[: len(wanted)] == wanted, table


def test_every_document_is_ok_with_its_text(sample_out: Path) -> None:
    docs = read_table(sample_out, "documents")
    assert len(docs) == len([p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".md")])
    for doc in docs:
        assert doc["status"] == "ok", doc["error"]
        text = (sample_out / "docs" / doc["doc_id"] / "text.txt").read_text(encoding="utf-8")
        assert int(doc["chars"]) == len(text)


def test_every_row_points_into_text_txt(sample_out: Path) -> None:
    texts = {
        d["doc_id"]: (sample_out / "docs" / d["doc_id"] / "text.txt").read_text(encoding="utf-8")
        for d in read_table(sample_out, "documents")
    }
    rows = 0
    for table in ("figures", "mentions", "claims", "entities"):
        for row in read_table(sample_out, table):
            assert texts[row["doc_id"]][int(row["start"]) : int(row["end"])] == row["text"], (table, row)
            assert row["rule"], (table, row)
            rows += 1
    assert rows > 0


def test_two_runs_give_identical_bytes(sample_out: Path, tmp_path: Path) -> None:
    extract(str(ROOT / "samples"), "-o", str(tmp_path))
    for table in SPEC_COLUMNS:
        assert (tmp_path / f"{table}.csv").read_bytes() == (sample_out / f"{table}.csv").read_bytes(), table


@needs_shared()
def test_seed_metadata_matches_gold(sample_out: Path) -> None:
    gold = yaml.safe_load((GOLD / "seed-guangzhou-innovation.yaml").read_text(encoding="utf-8"))["document"]
    row = next(d for d in read_table(sample_out, "documents") if d["doc_id"] == "seed-guangzhou-innovation")
    assert {k: row[k] for k in gold} == {k: str(v) for k, v in gold.items()}


@needs_shared()
def test_bad_files_do_not_change_the_good_rows(sample_out: Path, tmp_path: Path) -> None:
    bad = [
        CORPUS / "bad" / n
        for n in ("empty.txt", "binary-garbage.txt", "unsupported.xlsx", "whitespace-only.txt")
    ]
    code, _ = extract(str(ROOT / "samples"), *map(str, bad), "-o", str(tmp_path))
    assert code == 1
    errors = read_table(tmp_path, "errors")
    assert {e["source"] for e in errors if e["severity"] == "error"} == {str(p) for p in bad}
    assert all(e["source"] in e["message"] for e in errors)
    for table in ("figures", "entities", "mentions", "claims"):
        assert (tmp_path / f"{table}.csv").read_bytes() == (sample_out / f"{table}.csv").read_bytes(), table


@needs_shared()
def test_a_file_with_bad_bytes_is_ok_with_a_warning(tmp_path: Path) -> None:
    code, _ = extract(str(CORPUS / "bad" / "mixed-broken-utf8.txt"), "-o", str(tmp_path))
    assert code == 0
    (warning,) = read_table(tmp_path, "errors")
    assert warning["severity"] == "warning" and "3 undecodable byte(s)" in warning["message"]


def test_stems_that_clash_get_distinct_doc_ids(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text("广州获26个奖项。", encoding="utf-8")
    code, _ = extract(str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"))
    assert code == 0
    ids = [d["doc_id"] for d in read_table(tmp_path / "out", "documents")]
    assert len(set(ids)) == 2


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert extract(str(tmp_path / "missing.txt"))[0] == 2
    assert CliRunner().invoke(main, ["extract"]).exit_code == 2


def test_python_m_pipeline_is_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=True
    )
    assert "extract" in done.stdout


def test_rules_check_and_test_commands() -> None:
    assert CliRunner().invoke(main, ["rules", "check"]).exit_code == 0
    result = CliRunner().invoke(main, ["rules", "test", "metadata.print-run.footer"])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["rules", "test", "no.such.rule"]).exit_code == 2


@needs_shared()
def test_the_text_corpus_runs_ok(tmp_path: Path) -> None:
    code, output = extract(str(CORPUS / "docs" / "txt"), "-o", str(tmp_path))
    assert code == 0, output
    docs = read_table(tmp_path, "documents")
    assert len(docs) == 28 and all(d["status"] == "ok" for d in docs)
