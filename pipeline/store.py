"""Per-document results kept under OUT/.bulletin/ until the run's tables are assembled.

Each finished document is saved at once (atomically) with the sha256 of its input and
the rules version, so a run killed at any moment loses at most the documents in flight,
and `--resume` redoes only what changed. The tables are then assembled from these
fragments in doc_id order, which is why they are byte-identical whatever the number of
workers or the order documents finished in.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from pipeline.model import TABLES, DocumentResult

STORE_DIR = ".bulletin"
_ROW_TABLES = ("figures", "entities", "mentions", "claims", "errors")


class FragmentStore:
    """Saved results of single documents, keyed by doc_id."""

    def __init__(self, out: Path, rules_version: str) -> None:
        self.folder = out / STORE_DIR
        self.rules_version = rules_version

    def path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.json"

    def save(self, result: DocumentResult, sha256: str) -> None:
        """Keep one document's rows (and its text.txt) on disk, atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        doc_id = result.document.doc_id
        if result.document.status == "ok":
            write_atomic(self.folder.parent / "docs" / doc_id / "text.txt", result.text)
        record = {
            "sha256": sha256,
            "rules_version": self.rules_version,
            "document": asdict(result.document),
            **{table: [asdict(row) for row in getattr(result, table)] for table in _ROW_TABLES},
        }
        write_atomic(self.path(doc_id), json.dumps(record, ensure_ascii=False))

    def is_current(self, doc_id: str, sha256: str) -> bool:
        """True when the document was done, ok, from the same bytes with the same rules."""
        record = self._read(doc_id)
        return (
            record is not None
            and record["sha256"] == sha256
            and record["rules_version"] == self.rules_version
            and record["document"]["status"] == "ok"
        )

    def load(self, doc_id: str) -> DocumentResult:
        record = self._read(doc_id)
        if record is None:
            raise FileNotFoundError(self.path(doc_id))
        rows = {table: [TABLES[table](**row) for row in record[table]] for table in _ROW_TABLES}
        return DocumentResult(
            TABLES["documents"](**record["document"]),
            figures=rows["figures"],
            entities=rows["entities"],
            mentions=rows["mentions"],
            claims=rows["claims"],
            errors=rows["errors"],
        )

    def _read(self, doc_id: str) -> dict[str, Any] | None:
        try:
            record: dict[str, Any] = json.loads(self.path(doc_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        expected = {f.name for f in fields(TABLES["documents"])}
        return record if set(record.get("document", {})) == expected else None


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temp file and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)
