"""Table tests of the entities extractor through the whole pipeline."""

from __future__ import annotations

import pytest

from pipeline.run import Pipeline

CASES = [
    # (text, expected (text, name, type, subtype, title) rows, each a subset of the output)
    ("依托中山大学、华南理工大学等高校。", [("中山大学", "中山大学", "ORG", "edu", "")]),
    ("广东大湾区空天信息研究院成功研制显微镜。", [("广东大湾区空天信息研究院", None, "ORG", "research", "")]),
    (
        "报：刘小涛书记、朱副主席，市发改委。",
        [("刘小涛", None, "PERSON", "", "书记"), ("朱", None, "PERSON", "", "副主席")],
    ),
    ("国务院总理温家宝\n", [("温家宝", None, "PERSON", "", "总理"), ("国务院", None, "ORG", "gov", "")]),
    ("在穗工作的外籍人才增长。", [("穗", "广州市", "LOC", "", "")]),
    ("深入实施“启航”“续航”“领航”计划。", [("“启航”", "启航计划", "PLAN", "", "")]),
    (
        "出台的《广州市进一步促进科技成果转化若干措施》。",
        [("广州市进一步促进科技成果转化若干措施", None, "DOC", "", "")],
    ),
    ("其自主研发的 EH216-S 无人驾驶载人航空器系统。", [("EH216-S", None, "PRODUCT", "", "")]),
    # short government bodies and fused issuers
    ("在市委、市政府的坚强领导下，在省人大、省政协监督支持下。", [("市委", None, "ORG", "gov", "")]),
    (
        "宜春市统计局国家统计局宜春调查队\n",
        [("宜春市统计局", None, "ORG", "gov", ""), ("国家统计局宜春调查队", None, "ORG", "gov", "")],
    ),
    # paper bylines, bios and cited authors
    (
        "# 大湾区的创新网络\n\n曾志敏杨泽森华南理工大学公共政策研究院广州 510640\n",
        [("曾志敏", None, "PERSON", "", ""), ("华南理工大学公共政策研究院", None, "ORG", "research", "")],
    ),
    ("Keywords innovation陈劲清华大学经济管理学院教授。", [("陈劲", None, "PERSON", "", "教授")]),
    ("研究中，周灿等[19]对长三角城市群创新网络可视化。", [("周灿", None, "PERSON", "", "")]),
    (
        "Youtie和 Shapira[24]区分了三种形态。",
        [("Youtie", None, "PERSON", "", ""), ("Shapira", None, "PERSON", "", "")],
    ),
    # named zones and venues grown over place names
    (
        "与美国加州湾区相比，宁波舟山港吞吐量增长。",
        [("美国加州湾区", None, "LOC", "", ""), ("宁波舟山港", None, "LOC", "", "")],
    ),
    ("衢州综保区封关运作。", [("衢州综保区", None, "LOC", "", "")]),
    # unquoted and quoted programmes, plants, models
    ("做优开放平台。自贸试验区提升战略扎实推进。", [("自贸试验区提升战略", None, "PLAN", "", "")]),
    ("“1+3”结对帮扶机制全面建立。", [("“1+3”结对帮扶机制", "1+3结对帮扶机制", "PLAN", "", "")]),
    ("三门核电三期项目获国家核准。", [("三门核电", None, "ORG", "company", "")]),
    ("人工智能加快发展，阿里千问、DeepSeek等通用模型性能全球领先。", [("阿里千问", None, "PRODUCT", "", "")]),
    # well-known programmes, quoted policy packages, brands and pilots
    ("随着国家创新驱动发展战略的深入实施。", [("国家创新驱动发展战略", None, "PLAN", "", "")]),
    ("成果找市场“双向揭榜挂帅”，兑现以旧换新补贴。", [("“双向揭榜挂帅”", "双向揭榜挂帅", "PLAN", "", "")]),
    (
        "出台稳增长“21条”“18条”等政策。",
        [("“21条”", "21条", "PLAN", "", ""), ("“18条”", "18条", "PLAN", "", "")],
    ),
    ("获批专项债券项目“自审自发”试点。", [("“自审自发”试点", "自审自发试点", "PLAN", "", "")]),
    ("大力实施制造业“智改数转”和新型技改。", [("“智改数转”", "智改数转", "PLAN", "", "")]),
    ("取得“中国环流三号”首次实现温度破亿度。", [("中国环流三号", None, "PRODUCT", "", "")]),
    # named centres and facilities, province pairs, international bodies, OCR bylines
    (
        "锦屏深地科学中心、电磁驱动聚变大科学装置获批建设。",
        [
            ("锦屏深地科学中心", None, "ORG", "other", ""),
            ("电磁驱动聚变大科学装置", None, "ORG", "research", ""),
        ],
    ),
    ("成立省民营经济发展促进中心。", [("省民营经济发展促进中心", None, "ORG", "other", "")]),
    ("深化川渝一体化高质量发展。", [("川渝", None, "LOC", "", "")]),
    ("根据经济合作与发展组织的数据测算。", [("经济合作与发展组织", None, "ORG", "other", "")]),
    (
        "# 胡志坚\\* 玄兆辉陈钰\n\n# 中国科学技术发展战略研究院北京100038\n",
        [
            ("胡志坚", None, "PERSON", "", ""),
            ("玄兆辉", None, "PERSON", "", ""),
            ("陈钰", None, "PERSON", "", ""),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_entity_rows(pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    rows = pipeline.analyze_text(text).result.entities
    got = {(r.text, r.type): r for r in rows}
    for surface, name, kind, subtype, title in expected:
        row = got[(surface, kind)]
        assert (row.subtype, row.title) == (subtype, title)
        if name is not None:
            assert row.name == name


def test_outermost_only(pipeline: Pipeline) -> None:
    rows = pipeline.analyze_text("广东大湾区空天信息研究院成功研制显微镜。").result.entities
    assert [r.text for r in rows] == ["广东大湾区空天信息研究院"]


def test_aliases_merge_and_mentions(pipeline: Pipeline) -> None:
    result = pipeline.analyze_text("广州市发展很快。广州的企业多。在穗工作的人才多。").result
    loc = [r for r in result.entities if r.type == "LOC"]
    assert len(loc) == 1 and loc[0].mentions == 3 and loc[0].text == "广州市"
    assert [m.text for m in result.mentions] == ["广州市", "广州", "穗"]


def test_later_bare_mentions(pipeline: Pipeline) -> None:
    text = "在自动驾驶领域，文远知行、小马智行等科技企业走在全国前列。文远知行成功上市。"
    result = pipeline.analyze_text(text).result
    row = next(r for r in result.entities if r.text == "文远知行")
    assert row.mentions == 2 and row.subtype == "company"


@pytest.mark.parametrize(
    "text",
    [
        "全国各地积极推进，我国面向全球。",
        "国家实验室和新能源汽车快速发展。",
        "大学处于人才流动形成的网络中心，优化发展空间布局。",
        "加强数字政府2.0建设，跻身全球第三大加油港。",
        "评估内地研究型大学的地位，探究大学在参与区域创新过程中的难点。",
        "省域经济副中心和区域中心城市发展能级持续提升，建成基层智能化康复中心。",
        "加快推进成渝地区区域科技创新中心建设，省重点实验室优化重整。",
        "推进企业“上规、上榜、上云、上市”，扩大家电汽车摩托车下乡、汽车家电以旧换新。",
        "组建能源发展、数据、城市更新等一批主业企业。",
    ],
)
def test_scope_words_and_categories_are_not_entities(pipeline: Pipeline, text: str) -> None:
    assert pipeline.analyze_text(text).result.entities == []


def test_level_name_takes_the_full_name(pipeline: Pipeline) -> None:
    rows = pipeline.analyze_text("四川省人民政府省长 施小琳\n我代表省人民政府报告工作。").result.entities
    org = [r for r in rows if r.type == "ORG"]
    assert len(org) == 1 and org[0].name == "四川省人民政府" and org[0].mentions == 2


def test_offsets_ids_and_order(pipeline: Pipeline) -> None:
    text = "报：刘小涛书记。广州科技创新母基金落地。琶洲实验室取得突破。广州发展。"
    analysis = pipeline.analyze_text(text)
    canonical = analysis.context.text
    result = analysis.result
    assert [r.entity_id for r in result.entities] == [f"E{i}" for i in range(1, len(result.entities) + 1)]
    for row in (*result.entities, *result.mentions):
        assert canonical[row.start : row.end] == row.text
    keys = [(m.start, m.end, m.rule) for m in result.mentions]
    assert keys == sorted(keys)
