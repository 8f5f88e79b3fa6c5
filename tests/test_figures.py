"""Figures (SPEC §2): values, units, kinds, qualifiers, changes, subjects, and what is not a figure."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from pipeline.extractors import figures
from pipeline.model import FigureRow
from pipeline.rules import load_rules
from pipeline.run import Pipeline
from pipeline.segment import Segmenter


def rows(pipeline: Pipeline, text: str) -> list[FigureRow]:
    return pipeline.analyze_text(text).result.figures


def only(pipeline: Pipeline, text: str) -> FigureRow:
    found = rows(pipeline, text)
    assert len(found) == 1, [r.text for r in found]
    return found[0]


VALUES = [
    # text, figure text, value, value_max, unit, kind
    ("支持经费达2900 万元。", "2900 万元", 29000000, None, "元", "money"),
    ("在校大学生 165 万人。", "165 万人", 1650000, None, "人", "count"),
    ("社会资本实缴投资约 1.1 亿元。", "约 1.1 亿元", 110000000, None, "元", "money"),
    ("形成 2000 多亿元基金。", "2000 多亿元", 2e11, None, "元", "money"),
    ("融资总额数十亿元。", "数十亿元", 1e9, 1e10, "元", "money"),
    ("效率提升3—5倍。", "3—5倍", 3, 5, "倍", "multiple"),
    ("投资1000-2000万元。", "1000-2000万元", 1e7, 2e7, "元", "money"),
    ("占全省获奖项目近八成。", "近八成", 80, None, "%", "percent"),
    ("排名前万分之一。", "前万分之一", 0.01, None, "%", "percent"),
    ("出生率为9.56‰。", "9.56‰", 9.56, None, "‰", "percent"),
    ("比上年末上升0.02个百分点。", "0.02个百分点", 0.02, None, "百分点", "percent"),
    ("农业机械总动力33.7万千瓦。", "33.7万千瓦", 337000, None, "千瓦", "measure"),
    ("实际机耕面积48.4千公顷。", "48.4千公顷", 48400, None, "公顷", "measure"),
    ("全市GDP约1.26万亿，增速领先。", "约1.26万亿", 1.26e12, None, "元", "money"),
    ("中山大学获批两大基础科学中心项目。", "两大", 2, None, "", "count"),
    ("这三项做到了世界第一。", "三项", 3, None, "项", "count"),
    ("外籍人才数量居全国第三。", "全国第三", 3, None, "", "rank"),
    ("全球排名跃升至第8位。", "第8位", 8, None, "", "rank"),
    ("营业收入超亿元的工业企业。", "超亿元", 1e8, None, "元", "money"),
    ("连续43个月保持首位。", "43个月", 43, None, "个月", "measure"),
    ("接待游客9.6亿人次。", "9.6亿人次", 9.6e8, None, "人次", "count"),
]


@pytest.mark.parametrize(
    ("text", "span", "value", "high", "unit", "kind"), VALUES, ids=[v[1] for v in VALUES]
)
def test_values(
    pipeline: Pipeline, text: str, span: str, value: float, high: Any, unit: str, kind: str
) -> None:
    row = next(r for r in rows(pipeline, text) if r.text == span)
    assert (row.value, row.value_max, row.unit, row.kind) == (pytest.approx(value), high, unit, kind)


QUALIFIERS = [
    ("近 1.2 万家", "nearly"),
    ("约 1.1 亿元", "approx"),
    ("超 260 亿元", "over"),
    ("2000 多亿元", "over"),
    ("100%以上", "over"),
    ("500万元及以上", "at_least"),
    ("不足5%", "under"),
    ("不超过3万元", "at_most"),
    ("13.6%左右", "approx"),
    ("2900 万元", "exact"),
]


@pytest.mark.parametrize(("span", "qualifier"), QUALIFIERS)
def test_qualifiers(pipeline: Pipeline, span: str, qualifier: str) -> None:
    assert only(pipeline, f"规模达{span}。").qualifier == qualifier


CHANGES = [
    ("生产总值同比增长5.3%。", "up"),
    ("比上年下降0.3个百分点。", "down"),
    ("年末常住人口比上年末增加353人。", "up"),
    ("GDP增速达6.3%。", "up"),
    ("人口自然增长率为1.2‰。", "up"),
    ("降幅为2.1%。", "down"),
    ("通航点增至159个。", ""),
    ("治理率提高到90%以上。", ""),
    ("高于全省平均2.1个百分点。", ""),
]


@pytest.mark.parametrize(("text", "change"), CHANGES)
def test_changes(pipeline: Pipeline, text: str, change: str) -> None:
    assert only(pipeline, text).change == change


def test_list_shares_change_verb(pipeline: Pipeline) -> None:
    found = rows(pipeline, "轻重工业分别增长159.2%、0.7%和下降46.8%、60.8%。")
    assert [r.change for r in found] == ["up", "up", "down", "down"]


SUBJECTS = [
    ("支持经费达2900万元。", "支持经费"),
    ("发射 57 颗卫星。", "卫星"),
    ("在校大学生 165 万人。", "在校大学生"),
    ("第一产业增加值22.9亿元，同比增长3.7%。", "第一产业增加值"),
    ("批发和零售业实现增加值17.3亿元。", "批发和零售业增加值"),
]


@pytest.mark.parametrize(("text", "subject"), SUBJECTS)
def test_subjects(pipeline: Pipeline, text: str, subject: str) -> None:
    assert rows(pipeline, text)[0].subject == subject


def test_change_takes_subject_of_clause_before(pipeline: Pipeline) -> None:
    found = rows(pipeline, "第一产业增加值22.9亿元，同比增长3.7%。")
    assert [r.subject for r in found] == ["第一产业增加值", "第一产业增加值"]


def test_paired_subjects_after_fenbie(pipeline: Pipeline) -> None:
    found = rows(pipeline, "化学需氧量、二氧化硫排放量分别下降9.66%和13.14%。")
    assert [r.subject for r in found] == ["化学需氧量", "二氧化硫排放量"]


TIMES = [
    ("2024年，广州新增科技企业近1.2万家。", "2024年"),
    ("截至目前，已培养技术经理人近 2000 名。", "截至目前"),
    ("外籍人才数量比2019 年底增长40%。", "2019 年底"),
]


@pytest.mark.parametrize(("text", "time"), TIMES)
def test_times(pipeline: Pipeline, text: str, time: str) -> None:
    assert only(pipeline, text).time == time


NOT_FIGURES = [
    "2024年，《规划（2021—2035年）》发布。",
    "面向2035，加快建设。",
    "领导学刊第7期（总第143期）",
    "第十三届中国创新创业大赛",
    "联系电话：18896954159",
    "地址：灵山路 609 号",
    "构建“2+2+N”科技创新平台体系和“五个一”模式。",
    "力箭一号发射成功。",
    "一是加强创新，二是优化环境。",
    "取得一批成果，建设一个园区。",
    "迈入全球“第一方阵”。",
    "国内首个、第一条生产线，全球第一股。",
    "三次产业结构比例调整为8.7:48.5:42.8。",
    "全球首个三证齐全的企业，两院院士。",
    "获得一等奖。",
    "按照省委十一届十次、十一次全会部署要求。",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(pipeline: Pipeline, text: str) -> None:
    assert [r.text for r in rows(pipeline, text)] == []


def test_rows_point_into_text_and_are_numbered(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("全年实现生产总值262.6亿元，同比增长5.3%。其中第一产业增加值22.9亿元。")
    found = analysis.result.figures
    assert [r.figure_id for r in found] == ["F1", "F2", "F3"]
    assert all(analysis.context.text[r.start : r.end] == r.text for r in found)
    assert [r.start for r in found] == sorted(r.start for r in found)


def test_figures_survive_a_different_segmentation(pipeline: Pipeline) -> None:
    """A user word that crosses the figure's edge ("万元支持") changes jieba's tokens, not the figure."""
    text = "市财政安排2900万元支持经费，发射57颗卫星，占比近八成。"
    before = [(r.text, r.value, r.unit) for r in rows(pipeline, text)]
    segmenter = Segmenter(pipeline.rules)
    for word in ("万元支持", "颗卫星", "近八"):
        segmenter.add_word(word, 100000)
    variant = Pipeline(pipeline.rules)
    variant.segmenter = segmenter
    after = [(r.text, r.value, r.unit) for r in rows(variant, text)]
    assert after == before
    assert len(before) == 3


def test_veto_fires_and_is_recorded(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("取得一批成果。")
    assert analysis.result.figures == []
    assert "figures.veto.article-yi" in analysis.context.fired


def test_readers_are_cached_per_rules_version() -> None:
    rules = load_rules()
    assert figures._readers(rules) is figures._readers(rules)


def test_row_is_frozen(pipeline: Pipeline) -> None:
    row = only(pipeline, "支持经费达2900万元。")
    assert replace(row, figure_id="F9").figure_id == "F9"
