"""Entities and their mentions (SPEC §3): rules propose, the outermost names win, names merge.

1. `entity_find` runs the `rules/entities` rules into candidates (veto rules remove some).
2. Overlaps are resolved by priority, then length: outermost names only, no nesting.
3. Every later occurrence of a found name (of two characters or more) is a mention too.
4. Mentions group into one entity per (canonical name, type), in order of first mention.
"""

from __future__ import annotations

import bisect
import re

from pipeline.extractors import Context
from pipeline.extractors.entity_find import Candidate, find_candidates
from pipeline.model import EntityRow, MentionRow

# first characters of a body named by its level alone (省人民政府, 市委)
LEVELS = "省市县区州"


def extract(ctx: Context) -> tuple[list[EntityRow], list[MentionRow]]:
    """One row per distinct entity and one per mention, sorted by (start, end, rule)."""
    chosen = _outermost(find_candidates(ctx))
    chosen = _outermost(chosen + _repeats(ctx, chosen))
    groups = _group(_qualified(chosen))
    entities: list[EntityRow] = []
    mentions: list[MentionRow] = []
    for n, group in enumerate(groups, start=1):
        entity_id = f"E{n}"
        entities.append(_entity_row(ctx, entity_id, group))
        mentions.extend(_mention_row(ctx, entity_id, c) for c in group)
    ctx.fired.update(c.rule for c in chosen)
    mentions.sort(key=lambda m: (m.start, m.end, m.rule))
    return entities, mentions


def _outermost(found: list[Candidate]) -> list[Candidate]:
    """Greedy choice of non-overlapping candidates: longer (outermost), then higher priority, then earlier."""
    taken: list[Candidate] = []
    order = sorted(found, key=lambda c: (c.start - c.end, -c.priority, c.start, c.rule))
    starts: list[int] = []
    ends: list[int] = []
    for c in order:
        i = bisect.bisect_right(starts, c.start)
        if (i > 0 and ends[i - 1] > c.start) or (i < len(starts) and starts[i] < c.end):
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        taken.append(c)
    return sorted(taken, key=lambda c: (c.start, c.end, c.rule))


def _repeats(ctx: Context, chosen: list[Candidate]) -> list[Candidate]:
    """Bare later occurrences of names already found, on word edges, at the lowest priority."""
    by_surface: dict[str, Candidate] = {}
    for c in chosen:
        surface = ctx.text[c.start : c.end]
        if len(surface) >= 2 and c.priority >= 0:
            by_surface.setdefault(surface, c)
    if not by_surface:
        return []
    pattern = re.compile("|".join(re.escape(s) for s in sorted(by_surface, key=lambda s: (-len(s), s))))
    seg = ctx.segmentation
    found = []
    for m in pattern.finditer(ctx.text):
        if seg.is_edge(m.start()) and seg.is_edge(m.end()):
            first = by_surface[m.group()]
            found.append(
                Candidate(
                    m.start(), m.end(), first.type, first.subtype, first.title, first.name, first.rule, -1
                )
            )
    return found


def _qualified(chosen: list[Candidate]) -> list[Candidate]:
    """A body named by level alone (省人民政府) takes the full name the document also writes
    (四川省人民政府), when exactly one such name is found."""
    names = {c.name for c in chosen if c.type == "ORG"}
    out = []
    for c in chosen:
        full = (
            [n for n in names if len(n) > len(c.name) and n.endswith(c.name)] if c.name[0] in LEVELS else []
        )
        out.append(c._replace(name=full[0]) if c.type == "ORG" and len(full) == 1 else c)
    return out


def _group(chosen: list[Candidate]) -> list[list[Candidate]]:
    """Mentions grouped by (canonical name, type), groups in order of first mention."""
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for c in chosen:
        groups.setdefault((c.name, c.type), []).append(c)
    return list(groups.values())


def _entity_row(ctx: Context, entity_id: str, group: list[Candidate]) -> EntityRow:
    first = group[0]
    best = max(group, key=lambda c: (c.priority, bool(c.title), -c.start))
    title = next((c.title for c in group if c.title), "")
    return EntityRow(
        doc_id=ctx.doc_id,
        entity_id=entity_id,
        text=ctx.text[first.start : first.end],
        name=first.name,
        type=first.type,
        subtype=best.subtype,
        title=title,
        mentions=len(group),
        start=first.start,
        end=first.end,
        rule=best.rule,
    )


def _mention_row(ctx: Context, entity_id: str, c: Candidate) -> MentionRow:
    return MentionRow(
        doc_id=ctx.doc_id,
        entity_id=entity_id,
        text=ctx.text[c.start : c.end],
        start=c.start,
        end=c.end,
        sentence_id=ctx.sentence_at(c.start).sentence_id,
        page=ctx.page_at(c.start),
        rule=c.rule,
    )
