"""What kind of value an indicator takes, and how to tell it from the plan when nobody said.

The plan workbook's optional column `ชนิดค่า` names the value type in Thai (DESIGN.md §7). When
it is empty the type is inferred from the unit and the indicator's name: a percentage whose name
speaks of an increase or growth is a change (it may be negative), a name about a ratio is a
ratio (no upper bound), baht is an amount, measures such as ไร่ take decimals, and everything
else is counted in whole numbers.
"""

from __future__ import annotations

from models.entities import ValueType

# The Thai words of the `ชนิดค่า` column, in the order the template lists them.
VALUE_TYPE_WORDS: dict[str, ValueType] = {
    "จำนวนเต็ม": ValueType.WHOLE,
    "ทศนิยม": ValueType.DECIMAL,
    "ร้อยละ": ValueType.PERCENTAGE,
    "อัตราส่วน": ValueType.RATIO,
    "การเปลี่ยนแปลง": ValueType.CHANGE,
    "บาท": ValueType.AMOUNT,
}

PERCENT_UNITS = frozenset({"ร้อยละ", "%"})
AMOUNT_UNITS = frozenset({"บาท", "ล้านบาท"})
RATIO_UNITS = frozenset({"เท่า", "อัตราส่วน"})
# Measures that are not counted one by one: decimals make sense.
MEASURE_UNITS = frozenset(
    {"ไร่", "งาน", "ตัน", "กิโลกรัม", "กก.", "ลิตร", "เมตร", "กิโลเมตร", "ตารางเมตร", "ชั่วโมง"}
)
RATIO_WORDS = ("อัตราส่วน",)
CHANGE_WORDS = ("เพิ่มขึ้น", "ขยายตัว", "ลดลง", "เติบโต", "เปลี่ยนแปลง")


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
