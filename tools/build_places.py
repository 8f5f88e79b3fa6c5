"""Build ``rules/lexicons/places.yaml``, the LOC gazetteer, from the ``cpca`` package's data.

The input is ``cpca/resources/adcodes.csv`` (columns: adcode,name,longitude,latitude) and
``cpca/resources/56_nations.csv`` (one ethnic group a line) of the installed ``cpca`` package.
The package is located with ``importlib.util.find_spec``, without importing it: only its data
files are read. The output is sorted and written by this script only, so running it twice gives
byte-identical files.

Usage::

    python tools/build_places.py            # writes rules/lexicons/places.yaml
    python tools/build_places.py OUT.yaml   # writes somewhere else (used by the tests)
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "rules" / "lexicons" / "places.yaml"

PROVINCE, CITY, COUNTY = 0, 1, 2

# Country and region names that are full terms in their own right (not in adcodes.csv as such).
EXTRA_TERMS: tuple[str, ...] = ("中国", "香港", "澳门", "台湾")

# Placeholder rows of adcodes.csv that are not place names.
PLACEHOLDERS: frozenset[str] = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Suffixes stripped to get a short form, longest first. The first suffix that leaves a stem of at
# least 2 characters wins (清新区 -> 清新, not 清; 沈北新区 -> 沈北).
SUFFIXES: tuple[str, ...] = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "矿区",
    "特区",
    "省",
    "市",
    "盟",
    "县",
    "区",
)

# Hand fixes where suffix stripping gives the wrong stem (神农架林区 is 神农架 + 林区).
SHORT_FORM_OVERRIDES: dict[str, str] = {"神农架林区": "神农架"}

# Short forms (and full names) that are common words or scope words in policy prose; as lexicon
# entries they would fire on ordinary text ("城区人口", "新建项目", "惠民政策", "共和国").
STOP_WORDS: frozenset[str] = frozenset(
    {
        # generic scope / direction words ("城区人口", "江北地区", "高新技术")
        "城区", "郊区", "新区", "市中", "市辖", "矿区", "东区", "西区", "南区", "北区", "中区",
        "开发", "高新", "河东", "河西", "江北", "江南", "城中", "城东", "城西", "城南", "城北",
        "新城", "长安", "南部", "南郊", "南岸", "市北", "市南", "西市", "路北", "路南", "上街",
        "古城", "老城", "山城", "沿河", "站前", "中原",
        # full names used far more often as generic words ("老城区改造", "新城区建设")
        "老城区", "古城区", "新城区",
        # ordinary words and policy vocabulary that happen to be place names
        "和平", "新华", "城关", "向阳", "红旗", "东方", "安宁", "长寿", "太平", "平安", "吉利",
        "友好", "新兴", "富民", "惠民", "惠农", "安居", "乐业", "通道", "新建", "合作", "延长",
        "前进", "工农", "兴业", "振兴", "安定", "共和", "平原", "高明", "东海", "南海", "江山",
        "大方", "永定", "青山", "金山", "和顺", "正安", "公安", "解放", "复兴", "友谊", "爱民",
        "回民", "宏伟", "前锋", "中方", "运河", "港口", "河口", "海港", "温泉", "资源", "富裕",
        "兴国", "兴隆", "清水", "平和", "江海", "湖滨", "丰满", "元宝", "太湖", "互助", "康乐",
        "会同", "同心", "同德", "同仁", "商城", "津市", "桥东", "桥西", "铁东", "铁西",
    }
)  # fmt: skip

# One-character historical abbreviations. Only those unambiguous in bulletins are listed; 苏 川 蜀
# 桂 辽 吉 黑 蒙 藏 宁 青 新 台 are left out on purpose (common characters or shared by places).
ONE_CHAR_ALIASES: dict[str, str] = {
    "穗": "广州市", "沪": "上海市", "京": "北京市", "津": "天津市", "渝": "重庆市",
    "粤": "广东省", "湘": "湖南省", "鄂": "湖北省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "冀": "河北省",
    "晋": "山西省", "陕": "陕西省", "甘": "甘肃省", "黔": "贵州省", "滇": "云南省",
    "琼": "海南省", "港": "香港", "澳": "澳门",
}  # fmt: skip


def cpca_resources() -> Path:
    """Return the ``resources`` folder of the installed cpca package without importing it."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or spec.origin is None:
        raise SystemExit("cpca is not installed: pip install cpca==0.5.5")
    return Path(spec.origin).parent / "resources"


def level_of(adcode: str) -> int | None:
    """Return PROVINCE, CITY or COUNTY for a 12-digit adcode, None below county level."""
    if adcode[2:].strip("0") == "":
        return PROVINCE
    if adcode[4:].strip("0") == "":
        return CITY
    if adcode[6:].strip("0") == "":
        return COUNTY
    return None


def read_divisions(path: Path) -> list[tuple[int, str]]:
    """Read (level, name) pairs of adcodes.csv, skipping township rows and placeholders."""
    divisions: set[tuple[int, str]] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            level = level_of(row["adcode"].strip())
            name = row["name"].strip()
            if level is not None and name and name not in PLACEHOLDERS:
                divisions.add((level, name))
    return sorted(divisions)


def ethnic_tokens(path: Path) -> tuple[str, ...]:
    """Ethnic names to strip before 自治..., longest first: 蒙古族, and 蒙古 without 族 if ≥ 2 chars."""
    tokens = {"各族"}
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.strip()
        if name:
            tokens.add(name)
            if len(name.removesuffix("族")) >= 2:
                tokens.add(name.removesuffix("族"))
    return tuple(sorted(tokens, key=lambda token: (-len(token), token)))


