"""Conformance of `pipeline.numbers` with the numeral cases of peer test suites.

Loaded: Recognizers-Text Chinese NumberModel / OrdinalModel / PercentModel, WeTextProcessing
itn-chinese cardinal / number / fraction, and NeMo zh (both directions) cardinal / decimal /
ordinal / fraction. Whole-file range and unit models (NumberRangeModel*, NumberWithUnit) are
not loaded: every case in them is a range or a quantity with a unit.

Each case names one numeral text and its expected value. `classify` puts the cases this
module deliberately does not handle into an `OUT_OF_SCOPE` category; those are run as
strict xfails, so a case that starts passing forces a re-classification.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pipeline.numbers import parse_number, parse_ordinal, parse_percent_word

SUITES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "suites"
if not SUITES.is_dir():
    pytest.skip(f"peer suites not found at {SUITES}", allow_module_level=True)

# float: the value; None: not a numeral; tuple: several numerals in one input;
# str: a written form that has no single value (range, code, rewritten sentence).
Expected = float | tuple[float, ...] | str | None

OUT_OF_SCOPE: dict[str, str] = {
    "several_numbers": "several numerals in one input: spotting them in a sentence is the caller's job",
    "sentence": "numeral embedded in running text that the suite rewrites as a whole",
    "range": "colloquial range (三五百, 十五六) has two values",
    "code": "digit codes: IP addresses, radio digits 洞/拐",
    "spaced": "spaces inside the numeral; the caller normalises spacing",
    "qualifier": "approximation qualifier 余/多/几 inside the numeral; the caller strips it",
    "notation": "scientific, power or SI-suffix notation (2e5, 2^5, 40k)",
    "zhao": "兆 is ambiguous (10^6 or 10^12) and not accepted",
    "lexical_quantity": "打 (dozen) and 半 (half) are words, not numerals",
    "mixed_fraction": "whole number plus fraction joined by 又",
    "slash_fraction": "Arabic a/b fractions are not percent words",
    "discount": "折 discount rates are not percent words",
    "signed_fraction": "negative fractions and percent words (负三分之一)",
    "fraction_convention": "the suite values only 百/千/万分之 as percent;"
    " parse_percent_word values any X分之Y",
    "trailing_digit_convention": "the suite reads 一千一百一 as 1101; we read a trailing digit after a unit"
    " as abbreviated (1110), as Recognizers-Text does",
}

# Text features of the out-of-scope categories, tried in this order.
_TEXT_FEATURES: dict[str, re.Pattern[str]] = {
    "spaced": re.compile(r"\S\s+\S"),
    "qualifier": re.compile(r"[余餘多几幾]"),
    "notation": re.compile(r"[0-9.０-９][eEｅＥ^kKｋＫmMｍＭ]"),
    "zhao": re.compile(r"兆"),
    "lexical_quantity": re.compile(r"[打半]"),
    "mixed_fraction": re.compile(r"又"),
    "slash_fraction": re.compile(r"[/／]"),
    "discount": re.compile(r"折$"),
    "signed_fraction": re.compile(r"^[-－负負].*分之|分之[-－负負]"),
    "code": re.compile(r"[洞拐]"),
}
# A written form with Han characters other than numeral words is a rewritten sentence.
_SENTENCE = re.compile(r"[^\x00-\x7f又分之百千万萬亿億第负負]")
_WRITTEN_FEATURES: dict[str, re.Pattern[str]] = {
    "range": re.compile(r"[~～]|[0-9]-[0-9]"),
    "code": re.compile(r"[0-9]\.[0-9]+\.[0-9]"),
}
_NOT_POWER_OF_TEN_FRACTION = re.compile(r"(?![百千万萬佰仟]+分之)[^分]+分之")
_TRAILING_DIGIT = re.compile(r"[百佰千仟万萬亿億][一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖]$")
_PERCENT_UNITS = ("%", "％", "个百分点", "個百分點")


@dataclass(frozen=True)
class Case:
    """One numeral text, the function family that values it, and its expected value."""

    suite: str
    index: int
    text: str
    kind: str  # "number", "ordinal" or "percent" (value in percent)
    expected: Expected


def classify(case: Case) -> str | None:
    """Out-of-scope category of a case, or None when it is in scope."""
    if isinstance(case.expected, tuple):
        return "several_numbers"
    if case.expected is None:
        is_fraction = case.kind == "percent" and _NOT_POWER_OF_TEN_FRACTION.match(case.text)
        return "fraction_convention" if is_fraction else None
    written = case.expected if isinstance(case.expected, str) else ""
    if _SENTENCE.search(written):
        return "sentence"
    numeral = _numeral(case)
    category = next((name for name, rx in _TEXT_FEATURES.items() if rx.search(numeral)), None)
    if category is not None:
        return category
    if written:
        return next((name for name, rx in _WRITTEN_FEATURES.items() if rx.search(written)), "sentence")
    if _TRAILING_DIGIT.search(case.text) and case.expected % 10:
        return "trailing_digit_convention"
    return None


def evaluate(case: Case) -> float | None:
    """Value the case text with the public function for its kind."""
    if case.kind == "ordinal":
        return parse_ordinal(case.text)
    if case.kind == "percent" and _numeral(case) != case.text:
        return parse_number(_numeral(case))
    if case.kind == "percent":
        return parse_percent_word(case.text)
    return parse_number(case.text)


def _numeral(case: Case) -> str:
    """The numeral of a percent case written with a unit (`5%`, `六个百分点`), else the text."""
    unit = next((u for u in _PERCENT_UNITS if case.text.endswith(u)), None)
    if case.kind != "percent" or unit is None:
        return case.text
    return case.text.removesuffix(unit).strip()


# --- loaders -------------------------------------------------------------------------------

_WRITTEN_NUMBER = re.compile(r"([-负負]?)([0-9][0-9,]*(?:\.[0-9]+)?)([万萬亿億]?)([0-9]*)")
_WRITTEN_MAGNITUDES = {"": 1, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


def _written_number(text: str) -> Decimal | None:
    """Independent oracle for written Arabic forms: `-1,000.5`, `1万`, `100万1111`."""
    match = _WRITTEN_NUMBER.fullmatch(text)
    if match is None:
        return None
    sign, digits, magnitude, tail = match.groups()
    value = Decimal(digits.replace(",", "")) * _WRITTEN_MAGNITUDES[magnitude] + Decimal(tail or 0)
    return -value if sign else value


def _written(text: str) -> tuple[str, Expected]:
    """Kind and value of a written (Arabic) form; the value is `text` itself if it has none."""
    kind, body = "number", text
    if text.startswith("第"):
        kind, body = "ordinal", text[1:]
    elif text.endswith("%"):
        kind, body = "percent", text[:-1]
    elif text.startswith("百分之"):
        kind, body = "percent", text[3:]
    elif text.count("/") == 1 and "又" not in text:
        numerator, denominator = (_written_number(part) for part in text.split("/"))
        if numerator is not None and denominator:
            return "percent", float(numerator * 100 / denominator)
    value = _written_number(body)
    return kind, (text if value is None else float(value))


def _resolution(result: dict[str, Any]) -> float:
    return float(Decimal(result["Resolution"]["value"].rstrip("%")))


def _recognizers(model: str, kind: str) -> Iterator[Case]:
    path = SUITES / "recognizers" / "Number" / "Chinese" / f"{model}.json"
    for index, spec in enumerate(json.loads(path.read_text(encoding="utf-8-sig"))):
        text, results = spec["Input"], spec["Results"]
        if len(results) != 1:
            expected = tuple(_resolution(r) for r in results) if results else None
            yield Case(f"recognizers/{model}", index, text, kind, expected)
            continue
        text = text[results[0]["Start"] : results[0]["End"] + 1]
        value = _resolution(results[0])
        if kind == "number" and "分之" in text:
            yield Case(f"recognizers/{model}", index, text, "percent", value * 100)
        else:
            yield Case(f"recognizers/{model}", index, text, kind, value)


def _pairs(path: Path, separator: str) -> Iterator[tuple[int, str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if separator in line:
            left, right = line.split(separator, 1)
            yield index, left.strip(), right.strip()


def _wetext(name: str) -> Iterator[Case]:
    path = SUITES / "other" / "wetextprocessing" / "itn-chinese" / f"{name}.txt"
    for index, spoken, written in _pairs(path, "=>"):
        kind, expected = _written(written)
        yield Case(f"wetext/itn/{name}", index, spoken, kind, expected)


def _nemo(direction: str, name: str) -> Iterator[Case]:
    folder = "data_inverse_text_normalization" if direction == "itn" else "data_text_normalization"
    path = SUITES / "other" / "nemo-text-processing-zh" / folder / f"test_cases_{name}.txt"
    for index, left, right in _pairs(path, "~"):
        spoken, written = (left, right) if direction == "itn" else (right, left)
        kind, expected = _written(written)
        yield Case(f"nemo/{direction}/{name}", index, spoken, kind, expected)


def _all_cases() -> Iterator[Case]:
    yield from _recognizers("NumberModel", "number")
    yield from _recognizers("OrdinalModel", "ordinal")
    yield from _recognizers("PercentModel", "percent")
    for name in ("cardinal", "number", "fraction"):
        yield from _wetext(name)
    for direction in ("itn", "tn"):
        for name in ("cardinal", "decimal", "ordinal", "fraction"):
            yield from _nemo(direction, name)


def _param(case: Case) -> Any:
    category = classify(case)
    marks = [] if category is None else [pytest.mark.xfail(reason=OUT_OF_SCOPE[category], strict=True)]
    return pytest.param(case, id=f"{case.suite}#{case.index}:{category or 'in_scope'}", marks=marks)


CASES = list(_all_cases())


def test_categories_are_declared() -> None:
    assert {classify(case) for case in CASES} - {None} <= OUT_OF_SCOPE.keys()


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_suite_case(case: Case) -> None:
    actual = evaluate(case)
    expected = case.expected
    if isinstance(expected, float):
        assert actual == pytest.approx(expected, rel=1e-9, abs=1e-12)
    else:
        assert expected is None, f"no single value: {expected!r}"
        assert actual is None
