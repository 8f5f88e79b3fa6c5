"""Compare two runs' tables: rows added, removed and changed, per table and per document.

A row is identified by a stable key (doc_id + text + start + kind/type; entities by
doc_id + name + type), never by its figure_id/entity_id/claim_id, which renumber when
a row is added before it. References by id (a claim's figure_ids, a mention's entity_id)
are compared through what they point to.
"""

from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from pipeline.review import Row, read_table

TABLE_ORDER = ("documents", "figures", "entities", "mentions", "claims", "errors")
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (),
    "figures": ("text", "start", "kind"),
    "entities": ("name", "type"),
    "mentions": ("text", "start"),
    "claims": ("text", "start", "type"),
    "errors": ("severity", "stage", "message"),
}
IGNORED = frozenset({"doc_id", "figure_id", "entity_id", "claim_id", "figure_ids", "rules_version"})
LONG = frozenset({"sentence", "sha256", "source"})  # compared, but left out of one-line row descriptions


@dataclass(frozen=True)
class Change:
    """One line of diff.csv: a row added or removed (field empty), or one field changed."""

    table: str
    doc_id: str
    key: str
    change: str  # added, removed, changed
    field: str = ""
    old: str = ""
    new: str = ""


DIFF_COLUMNS = tuple(f.name for f in fields(Change))


def row_key(table: str, row: Row) -> str:
    """The stable key of a row within its document (`text|start|kind` for a figure)."""
    return "|".join(row.get(c, "") for c in KEY_COLUMNS[table]) or row.get("doc_id", "")


def _references(run: Path) -> dict[str, dict[tuple[str, str], str]]:
    """Per table, (doc_id, id) -> a readable stand-in: figures as `text@start`, entities as `name[type]`."""
    figures = {
        (r["doc_id"], r["figure_id"]): f"{r['text']}@{r['start']}" for r in read_table(run / "figures.csv")
    }
    entities = {
        (r["doc_id"], r["entity_id"]): f"{r['name']}[{r['type']}]" for r in read_table(run / "entities.csv")
    }
    return {"figures": figures, "entities": entities}


def _resolved(table: str, row: Row, refs: dict[str, dict[tuple[str, str], str]]) -> Row:
    """The row with id references replaced by what they point to (claims' figures, mentions' entity)."""
    doc = row.get("doc_id", "")
    if table == "claims":
        ids = [i for i in row.get("figure_ids", "").split(";") if i]
        return row | {"figures": ";".join(refs["figures"].get((doc, i), i) for i in ids)}
    if table == "mentions":
        return row | {"entity": refs["entities"].get((doc, row.get("entity_id", "")), "")}
    return row


def keyed_rows(run: Path, table: str) -> dict[tuple[str, str], Row]:
    """The rows of one table by (doc_id, key); a repeated key gets `#2`, `#3`… in file order."""
    refs = _references(run) if table in ("claims", "mentions") else {}
    seen: Counter[tuple[str, str]] = Counter()
    out: dict[tuple[str, str], Row] = {}
    for row in read_table(run / f"{table}.csv"):
        base = (row.get("doc_id", ""), row_key(table, row))
        seen[base] += 1
        key = base if seen[base] == 1 else (base[0], f"{base[1]}#{seen[base]}")
        out[key] = _resolved(table, row, refs)
    return out


def describe(table: str, row: Row) -> str:
    """A row on one line: its non-empty fields, key columns, ids and long text left out."""
    skip = IGNORED | LONG | set(KEY_COLUMNS[table])
    return "; ".join(f"{c}={v}" for c, v in row.items() if v and c not in skip)


def _field_changes(table: str, doc: str, key: str, old: Row, new: Row) -> list[Change]:
    names = [c for c in dict.fromkeys([*old, *new]) if c not in IGNORED]
    return [
        Change(table, doc, key, "changed", c, old.get(c, ""), new.get(c, ""))
        for c in names
        if old.get(c, "") != new.get(c, "")
    ]


def _position(row: Row) -> int:
    start = row.get("start", "")
    return int(start) if start.isdigit() else -1


def diff_table(table: str, old_run: Path, new_run: Path) -> list[Change]:
    """Every change to one table, ordered by document, then position in the text, then key."""
    old, new = keyed_rows(old_run, table), keyed_rows(new_run, table)
    keys = sorted(old.keys() | new.keys(), key=lambda k: (k[0], _position(old.get(k) or new[k]), k[1]))
    changes: list[Change] = []
    for doc, key in keys:
        if (doc, key) not in new:
            changes.append(Change(table, doc, key, "removed", old=describe(table, old[doc, key])))
        elif (doc, key) not in old:
            changes.append(Change(table, doc, key, "added", new=describe(table, new[doc, key])))
        else:
            changes += _field_changes(table, doc, key, old[doc, key], new[doc, key])
    return changes


def diff_runs(old_run: Path, new_run: Path) -> list[Change]:
    """Every change between two run folders, table by table."""
    return [change for table in TABLE_ORDER for change in diff_table(table, old_run, new_run)]


def write_diff(changes: Iterable[Change], path: Path) -> None:
    """diff.csv (UTF-8 with BOM like the run's tables), written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(DIFF_COLUMNS)
        writer.writerows(astuple(c) for c in changes)
    os.replace(tmp, path)


def _counts(changes: list[Change]) -> str:
    """`+2 −1 ~3`: rows added, removed, and rows with at least one changed field."""
    added = sum(c.change == "added" for c in changes)
    removed = sum(c.change == "removed" for c in changes)
    changed = len({c.key for c in changes if c.change == "changed"})
    return f"+{added} -{removed} ~{changed}"


def _line(c: Change) -> str:
    """One change on the terminal: `~ doc  key  field: old -> new`, `+ doc  key  fields`."""
    where = c.doc_id if c.key == c.doc_id else f"{c.doc_id}  {c.key}"
    if c.change == "changed":
        return f"  ~ {where}  {c.field}: {c.old!r} -> {c.new!r}"
    sign, row = ("+", c.new) if c.change == "added" else ("-", c.old)
    return f"  {sign} {where}  {row}"


def _table_summary(table: str, changes: list[Change], limit: int) -> list[str]:
    """A table's counts, its counts per document and per changed field, then its first changes."""
    fields_changed = Counter(c.field for c in changes if c.change == "changed")
    by_field = ", ".join(f"{name} {n}" for name, n in fields_changed.most_common())
    lines = [f"{table}: {_counts(changes)}" + (f" (fields: {by_field})" if by_field else "")]
    by_doc: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        by_doc[c.doc_id].append(c)
    lines += [f"    {doc}: {_counts(doc_changes)}" for doc, doc_changes in by_doc.items()]
    lines += [_line(c) for c in changes[:limit]]
    if len(changes) > limit:
        lines.append(f"  … {len(changes) - limit} more in diff.csv")
    return lines


def _rules_versions(run: Path) -> str:
    versions = sorted({r.get("rules_version", "") for r in read_table(run / "documents.csv")} - {""})
    return ",".join(versions) or "?"


def summary(changes: list[Change], old_run: Path, new_run: Path, limit: int = 10) -> str:
    """The terminal report: which runs, rules versions, then each table's changes."""
    head = f"diff {old_run} -> {new_run} (rules {_rules_versions(old_run)} -> {_rules_versions(new_run)})"
    lines = [head]
    for table in TABLE_ORDER:
        mine = [c for c in changes if c.table == table]
        lines += _table_summary(table, mine, limit) if mine else [f"{table}: no change"]
    return "\n".join(lines)
