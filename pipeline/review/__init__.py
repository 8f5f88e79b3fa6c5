"""Review tools over a run's output folder: HTML report, run-to-run diff, eval against gold.

Only the standard library is imported here, so `bulletin --help` stays fast.
"""

from __future__ import annotations

import csv
from pathlib import Path

Row = dict[str, str]
ROW_TABLES = ("figures", "entities", "mentions", "claims")


def read_table(path: Path) -> list[Row]:
    """Rows of one CSV written by `bulletin extract` (BOM tolerated); [] when the file is absent."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_text(out: Path, doc_id: str) -> str | None:
    """The canonical text of `doc_id` (OUT/docs/<doc_id>/text.txt), None when it was not written."""
    path = out / "docs" / doc_id / "text.txt"
    if not doc_id or not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as f:  # exact: offsets count every character
        return f.read()
