"""Batch runs: any number of workers gives the same bytes; resume; kill -9; Dask."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import BatchOptions, run_batch
from pipeline.ingest import discover
from tests.conftest import CORPUS, ROOT, needs_shared

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


@needs_shared()
def test_kill_9_then_resume_gives_the_uninterrupted_tables(tmp_path: Path) -> None:
    corpus = str(CORPUS / "docs" / "txt")
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    command = [sys.executable, "-m", "pipeline", "extract", corpus, "-j", "1", "-o"]
    subprocess.run([*command, str(whole)], check=True, capture_output=True)
    victim = subprocess.Popen([*command, str(broken)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list((broken / ".bulletin").glob("*.json"))) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert not (broken / "figures.csv").exists()
    subprocess.run([*command, str(broken), "--resume"], check=True, capture_output=True)
    assert tables_of(broken) == tables_of(whole)


def test_a_dask_local_cluster_gives_the_same_bytes(inline_run: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    summary = run_batch(discover([ROOT / "samples"]), tmp_path, BatchOptions(jobs=2, dask="local"))
    assert summary.failed == 0
    assert tables_of(tmp_path) == tables_of(inline_run)
