"""Values of Chinese and Arabic numeral strings.

Pure functions, standard library only. Arithmetic is done in `Decimal` and converted
to `float` once at the end, so `1.1亿` is exactly 110000000.0.

Grammar accepted by `parse_number` (after stripping outer whitespace):

* Arabic: `2900`, `1,234.5`, `1，234` (a comma must be followed by exactly three
  digits), `.5`, full-width digits and `．`;
* Chinese digit sequences: `二〇二四` -> 2024 (两 is never a sequence digit);
* Chinese cardinals: `一千二百三十四`, `一万零五`, `十万`, `一亿二千万`, financial
  forms (壹贰叁…拾佰仟, 萬/億), 廿/卅, and the colloquial one-digit abbreviation
  after the last unit (`两千五` -> 2500, `三万五` -> 35000);
* Arabic mixed with units and magnitudes: `1.2万`, `3千`, `33.5万亿`, `5万4千6百`;
* Chinese decimals: `三点一四`, `二十三点二三万`;
* an optional sign: `-`, `－`, `−`, `负`, `負`.

Anything else (qualifiers such as 多/余, units, spaces inside the numeral, 兆,
scientific notation) gives None: callers strip qualifiers and units first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

# Chinese digits; 零 and 〇 are the zero that marks a gap inside a cardinal.
_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "壹": 1,
    "幺": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "俩": 2,
    "倆": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "叄": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
# "Two" words that only count (两千), never spell digits (二〇二四, 三点二).
_COUNTING_ONLY: frozenset[str] = frozenset("两兩俩倆")
# Units inside a 万-section.
_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_WAN: frozenset[str] = frozenset("万萬")
_YI: frozenset[str] = frozenset("亿億")
_MAGNITUDE_CHARS: frozenset[str] = frozenset(_UNITS) | _WAN | _YI
_WAN_VALUE = Decimal(10_000)
_YI_VALUE = Decimal(100_000_000)
# Shorthands rewritten before parsing.
_SHORTHANDS: dict[str, str] = {"廿": "二十", "卅": "三十"}
# Full-width digits and punctuation to ASCII; the comma rule is checked afterwards.
_TO_ASCII = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "，": ",", "－": "-", "−": "-"}
)
_SIGNS: frozenset[str] = frozenset("-负負")
_DECIMAL_POINTS: frozenset[str] = frozenset("点點")
_VAGUE_PREFIXES: frozenset[str] = frozenset("数數几幾上")

_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]+)?")
_TOKEN = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?|.", re.DOTALL)
_PERCENT_UNIT = Decimal(100)

_Parser = Callable[[str], Decimal | None]


def parse_number(text: str) -> float | None:
    """Return the value of a numeral string, or None if `text` is not a numeral."""
    negative, body = _split_sign(_normalise(text))
    value = _parse_unsigned(body)
    if value is None:
        return None
    return float(-value if negative else value)


def parse_vague(text: str) -> tuple[float, float] | None:
    """Return the interval of a vague magnitude such as `数十亿` or `上千`.

    Convention: a prefix 数/几/上 before a magnitude M (十, 百万, 万亿, …) means
    the half-open interval [M, 10·M), so `数十` -> (10, 100), `几十万` -> (1e5, 1e6).
    """
    body = _normalise(text)
    if len(body) < 2 or body[0] not in _VAGUE_PREFIXES:
        return None
    magnitude = _multiplier(body[1:])
    if magnitude is None or magnitude < 10:
        return None
    return float(magnitude), float(magnitude * 10)


def parse_percent_word(text: str) -> float | None:
    """Return the percent value of `八成` (80), `百分之5.3` (5.3), `三分之一` (33.33…)."""
    body = _normalise(text)
    if body.endswith("成"):
        tenths = _parse_unsigned(body[:-1])
        if tenths is None or not 0 < tenths <= 10:
            return None
        return float(tenths * 10)
    denominator_text, sep, numerator_text = body.partition("分之")
    if not sep:
        return None
    denominator = _parse_unsigned(denominator_text) or _multiplier(denominator_text)
    numerator = _parse_unsigned(numerator_text)
    if not denominator or numerator is None:
        return None
    return float(numerator * _PERCENT_UNIT / denominator)


def parse_ordinal(text: str) -> float | None:
    """Return n for an ordinal `第n` (`第8`, `第三`, `第一百零一`), else None."""
    body = _normalise(text)
    if not body.startswith("第"):
        return None
    value = _parse_unsigned(body[1:])
    if value is None or value < 1 or value != value.to_integral_value():
        return None
    return float(value)


def _normalise(text: str) -> str:
    """Strip outer whitespace, map full-width characters to ASCII, expand 廿/卅."""
    body = text.strip().translate(_TO_ASCII)
    for short, full in _SHORTHANDS.items():
        body = body.replace(short, full)
    return body


def _split_sign(body: str) -> tuple[bool, str]:
    """Split a leading minus sign (`-`, 负, 負) from the numeral."""
    if body[:1] in _SIGNS:
        return True, body[1:]
    return False, body


def _parse_unsigned(body: str) -> Decimal | None:
    """Value of an unsigned numeral of any accepted form."""
    if not body:
        return None
    if _ARABIC.fullmatch(body):
        return _arabic(body)
    if _is_digit_sequence(body):
        return Decimal("".join(str(_DIGITS[ch]) for ch in body))
    if any(ch in _DECIMAL_POINTS for ch in body):
        return _chinese_decimal(body)
    return _cardinal(body)


def _arabic(body: str) -> Decimal | None:
    """Value of an Arabic numeral already matched by `_ARABIC` (may be empty or `.`)."""
    digits = body.replace(",", "")
    if not any(ch.isdigit() for ch in digits):
        return None
    return Decimal(digits)


def _is_digit_sequence(body: str) -> bool:
    """True for digit-by-digit Chinese numerals such as 二〇二四."""
    return all(ch in _DIGITS and ch not in _COUNTING_ONLY for ch in body)


def _chinese_decimal(body: str) -> Decimal | None:
    """Value of `<integer>点<digits>[<magnitude>]`, e.g. 二十三点二三万."""
    point = next(i for i, ch in enumerate(body) if ch in _DECIMAL_POINTS)
    integer_text, rest = body[:point], body[point + 1 :]
    split = len(rest)
    while split and rest[split - 1] in _MAGNITUDE_CHARS:
        split -= 1
    fraction_text, suffix = rest[:split], rest[split:]
    if not fraction_text or not _is_digit_sequence(fraction_text) or "." in integer_text:
        return None
    integer = _parse_unsigned(integer_text)
    multiplier = _multiplier(suffix) if suffix else Decimal(1)
    if integer is None or multiplier is None:
        return None
    fraction = Decimal("0." + "".join(str(_DIGITS[ch]) for ch in fraction_text))
    return (integer + fraction) * multiplier


def _multiplier(suffix: str) -> Decimal | None:
    """Value of a bare magnitude word such as 十, 百万, 万亿 (None for 亿万)."""
    if not suffix or any(ch not in _MAGNITUDE_CHARS for ch in suffix):
        return None
    return _cardinal("一" + suffix)


def _cardinal(body: str) -> Decimal | None:
    """Cardinal up to the 亿 level: split at the first 亿 (亿亿 is not accepted)."""
    index = next((i for i, ch in enumerate(body) if ch in _YI), -1)
    if index < 0:
        return _below_yi(body)
    high = _below_yi(body[:index])
    low = _remainder(body[index + 1 :], _YI_VALUE, _below_yi)
    if not high or low is None:
        return None
    return high * _YI_VALUE + low


def _below_yi(body: str) -> Decimal | None:
    """Cardinal without 亿: split at the last 万, so 四万万 stacks to 4·10⁸."""
    index = max((i for i, ch in enumerate(body) if ch in _WAN), default=-1)
    if index < 0:
        return _section(body)
    high = _below_yi(body[:index])
    low = _remainder(body[index + 1 :], _WAN_VALUE, _section)
    if not high or low is None:
        return None
    return high * _WAN_VALUE + low


def _remainder(body: str, magnitude: Decimal, parse: _Parser) -> Decimal | None:
    """Part after a magnitude: empty, `零…`, one abbreviated digit (三万五), or < magnitude."""
    if not body:
        return Decimal(0)
    single = _single_digit(body)
    if single is not None and single > 0:
        return single * magnitude / 10
    stripped = body.lstrip("零〇")
    value = parse(stripped) if stripped else None
    if value is None or value >= magnitude:
        return None
    return value


def _single_digit(body: str) -> Decimal | None:
    """Value of a one-character digit (Chinese or Arabic), else None."""
    if len(body) != 1:
        return None
    if body.isascii() and body.isdigit():
        return Decimal(body)
    return Decimal(_DIGITS[body]) if body in _DIGITS else None


def _section(body: str) -> Decimal | None:
    """Cardinal below 万 made of digits, 零 and the units 十/百/千 (or Arabic runs)."""
    total, last_unit, after_zero = Decimal(0), 10_000, True
    pending: Decimal | None = None
    for token in _TOKEN.findall(body):
        if token in ("零", "〇"):
            if pending is not None:
                return None
            after_zero = True
        elif token in _UNITS:
            unit = _UNITS[token]
            count = _unit_count(pending, unit, after_zero)
            if count is None or unit >= last_unit:
                return None
            total, last_unit, after_zero = total + count * unit, unit, False
            pending = None
        else:
            value = _arabic(token) if _ARABIC.fullmatch(token) else _single_digit(token)
            if value is None or pending is not None:
                return None
            pending = value
    return _close_section(total, pending, last_unit, after_zero)


def _unit_count(pending: Decimal | None, unit: int, after_zero: bool) -> Decimal | None:
    """Count before a unit; a bare unit counts one at the start, after 零, or for 十 (一百十)."""
    if pending is not None:
        return pending
    return Decimal(1) if after_zero or unit == 10 else None


def _close_section(
    total: Decimal, pending: Decimal | None, last_unit: int, after_zero: bool
) -> Decimal | None:
    """Add the trailing count: as is after 零, abbreviated after a unit (两千五)."""
    if pending is None:
        return None if after_zero else total
    if after_zero:
        return total + pending
    if pending == pending.to_integral_value() and 0 < pending < 10:
        return total + pending * last_unit / 10
    return None
