"""Canonical text: layout repairs, the offset map back to the raw text, sentences."""

from __future__ import annotations

import pytest

from pipeline.text import canonicalize

LONG = "广州从产业创新需求出发，强化企业科技创新主体地位，聚焦重点产业，加强与高校、科"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("全球 影响力", "全球影响力"),
        ("２０２４年增长５．３％", "2024年增长5.3%"),
        ("ＡＢＣ，（一）", "ABC，（一）"),
        ("实施 20 项项目", "实施 20 项项目"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("  缩进的段落。  ", "缩进的段落。"),
        (LONG + "\n\n研机构的合作。", LONG + "研机构的合作。"),
        (
            "累计带动约2300万元，撬动社会资本实缴投资约1.1亿元，带动就业，\n\n累计带动12个投资主体。",
            "累计带动约2300万元，撬动社会资本实缴投资约1.1亿元，带动就业，累计带动12个投资主体。",
        ),
        ("领导学刊\n\n第7期", "领导学刊\n\n第7期"),
        (LONG + "。\n\n二是积极布局", LONG + "。\n\n二是积极布局"),
        (LONG + "\n一、综合", LONG + "\n一、综合"),
        ("万载县统计局    国家统计局万载调查队", "万载县统计局\n国家统计局万载调查队"),
    ],
)
def test_layout_repairs(raw: str, canonical: str) -> None:
    assert canonicalize(raw).text == canonical


@pytest.mark.parametrize("raw", ["全球 影响力\r\n２０２４年", LONG + "\n\n研机构。", "  a  b　c\t\td "])
def test_offsets_map_back_to_the_raw_text(raw: str) -> None:
    canonical = canonicalize(raw)
    wide = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)} | {"\r": "\n"})
    for i, ch in enumerate(canonical.text):
        original = raw[canonical.to_raw(i)].translate(wide)
        assert original == ch or (ch == "\n" and original in " \t")


def test_sentences_split_at_end_marks_and_lines() -> None:
    canonical = canonicalize("标题\n\n第一句。第二句！“第三句？”第四句；尾巴")
    assert [s.text for s in canonical.sentences] == [
        "标题",
        "第一句。",
        "第二句！",
        "“第三句？”",
        "第四句；",
        "尾巴",
    ]
    assert [s.paragraph_id for s in canonical.sentences] == [1, 2, 2, 2, 2, 2]
    for s in canonical.sentences:
        assert canonical.text[s.start : s.end] == s.text
    assert canonical.sentence_at(canonical.text.index("第三句")).text == "“第三句？”"


def test_a_long_line_is_handled_in_linear_time() -> None:
    raw = "广州获26个奖项，其中牵头项目为11项。" * 20000
    canonical = canonicalize(raw)
    assert len(canonical.sentences) == 20000
