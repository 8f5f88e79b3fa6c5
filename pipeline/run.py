"""One document through every stage; the only module that knows their order.

ingest -> text -> segment -> extract (metadata, figures, entities, claims) -> rows.
A failure in any stage becomes an error row for that document, never an exception.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.extractors import Context, claims, entities, figures, metadata
from pipeline.ingest import IngestError, decode_document, read_document
from pipeline.model import DocumentResult, DocumentRow, ErrorRow, RawDocument
from pipeline.rules import RuleSet, load_rules
from pipeline.segment import Segmenter
from pipeline.text import CanonicalText, canonicalize


@dataclass
class Analysis:
    """The rows one text yields, and the rules that fired on it."""

    context: Context
    result: DocumentResult


class Pipeline:
    """Rules and segmenter loaded once, applied to any number of documents."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules or load_rules()
        self.segmenter = Segmenter(self.rules)

    def process(self, path: Path, source: str, doc_id: str) -> DocumentResult:
        """Every row one input file contributes; problems become error rows."""
        return self._process(lambda: read_document(path, source, doc_id), source, doc_id)

    def process_bytes(self, data: bytes, suffix: str, source: str, doc_id: str) -> DocumentResult:
        """As `process`, for a file's bytes (sent to a worker that cannot see the file)."""
        return self._process(lambda: decode_document(data, suffix, source, doc_id), source, doc_id)

    def _process(self, read: Callable[[], RawDocument], source: str, doc_id: str) -> DocumentResult:
        try:
            raw = read()
        except IngestError as exc:
            return failed(DocumentRow(doc_id, source), "ingest", str(exc))
        try:
            result = self.analyze(raw).result
        except Exception as exc:  # an extractor bug must not stop the batch
            row = DocumentRow(doc_id, source, sha256=raw.sha256, encoding=raw.encoding, pages=raw.pages)
            return failed(row, "extract", f"{source}: extraction failed ({type(exc).__name__}: {exc})")
        result.errors[:0] = [ErrorRow(doc_id, source, "warning", "ingest", w) for w in raw.warnings]
        return result

    def analyze(self, raw: RawDocument) -> Analysis:
        """Canonical text, segmentation and every extractor over one decoded document."""
        canonical = canonicalize(raw.text)
        ctx = Context(
            doc_id=raw.doc_id,
            canonical=canonical,
            segmentation=self.segmenter.segment(canonical.text, canonical.sentences),
            rules=self.rules,
            page_starts=_canonical_page_starts(canonical, raw.page_starts),
        )
        fields = metadata.extract(ctx)
        figure_rows = figures.extract(ctx)
        entity_rows, mention_rows = entities.extract(ctx)
        claim_rows = claims.extract(ctx, figure_rows, entity_rows, mention_rows)
        document = DocumentRow(
            doc_id=raw.doc_id,
            source=raw.source,
            sha256=raw.sha256,
            encoding=raw.encoding,
            pages=raw.pages,
            chars=len(canonical.text),
        )
        document = replace(document, **fields)
        result = DocumentResult(document, canonical.text, figure_rows, entity_rows, mention_rows, claim_rows)
        return Analysis(ctx, result)

    def analyze_text(self, text: str, doc_id: str = "text") -> Analysis:
        """Run the extractors over a string (rule examples, library use)."""
        raw = RawDocument(doc_id=doc_id, source=doc_id, sha256="", encoding="", text=text)
        return self.analyze(raw)


def _canonical_page_starts(canonical: CanonicalText, raw_starts: tuple[int, ...]) -> tuple[int, ...]:
    """Canonical offsets where each raw page starts."""
    return tuple(bisect.bisect_left(canonical.raw_index, start) for start in raw_starts)


def failed(row: DocumentRow, stage: str, message: str) -> DocumentResult:
    """The result of a document that could not be processed: one error row."""
    error = ErrorRow(row.doc_id, row.source, "error", stage, message)
    return DocumentResult(replace(row, status="error", error=message), errors=[error])