def strip_ethnic(stem: str, tokens: Iterable[str]) -> str | None:
    """Strip trailing ethnic names (宁夏回族 -> 宁夏); None if the stem is only an ethnic name."""
    while True:
        token = next((t for t in tokens if stem.endswith(t)), None)
        if token is None:
            return stem
        rest = stem.removesuffix(token)
        if not rest:
            return None
        if len(rest) < 2:  # 内蒙古 is a name, not 内 + 蒙古
            return stem
        stem = rest


def short_form(name: str, tokens: Iterable[str]) -> str | None:
    """Return the short form of a full division name, or None if there is no usable one."""
    stem: str | None = SHORT_FORM_OVERRIDES.get(name)
    if stem is None:
        stem = next(
            (name.removesuffix(s) for s in SUFFIXES if name.endswith(s) and len(name) - len(s) >= 2),
            None,
        )
    if stem is not None and ("自治" in name or "族" in name):
        stem = strip_ethnic(stem, tokens)
    if stem is None or len(stem) < 2 or stem in STOP_WORDS:
        return None
    return stem


def build_aliases(divisions: list[tuple[int, str]], tokens: tuple[str, ...]) -> dict[str, str]:
    """Map unambiguous short forms to full names; the higher level wins, same-level ties drop."""
    terms = {name for _, name in divisions} | set(EXTRA_TERMS)
    candidates: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for level, name in divisions:
        short = short_form(name, tokens)
        if short is not None and short not in terms:
            candidates[short][level].add(name)
    aliases: dict[str, str] = {}
    for short, by_level in candidates.items():
        names = by_level[min(by_level)]
        if len(names) == 1:
            aliases[short] = next(iter(names))
    return dict(sorted(aliases.items()))


def build_terms(divisions: list[tuple[int, str]]) -> list[str]:
    """All full names plus the country/region names, without stop words, deduplicated and sorted."""
    names = {name for _, name in divisions} | set(EXTRA_TERMS)
    return sorted(names - STOP_WORDS)


class _Folded(str):
    """A string written as a folded block scalar (``>-``)."""


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents block sequences under their key and folds ``_Folded`` strings."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_folded(dumper: yaml.SafeDumper, data: _Folded) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=">")


_Dumper.add_representer(_Folded, _represent_folded)


def dump(data: dict[str, Any], indent: str = "") -> str:
    """Dump a mapping as block YAML (keys in the given order), each line prefixed by ``indent``."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "".join(indent + line for line in text.splitlines(keepends=True))


def header(version: str) -> dict[str, Any]:
    """The descriptive top-level keys of the lexicon."""
    description = (
        "LOC gazetteer: full names of China's provinces, prefecture-level divisions (cities, 地区, "
        "自治州, 盟) and county-level divisions (districts, counties, county-level cities, 旗), plus "
        "中国, 香港, 澳门, 台湾. Aliases map short forms (suffix 省/市/自治区/特别行政区/地区/自治州/盟/"
        "县/区/自治县, also 自治旗/新区/矿区/特区, stripped; ethnic names before 自治… stripped) "
        "and one-character abbreviations "
        "(穗, 沪, 粤, ...) to the full name. A short form shared by two divisions of the same level is "
        "dropped as ambiguous; across levels the higher division wins (province > city > county), "
        "so 吉林 -> 吉林省 (not 吉林市) and 朝阳 -> 朝阳市 (not 朝阳区). Short forms and names that are "
        "common words in policy prose (新建, 惠民, 共和, 中方, ...) are left out, and so are the full "
        "names 城区, 郊区, 矿区, 东区, 西区, 老城区, 古城区, 新城区 (STOP_WORDS in the script) and "
        "placeholder rows (市辖区, 县, 省直辖县级行政区划)."
    )
    source = (
        f"Generated from adcodes.csv of the PyPI package cpca {version} (cpca/resources/adcodes.csv, "
        "a snapshot of the administrative divisions from about 2016: it still lists 莱芜市 and "
        "那曲地区). Do not edit by hand; refresh with `python tools/build_places.py`."
    )
    return {
        "lexicon": "places",
        "description": _Folded(description),
        "source": _Folded(source),
        "tag": "ns",
        "segment": True,
    }


def render(terms: list[str], aliases: dict[str, str], version: str) -> str:
    """Render the whole places.yaml text."""
    unknown = sorted(set(ONE_CHAR_ALIASES.values()) - set(terms))
    if unknown:
        raise SystemExit(f"one-character aliases point to unknown terms: {unknown}")
    return (
        "# Generated by tools/build_places.py - do not edit by hand.\n"
        + dump(header(version))
        + dump({"terms": terms})
        + "aliases:\n"
        + "  # one-character historical abbreviations (the extractor uses them only in context)\n"
        + dump(dict(sorted(ONE_CHAR_ALIASES.items())), indent="  ")
        + "  # short form -> full name\n"
        + dump(aliases, indent="  ")
    )


def build() -> str:
    """Read the cpca data and return the text of places.yaml."""
    resources = cpca_resources()
    divisions = read_divisions(resources / "adcodes.csv")
    tokens = ethnic_tokens(resources / "56_nations.csv")
    version = importlib.metadata.version("cpca")
    return render(build_terms(divisions), build_aliases(divisions, tokens), version)


def main(argv: list[str]) -> int:
    """Write places.yaml to the path given as the only argument, or to the default path."""
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(build(), encoding="utf-8", newline="\n")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
