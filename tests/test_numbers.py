"""Table tests for pipeline.numbers."""

from __future__ import annotations

import pytest

from pipeline.numbers import parse_number, parse_ordinal, parse_percent_word, parse_vague

NUMBERS: list[tuple[str, float | None]] = [
    # Arabic
    ("2900", 2900),
    ("1,234.5", 1234.5),
    ("1，234", 1234),
    ("1,234,567", 1234567),
    ("0.02", 0.02),
    ("２０２４", 2024),
    ("３３．５", 33.5),
    ("１，２３４", 1234),
    ("-2.1", -2.1),
    ("－3", -3),
    (".5", 0.5),
    ("4.800", 4.8),
    ("  12  ", 12),
    # Chinese cardinals
    ("零", 0),
    ("一", 1),
    ("十", 10),
    ("十三", 13),
    ("二十", 20),
    ("两", 2),
    ("一百零一", 101),
    ("一百一十", 110),
    ("一百十", 110),
    ("一千二百三十四", 1234),
    ("三千零五十", 3050),
    ("一千零五", 1005),
    ("一万零五", 10005),
    ("十万", 100000),
    ("一百万", 1_000_000),
    ("一亿二千万", 120_000_000),
    ("一亿零五", 100_000_005),
    ("一万五千亿", 1.5e12),
    ("二十一万亿", 2.1e13),
    ("四万万", 4e8),
    ("百万", 1e6),
    ("千万", 1e7),
    ("百亿", 1e10),
    ("千亿", 1e11),
    ("一百零十万", 1_100_000),
    ("负三十二", -32),
    # digit sequences
    ("二〇二四", 2024),
    ("一九九八", 1998),
    ("二零零五", 2005),
    # colloquial abbreviation
    ("两千五", 2500),
    ("三万五", 35000),
    ("九百九", 990),
    ("千三", 1300),
    ("一亿五", 150_000_000),
    # financial and traditional forms
    ("壹佰伍拾", 150),
    ("肆佰陸拾", 460),
    ("兩千貳百", 2200),
    ("拾萬零五十六", 100056),
    ("五億零六", 500_000_006),
    ("參拾", 30),
    ("廿", 20),
    ("廿三", 23),
    # Arabic with units and magnitudes
    ("1.2万", 12000),
    ("3千", 3000),
    ("2.5亿", 250_000_000),
    ("33.5万亿", 3.35e13),
    ("1.1亿", 110_000_000),
    ("0.07万", 700),
    ("１１.92亿", 1_192_000_000),
    ("1,100.9亿", 110_090_000_000),
    ("5万4千6百", 54600),
    ("3万4000", 34000),
    ("1千零20", 1020),
    ("-1.5亿", -150_000_000),
    # Chinese decimals
    ("三点一四", 3.14),
    ("零点五", 0.5),
    ("二十三点二三万", 232300),
    ("负一点一", -1.1),
    ("一百點五", 100.5),
    # not numerals
    ("", None),
    ("   ", None),
    ("-", None),
    ("1，23", None),
    ("12,34", None),
    ("1,", None),
    ("1.2.3", None),
    ("100多", None),
    ("三十余", None),
    ("数十", None),
    ("几百", None),
    ("万", None),
    ("亿", None),
    ("万亿", None),
    ("亿万", None),
    ("一亿万", None),
    ("两两", None),
    ("五十千", None),
    ("十百", None),
    ("一千零", None),
    ("两百点两", None),
    ("1 2", None),
    ("2e5", None),
    ("40k", None),
    ("五兆", None),
    ("一切", None),
    ("四川", None),
    ("1千20", None),
    ("3五", None),
]

VAGUE: list[tuple[str, tuple[float, float] | None]] = [
    ("数十", (10, 100)),
    ("数百", (100, 1000)),
    ("数十亿", (1e9, 1e10)),
    ("几百", (100, 1000)),
    ("几十万", (1e5, 1e6)),
    ("数万", (1e4, 1e5)),
    ("数百万", (1e6, 1e7)),
    ("數千萬", (1e7, 1e8)),
    ("上千", (1000, 10000)),
    ("上万", (1e4, 1e5)),
    ("上亿", (1e8, 1e9)),
    ("数万亿", (1e12, 1e13)),
    ("数", None),
    ("几", None),
    ("十", None),
    ("数十几", None),
    ("几亿万", None),
    ("数三", None),
    ("三十", None),
]

PERCENT_WORDS: list[tuple[str, float | None]] = [
    ("八成", 80),
    ("两成", 20),
    ("十成", 100),
    ("9.5成", 95),
    ("２成", 20),
    ("百分之三十", 30),
    ("百分之5.3", 5.3),
    ("百分之百", 100),
    ("百分之一百二十点五", 120.5),
    ("百分之1,669", 1669),
    ("千分之五", 0.5),
    ("万分之一", 0.01),
    ("萬分之肆", 0.04),
    ("十分之一", 10),
    ("三分之一", 100 / 3),
    ("五分之二", 40),
    ("百万分之五", 5e-4),
    ("１６分之5", 31.25),
    ("近八成", None),
    ("三成五", None),
    ("十一成", None),
    ("零成", None),
    ("成", None),
    ("二分之", None),
    ("分之一", None),
    ("零分之一", None),
    ("百分之", None),
    ("百分之二三十", None),
    ("5%", None),
    ("八折", None),
]

ORDINALS: list[tuple[str, float | None]] = [
    ("第8", 8),
    ("第三", 3),
    ("第十四", 14),
    ("第一百零一", 101),
    ("第２", 2),
    ("第２５０", 250),
    ("第3万", 30000),
    (" 第一 ", 1),
    ("三", None),
    ("第", None),
    ("第0", None),
    ("第-1", None),
    ("第1.5", None),
    ("第一名", None),
]


def _approx(expected: float | None) -> object:
    return None if expected is None else pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == _approx(expected)


@pytest.mark.parametrize(("text", "expected"), VAGUE)
def test_parse_vague(text: str, expected: tuple[float, float] | None) -> None:
    assert parse_vague(text) == (None if expected is None else pytest.approx(expected, rel=1e-9))


@pytest.mark.parametrize(("text", "expected"), PERCENT_WORDS)
def test_parse_percent_word(text: str, expected: float | None) -> None:
    assert parse_percent_word(text) == _approx(expected)


@pytest.mark.parametrize(("text", "expected"), ORDINALS)
def test_parse_ordinal(text: str, expected: float | None) -> None:
    assert parse_ordinal(text) == _approx(expected)


@pytest.mark.parametrize("text", ["1.1亿", "0.07万", "2.5亿", "33.5万亿", "1,100.9亿"])
def test_decimal_times_magnitude_is_exact(text: str) -> None:
    value = parse_number(text)
    assert value is not None
    assert value == float(round(value))


def test_results_are_floats() -> None:
    assert type(parse_number("3")) is float
    assert type(parse_percent_word("八成")) is float
    assert type(parse_ordinal("第三")) is float
