"""`bulletin review`: one self-contained HTML page to check a run's rows against the text.

Python prepares everything the page shows — each document's text cut into pieces at
every highlight boundary (each piece lists the rows that cover it), the rows, the corpus
counts — as one JSON blob; the page's vanilla JS (report.html) renders a document when
it is opened. Text reaches the page only as JSON data and the DOM only through
`textContent`, so markup inside a bulletin is shown, never run.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from pipeline.model import TABLES
from pipeline.model import columns as spec_columns
from pipeline.review import Row, read_table, read_text

Span = tuple[int, int, str]  # start, end, reference ("f3": the 4th figure row of the document)
Piece = str | list[Any]  # plain text, or [text, [refs], classes]
TOP = 20
TABLE_COLUMNS = {
    "figures": (
        "figure_id",
        "text",
        "value",
        "value_max",
        "unit",
        "kind",
        "qualifier",
        "change",
        "subject",
        "time",
    ),
    "entities": ("entity_id", "text", "name", "type", "subtype", "title", "mentions"),
    "claims": ("claim_id", "type", "text", "cue", "subject", "scope", "rank", "figure_ids", "hedge"),
}
_UNSAFE_CLASS = re.compile(r"[^A-Za-z0-9_-]")
_SCRIPT_UNSAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def css_class(prefix: str, value: str) -> str:
    """A class name safe for any value: `k-money`, `t-ORG`; unknown characters dropped."""
    return f"{prefix}-{_UNSAFE_CLASS.sub('', value) or 'none'}"


def split_pieces(text: str, spans: Iterable[Span]) -> list[tuple[str, tuple[str, ...]]]:
    """Cut `text` at every span boundary; each piece carries the refs of all spans covering it,
    innermost (shortest) first. Empty or out-of-range spans are ignored."""
    valid = sorted((s, e, ref) for s, e, ref in spans if 0 <= s < e <= len(text))
    bounds = sorted({0, len(text), *(s for s, _, _ in valid), *(e for _, e, _ in valid)})
    starting: dict[int, list[Span]] = {}
    for span in valid:
        starting.setdefault(span[0], []).append(span)
    active: list[Span] = []
    out = []
    for a, b in pairwise(bounds):
        active = [sp for sp in active if sp[1] > a] + starting.get(a, [])
        refs = tuple(ref for _, _, ref in sorted(active, key=lambda sp: (sp[1] - sp[0], sp[2])))
        out.append((text[a:b], refs))
    return out


def _int(cell: str | None) -> int:
    try:
        return int(cell or "")
    except ValueError:
        return -1


def doc_spans(rows: dict[str, list[Row]]) -> tuple[list[Span], dict[str, str]]:
    """The highlight spans of one document and the CSS classes of each ref."""
    entity_type = {e.get("entity_id", ""): e.get("type", "") for e in rows["entities"]}
    spans: list[Span] = []
    classes: dict[str, str] = {}
    for prefix, table, cls in (("f", "figures", "kind"), ("m", "mentions", ""), ("c", "claims", "type")):
        for i, row in enumerate(rows[table]):
            ref = f"{prefix}{i}"
            spans.append((_int(row.get("start")), _int(row.get("end")), ref))
            value = row.get(cls, "") if cls else entity_type.get(row.get("entity_id", ""), "")
            classes[ref] = f"h{prefix} {css_class(prefix, value)}"
    return spans, classes


def doc_pieces(text: str, rows: dict[str, list[Row]]) -> list[Piece]:
    """The text as pieces: plain strings where nothing is highlighted, else [text, refs, classes]."""
    spans, classes = doc_spans(rows)
    out: list[Piece] = []
    for piece, refs in split_pieces(text, spans):
        if not refs:
            out.append(piece)
        else:
            names = dict.fromkeys(c for ref in refs for c in classes[ref].split())
            out.append([piece, list(refs), " ".join(names)])
    return out


def _columns(table: str, rows: Sequence[Row], drop: Iterable[str] = ("doc_id", "sentence")) -> list[str]:
    """The table's columns as written (SPEC's when the table is empty), less `drop`."""
    names = list(rows[0]) if rows else list(spec_columns(TABLES[table]))
    return [c for c in names if c not in set(drop)]


def _matrix(rows: Sequence[Row], columns: Sequence[str]) -> list[list[str]]:
    return [[row.get(c, "") or "" for c in columns] for row in rows]


def _tally(rows: Iterable[Row], key: str, weight: str = "", limit: int | None = None) -> list[list[Any]]:
    """[value, rows (or summed `weight`), documents] per distinct non-empty `key`, most frequent first."""
    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = {}
    for row in rows:
        value = row.get(key, "")
        if value:
            counts[value] += max(_int(row.get(weight)), 1) if weight else 1
            docs.setdefault(value, set()).add(row.get("doc_id", ""))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [[value, n, len(docs[value])] for value, n in ranked]


def _table(
    title: str, columns: Sequence[str], rows: list[list[Any]], link: int | None = None
) -> dict[str, Any]:
    """A corpus table for the page; `link` is the index of a doc_id column that opens the document."""
    return {"title": title, "columns": list(columns), "rows": rows, "link": link}


def _documents_table(documents: list[Row], tables: dict[str, list[Row]], errors: list[Row]) -> dict[str, Any]:
    counts = {name: Counter(r.get("doc_id", "") for r in rows) for name, rows in tables.items()}
    problems = Counter(e.get("doc_id", "") for e in errors)
    rows = [
        [d.get("doc_id", ""), d.get("title", ""), d.get("status", ""), d.get("chars", "")]
        + [counts[name][d.get("doc_id", "")] for name in tables]
        + [problems[d.get("doc_id", "")], d.get("error", "")]
        for d in documents
    ]
    return _table("Documents", ["doc_id", "title", "status", "chars", *tables, "problems", "error"], rows, 0)


def corpus_tables(
    documents: list[Row], errors: list[Row], tables: dict[str, list[Row]]
) -> list[dict[str, Any]]:
    """The corpus page: documents, errors, counts by kind/type, top subjects, entities, claims, rules."""
    figures, entities, claims = tables["figures"], tables["entities"], tables["claims"]
    entity_names = [e | {"entity": f"{e.get('name') or e.get('text')} [{e.get('type')}]"} for e in entities]
    every_row = [r for rows in tables.values() for r in rows]
    error_columns = _columns("errors", errors, ())
    return [
        _documents_table(documents, tables, errors),
        _table("Errors and warnings", error_columns, _matrix(errors, error_columns), 0),
        _table("Figures by kind", ["kind", "figures", "documents"], _tally(figures, "kind")),
        _table("Entities by type", ["type", "entities", "documents"], _tally(entities, "type")),
        _table("Claims by type", ["type", "claims", "documents"], _tally(claims, "type")),
        _table(
            "Top figure subjects", ["subject", "figures", "documents"], _tally(figures, "subject", limit=TOP)
        ),
        _table(
            "Top entities",
            ["entity", "mentions", "documents"],
            _tally(entity_names, "entity", "mentions", TOP),
        ),
        _table(
            "Top claim subjects", ["subject", "claims", "documents"], _tally(claims, "subject", limit=TOP)
        ),
        _table("Top claim cues", ["cue", "claims", "documents"], _tally(claims, "cue", limit=TOP)),
        _table("Rows by rule", ["rule", "rows", "documents"], _tally(every_row, "rule")),
    ]


def _by_doc(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(row.get("doc_id", ""), []).append(row)
    return out


def document_payload(
    out: Path, doc: Row, grouped: dict[str, dict[str, list[Row]]], columns: dict[str, list[str]]
) -> dict[str, Any]:
    """One document for the page: its metadata, text pieces (None without text.txt) and rows."""
    doc_id = doc.get("doc_id", "")
    rows = {name: by_doc.get(doc_id, []) for name, by_doc in grouped.items()}
    text = read_text(out, doc_id)
    return {
        "id": doc_id,
        "meta": {k: v for k, v in doc.items() if v},
        "pieces": None if text is None else doc_pieces(text, rows),
        "rows": {name: _matrix(rows[name], columns[name]) for name in grouped},
    }


def build_data(out: Path) -> dict[str, Any]:
    """Everything the page shows, as one JSON-ready mapping."""
    documents, errors = read_table(out / "documents.csv"), read_table(out / "errors.csv")
    tables = {name: read_table(out / f"{name}.csv") for name in ("figures", "entities", "mentions", "claims")}
    names = {name: _columns(name, rows) for name, rows in tables.items()}
    grouped = {name: _by_doc(rows) for name, rows in tables.items()}
    versions = sorted({d.get("rules_version", "") for d in documents} - {""})
    return {
        "run": str(out),
        "rules_version": ",".join(versions),
        "columns": names,
        "shown": {name: [c for c in cols if c in names[name]] for name, cols in TABLE_COLUMNS.items()},
        "documents": [document_payload(out, d, grouped, names) for d in documents],
        "corpus": corpus_tables(documents, errors, tables),
    }


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: `<`, `>`, `&` and line separators escaped."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_UNSAFE)


def render(data: dict[str, Any]) -> str:
    """The HTML page: the template with the data blob and an escaped title filled in."""
    template = resources.files("pipeline.review").joinpath("report.html").read_text(encoding="utf-8")
    title = html.escape(f"bulletin review — {Path(data['run']).name}")
    return template.replace("__BULLETIN_TITLE__", title).replace("__BULLETIN_DATA__", script_json(data))


def write_report(out: Path, target: Path) -> None:
    """Write the review page of the run in `out` to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(render(build_data(out)), encoding="utf-8")
    tmp.replace(target)
