"""Word readers: `.docx` body text with python-docx; old `.doc`/`.wps` files are refused.

The body is read in document order: each paragraph (headings included) is one line,
a table row is one line with its cells separated by tabs, and a blank line separates
them. Page headers and footers live outside the body and are not read.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from pipeline.ingest.errors import IngestError
from pipeline.ingest.pdf_sniff import describe
from pipeline.model import RawDocument

_DAMAGE = (zipfile.BadZipFile, PackageNotFoundError, KeyError, XMLSyntaxError, ValueError)


def read_docx(data: bytes, source: str, doc_id: str) -> RawDocument:
    """The body text of a Word .docx file, or IngestError."""
    kind = describe(data)
    if not kind.startswith("a ZIP archive"):
        hint = (
            "; if it is a password-protected .docx, save a copy without the password"
            if "Office" in kind
            else ""
        )
        raise IngestError(f"{source}: not a Word .docx file (the bytes are {kind}){hint}")
    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n\n".join(block for block in _blocks(document.iter_inner_content()) if block.strip())
    except _DAMAGE as exc:
        raise IngestError(
            f"{source}: the .docx file is damaged ({type(exc).__name__}: {exc}); open and re-save it in Word"
        ) from exc
    if not text.strip():
        raise IngestError(f"{source}: the document is empty (no text in its body)")
    return RawDocument(
        doc_id=doc_id,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding="docx",
        text=text + "\n",
    )


def read_doc(data: bytes, source: str, doc_id: str) -> RawDocument:
    """Old binary Word (.doc) and WPS (.wps) files are not supported."""
    raise IngestError(
        f"{source}: unsupported: save as .docx or PDF (old binary Word/WPS files cannot be read)"
    )


def _blocks(content: Iterable[Paragraph | Table]) -> Iterable[str]:
    """Paragraph texts, and each table as its rows, in document order."""
    for item in content:
        if isinstance(item, Paragraph):
            yield item.text
        else:
            yield "\n".join(_rows(item))


def _rows(table: Table) -> Iterable[str]:
    """One line per table row: its cells' texts, a merged cell once, tab-separated."""
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.strip() for p in cell.text.split("\n") if p.strip()))
        if any(cells):
            yield "\t".join(cells)
