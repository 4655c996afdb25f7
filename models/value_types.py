"""What kind of value an indicator takes: one declaration per value type, read by every layer.

A value type (`ValueKind`) says how a typed answer is judged (sign, ceiling, whole numbers, scale
words, two counts), how the values of several units combine in a report (added up, averaged, or
Σ numerators ÷ Σ denominators), what a reviewer should look at twice, and which hint the question
carries (a key: the Thai wording is the dialogues' own, in handlers/texts_values.py). The handlers
(reading answers, doubts), the review flags and the report queries read these declarations; adding
a value type is one more entry in ``KINDS`` and a test (and a migration only when storage changes).

The plan workbook's optional column `ชนิดค่า` names the value type in Thai (DESIGN.md §7). When it
is empty the type is inferred from the unit and the indicator's name: a percentage whose name
speaks of an increase or growth is a change (it may be negative), a name about a ratio is a ratio
(no upper bound), baht is an amount, measures such as ไร่ take decimals, and everything else is
counted in whole numbers. The column `เกณฑ์` says which way is better; empty, a name saying
"ไม่เกิน" makes lower better.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal


class ValueType(enum.StrEnum):
    """What a value of an indicator may be (DHIS2's value types, narrowed to what plans use)."""

    WHOLE = "whole"  # a count: whole number >= 0
    DECIMAL = "decimal"  # a measure: >= 0 with decimals
    PERCENTAGE = "percentage"  # 0-100
    RATIO = "ratio"  # >= 0, no upper bound
    CHANGE = "change"  # a change (growth, increase): may be negative
    AMOUNT = "amount"  # baht
    COUNT_RATE = "count_rate"  # #22: a percentage answered as two counts (numerator, denominator)


class Direction(enum.StrEnum):
    """Which way an indicator is better (plan column `เกณฑ์`)."""

    AT_LEAST = "at_least"  # ไม่น้อยกว่า: higher is better
    AT_MOST = "at_most"  # ไม่เกิน: lower is better


class Combine(enum.StrEnum):
    """How the values of several units (offices, divisions, provinces, the country) combine."""

    SUM = "sum"  # added up
    MEAN = "mean"  # the mean of the units' values (reports say so: "เฉลี่ยของหน่วยงาน")
    COUNTS = "counts"  # Σ numerators ÷ Σ denominators, as a percentage


HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ValueKind:
    """One value type's rules."""

    type: ValueType
    word: str  # its word in the plan column `ชนิดค่า`
    negative: bool = False  # may be below zero (typed "-2")
    ceiling: Decimal | None = None  # above it is refused when typed and flagged in review
    whole: bool = False  # whole numbers only
    scalable: bool = True  # scale words make sense ("1.2 ล้าน")
    counts: bool = False  # answered as two counts ("12/40"); the value is their percentage
    drop_doubted: bool = False  # a `latest` value going down is asked once ("sure?")
    hint: str | None = None  # the key of the question's hint (handlers.texts_values.HINTS)

    def combine(self, counting: str) -> Combine:
        """How units' values combine: counts by their sums, `sum` indicators added up, `latest`
        ones (the units' last values) averaged."""
        if self.counts:
            return Combine.COUNTS
        return Combine.SUM if counting == "sum" else Combine.MEAN

    def implausible(self, value: Decimal) -> bool:
        """A value no unit should have (a percentage over 100) — the review flags it."""
        return self.ceiling is not None and value > self.ceiling

    def hint_of(self, name: str) -> str | None:
        """The hint key for an indicator of this type named ``name``: a change that speaks of a
        fall (ลดลง, ลด) is asked how much it fell."""
        if self.type == ValueType.CHANGE and falls(name):
            return "fall"
        return self.hint


# The declarations, in the order the template lists their words.
KINDS: dict[ValueType, ValueKind] = {
    kind.type: kind
    for kind in (
        ValueKind(ValueType.WHOLE, "จำนวนเต็ม", whole=True, drop_doubted=True),
        ValueKind(ValueType.DECIMAL, "ทศนิยม", drop_doubted=True),
        ValueKind(ValueType.PERCENTAGE, "ร้อยละ", ceiling=HUNDRED, scalable=False),
        ValueKind(ValueType.RATIO, "อัตราส่วน", scalable=False),
        ValueKind(ValueType.CHANGE, "การเปลี่ยนแปลง", negative=True, scalable=False, hint="change"),
        ValueKind(ValueType.AMOUNT, "บาท", drop_doubted=True),
        ValueKind(
            ValueType.COUNT_RATE,
            "ร้อยละจากจำนวน",
            ceiling=HUNDRED,
            scalable=False,
            counts=True,
            hint="counts",
        ),
    )
}


def kind_of(value_type: str) -> ValueKind:
    """The declaration of a stored value type (an unknown one reads as a whole number)."""
    try:
        return KINDS[ValueType(value_type)]
    except ValueError:
        return KINDS[ValueType.WHOLE]


# The Thai words of the `ชนิดค่า` column, in the order the template lists them.
VALUE_TYPE_WORDS: dict[str, ValueType] = {kind.word: kind.type for kind in KINDS.values()}
DIRECTION_WORDS: dict[str, Direction] = {"ไม่น้อยกว่า": Direction.AT_LEAST, "ไม่เกิน": Direction.AT_MOST}

PERCENT_UNITS = frozenset({"ร้อยละ", "%"})
AMOUNT_UNITS = frozenset({"บาท", "ล้านบาท"})
RATIO_UNITS = frozenset({"เท่า", "อัตราส่วน"})
# Measures that are not counted one by one: decimals make sense.
MEASURE_UNITS = frozenset(
    {"ไร่", "งาน", "ตัน", "กิโลกรัม", "กก.", "ลิตร", "เมตร", "กิโลเมตร", "ตารางเมตร", "ชั่วโมง"}
)
RATIO_WORDS = ("อัตราส่วน",)
CHANGE_WORDS = ("เพิ่มขึ้น", "ขยายตัว", "ลดลง", "เติบโต", "เปลี่ยนแปลง")
FALL_WORDS = ("ลดลง", "ลด")  # a change whose name has one of these is typed as how much it fell
AT_MOST_WORDS = ("ไม่เกิน",)


def infer_value_type(unit_label: str | None, name: str | None) -> ValueType:
    """The value type of an indicator whose plan row leaves `ชนิดค่า` empty."""
    unit = " ".join((unit_label or "").split())
    name = name or ""
    if unit in RATIO_UNITS or (unit in PERCENT_UNITS and any(word in name for word in RATIO_WORDS)):
        return ValueType.RATIO
    if unit in PERCENT_UNITS:
        return ValueType.CHANGE if any(word in name for word in CHANGE_WORDS) else ValueType.PERCENTAGE
    if unit in AMOUNT_UNITS:
        return ValueType.AMOUNT
    if unit in MEASURE_UNITS:
        return ValueType.DECIMAL
    return ValueType.WHOLE


def value_type_of_word(word: str | None) -> ValueType | None:
    """The value type a `ชนิดค่า` cell names; None for an unknown word."""
    return VALUE_TYPE_WORDS.get(" ".join((word or "").split()))


def falls(name: str | None) -> bool:
    """The name of a change speaks of a fall: a fall is typed positive, a rise negative."""
    return any(word in (name or "") for word in FALL_WORDS)


def infer_direction(name: str | None) -> Direction:
    """`เกณฑ์` left empty: lower is better when the name says so ("ไม่เกินร้อยละ 10")."""
    return Direction.AT_MOST if any(word in (name or "") for word in AT_MOST_WORDS) else Direction.AT_LEAST


def rate_of(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """100 × numerator ÷ denominator, to four decimals; None when the denominator is 0."""
    if not denominator:
        return None
    return (HUNDRED * numerator / denominator).quantize(Decimal("0.0001"))


def achievement(value: Decimal | None, target: Decimal | None, direction: str) -> float | None:
    """The share of the target achieved (1.0 = at target). Lower-is-better: target ÷ value, and a
    value of 0 is at target; None without a value or a target."""
    if value is None or target is None:
        return None
    if direction == Direction.AT_MOST:
        if value <= 0:
            return 1.0 if target >= 0 else None
        return float(target / value)
    return float(value / target) if target else None
