"""`bulletin eval` gives the same numbers as ../shared/eval/score.py on the same inputs."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.review.commands import eval_command
from pipeline.review.evaluate import Located, load_gold, score, summary_lines
from tests.conftest import CORPUS, GOLD, needs_shared

SCORER = GOLD.parent / "eval" / "score.py"
TEXT_GOLD = [
    GOLD / f"{name}.yaml"
    for name in (
        "seed-guangzhou-innovation",
        "wanzai-2022-stat-bulletin",
        "cn-2010-gov-work-report-part1",
        "guangdong-2026-gov-work-report-part1",
        "chinaxiv-xiongan-innovation-highland",
    )
]

pytestmark = [
    needs_shared(),
    pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is absent"),
]


def shared_score(out: Path, golds: list[Path]) -> dict[str, Any]:
    """The reference numbers: the shared scorer run as a separate program."""
    cmd = [sys.executable, str(SCORER), str(out), *map(str, golds), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    columns = sorted({k for row in rows for k in row}) or ["doc_id"]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)


def noisy_figures(doc_id: str, gold: list[dict[str, Any]], where: Located) -> list[dict[str, Any]]:
    """Gold figures with misses, wrong values, wrong fields, duplicates and offset-less rows."""
    rows = []
    for i, g in enumerate(gold):
        spans = where.spans(g["text"]) or [(0, 0)]
        start, end = spans[i % len(spans)]
        row = {k: ("" if v is None else v) for k, v in g.items()} | {
            "doc_id": doc_id,
            "start": start,
            "end": end,
        }
        if i % 5 == 0:
            continue
        if i % 7 == 1:
            row["value"] = float(row["value"] or 0) * 10
        if i % 3 == 1:
            row["kind"], row["qualifier"], row["subject"] = "count", "", str(row["subject"])[:2]
        if i % 4 == 2:
            row["start"] = row["end"] = ""
        if i % 6 == 3:
            rows.append(dict(row, text=f"{row['text']}多"))
        rows.append(row)
    return rows


def noisy_entities(doc_id: str, gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for i, g in enumerate(gold):
        name = g.get("name") or g["text"]
        if i % 4 == 0:
            continue
        typ = "ORG" if i % 6 == 1 else g["type"]
        sub = "gov" if i % 5 == 1 else g.get("subtype") or ""
        rows.append(
            {
                "doc_id": doc_id,
                "text": f"“{g['text']}”",
                "name": name if i % 3 else "",
                "type": typ,
                "subtype": sub,
            }
        )
        if i % 7 == 2:
            rows.append({"doc_id": doc_id, "text": name, "name": name, "type": typ, "subtype": ""})
    return [*rows, {"doc_id": doc_id, "text": "不存在的实体", "name": "不存在的实体", "type": "ORG"}]


def noisy_claims(doc_id: str, gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for i, g in enumerate(gold):
        if i % 5 == 0:
            continue
        typ = "level" if i % 6 == 1 else g["type"]
        scope = "全国" if i % 4 == 1 else g.get("scope") or ""
        rows.append(
            {
                "doc_id": doc_id,
                "type": typ,
                "text": f"此前{g['key']}之后",
                "subject": g.get("subject") or "",
                "scope": scope,
            }
        )
    return [*rows, {"doc_id": doc_id, "type": "first", "text": "首个多出来的说法"}]


def noisy_out(root: Path, golds: list[Path]) -> Path:
    """A run folder built from gold with deliberate errors, over the real corpus texts."""
    docs, figures, entities, claims = [], [], [], []
    for n, path in enumerate(golds):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc_id, source = f"doc{n}", CORPUS / "docs" / "txt" / gold["source"]
        text = source.read_text(encoding="utf-8") if source.exists() else ""
        (root / "docs" / doc_id).mkdir(parents=True)
        (root / "docs" / doc_id / "text.txt").write_text(text, encoding="utf-8")
        meta = dict(gold.get("document") or {})
        meta["title"] = "错的标题" if n % 2 else meta.get("title", "")
        docs.append({"doc_id": doc_id, "source": str(source), **meta})
        figures += noisy_figures(doc_id, gold.get("figures") or [], Located(text))
        entities += noisy_entities(doc_id, gold.get("entities") or [])
        claims += noisy_claims(doc_id, gold.get("claims") or [])
    for name, rows in (("documents", docs), ("figures", figures), ("entities", entities), ("claims", claims)):
        write_csv(root / f"{name}.csv", rows)
    return root


def test_noisy_run_scores_like_the_shared_scorer(tmp_path: Path) -> None:
    out = noisy_out(tmp_path, TEXT_GOLD)
    ours, theirs = score(out, load_gold(TEXT_GOLD)), shared_score(out, TEXT_GOLD)
    assert ours == theirs
    assert 0 < ours["figures"]["f1"] < 1 and ours["figures"]["fields"]["subject"] < 1
    assert 0 < ours["entities"]["f1"] < 1 and 0 < ours["claims"]["f1"] < 1


def test_whole_gold_folder_with_missing_documents(tmp_path: Path) -> None:
    out = noisy_out(tmp_path, TEXT_GOLD)
    ours, theirs = score(out, load_gold([GOLD])), shared_score(out, [GOLD])
    assert ours == theirs
    assert ours["missing_documents"]


@pytest.fixture(scope="module")
def real_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real `bulletin extract` run over the source files of the text gold documents."""
    out = tmp_path_factory.mktemp("real")
    sources = [
        str(CORPUS / "docs" / "txt" / yaml.safe_load(p.read_text(encoding="utf-8"))["source"])
        for p in TEXT_GOLD
    ]
    result = CliRunner().invoke(main, ["extract", *sources, "-o", str(out)])
    assert (out / "documents.csv").exists(), result.output  # documents that failed still get rows
    return out


