"""The Thai wording of the value types' rules (models.value_types): the questions' hints and why
an answer of two counts is refused. Re-exported by handlers/texts.py: handlers read T.NAME."""

from __future__ import annotations

Q_CHANGE_HINT = "ถ้าลดลง พิมพ์ค่าติดลบได้ เช่น -2"
Q_FALL_HINT = "ลดลงเท่าไร พิมพ์เป็นค่าบวก เช่น 3 (ถ้ากลับเพิ่มขึ้น พิมพ์ค่าติดลบ เช่น -2)"
Q_COUNTS_HINT = "พิมพ์สองจำนวน {numerator}/{denominator} เช่น 12/40 หรือ 12 จาก 40"
# The hint of each key a value type's declaration names (ValueKind.hint_of).
HINTS = {"change": Q_CHANGE_HINT, "fall": Q_FALL_HINT, "counts": Q_COUNTS_HINT}

COUNTS_NUMERATOR = "ตัวตั้ง"  # what the first count counts, when the plan's `ตัวตั้ง` is empty
COUNTS_DENOMINATOR = "ตัวหาร"
Q_COUNTS_SECOND = "{numerator} {count} · แล้ว{denominator}มีเท่าไรคะ?"
COUNTS_SHOWN = "ร้อยละ {rate} ({numerator}/{denominator})"

ERR_COUNTS = "ตัวชี้วัดนี้ตอบเป็นสองจำนวนค่ะ: {numerator}/{denominator} เช่น 12/40 หรือ 12 จาก 40"
ERR_ZERO_DENOMINATOR = "{denominator}ต้องมากกว่า 0 ค่ะ กรุณาพิมพ์ใหม่ เช่น 12/40"
ERR_NUMERATOR_OVER = "{numerator}ต้องไม่มากกว่า{denominator}ค่ะ กรุณาตรวจสอบแล้วพิมพ์ใหม่"
