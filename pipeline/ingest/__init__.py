"""Ingest: input files -> decoded `RawDocument`s, or an `IngestError` saying why not.

Readers are registered by file suffix; every reader takes the file's bytes and its
source path and returns a RawDocument or raises IngestError with a plain message. A
reader's module is imported on first use: a run over text files never loads pdfplumber.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.ingest.errors import IngestError
from pipeline.model import RawDocument

Reader = Callable[[bytes, str, str], RawDocument]

# suffix -> (module under pipeline.ingest, reader function)
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("txt", "read_txt"),
    ".md": ("txt", "read_txt"),
    ".pdf": ("pdf", "read_pdf"),
    ".docx": ("docx", "read_docx"),
    ".doc": ("docx", "read_doc"),
    ".wps": ("docx", "read_doc"),
}

__all__ = ["READERS", "IngestError", "decode_document", "discover", "doc_ids", "read_document"]


def discover(paths: Iterable[Path]) -> list[Path]:
    """Input files: each file given, and every non-hidden file under each folder given.

    Unsupported files found in folders are kept so that the run reports them.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def doc_ids(sources: list[str]) -> dict[str, str]:
    """A stable id per source, from its file name; names that clash get a path hash."""
    stems = {s: _safe_stem(s) for s in sources}
    counts = Counter(stems.values())
    return {
        s: stem if counts[stem] == 1 else f"{stem}-{hashlib.sha1(s.encode()).hexdigest()[:6]}"
        for s, stem in stems.items()
    }


def _safe_stem(source: str) -> str:
    return re.sub(r"[^\w.-]+", "-", Path(source).stem).strip("-") or "document"


def read_document(path: Path, source: str, doc_id: str) -> RawDocument:
    """Read and decode one input file, or raise IngestError naming the file."""
    _reader_for(path.suffix, source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{source}: cannot read the file ({exc.strerror or exc})") from exc
    return decode_document(data, path.suffix, source, doc_id)


def decode_document(data: bytes, suffix: str, source: str, doc_id: str) -> RawDocument:
    """Decode the bytes of an input file whose name ends in `suffix`."""
    reader = _reader_for(suffix, source)
    if not data:
        raise IngestError(f"{source}: the document is empty (0 bytes)")
    return reader(data, source, doc_id)


def _reader_for(suffix: str, source: str) -> Reader:
    if suffix.lower() not in READERS:
        supported = ", ".join(sorted(READERS))
        raise IngestError(f"{source}: unsupported file type '{suffix or '(none)'}'; supported: {supported}")
    module, function = READERS[suffix.lower()]
    reader: Reader = getattr(importlib.import_module(f"pipeline.ingest.{module}"), function)
    return reader