def test_real_run_scores_like_the_shared_scorer(real_out: Path) -> None:
    assert score(real_out, load_gold(TEXT_GOLD)) == shared_score(real_out, TEXT_GOLD)
    assert score(real_out, load_gold([GOLD])) == shared_score(real_out, [GOLD])


def test_eval_command_prints_the_shared_summary_and_lists_misses(tmp_path: Path) -> None:
    out = noisy_out(tmp_path, TEXT_GOLD)
    cmd = [sys.executable, str(SCORER), str(out), *map(str, TEXT_GOLD)]
    reference = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()
    result = CliRunner().invoke(eval_command, [str(out), *map(str, TEXT_GOLD)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[: len(reference)] == reference == summary_lines(score(out, load_gold(TEXT_GOLD)))
    assert any(line.startswith("-- figures misses") for line in lines)
    assert any(line.startswith("-- claims extras") for line in lines)


def test_eval_command_json_and_minimum_f1(tmp_path: Path) -> None:
    out = noisy_out(tmp_path, TEXT_GOLD[:1])
    result = CliRunner().invoke(eval_command, [str(out), str(TEXT_GOLD[0]), "--json"])
    assert json.loads(result.output) == shared_score(out, TEXT_GOLD[:1])
    failed = CliRunner().invoke(eval_command, [str(out), str(TEXT_GOLD[0]), "--min-f1", "figures=0.99"])
    assert failed.exit_code == 1 and "figures F1" in failed.output


def test_located_maps_squashed_matches_back_to_offsets() -> None:
    where = Located("增长 ４０%，近 1.2 万家")
    assert where.spans("40%") == [(3, 6)]
    assert where.spans("近1.2万家") == [(7, 15)]
    assert where.near({"text": "x", "start": "8", "end": "9"}, "近1.2万家")
    assert not where.near({"text": "近 1.2 万家", "start": "0", "end": "2"}, "近1.2万家")
    assert Located(None).near({"text": "近1.2万家多", "start": "0", "end": "2"}, "近 1.2 万家")
