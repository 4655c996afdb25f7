"""Thai wording of asking for report files by kind (reports/kinds.py), of the year-end report
(ประจำปี) and of its reminders to central (scheduler/year_end.py). handlers/texts.py is full."""

from __future__ import annotations

# The kind question: its first line, then one line per kind offered ("• ตป.๑ — ผลรายผลผลิต/โครงการ").
RF_KIND_LINE = "• {name} — {about}"
# ขอรายงาน's help line, with the kinds the role may ask for.
HELP_REPORT_KINDS = "{line} ({kinds})"

# A fiscal year (the year-end report): the years whose September is closed are offered.
RF_ASK_YEAR = "ต้องการรายงาน{kind}ของปีงบประมาณใดคะ\nเลือกจากปุ่ม หรือพิมพ์ เช่น 2570"
RF_YEAR_LABEL = "ปีงบประมาณ {year}"
RF_BAD_YEAR = (
    "ยังไม่มีรายงาน{kind}ของปีงบประมาณนี้ค่ะ จัดทำได้เมื่อปิดรอบเดือนกันยายนของปีนั้นแล้ว กรุณาเลือกจากปุ่ม หรือพิมพ์ปี เช่น 2570"
)
RF_NO_YEAR = "ยังไม่มีปีงบประมาณที่ปิดรอบเดือนกันยายนแล้วค่ะ รายงาน{kind}จัดทำได้ตั้งแต่ปิดรอบกันยายน"
RF_KIND_NOT_YOURS = "รายงาน{kind}ขอได้เฉพาะกองแผนงานและผู้ดูแลระบบค่ะ"

# The card of a year's file.
RF_MET = "ตัวชี้วัดที่บรรลุเป้าหมาย"
RF_SPENT = "ใช้จ่ายงบประมาณเทียบจัดสรร"

# Reminders to central before the year end's dates (seed 001): the annual report within 45 days
# after 30 September, each project's year-end book within 30 days.
YEAR_END_HEAD = {
    "before-5": "📘 อีก {days} วันทำการถึงกำหนดส่ง",
    "before-3": "📘 อีก {days} วันทำการถึงกำหนดส่ง",
    "before-1": "⏰ พรุ่งนี้เป็นวันทำการสุดท้ายก่อนกำหนดส่ง",
    "deadline": "⏰ วันนี้เป็นวันทำการสุดท้ายก่อนกำหนดส่ง",
}
YEAR_END_ANNUAL = (
    "{head}รายงานผลการดำเนินงานและการใช้จ่ายงบประมาณประจำปีงบประมาณ {year} "
    "(ภายใน 45 วันนับแต่สิ้นปีงบประมาณ: {deadline})"
)
YEAR_END_BOOK = (
    "{head}เล่มรายงานสรุปผลการดำเนินงานรายโครงการประจำปีงบประมาณ {year} (ภายใน 30 วันนับแต่สิ้นปีงบประมาณ: {deadline})"
)
YEAR_END_ACTION = "พิมพ์ {words} เพื่อรับไฟล์รายงานประจำปี พร้อมรายงานผลโครงการครบ 14 หัวข้อค่ะ"
YEAR_END_CLOSE_FIRST = "ปิดรอบเดือนกันยายนก่อน (พิมพ์ ปิดรอบ) แล้วพิมพ์ {words} เพื่อรับไฟล์รายงานประจำปีค่ะ"
