"""The windowed scanner finds exactly the matches a plain scan finds, for every rule."""

from __future__ import annotations

import re

import pytest

from pipeline.ingest import discover, read_document
from pipeline.regex_scan import scanner
from pipeline.rules import load_rules
from pipeline.text import canonicalize
from tests.conftest import CORPUS, ROOT


def texts() -> list[str]:
    folders = [ROOT / "samples"] + ([CORPUS / "docs" / "txt"] if CORPUS.is_dir() else [])
    return [canonicalize(read_document(f, str(f), f.stem).text).text for f in discover(folders)]


def spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def test_every_rule_finds_the_same_matches() -> None:
    documents = texts()
    for rule in load_rules().rules:
        for text in documents:
            assert spans(rule.finditer(text)) == spans(rule.regex.finditer(text)), rule.id


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"[\u4e00-\u9fff]{0,6}(?:民用|通用)机场", "建成通用机场3个，民用机场扩建。机场"),
        (r"(?m)[\u4e00-\u9fff]{1,4}局$", "江海市统计局\n国家统计局江海调查队\n局"),
        (r"(?<=居)全国第[一二三]", "居全国第一，全国第二"),
    ],
)
def test_hand_made_cases(pattern: str, text: str) -> None:
    regex = re.compile(pattern)
    scan = scanner(regex)
    found = scan.finditer(text) if scan else regex.finditer(text)
    assert spans(found) == spans(regex.finditer(text))
