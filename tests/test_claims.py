"""Table tests for the claims extractor (SPEC §4), through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.run import Pipeline
from tests.conftest import shared_pipeline


@pytest.fixture(scope="module")
def claims_pipeline() -> Pipeline:
    return shared_pipeline()


def _claims(pipeline: Pipeline, text: str) -> list[dict[str, Any]]:
    analysis = pipeline.analyze_text(text)
    return [vars(row) for row in analysis.result.claims]


CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "在穗工作的外籍人才数量比2019年底增长40%，居全国第三。",
        {"type": "change", "text": "在穗工作的外籍人才数量比2019年底增长40%", "subject": "外籍人才数量"},
    ),
    (
        "在穗工作的外籍人才数量比2019年底增长40%，居全国第三。",
        {"type": "rank", "text": "居全国第三", "rank": 3, "scope": "全国", "subject": "外籍人才数量"},
    ),
    (
        "2024年，广州在“自然指数-科研城市”全球排名跃升至第8位。",
        {"type": "rank", "rank": 8, "scope": "全球", "subject": "广州"},
    ),
    (
        "亿航智能作为广州低空经济的代表企业，成为eVTOL行业内全球首个三证齐全的企业。",
        {"type": "first", "scope": "全球", "subject": "亿航智能"},
    ),
    ("广州的科技创新综合水平已逐步迈入全球“第一方阵”。", {"type": "rank", "hedge": "逐步", "scope": "全球"}),
    (
        "全年农业总产值41.6亿元，按可比价计算增长3.9%。",
        {"type": "change", "text": "按可比价计算增长3.9%", "subject": "农业总产值"},
    ),
    ("第二、三产业分别同比增长15.2%、6.2%。", {"type": "change", "cue": "分别同比增长15.2%、6.2%"}),
    ("化妆品类同比增长203.2%、书报杂志类同比增长31.4%。", {"type": "change", "subject": "书报杂志类"}),
    ("全年出生人口4667人；人口自然增长率为1.2‰。", {"type": "change", "subject": "人口自然增长率"}),
    ("面向2035，广州以建设具有全球影响力的科技创新强市为目标。", {"type": "target", "scope": "全球"}),
    (
        "艾佛光通自主研发全球首创高性能滤波芯片新技术路线，并获第十三届中国创新创业大赛一等奖。",
        {"type": "award", "scope": "中国", "subject": "艾佛光通"},
    ),
    ("服务贸易总额突破2500亿美元、增长12.5%。", {"type": "level", "subject": "服务贸易总额"}),
    ("57个县（市）生产总值近3年年均增速快于全省。", {"type": "level", "scope": "全省"}),
    ("报告将广东省评为综合创新能力最强的省份。", {"type": "rank", "rank": 1, "subject": "广东省"}),
    ("大湾区分布有7所学术排名世界前300名的大学。", {"type": "rank", "rank": 300, "scope": "世界"}),
    ("海康威视获我省首个制造业领域中国质量奖。", {"type": "first", "scope": "我省", "subject": "海康威视"}),
    ("内地高校论文数量领先湾区。", {"type": "level", "scope": "湾区", "subject": "内地高校论文数量"}),
    ("人均国内生产总值69876元，增长5.7%，迈上1万美元新台阶。", {"type": "level", "cue": "迈上1万美元新台阶"}),
    ("能繁母猪存栏33.76万头，处于正常保有量区间。", {"type": "level", "subject": "能繁母猪存栏"}),
    ("全省涉企检查事项精简26.8%。", {"type": "change"}),
    ("死亡率7.69‰；自然增长率0.02‰。", {"type": "change", "subject": "自然增长率"}),
    ("正在向建设国际科技创新中心的目标努力。", {"type": "target"}),
    ("聚焦“作示范、勇争先”目标定位。", {"type": "target"}),
    ("十方面民生实事圆满完成。", {"type": "target"}),
    ("杭州、温州双获“国际湿地城市”。", {"type": "award", "scope": "国际"}),
    ("三门核电三期项目获国家核准。", {"type": "award"}),
    ("3个历史经典产业入围国家培育名单。", {"type": "award"}),
    ("4家浙企上榜全国文化企业30强。", {"type": "rank", "scope": "全国"}),
    ("全国经营主体信用建设综合改革试点获批。", {"type": "award", "scope": "全国"}),
    ("雄安新区力争成为全国创新驱动发展新引擎。", {"type": "target", "scope": "全国", "subject": "雄安新区"}),
    (
        "2014年突破 $2 \\%$ ，至2016年继续上升至 $2 . 1 1 \\%$ 。",
        {"type": "level", "text": "2014年突破 $2 \\%$"},
    ),
    ("2014年突破 $2 \\%$ ，至2016年继续上升至 $2 . 1 1 \\%$ 。", {"type": "change"}),
    (
        "排名从2000年的第38位，逐渐上升到2017年的第17位。",
        {"type": "rank", "rank": 17, "text": "逐渐上升到2017年的第17位"},
    ),
    ("中国企业研发投入强度比韩国低了2.67个百分点。", {"type": "level", "scope": ""}),
    ("2013年中国R&D经费投入总量超越日本。", {"type": "level", "scope": ""}),
    ("与美国、日本和德国等国家相比还有很大差距。", {"type": "level"}),
    ("企业达到376家，仅次于美国的822家。", {"type": "rank", "rank": 2}),
    (
        "面向2020年进入创新型国家行列、2035年跻身创新型国家前列的战略目标。",
        {"type": "target", "cue": "2035年跻身"},
    ),
    ("首次实现原子核和电子温度均破亿度。", {"type": "level"}),
    ("社保卡“一卡通”应用功能拓展至177项。", {"type": "change"}),
    ("森林草原火灾起数处于历史低位。", {"type": "level"}),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_claim_rows(claims_pipeline: Pipeline, text: str, want: dict[str, Any]) -> None:
    rows = _claims(claims_pipeline, text)
    assert any(all(row[k] == v for k, v in want.items()) for row in rows), rows


NOT_CLAIMS = [
    "广州已成为全国低空经济发展的重要阵地。",
    "广汽埃安作为新能源汽车产业的领军企业。",
    "全市技术经理人队伍持续壮大，吸引了越来越多的国际人才来到广州。",
    "提升了广州科技创新的国际化水平。",
    "将雄安新区建设成为具有国际影响力的创新高地。",
    "城镇居民最低生活保障人数3756人。",
    "全县第一产业增加值22.9亿元。",
    "浙江代表团在全国第十五届运动会上再创佳绩。",
    "全面完成单村水站改造提升。",
    "占内地及港澳台所有入选高校数量的28%。",
    "工程技术是研究开发活动最主要的领域。",
    "把最好的资源留给人民。",
    "在实际工作中努力争取更好结果。",
    "重庆市国土空间总体规划获批实施。",
    "有效支撑我国进入创新型国家行列。",
    "与发达国家还存在较大差距。",
    "实现上述目标。",
    "一个个不断创造的新纪录。",
    "逐步形成引领世界的科技创新能力。",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_not_claims(claims_pipeline: Pipeline, text: str) -> None:
    assert _claims(claims_pipeline, text) == []


def test_offsets_ids_and_order(claims_pipeline: Pipeline) -> None:
    text = "地区生产总值增长3.9%、总量连续37年居全国首位。货物进出口总额9.5万亿元、增长4.4%。"
    analysis = claims_pipeline.analyze_text(text)
    rows = analysis.result.claims
    canonical = analysis.context.text
    assert [r.claim_id for r in rows] == [f"C{i}" for i in range(1, len(rows) + 1)]
    assert all(canonical[r.start : r.end] == r.text for r in rows)
    assert [(r.start, r.end, r.rule) for r in rows] == sorted((r.start, r.end, r.rule) for r in rows)
    assert [r.type for r in rows] == ["change", "rank", "change"]


def test_subject_carried_over(claims_pipeline: Pipeline) -> None:
    text = "年末固定电话用户达到29074户，比上年减少439户，下降1.5%。"
    assert {r["subject"] for r in _claims(claims_pipeline, text)} == {"固定电话用户"}


def test_works_without_figures_or_entities(claims_pipeline: Pipeline) -> None:
    from pipeline.extractors import claims

    analysis = claims_pipeline.analyze_text("全年规模以上工业增加值同比增长9.2%。")
    rows = claims.extract(analysis.context, [], [], [])
    assert [(r.type, r.subject, r.figure_ids) for r in rows] == [("change", "规模以上工业增加值", "")]


def test_region_inside_a_name_is_no_scope(claims_pipeline: Pipeline) -> None:
    rows = _claims(claims_pipeline, "华南理工大学是粤港澳大湾区高校中学术表现最好的研究机构。")
    assert [(r["type"], r["scope"], r["subject"]) for r in rows] == [("rank", "粤港澳大湾区", "华南理工大学")]


def test_dated_goals_split_at_enumeration_comma(claims_pipeline: Pipeline) -> None:
    text = "面向2020年进入创新型国家行列、2035年跻身创新型国家前列、2050年建成世界科技强国的战略目标。"
    rows = _claims(claims_pipeline, text)
    assert [r["cue"] for r in rows if r["type"] == "target"] == ["2020年进入", "2035年跻身", "2050年建成"]
    assert not [r for r in rows if r["type"] == "level"]
