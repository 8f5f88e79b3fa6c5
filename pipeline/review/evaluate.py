"""Score a run's tables against gold YAML files, as SPEC.md §5 defines.

The matching semantics are those of the shared scorer (`../shared/eval/score.py`),
reproduced here so the project stands alone: same inputs, same numbers.
Rows are matched per document, without offsets for entities and claims; a figure
must sit on an occurrence of the gold text in the document's `text.txt`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.review import Row, read_table

Gold = dict[str, Any]
Result = dict[str, Any]
SCORED_TABLES = ("figures", "entities", "claims")

_SPACE = re.compile(r"[\s\u3000]+")
_QUOTES = re.compile(r"[“”\"'‘’《》「」『』]")
_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def squash(text: object) -> str:
    """Whitespace removed, full-width ASCII mapped to ASCII (None and '' become '')."""
    return _SPACE.sub("", str(text or "")).translate(_WIDE)


def entity_key(text: object) -> str:
    """An entity's name or text as compared: squashed, quotes and title marks removed."""
    return _QUOTES.sub("", squash(text))


def as_float(x: object) -> float | None:
    """A cell as a number; None when empty, unparsable or NaN."""
    if x is None or (isinstance(x, str) and not x.strip()):
        return None
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def same_value(a: float | None, b: float | None) -> bool:
    """Equal within a relative tolerance of 1e-6; two missing values are equal."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def norm_unit(unit: object) -> str:
    u = squash(unit)
    return "" if u.lower() in ("", "nan", "none") else u


def overlaps(pred: Row, spans: list[tuple[int, int]]) -> bool | None:
    """Whether the row's [start, end) overlaps one of `spans`; None when it cannot be told."""
    start, end = as_float(pred.get("start")), as_float(pred.get("end"))
    if not spans or start is None or end is None:
        return None
    return any(start < b and a < end for a, b in spans)


class Located:
    """Where a gold text occurs in a document's canonical text (None when text.txt is absent)."""

    def __init__(self, text: str | None) -> None:
        self.text = text
        self.index = [i for i, ch in enumerate(text or "") if not _SPACE.match(ch)]
        self.flat = "".join((text or "")[i] for i in self.index).translate(_WIDE)

    def spans(self, needle: object) -> list[tuple[int, int]]:
        """Every occurrence of `needle`, compared squashed, as offsets into the text."""
        flat_needle = squash(needle)
        out: list[tuple[int, int]] = []
        at = self.flat.find(flat_needle) if flat_needle and self.text is not None else -1
        while at >= 0:
            out.append((self.index[at], self.index[at + len(flat_needle) - 1] + 1))
            at = self.flat.find(flat_needle, at + 1)
        return out

    def near(self, pred: Row, gold_text: object) -> bool:
        """The prediction sits on an occurrence of the gold text (by offsets when the run
        wrote text.txt and offsets, else by one text containing the other)."""
        by_offsets = overlaps(pred, self.spans(gold_text) if self.text is not None else [])
        if by_offsets is not None:
            return by_offsets
        p, g = squash(pred.get("text")), squash(gold_text)
        return bool(p) and (p in g or g in p)


