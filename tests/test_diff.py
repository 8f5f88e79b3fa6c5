"""`bulletin diff`: rows added, removed and changed between two runs, keyed stably."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from pipeline.model import DocumentResult, FigureRow
from pipeline.review.commands import diff_command
from pipeline.review.diff import DIFF_COLUMNS, Change, diff_runs, row_key
from tests.test_review import hostile_result, write_run


def _changed_run(tmp_path: Path) -> tuple[Path, Path]:
    """Old run: the hostile document. New run: a figure added first (ids renumber), one subject
    changed, one claim removed."""
    old = hostile_result()
    figures = [replace(f, figure_id=f"F{n + 2}") for n, f in enumerate(old.figures)]
    figures[2] = replace(figures[2], subject="外籍人才数量")
    added = FigureRow(
        "hostile", "F1", "广州市", 0, 3, 1, None, "", "count", "exact", "", "", "", 1, "", None, "new"
    )
    claims = [
        replace(c, figure_ids=c.figure_ids.replace("F3", "F4").replace("F2", "F3")) for c in old.claims[:2]
    ]
    new = DocumentResult(old.document, old.text, [added, *figures], old.entities, old.mentions, claims)
    write_run([old], tmp_path / "old", "v1")
    write_run([new], tmp_path / "new", "v2")
    return tmp_path / "old", tmp_path / "new"


def test_renumbered_ids_are_not_changes(tmp_path: Path) -> None:
    changes = diff_runs(*_changed_run(tmp_path))
    assert [(c.table, c.key, c.change, c.field) for c in changes] == [
        ("figures", "广州市|0|count", "added", ""),
        ("figures", "全国第三|108|rank", "changed", "subject"),
        ("claims", "再获奖|117|award", "removed", ""),
    ]
    subject = changes[1]
    assert (subject.old, subject.new) == ("", "外籍人才数量")
    assert "value=1" in changes[0].new and "rule=new" in changes[0].new


def test_a_claim_pointing_at_other_figures_is_a_change(tmp_path: Path) -> None:
    old, new = _changed_run(tmp_path)
    path = new / "claims.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["figure_ids"] = "F2"  # now the 2900万元 figure, not 40%
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    change = next(c for c in diff_runs(old, new) if c.table == "claims" and c.change == "changed")
    assert (change.field, change.old, change.new) == ("figures", "40%@16", "2900万元@7")


def test_identical_runs_have_no_changes(tmp_path: Path) -> None:
    write_run([hostile_result()], tmp_path / "a", "v1")
    write_run([hostile_result()], tmp_path / "b", "v2")  # another rules version alone is no change
    assert diff_runs(tmp_path / "a", tmp_path / "b") == []


def test_repeated_keys_are_numbered_in_file_order(tmp_path: Path) -> None:
    doc = hostile_result()
    twice = replace(doc, figures=[*doc.figures, replace(doc.figures[0], figure_id="F9", rule="other")])
    write_run([doc], tmp_path / "a", "v")
    write_run([twice], tmp_path / "b", "v")
    [change] = diff_runs(tmp_path / "a", tmp_path / "b")
    assert (change.key, change.change) == ("2900万元|7|money#2", "added")


def test_row_keys() -> None:
    assert row_key("entities", {"doc_id": "d", "name": "广州市", "type": "LOC", "text": "穗"}) == "广州市|LOC"
    assert row_key("documents", {"doc_id": "d", "title": "x"}) == "d"


def test_command_prints_a_summary_and_writes_diff_csv(tmp_path: Path) -> None:
    old, new = _changed_run(tmp_path)
    result = CliRunner().invoke(diff_command, [str(old), str(new)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "rules v1 -> v2" in out
    assert "figures: +1 -0 ~1 (fields: subject 1)" in out and "claims: +0 -1 ~0" in out
    assert (
        "entities: no change" in out and "~ hostile  全国第三|108|rank  subject: '' -> '外籍人才数量'" in out
    )
    with (new / "diff.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == DIFF_COLUMNS == ("table", "doc_id", "key", "change", "field", "old", "new")
    assert rows[2] == ["figures", "hostile", "全国第三|108|rank", "changed", "subject", "", "外籍人才数量"]
    assert len(rows) == 4


def test_command_output_option_and_a_document_only_in_one_run(tmp_path: Path) -> None:
    write_run([], tmp_path / "empty", "v")
    write_run([hostile_result()], tmp_path / "one", "v")
    target = tmp_path / "d" / "changes.csv"
    result = CliRunner().invoke(
        diff_command, [str(tmp_path / "one"), str(tmp_path / "empty"), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "documents: +0 -1 ~0" in result.output and "figures: +0 -3 ~0" in result.output
    assert target.exists() and not (tmp_path / "empty" / "diff.csv").exists()
    assert Change("t", "d", "k", "added").field == ""
