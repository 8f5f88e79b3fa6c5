"""Checks of the place lexicons: rules/lexicons/places.yaml (generated) and regions.yaml (hand-written)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "build_places.py"
PLACES = ROOT / "rules" / "lexicons" / "places.yaml"
REGIONS = ROOT / "rules" / "lexicons" / "regions.yaml"
TOP_LEVEL_KEYS = {"lexicon", "description", "source", "tag", "segment", "terms", "aliases"}


def load_script() -> ModuleType:
    """Import tools/build_places.py (not a package) without running it."""
    spec = importlib.util.spec_from_file_location("build_places", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def places() -> dict[str, Any]:
    return load(PLACES)


@pytest.fixture(scope="module")
def regions() -> dict[str, Any]:
    return load(REGIONS)


def test_places_yaml_is_what_the_script_builds(tmp_path: Path) -> None:
    pytest.importorskip("cpca", reason="cpca is not installed: places.yaml cannot be regenerated")
    out = tmp_path / "places.yaml"
    subprocess.run([sys.executable, str(SCRIPT), str(out)], check=True, capture_output=True)
    # compared as data, not bytes: PyYAML's layout may change between its versions
    assert load(out) == load(PLACES), "stale: run `python tools/build_places.py`"


@pytest.mark.parametrize("path", [PLACES, REGIONS], ids=["places", "regions"])
def test_shape(path: Path) -> None:
    data = load(path)
    assert set(data) == TOP_LEVEL_KEYS
    assert data["lexicon"] == path.stem
    assert data["tag"] == "ns"
    assert data["segment"] is True
    assert data["description"].strip() and data["source"].strip()
    assert isinstance(data["terms"], list) and isinstance(data["aliases"], dict)


def test_places_terms_sorted_and_unique(places: dict[str, Any]) -> None:
    assert places["terms"] == sorted(set(places["terms"]))
    assert {"中国", "香港", "澳门", "台湾", "广东省", "广州市", "天河区"} <= set(places["terms"])


@pytest.mark.parametrize(
    ("short", "full"), [("广州", "广州市"), ("穗", "广州市"), ("吉林", "吉林省"), ("内蒙古", "内蒙古自治区")]
)
def test_known_aliases(places: dict[str, Any], short: str, full: str) -> None:
    assert places["aliases"][short] == full


def test_no_alias_in_stop_list(places: dict[str, Any]) -> None:
    stop_words = load_script().STOP_WORDS
    assert {"城区", "长安", "市中", "江南"} <= stop_words
    assert not set(places["aliases"]) & stop_words
    assert not set(places["terms"]) & stop_words


@pytest.mark.parametrize("path", [PLACES, REGIONS], ids=["places", "regions"])
def test_alias_targets_are_terms(path: Path) -> None:
    data = load(path)
    assert set(data["aliases"].values()) <= set(data["terms"])
    assert not set(data["aliases"]) & set(data["terms"])


@pytest.mark.parametrize("path", [PLACES, REGIONS], ids=["places", "regions"])
def test_no_empty_or_whitespace(path: Path) -> None:
    data = load(path)
    words = [*data["terms"], *data["aliases"], *data["aliases"].values()]
    bad = [word for word in words if not isinstance(word, str) or not word or any(c.isspace() for c in word)]
    assert bad == []


def test_regions_do_not_repeat_places(places: dict[str, Any], regions: dict[str, Any]) -> None:
    place_words = set(places["terms"]) | set(places["aliases"])
    region_words = set(regions["terms"]) | set(regions["aliases"])
    assert len(regions["terms"]) == len(set(regions["terms"]))
    assert not place_words & region_words