@dataclass
class Tally:
    """Counts for one table: matches, field agreement on matched pairs, misses and extras."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    missed_types: list[str] = field(default_factory=list)

    def absorb(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        for name, (ok, total) in other.fields.items():
            self.fields[name][0] += ok
            self.fields[name][1] += total
        self.misses += other.misses
        self.extras += other.extras
        self.missed_types += other.missed_types

    def field(self, name: str, ok: bool) -> None:
        self.fields[name][0] += int(ok)
        self.fields[name][1] += 1

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1 (0 when undefined)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _find_figure(g: Gold, free: list[Row], where: Located) -> Row | None:
    """The first free row with the gold value and unit on the gold text; the same text first."""
    gv, gu = as_float(g.get("value")), norm_unit(g.get("unit"))
    candidates = [
        p
        for p in free
        if same_value(as_float(p.get("value")), gv)
        and norm_unit(p.get("unit")) == gu
        and where.near(p, g.get("text"))
    ]
    same_text = [p for p in candidates if squash(p.get("text")) == squash(g.get("text"))]
    chosen = same_text or candidates
    return chosen[0] if chosen else None


def _figure_fields(g: Gold, hit: Row, t: Tally) -> None:
    """Score kind, qualifier, value_max, change and subject of a matched figure."""
    t.field("kind", squash(hit.get("kind")) == squash(g.get("kind")))
    t.field("qualifier", squash(hit.get("qualifier") or "exact") == squash(g.get("qualifier") or "exact"))
    t.field("value_max", same_value(as_float(hit.get("value_max")), as_float(g.get("value_max"))))
    t.field("change", squash(hit.get("change")) == squash(g.get("change")))
    if squash(g.get("qualifier") or "exact") != "exact":
        t.field("qualifier_marked", squash(hit.get("qualifier")) == squash(g.get("qualifier")))
    if squash(g.get("change")):
        t.field("change_marked", squash(hit.get("change")) == squash(g.get("change")))
    gs, ps = squash(g.get("subject")), squash(hit.get("subject"))
    if gs:
        t.field("subject", bool(ps) and (gs in ps or ps in gs))


def match_figures(gold: list[Gold], pred: list[Row], t: Tally, doc: str, where: Located) -> None:
    """Pair each gold figure with at most one predicted row; unpaired rows are extras."""
    free = list(pred)
    for g in gold:
        hit = _find_figure(g, free, where)
        if hit is None:
            t.fn += 1
            t.misses.append(f"{doc}: {g.get('text')} = {as_float(g.get('value'))} {norm_unit(g.get('unit'))}")
            continue
        free.remove(hit)
        t.tp += 1
        _figure_fields(g, hit, t)
    t.fp += len(free)
    t.extras += [f"{doc}: {p.get('text')} = {p.get('value')} {p.get('unit')}" for p in free]


def _entity_keys(p: Row) -> set[tuple[str, str]]:
    return {(entity_key(p.get(f)), squash(p.get("type"))) for f in ("name", "text")}


def _entity_index(pred: list[Row]) -> dict[tuple[str, str], Row]:
    """Predicted entities by (name key, type) and (text key, type); the first row wins."""
    index: dict[tuple[str, str], Row] = {}
    for p in pred:
        for key in sorted(k for k in _entity_keys(p) if k[0]):
            index.setdefault(key, p)
    return index


def match_entities(gold: list[Gold], pred: list[Row], t: Tally, doc: str, where: Located) -> None:
    """Distinct gold entities against distinct predicted ones, by name or text and type."""
    index, seen, matched = _entity_index(pred), set(), set()
    for g in gold:
        key = (entity_key(g.get("name") or g.get("text")), squash(g.get("type")))
        if key in seen:
            continue
        seen.add(key)
        hit = index.get(key) or index.get((entity_key(g.get("text")), key[1]))
        if hit is None:
            t.fn += 1
            t.misses.append(f"{doc}: {key[0]} [{key[1]}]")
            continue
        matched |= _entity_keys(hit)
        t.tp += 1
        for name in ("subtype", "title"):
            if g.get(name):
                t.field(name, squash(hit.get(name)) == squash(g.get(name)))
    # distinct predicted entities (by key + type) that matched nothing; duplicates of a match are not extras
    extra = {
        (entity_key(p.get("name") or p.get("text")), squash(p.get("type")))
        for p in pred
        if not _entity_keys(p) & matched
    }
    t.fp += len(extra)
    t.extras += [f"{doc}: {k} [{ty}]" for k, ty in sorted(extra)]


def match_claims(gold: list[Gold], pred: list[Row], t: Tally, doc: str, where: Located) -> None:
    """Each gold claim takes the first free predicted claim of its type whose text holds its key."""
    free = list(pred)
    for g in gold:
        key, typ = squash(g.get("key")), squash(g.get("type"))
        hit = next(
            (p for p in free if squash(p.get("type")) == typ and key and key in squash(p.get("text"))), None
        )
        if hit is None:
            t.fn += 1
            t.misses.append(f"{doc}: [{typ}] {key}")
            t.missed_types.append(typ)
            continue
        free.remove(hit)
        t.tp += 1
        gs, ps = squash(g.get("subject")), squash(hit.get("subject"))
        if g.get("subject"):
            t.field("subject", bool(ps) and (gs in ps or ps in gs))
        if g.get("scope"):
            t.field("scope", squash(hit.get("scope")) == squash(g.get("scope")))
    t.fp += len(free)
    t.extras += [f"{doc}: [{p.get('type')}] {squash(p.get('text'))[:40]}" for p in free]


Matcher = Callable[[list[Gold], list[Row], Tally, str, Located], None]
MATCHERS: dict[str, Matcher] = {"figures": match_figures, "entities": match_entities, "claims": match_claims}


def gold_files(paths: Iterable[Path]) -> list[Path]:
    """YAML files named, or found (sorted) in the folders named."""
    return [f for p in paths for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p])]


def load_gold(paths: Iterable[Path]) -> list[Gold]:
    """The gold documents of the given files and folders, in order."""
    return [yaml.safe_load(f.read_text(encoding="utf-8")) for f in gold_files(paths)]


def _metadata_ok(got: object, want: object) -> bool:
    """A documents.csv cell equals the gold value as text, or as a number."""
    if squash(got) == squash(want):
        return True
    return same_value(as_float(got), as_float(want)) and as_float(want) is not None


def _score_metadata(g: Gold, row: Row, meta: Tally) -> None:
    for key, want in (g.get("document") or {}).items():
        ok = _metadata_ok(row.get(key), want)
        meta.field(key, ok)
        if not ok:
            meta.misses.append(f"{g.get('doc')}: {key} = {row.get(key)!r}, want {want!r}")


def _located(out: Path, doc_id: str | None) -> Located:
    """The document's text as the shared scorer reads it (newlines translated)."""
    path = out / "docs" / str(doc_id) / "text.txt"
    return Located(path.read_text(encoding="utf-8") if doc_id and path.exists() else None)


