"""The first-character lookahead changes how fast a pattern fails, never what it matches."""

from __future__ import annotations

import re

import pytest

from pipeline.regex_lead import compiled, skipping_code, with_first_chars

TEXT = "全年实现生产总值262.6亿元，同比增长5.3%；居全省第二位，达到国际领先水平，力争到2027年突破1万亿元。"


@pytest.mark.parametrize(
    ("pattern", "leads"),
    [
        (r"(?:达到|进入)?[^，。]{0,6}(?:领先|前列)", False),
        (r"(?:(?:同比)?增长|下降)\d+(?:\.\d+)?%", True),
        (r"(?P<q>近|约)?\d+(?:\.\d+)?(?:亿|万)?元", True),
        (r"居(?:全省|全国)第[一二三四五六七八九十\d]+位?", False),
        (r"[\u4e00-\u9fff]{2,4}水平", False),
    ],
)
def test_same_matches(pattern: str, leads: bool) -> None:
    fast = with_first_chars(pattern)
    assert fast.startswith("(?=") == leads
    assert [m.span() for m in re.finditer(fast, TEXT)] == [m.span() for m in re.finditer(pattern, TEXT)]


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:(?:同比)?增长|下降)\d+(?:\.\d+)?%",
        r"(?P<q>近|约)?\d+(?:\.\d+)?(?:亿|万)?元",
        r"(?:达到|突破)?(?<!\d)\d+(?:\.\d+)?(?:亿|万)元",
    ],
)
def test_skipping_code_finds_the_same_matches(pattern: str) -> None:
    regex = re.compile(with_first_chars(pattern))
    code = skipping_code(regex)
    assert code is not None
    fast = compiled(regex, code)
    assert (fast.pattern, fast.flags, fast.groupindex) == (regex.pattern, regex.flags, regex.groupindex)
    found = [(m.span(), m.groupdict()) for m in fast.finditer(TEXT)]
    assert found == [(m.span(), m.groupdict()) for m in regex.finditer(TEXT)]
    for pos in range(0, len(TEXT), 5):  # searches that start and end inside the text
        assert span(fast.search(TEXT, pos, pos + 20)) == span(regex.search(TEXT, pos, pos + 20))


def span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m else None


def test_no_skipping_code_where_re_skips_by_itself() -> None:
    assert skipping_code(re.compile(r"[\u4e00-\u9fff]{2,4}水平")) is None
    assert skipping_code(re.compile(r"全国第[一二三]")) is None
    assert skipping_code(re.compile(r"(?:达到)?[^，。]{0,6}领先")) is None  # any character may start it
