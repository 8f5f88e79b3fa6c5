"""Batch runs: any number of workers gives the same bytes; resume; kill -9; Dask."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import BatchOptions, run_batch
from pipeline.ingest import discover
from tests.conftest import CORPUS, ROOT

TABLES = ("documents", "figures", "entities", "mentions", "claims", "errors")


def tables_of(out: Path) -> dict[str, bytes]:
    return {t: (out / f"{t}.csv").read_bytes() for t in TABLES}


@pytest.fixture(scope="module")
def inline_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inline")
    run_batch(discover([ROOT / "samples"]), out, BatchOptions(jobs=1))
    return out


def test_two_workers_give_the_same_bytes(inline_run: Path, tmp_path: Path) -> None:
    summary = run_batch(discover([ROOT / "samples"]), tmp_path, BatchOptions(jobs=2))
    assert summary.failed == 0
    assert tables_of(tmp_path) == tables_of(inline_run)


def test_resume_redoes_only_what_changed(inline_run: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in discover([ROOT / "samples"]):
        (folder / sample.name).write_bytes(sample.read_bytes())
    out = tmp_path / "out"
    assert run_batch(discover([folder]), out, BatchOptions()).skipped == 0
    edited = folder / "sample-city-stat-communique.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n全年新增就业3892人。\n", encoding="utf-8")
    summary = run_batch(discover([folder]), out, BatchOptions(resume=True))
    assert summary.skipped == 3
    assert b"3892" in (out / "figures.csv").read_bytes()
    kept = out / ".bulletin" / "seed-guangzhou-innovation.json"
    kept.write_text(kept.read_text(encoding="utf-8").replace('"schema": "', '"schema": "old,'))
    assert run_batch(discover([folder]), out, BatchOptions(resume=True)).skipped == 3  # other columns: redone


def test_a_timeout_becomes_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import run

    def hang(self: run.Pipeline, raw: object) -> None:
        time.sleep(5)

    monkeypatch.setattr(run.Pipeline, "analyze", hang)
    summary = run_batch(
        [ROOT / "samples" / "sample-work-report-excerpt.txt"], tmp_path, BatchOptions(timeout=1)
    )
    assert summary.failed == 1
    assert "longer than the 1 s limit" in (tmp_path / "errors.csv").read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text corpus run once, uninterrupted and without bad files."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    out = tmp_path_factory.mktemp("corpus")
    run_batch(discover([CORPUS / "docs" / "txt"]), out, BatchOptions(jobs=2))
    return out


def test_kill_9_then_resume_gives_the_uninterrupted_tables(corpus_run: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pipeline", "extract", str(CORPUS / "docs" / "txt"), "-j", "1", "-o"]
    victim = subprocess.Popen([*command, str(tmp_path)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list((tmp_path / ".bulletin").glob("*.json"))) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert not (tmp_path / "figures.csv").exists()
    subprocess.run([*command, str(tmp_path), "--resume"], check=True, capture_output=True)
    assert tables_of(tmp_path) == tables_of(corpus_run)


# ../shared/corpus/bad/EXPECTED.md: the outcome each damaged input must get.
EXPECTED_ERRORS = {
    "empty": "the document is empty",
    "whitespace-only": "the document is empty",
    "binary-garbage": "not text in any supported encoding",
    "png-renamed": "not a PDF (the bytes are a PNG image)",
    "truncated": "the PDF is damaged",
    "encrypted-needs-password": "the PDF is encrypted and needs a password",
    "scanned-image-only-zh-book-page": "no text layer — a scanned PDF needs OCR first",
    "unsupported": "unsupported file type",
}
EXPECTED_OK = {"seed-utf16", "seed-gb18030", "seed-big5-traditional", "mixed-broken-utf8", "one-long-line"}


def rows_by_doc(out: Path, table: str) -> dict[str, list[dict[str, str]]]:
    with (out / f"{table}.csv").open(encoding="utf-8-sig", newline="") as f:
        rows: dict[str, list[dict[str, str]]] = {}
        for row in csv.DictReader(f):
            rows.setdefault(row["doc_id"], []).append(row)
    return rows


def test_bad_inputs_mixed_into_the_corpus(corpus_run: Path, tmp_path: Path) -> None:
    scanned = CORPUS / "docs" / "pdf" / "scanned-image-only-zh-book-page.pdf"
    files = discover([CORPUS / "docs" / "txt", CORPUS / "bad", scanned])
    summary = run_batch(files, tmp_path, BatchOptions(jobs=2))
    documents = {doc_id: rows[0] for doc_id, rows in rows_by_doc(tmp_path, "documents").items()}
    for doc_id, message in EXPECTED_ERRORS.items():
        assert documents[doc_id]["status"] == "error" and message in documents[doc_id]["error"], doc_id
    assert all(documents[doc_id]["status"] == "ok" for doc_id in EXPECTED_OK)
    warnings = [e for e in rows_by_doc(tmp_path, "errors")["mixed-broken-utf8"] if e["severity"] == "warning"]
    assert "3 undecodable byte(s)" in warnings[0]["message"]
    assert summary.failed == len(EXPECTED_ERRORS)
    for table in ("figures", "entities", "mentions", "claims"):
        alone, mixed = rows_by_doc(corpus_run, table), rows_by_doc(tmp_path, table)
        assert {d: mixed[d] for d in alone} == alone, table


def test_big5_traditional_text_still_yields_its_figure_and_claim(corpus_run: Path, tmp_path: Path) -> None:
    run_batch([CORPUS / "bad" / "seed-big5-traditional.txt"], tmp_path)
    (figure,) = rows_by_doc(tmp_path, "figures")["seed-big5-traditional"]
    assert (figure["value"], figure["unit"]) == ("1650000", "人")
    assert [c["type"] for c in rows_by_doc(tmp_path, "claims")["seed-big5-traditional"]] == ["rank"]


def test_a_dask_local_cluster_gives_the_same_bytes(inline_run: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    summary = run_batch(discover([ROOT / "samples"]), tmp_path, BatchOptions(jobs=2, dask="local"))
    assert summary.failed == 0
    assert tables_of(tmp_path) == tables_of(inline_run)