def _rates(fields: dict[str, list[int]]) -> dict[str, float]:
    return {k: round(ok / total, 4) for k, (ok, total) in fields.items() if total}


def _group(rows: list[Row]) -> dict[str, list[Row]]:
    by_doc: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_doc[row.get("doc_id", "")].append(row)
    return by_doc


@dataclass
class Scoring:
    """Running totals over the gold documents of one evaluation."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in SCORED_TABLES})
    per_doc: dict[str, dict[str, float]] = field(default_factory=lambda: {name: {} for name in SCORED_TABLES})
    gold_types: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    meta: Tally = field(default_factory=Tally)
    missing: list[str] = field(default_factory=list)

    def add(self, g: Gold, preds: dict[str, list[Row]], where: Located) -> None:
        """Match one gold document's rows against the predicted rows of its document."""
        name = str(g.get("doc", g["source"]))
        for table, match in MATCHERS.items():
            one = Tally()
            match(g.get(table) or [], preds.get(table, []), one, name, where)
            self.tallies[table].absorb(one)
            if g.get(table):
                self.per_doc[table][name] = round(one.prf()[2], 4)
        for claim in g.get("claims") or []:
            self.gold_types[squash(claim.get("type"))] += 1

    def table_result(self, table: str) -> Result:
        t, docs = self.tallies[table], self.per_doc[table]
        p, r, f = t.prf()
        return {
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": t.tp, "fp": t.fp, "fn": t.fn,
            "fields": _rates(t.fields),
            "macro_f1": round(sum(docs.values()) / len(docs), 4) if docs else 0.0,
            "per_doc": docs, "misses": t.misses, "extras": t.extras,
        }  # fmt: skip

    def recall_by_type(self) -> dict[str, float]:
        missed = defaultdict(int, {k: self.tallies["claims"].missed_types.count(k) for k in self.gold_types})
        return {k: round(1 - missed[k] / n, 4) for k, n in sorted(self.gold_types.items()) if n}


