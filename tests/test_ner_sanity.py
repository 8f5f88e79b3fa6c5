"""Sanity check against a general NER test set: MSRA (news), first ~500 sentences.

Bulletin rules are not tuned for news text, so only a weak floor is asserted; the test
prints precision and recall per type for the record.
"""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.run import Pipeline
from tests.conftest import CORPUS

MSRA = CORPUS / "ner" / "msra" / "msra_test_bio.txt"
TYPES = {"ORG": "ORG", "PER": "PERSON", "LOC": "LOC"}


def read_bio(limit: int) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(sentence, gold spans) for the first `limit` sentences of a BIO file."""
    sentences: list[tuple[str, set[tuple[int, int, str]]]] = []
    chars: list[str] = []
    tags: list[str] = []
    for line in MSRA.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            chars.append(parts[0])
            tags.append(parts[1])
        elif chars:
            sentences.append(("".join(chars), spans_of(tags)))
            chars, tags = [], []
            if len(sentences) >= limit:
                break
    return sentences


def spans_of(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans `(start, end, type)` of one BIO tag sequence."""
    spans: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not tag.startswith("I-"):
            spans.add((start, i, TYPES.get(kind, kind)))
            start = -1
        if tag.startswith("B-"):
            start, kind = i, tag[2:]
    return spans


@pytest.mark.skipif(not MSRA.is_file(), reason="MSRA test split not available")
def test_msra_sanity(pipeline: Pipeline) -> None:
    tally: Counter[tuple[str, str]] = Counter()
    for sentence, gold in read_bio(500):
        result = pipeline.analyze_text(sentence).result
        kinds = {e.entity_id: e.type for e in result.entities}
        pred = {(m.start, m.end, kinds[m.entity_id]) for m in result.mentions}
        for kind in TYPES.values():
            g = {s for s in gold if s[2] == kind}
            p = {s for s in pred if s[2] == kind}
            tally[(kind, "tp")] += len(g & p)
            tally[(kind, "gold")] += len(g)
            tally[(kind, "pred")] += len(p)
    recall = {k: tally[(k, "tp")] / max(tally[(k, "gold")], 1) for k in TYPES.values()}
    precision = {k: tally[(k, "tp")] / max(tally[(k, "pred")], 1) for k in TYPES.values()}
    print(f"MSRA first 500 sentences: precision {precision}, recall {recall}")
    assert recall["LOC"] > 0.3
