"""The windowed scanner finds exactly the matches a plain scan finds, for every rule."""

from __future__ import annotations

import pickle
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


# Many short pieces between separators, two of them holding the literal 企业.
PIECES = "甲乙丙，" * 40 + "华为企业，丁戊。\n" + "丁戊。\n" * 40 + "小米企业\n甲\n乙。丙企业"


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"[\u4e00-\u9fff]{0,6}(?:民用|通用)机场", "建成通用机场3个，民用机场扩建。机场"),
        (r"(?m)[\u4e00-\u9fff]{1,4}局$", "江海市统计局\n国家统计局江海调查队\n局"),
        (r"(?<=居)全国第[一二三]", "居全国第一，全国第二"),
        (r"[\u4e00-\u9fff]+企业", PIECES),  # searched piece by piece
        (r"[\u4e00-\u9fff]+企业(?=，丁)", PIECES),  # looks past a ，: pieces are lines
        (r"(?m)[\u4e00-\u9fff]+企业$", PIECES),
        (r"[\u4e00-\u9fff]+企业$", PIECES),  # `$` sees where a piece's search ends: scanned whole
        (r"[^，]+企业", PIECES),  # crosses lines and sentences
        (r"(?<=[，。\n])[\u4e00-\u9fff]{2,}?(?=企业)", PIECES),
        (r"(?:约|近)?\d+(?:万|亿)元", "投资约5亿元，" * 30 + "近3万元"),  # skips to its first characters
    ],
)
def test_hand_made_cases(pattern: str, text: str) -> None:
    regex = re.compile(pattern)
    scan = scanner(regex)
    found = scan.finditer(text) if scan else regex.finditer(text)
    assert spans(found) == spans(regex.finditer(text))


def test_pieces_are_bounded_by_what_a_pattern_can_cross() -> None:
    assert pieces_of(r"[\u4e00-\u9fff]+企业") == "\n。！？!?；;，,：:、"
    assert pieces_of(r"[\u4e00-\u9fff]+企业(?=，丁)") == "\n"
    assert pieces_of(r"[\u4e00-\u9fff]+企业$") == ""
    assert pieces_of(r"[^，]+企业") == ""


def pieces_of(pattern: str) -> str:
    scan = scanner(re.compile(pattern))
    assert scan is not None
    return scan.separators


def test_a_pickled_scanner_keeps_skipping() -> None:
    regex = re.compile(r"(?=[约近\d])(?:约|近)?\d+(?:万|亿)元")
    scan = scanner(regex)
    assert scan is not None and scan.search is not scan.regex
    restored = pickle.loads(pickle.dumps(scan))
    assert restored.search is not restored.regex
    text = "投资约5亿元，近3万元，12元"
    assert spans(restored.finditer(text)) == spans(regex.finditer(text))