def score(out: Path, golds: list[Gold]) -> Result:
    """P/R/F1 per table, field accuracies, misses and extras of the run in `out` against `golds`.

    The result has the same shape and numbers as the shared scorer's `--json` output.
    """
    docs = read_table(out / "documents.csv")
    by_source = {Path(d.get("source", "")).name: d.get("doc_id") for d in docs}
    doc_rows = {d.get("doc_id"): d for d in docs}
    tables = {name: _group(read_table(out / f"{name}.csv")) for name in SCORED_TABLES}
    s = Scoring()
    for g in golds:
        doc_id = by_source.get(Path(g["source"]).name)
        if doc_id is None:
            s.missing.append(g["source"])
        _score_metadata(g, doc_rows.get(doc_id, {}), s.meta)
        preds = {name: tables[name].get(doc_id, []) if doc_id is not None else [] for name in SCORED_TABLES}
        s.add(g, preds, _located(out, doc_id))
    result: Result = {
        "documents": len(golds),
        "missing_documents": s.missing,
        "metadata": {"fields": _rates(s.meta.fields), "misses": s.meta.misses},
    }
    result.update({name: s.table_result(name) for name in SCORED_TABLES})
    result["claims"]["recall_by_type"] = s.recall_by_type()
    return result


def summary_lines(result: Result) -> list[str]:
    """The headline numbers, one line per table, as the shared scorer prints them."""
    lines = []
    for name in SCORED_TABLES:
        r = result[name]
        fields = " ".join(f"{k}={v:.2f}" for k, v in sorted(r["fields"].items()))
        prf = f"P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} macroF1={r['macro_f1']:.3f}"
        lines.append(f"{name:9s} {prf} (tp={r['tp']} fp={r['fp']} fn={r['fn']}) {fields}")
    by_type = result["claims"]["recall_by_type"]
    lines.append("claims recall by type: " + " ".join(f"{k}={v:.2f}" for k, v in by_type.items()))
    if result["metadata"]["fields"]:
        lines.append(
            "metadata  " + " ".join(f"{k}={v:.2f}" for k, v in sorted(result["metadata"]["fields"].items()))
        )
    if result["missing_documents"]:
        lines.append("documents with no output: " + ", ".join(result["missing_documents"]))
    return lines


def detail_lines(result: Result, limit: int | None = None) -> list[str]:
    """Per-document F1, then the misses and extras of every table (at most `limit` of each)."""
    lines = []
    for name in SCORED_TABLES:
        r = result[name]
        lines.append(f"\n== {name}: F1 per document")
        lines += [f"  {f1:.3f}  {doc}" for doc, f1 in r["per_doc"].items()]
        for label in ("misses", "extras"):
            items = r[label]
            lines.append(f"-- {name} {label} ({len(items)})")
            lines += [f"  {item}" for item in items[:limit]]
            if limit is not None and len(items) > limit:
                lines.append(f"  … {len(items) - limit} more")
    if result["metadata"]["misses"]:
        lines.append("\n== metadata misses")
        lines += [f"  {m}" for m in result["metadata"]["misses"]]
    return lines


def below_minimum(result: Result, minimums: dict[str, float]) -> list[str]:
    """A message for each table whose micro F1 is below its required minimum."""
    return [f"{t} F1 {result[t]['f1']:.3f} < {m}" for t, m in minimums.items() if result[t]["f1"] < m]
