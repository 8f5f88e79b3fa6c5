"""documents.csv metadata (SPEC §1) from the rules in `rules/metadata/`.

Each rule names the `field` it fills and captures the value in a group named `value`
(or its whole match); `split` is a regex for extra places to cut a list field. Rules run
by descending priority; the first match per field wins. A field's resolver turns the
captured text into the column's value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipeline.extractors import Context
from pipeline.numbers import parse_number

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_LIST_SPLIT = re.compile(r"[、，,；;\s]+")
_TRIM = ' \t\n#*《》“”"。'


def resolve_date(text: str) -> str | None:
    """`2025年5月21日` -> `2025-05-21`; `2023年5月` -> `2023-05`."""
    m = _DATE.search(text)
    if not m:
        return None
    year, month, day = m.groups()
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def resolve_int(text: str) -> int | None:
    value = parse_number(text.strip())
    return int(value) if value is not None else None


def resolve_list(text: str) -> str | None:
    items = [item.strip(_TRIM) for item in _LIST_SPLIT.split(text)]
    return ";".join(item for item in items if item) or None


def resolve_text(text: str) -> str | None:
    return re.sub(r"\s+", " ", text).strip(_TRIM) or None


RESOLVERS: dict[str, Callable[[str], Any]] = {
    "title": resolve_text,
    "publication": resolve_text,
    "issue": resolve_int,
    "issue_total": resolve_int,
    "publisher": resolve_list,
    "date": resolve_date,
    "editor": resolve_text,
    "recipients": resolve_list,
    "print_run": resolve_int,
}


def extract(ctx: Context) -> dict[str, Any]:
    """The metadata fields the document states; fields it does not state are absent."""
    found: dict[str, Any] = {}
    rules = sorted(ctx.rules.family("metadata"), key=lambda r: -r.priority)
    for rule in rules:
        name = str(rule.set["field"])
        if name in found:
            continue
        m = next(rule.finditer(ctx.text), None)  # the first match, found near the literals it needs
        if not m:
            continue
        raw = m.group("value") if "value" in rule.regex.groupindex else m.group()
        if "split" in rule.set:
            raw = re.sub(str(rule.set["split"]), ";", raw)
        value = RESOLVERS[name](raw)
        if value is not None:
            found[name] = value
            ctx.fired.add(rule.id)
    return found
