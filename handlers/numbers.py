"""Reading numbers the way Thai officers type them: 1,250 · ๑,๒๕๐ · 12 ราย · 45% · 1.2 ล้าน · ไม่มี.

Reading is strict: grouping separators must sit every three digits (Babel's ``th`` locale,
``strict=True``), so ``12,50`` is asked back instead of being read as 1250. Reading a text
(``read_number``) and judging it against an indicator's value type (``check_value``) are separate
steps; both raise ``NumberError`` whose ``reason`` is a code the dialogue turns into Thai.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import NumberFormatError, parse_decimal

from models.parsing import NIL_WORDS, normalize_digits
from models.value_types import ValueType, kind_of

MAX_VALUE = Decimal("1000000000000")  # one trillion: larger is a typing mistake
_NUMBER = re.compile(
    r"^(?P<prefix>ร้อยละ)?\s*(?P<sign>[-+−]?)\s*(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<tail>%|[\u0E01-\u0E4F.]+(?:\s+[\u0E01-\u0E4F.]+)?|[mM])?$"
)
# Scale words, and the unit some of them imply (ลบ. = ล้านบาท).
SCALES: dict[str, tuple[int, str | None]] = {
    "ล้านบาท": (1_000_000, "บาท"),
    "ลบ.": (1_000_000, "บาท"),
    "ล้าน": (1_000_000, None),
    "แสน": (100_000, None),
    "หมื่น": (10_000, None),
    "พัน": (1_000, None),
    "m": (1_000_000, None),
}
PERCENT_WORDS = ("%", "ร้อยละ")
# Two counts in one answer: "12/40", "12 จาก 40" (models.value_types: a `count_rate`).
_COUNTS = re.compile(r"^(?P<num>[^/]+?)\s*(?:/|จาก)\s*(?P<den>[^/]+)$")


class NumberError(ValueError):
    """Why a text is not an acceptable number. ``reason`` is one of 'empty', 'not_number',
    'grouping' (ambiguous separators; ``suggestions`` holds the readings Babel offers),
    'negative', 'too_large', 'not_whole', 'over_100', 'scale'; for two counts 'counts' (one number
    typed), 'zero_denominator', 'numerator_over'."""

    def __init__(self, reason: str, suggestions: tuple[str, ...] = ()):
        super().__init__(reason)
        self.reason = reason
        self.suggestions = suggestions


@dataclass(frozen=True)
class Reading:
    """A number as typed: its value (scale applied, sign kept), the unit typed after it
    ('ร้อยละ' for %), whether a scale word multiplied it, and whether it was a word for nothing."""

    value: Decimal
    unit: str | None = None
    scaled: bool = False
    nil: bool = False


def _unit_word(word: str) -> str:
    word = " ".join(word.split())
    return "ร้อยละ" if word in PERCENT_WORDS else word


def _scale(tail: str, own_unit: str | None) -> tuple[int, str | None]:
    """(factor, unit) of what follows the number: '1.2 ล้าน' → (10⁶, None), '3 ลบ.' → (10⁶, 'บาท'),
    '12 ราย' → (1, 'ราย'). The indicator's own unit is never read as a scale (unit ล้านบาท)."""
    if not tail or (own_unit and _unit_word(tail) == _unit_word(own_unit)):
        return 1, _unit_word(tail) if tail else None
    lowered = tail.lower()
    for word, (factor, implied) in SCALES.items():
        if lowered == word:
            return factor, implied
        rest = tail[len(word) :]
        if lowered.startswith(word) and (rest[:1].isspace() or rest.strip() in ("บาท", "ลบ.")):
            return factor, _unit_word(rest) if rest.strip() != "ลบ." else "บาท"
    return 1, _unit_word(tail)


def read_number(text: str | None, own_unit: str | None = None) -> Reading:
    """Read a typed number strictly; raise NumberError ('empty', 'not_number', 'grouping',
    'too_large'). Judging it against a value type is ``check_value``'s job."""
    cleaned = " ".join(normalize_digits((text or "").replace("\u00a0", " ")).split())
    if not cleaned:
        raise NumberError("empty")
    if cleaned in NIL_WORDS:
        return Reading(Decimal(0), nil=True)
    match = _NUMBER.match(cleaned)
    if not match:
        raise NumberError("not_number")
    try:
        value = parse_decimal(match.group("num"), locale="th", strict=True)
    except NumberFormatError as error:
        raise NumberError("grouping", tuple(getattr(error, "suggestions", None) or ())) from error
    factor, unit = _scale(match.group("tail") or "", own_unit)
    if match.group("prefix"):
        if unit not in (None, "ร้อยละ"):
            raise NumberError("not_number")
        unit = "ร้อยละ"
    if match.group("sign") in ("-", "−"):
        value = -value
    value *= factor
    if abs(value) > MAX_VALUE:
        raise NumberError("too_large")
    value = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize() + Decimal(0)
    return Reading(value, unit, factor != 1)


def check_value(reading: Reading, value_type: str) -> Decimal:
    """The value if the indicator's value type allows it (its declaration in models.value_types);
    NumberError ('negative', 'not_whole', 'over_100', 'scale') otherwise."""
    kind = kind_of(value_type)
    value = reading.value
    if reading.scaled and not kind.scalable:
        raise NumberError("scale")
    if value < 0 and not kind.negative:
        raise NumberError("negative")
    if kind.implausible(value):
        raise NumberError("over_100")
    if kind.whole and value != value.to_integral_value():
        raise NumberError("not_whole")
    return value


def read_counts(text: str | None) -> tuple[Decimal, Decimal]:
    """Two counts typed as "12/40" or "12 จาก 40" (Thai digits, separators as in read_number):
    whole, not negative, the first not above the second, the second not 0. NumberError otherwise
    ('counts' when it is not two numbers)."""
    cleaned = " ".join(normalize_digits((text or "").replace("\u00a0", " ")).split())
    if not cleaned:
        raise NumberError("empty")
    match = _COUNTS.match(cleaned)
    if not match:
        raise NumberError("counts")
    whole = ValueType.WHOLE.value
    numerator = check_value(_plain(match.group("num")), whole)
    denominator = check_value(_plain(match.group("den")), whole)
    if denominator == 0:
        raise NumberError("zero_denominator")
    if numerator > denominator:
        raise NumberError("numerator_over")
    return numerator, denominator


def _plain(text: str) -> Reading:
    reading = read_number(text)
    if reading.nil:
        raise NumberError("counts")
    return reading


def unit_differs(reading: Reading, unit_label: str) -> bool:
    """The officer typed a unit, and it is not the indicator's (ร้อยละ and % are the same)."""
    return reading.unit is not None and reading.unit != _unit_word(unit_label)


def format_number(value: Decimal | int | float | None, *, digits: int | None = None) -> str:
    """1250 → '1,250'; 1250.5 → '1,250.5'; None → '-'."""
    if value is None:
        return "-"
    value = Decimal(value)
    if digits is not None:
        return f"{value:,.{digits}f}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text


_CHOICE = re.compile(r"[0-9]{1,6}")


def parse_choice(text: str | None) -> int | None:
    """A list number typed by the user ('3', '๓'); None for anything else (also '²', '3a')."""
    cleaned = normalize_digits((text or "").strip())
    return int(cleaned) if _CHOICE.fullmatch(cleaned) else None
