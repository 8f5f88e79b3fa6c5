"""Frozen records that flow through the pipeline, and the output columns (SPEC.md).

Each output record's dataclass fields are its CSV columns, in SPEC order, so the
column tuple is derived from the class and cannot drift from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

Value = float | None


@dataclass(frozen=True)
class RawDocument:
    """A decoded input file before layout repair."""

    doc_id: str
    source: str
    sha256: str
    encoding: str
    text: str
    pages: int | None = None
    page_starts: tuple[int, ...] = ()  # raw offset where each PDF page begins
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the canonical text: `[start, end)`, with its paragraph."""

    sentence_id: int
    start: int
    end: int
    paragraph_id: int
    text: str


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    source: str
    sha256: str = ""
    encoding: str = ""
    pages: int | None = None
    chars: int | None = None
    title: str = ""
    publication: str = ""
    issue: int | None = None
    issue_total: int | None = None
    publisher: str = ""
    date: str = ""
    editor: str = ""
    recipients: str = ""
    print_run: int | None = None
    status: str = "ok"
    error: str = ""


@dataclass(frozen=True)
class ErrorRow:
    doc_id: str
    source: str
    severity: str  # "error" or "warning"
    stage: str  # "ingest", "text", "extract", …
    message: str


@dataclass(frozen=True)
class FigureRow:
    doc_id: str
    figure_id: str
    text: str
    start: int
    end: int
    value: Value
    value_max: Value
    unit: str
    kind: str
    qualifier: str
    change: str
    subject: str
    time: str
    sentence_id: int
    sentence: str
    page: int | None
    rule: str


@dataclass(frozen=True)
class EntityRow:
    doc_id: str
    entity_id: str
    text: str
    name: str
    type: str
    subtype: str
    title: str
    mentions: int
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class MentionRow:
    doc_id: str
    entity_id: str
    text: str
    start: int
    end: int
    sentence_id: int
    page: int | None
    rule: str


@dataclass(frozen=True)
class ClaimRow:
    doc_id: str
    claim_id: str
    type: str
    text: str
    start: int
    end: int
    cue: str
    subject: str
    scope: str
    rank: Value
    figure_ids: str
    hedge: str
    sentence_id: int
    sentence: str
    rule: str


def columns(record: type) -> tuple[str, ...]:
    """The CSV columns of an output record class, in SPEC order."""
    return tuple(f.name for f in fields(record))


TABLES: dict[str, type] = {
    "documents": DocumentRow,
    "figures": FigureRow,
    "entities": EntityRow,
    "mentions": MentionRow,
    "claims": ClaimRow,
    "errors": ErrorRow,
}


@dataclass
class DocumentResult:
    """Everything one document contributes to the run's tables."""

    document: DocumentRow
    text: str = ""
    figures: list[FigureRow] = field(default_factory=list)
    entities: list[EntityRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)
