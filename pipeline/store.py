"""Per-document results kept under OUT/.bulletin/ until the run's tables are assembled.

Each finished document is saved at once (atomically) as its rows' CSV text, with the
sha256 of its input and the rules version, so a run killed at any moment loses at most
the documents in flight, and `--resume` redoes only what changed. The tables are then
these texts concatenated in doc_id order, which is why they are byte-identical whatever
the number of workers or the order documents finished in.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.model import TABLES, DocumentResult
from pipeline.tables import document_tables, header

STORE_DIR = ".bulletin"
# what a fragment's CSV text was written for: stale when the columns change
_SCHEMA = "|".join(",".join(header(table)) for table in TABLES)


@dataclass(frozen=True)
class Fragment:
    """One processed document as the run keeps it: its rows as CSV text per table, its
    status and number of warnings, and its canonical text (for docs/ID/text.txt)."""

    doc_id: str
    sha256: str
    rules_version: str
    status: str
    warnings: int
    tables: dict[str, str]
    text: str = ""

    @classmethod
    def of(cls, result: DocumentResult, sha256: str, rules_version: str) -> Fragment:
        """The fragment of a result (the document row gets `sha256` if it has none)."""
        document = replace(result.document, sha256=result.document.sha256 or sha256)
        result = replace(result, document=document)
        return cls(
            doc_id=document.doc_id,
            sha256=sha256,
            rules_version=rules_version,
            status=document.status,
            warnings=sum(e.severity == "warning" for e in result.errors),
            tables=document_tables(result, rules_version),
            text=result.text if document.status == "ok" else "",
        )


class FragmentStore:
    """Saved fragments of single documents, keyed by doc_id."""

    def __init__(self, out: Path, rules_version: str) -> None:
        self.folder = out / STORE_DIR
        self.rules_version = rules_version

    def path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.json"

    def save(self, fragment: Fragment) -> None:
        """Keep one document's rows (and its text.txt) on disk, atomically."""
        if fragment.status == "ok":
            write_atomic(self.folder.parent / "docs" / fragment.doc_id / "text.txt", fragment.text)
        record = {
            "schema": _SCHEMA,
            "doc_id": fragment.doc_id,
            "sha256": fragment.sha256,
            "rules_version": fragment.rules_version,
            "status": fragment.status,
            "warnings": fragment.warnings,
            "tables": fragment.tables,
        }
        write_atomic(self.path(fragment.doc_id), json.dumps(record, ensure_ascii=False))

    def is_current(self, doc_id: str, sha256: str) -> bool:
        """True when the document was done, ok, from the same bytes with the same rules."""
        fragment = self.load(doc_id)
        return (
            fragment is not None
            and fragment.sha256 == sha256
            and fragment.rules_version == self.rules_version
            and fragment.status == "ok"
        )

    def load(self, doc_id: str) -> Fragment | None:
        """The saved fragment, or None when missing, damaged or of other columns."""
        try:
            record: dict[str, Any] = json.loads(self.path(doc_id).read_text(encoding="utf-8"))
            if record.get("schema") != _SCHEMA or set(record["tables"]) != set(TABLES):
                return None
            return Fragment(
                record["doc_id"],
                record["sha256"],
                record["rules_version"],
                record["status"],
                int(record["warnings"]),
                {table: str(text) for table, text in record["tables"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temp file and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)
