"""The first-character lookahead changes how fast a pattern fails, never what it matches."""

from __future__ import annotations

import re

import pytest

from pipeline.regex_lead import with_first_chars

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
