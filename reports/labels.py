"""Thai wording of the report files (form titles, column headings). Chat wording is in handlers/texts.py."""

from __future__ import annotations

DEFAULT_DEPARTMENT = "กรมส่งเสริมสหกรณ์"

KIND_TITLES = {
    "tp1": "แบบ ตป.๑ รายงานผลการดำเนินงานตามแผนปฏิบัติงานและงบประมาณ",
    "bb301": "แบบ สงป. ๓๐๑ รายงานผลการปฏิบัติงานตามเป้าหมายการให้บริการ",
    "status": "รายงานความครบถ้วนของการรายงานผล",
    "quarterly": "รายงานผลการดำเนินงานรายไตรมาส",
}
FY_LINE = "ปีงบประมาณ พ.ศ. {year}"
PERIOD_LINE = "รอบเดือน{month} · ผลการดำเนินงาน {window}"
QUARTER_LINE = "ไตรมาสที่ {quarter} · ผลการดำเนินงาน {window}"
SCOPE_LINE = "หน่วยงาน: {name}"
MADE_LINE = "จัดทำเมื่อ {date}"

PLAN = "แผนงาน"
PROJECT = "ผลผลิต/โครงการ"
ACTIVITY = "กิจกรรมหลัก"
INDICATOR = "ตัวชี้วัด"
CODE = "รหัส"
UNIT = "หน่วยนับ"
TARGET = "เป้าหมายทั้งปี"
RESULT_PERIOD = "ผลรอบนี้"
RESULT_QUARTER = "ผลในไตรมาส"
CUMULATIVE = "ผลสะสม"
PERCENT = "ร้อยละของเป้าหมาย"
OFFICES_REPORTED = "หน่วยที่รายงาน"
ALLOCATED = "งบประมาณจัดสรร (บาท)"
DISBURSED = "เบิกจ่ายสะสม (บาท)"
DISBURSED_PCT = "ร้อยละการเบิกจ่าย"
PROBLEMS = "ปัญหา/อุปสรรค"
SOLUTIONS = "แนวทางแก้ไข"
OUTCOME = "ผลลัพธ์/ประโยชน์ที่ได้รับ"
OFFICE_CODE = "รหัสหน่วยงาน"
OFFICE = "หน่วยงาน"
DIVISION = "กองรับผิดชอบ"
TOTAL = "รวม"
INDICATORS_COUNT = "จำนวนตัวชี้วัด"
BUDGET = "งบประมาณ"

SHEET_SUMMARY = "สรุป"
SHEET_BY_OFFICE = "รายหน่วยงาน"
SHEET_BB301 = "สงป.301"
SHEET_STATUS = "ความครบถ้วน"
SHEET_STATUS_OFFICES = "ร้อยละรายหน่วยงาน"
SHEET_STATUS_DIVISIONS = "ร้อยละรายกอง"
SHEET_MISSING = "รายการที่ยังขาด"
SHEET_QUARTER = "ผลรายไตรมาส"
SHEET_PROJECTS = "ผลผลิตและงบประมาณ"

BB_ABOVE = "1. ผลการดำเนินงานสูงกว่าแผน"
BB_BELOW = "2. ผลการดำเนินงานต่ำกว่าแผน"
BB_ROW_PLAN = "แผน"
BB_ROW_RESULT = "ผล"
BB_KIND = "แผน/ผล"
BB_QUARTER = "ไตรมาส {n}"
BB_PLAN_NOTE = (
    "แผนรายเดือน: ตัวชี้วัดแบบนับสะสมใช้เป้าหมายทั้งปีเฉลี่ยเท่ากันทุกเดือน ตัวชี้วัดแบบค่าล่าสุด (เช่น ร้อยละ) ใช้ค่าเป้าหมายทุกเดือน"
)

STATES = {
    "submitted": "ส่งแล้ว",
    "approved": "ผ่านการตรวจ",
    "returned": "ส่งกลับแก้ไข",
    "late": "ส่งช้า",
    "partial": "ส่งบางส่วน",
    "missing": "ยังไม่ส่ง",
}
STATE = "สถานะ"
ITEMS_DONE = "ส่งแล้ว (รายการ)"
ITEMS_TOTAL = "ทั้งหมด (รายการ)"
PAIRS_TOTAL = "ผลผลิต/โครงการที่ต้องรายงาน"
PAIRS_COMPLETE = "ส่งครบ"
COMPLETE_PCT = "ร้อยละที่ส่งครบ"
OVERALL = "ภาพรวม"

CHART_TITLE = "ร้อยละของเป้าหมาย (ผลสะสม)"
CHART_STATUS_TITLE = "ร้อยละหน่วยงานที่ส่งครบ"

# --- #16 the unit tree (completeness by supervising unit) ---
SHEET_STATUS_PARENTS = "รายหน่วยงานกำกับ"
PARENT = "หน่วยงานกำกับ"
NO_PARENT = "(ไม่มีหน่วยงานกำกับ)"
OFFICES_TOTAL = "หน่วยงานที่ต้องรายงาน"
OFFICES_COMPLETE = "หน่วยงานที่ส่งครบ"
