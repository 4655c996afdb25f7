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
# #22: a closed month's report is built from the plan frozen at its closing (version 1, 2 ... per reopening)
EDITION_LINE = "ฉบับปิดรอบ วันที่ {date} (ฉบับที่ {version})"

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
OFFICE_TEXT = "{office}: {text}"  # an office's problem or solution in a report of several offices: its name
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

BB_QUARTER = "ไตรมาส {n}"

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

# --- #15 forms: สงป.๓๐๑ against the monthly plan, project report, flat export, charts ---

BB_GROUPS = {
    "above": "1. ผลการดำเนินงานสูงกว่าแผน",
    "as_planned": "2. ผลการดำเนินงานเป็นไปตามแผน",
    "below": "3. ผลการดำเนินงานต่ำกว่าแผน",
    "not_reported": "4. ยังไม่มีการรายงานผล",
    "no_plan": "5. ไม่ได้กำหนดแผนรายเดือน",
}
BB_GROUP_COUNT = "{heading} ({count} ตัวชี้วัด)"
BB_PLAN_TO_DATE = "แผนสะสมถึง {month}"  # a space before the month: "แผนสะสมถึง ธ.ค. 2569"
BB_VS_PLAN = "ผลเทียบแผน (ร้อยละ)"
BB_NO_PLAN = "ไม่ได้กำหนดแผนรายเดือน"
BB_NOT_REPORTED = "ยังไม่รายงาน"  # group 4's result column
BB_NO_SPENDING_PLAN = "ไม่ได้กำหนดแผนการใช้จ่าย"
BB_NOTE = (
    "เทียบผลสะสมกับแผนสะสมรายเดือนจากแผ่นงาน แผนรายเดือน ของแผนปฏิบัติงาน · "
    "เป็นไปตามแผน = ผลอยู่ในช่วงร้อยละ {low:.0f}–{high:.0f} ของแผน"
)
BB_SHEET_MONTHS = "ผลรายเดือน"
BB_SHEET_BUDGET = "งบประมาณ"
BB_SPENDING_PLAN = "แผนการใช้จ่ายสะสม (บาท)"
BB_DIFFERENCE = "เบิกจ่ายสูง(+)/ต่ำ(−)กว่าแผน (บาท)"
BB_PCT_OF_PLAN = "ร้อยละของแผนการใช้จ่าย"
BB_PCT_OF_ALLOCATION = "ร้อยละของงบจัดสรร"

# The project report (seed 002): fourteen numbered fields per project, in the quarterly workbook.
PR_FIELDS = (
    "(๑) ชื่อแผน/โครงการ",
    "(๒) ชื่อหน่วยงาน",
    "(๓) แหล่งงบประมาณ",
    "(๔) วัตถุประสงค์",
    "(๕) เป้าหมาย/ผลผลิตของโครงการ",
    "(๖) สรุปสาระสำคัญของโครงการ",
    "(๗) ตัวชี้วัด/ค่าเป้าหมาย",
    "(๘) แผนระยะเวลาดำเนินงาน",
    "(๙) งบประมาณของโครงการ",
    "(๑๐) พื้นที่ดำเนินการ",
    "(๑๑) สรุปผลการดำเนินงาน",
    "(๑๒) ประโยชน์ที่ได้รับ/ผลลัพธ์ของโครงการ",
    "(๑๓) ปัญหา/อุปสรรค และข้อเสนอแนะ",
    "(๑๔) ความก้าวหน้าของการดำเนินการ",
)
PR_TITLE = "แบบรายงานผลการดำเนินงานโครงการ"
PR_SHEET = "โครงการ {n}"
PR_FIELD = "หัวข้อ"
PR_DETAIL = "รายละเอียด"
PR_EMPTY = "— ยังไม่มีข้อมูล ({source})"
PR_EMPTY_LINE = "ข้อที่ยังไม่มีข้อมูล: {fields}"
PR_ALL_FILLED = "ครบทุกข้อ"
PR_SOURCE_PLAN = "เพิ่มในแผ่นงาน ข้อมูลโครงการ ของแผนปฏิบัติงาน"
PR_SOURCE_CHAT = "กองเจ้าของโครงการพิมพ์ สรุปโครงการ ในแชต"
PR_SOURCE_OFFICES = "ยังไม่มีหน่วยงานรายงาน"
PR_PLAN_LINE = "แผนงาน: {plan}"
PR_ACTIVITY_LINE = "กิจกรรมหลัก: {activity}"
PR_OUTPUT_LINE = "• {name}: เป้าหมาย {target} {unit}"
PR_BUDGET_LINE = "งบประมาณจัดสรร {allocated} บาท · เบิกจ่ายสะสม {disbursed} บาท ({percent})"
PR_SPENDING_LINE = "แผนการใช้จ่ายสะสมถึงสิ้นไตรมาส {planned} บาท"
PR_EXPECTED = "ประโยชน์ที่คาดว่าจะได้รับ: {text}"
PR_SUGGESTIONS = "ข้อเสนอแนะ/แนวทางแก้ไข: {text}"
PR_RESULTS_HEAD = "ผลตามตัวชี้วัด (สะสมถึงสิ้นไตรมาส)"

# The flat export (one row per office × indicator × month; budget rows per office × project × month).
KIND_TITLES["export"] = "ข้อมูลผลการดำเนินงานรายหน่วยงานรายเดือน (สำหรับนำเข้าระบบอื่น)"
SHEET_EXPORT = "ข้อมูล"
EXPORT_HEADERS = (
    "รหัสหน่วยงาน",
    "หน่วยงาน",
    "รหัสจังหวัด",
    "ผลผลิต/โครงการ",
    "รหัสตัวชี้วัด",
    "ตัวชี้วัด",
    "ชนิดค่า",
    "หน่วยนับ",
    "เดือน",
    "แผนสะสม",
    "ผลรายเดือน",
    "ผลสะสม",
    "เป้าหมายทั้งปี",
    "เบิกจ่ายรายเดือน (บาท)",
    "งบประมาณจัดสรร (บาท)",
    "ตัวตั้งสะสม",  # #22: the counts behind a rate from counts' ผลสะสม (Σ over offices ÷ Σ = the total)
    "ตัวหารสะสม",
    "สถานะการตรวจ",  # #25: the review status of the month's value (EXPORT_STATES)
    "ผู้บันทึก",  # who entered it: a name, or "บันทึกแทนโดย …" when entered on the unit's behalf
)
EXPORT_STATES = {
    "approved": STATES["approved"],
    "submitted": "รอตรวจ",
    "returned": STATES["returned"],
    "draft": "ร่าง",
}
EXPORT_ON_BEHALF = "บันทึกแทนโดย {who}"

# Charts for a phone: one kind of chart per report kind, on the measure its card shows.
CHART_OFFICES_TITLE = "หน่วยงานที่ส่งครบ {done} จาก {total} แห่ง"
CHART_OFFICE_STATES = {
    "complete": "ส่งครบ",
    "partial": "ส่งบางส่วน",
    "returned": "ส่งกลับแก้ไข",
    "missing": "ยังไม่ส่ง",
}
CHART_PLAN_TITLE = "ตัวชี้วัดที่เป็นไปตามแผน {done} จาก {total}"
CHART_STANDINGS = {
    "above": "สูงกว่าแผน",
    "as_planned": "เป็นไปตามแผน",
    "below": "ต่ำกว่าแผน",
    "not_reported": "ยังไม่รายงาน",
    "no_plan": "ไม่มีแผนรายเดือน",
}
CHART_BUDGET_TITLE = "เบิกจ่ายงบประมาณ ภาพรวม {percent:.1f}%"
CHART_BUDGET_OVERALL = "ภาพรวม"
CHART_WORST = "แสดง {shown} รายการที่ต่ำสุด จากทั้งหมด {total}"
CHART_ALL = "แสดงครบทั้ง {total} รายการ"
CHART_COUNT_AXIS = "จำนวน"
CHART_PERCENT_AXIS = "ร้อยละ"
CHART_OFFICES_AXIS = "จำนวนหน่วยงาน (แห่ง)"
CHART_INDICATORS_AXIS = "จำนวนตัวชี้วัด"
CHART_DISBURSED_LEGEND = "ร้อยละการเบิกจ่ายของงบจัดสรร"
CHART_QUARTER_TITLE = "ตัวชี้วัดที่เป็นไปตามแผน {done} จาก {total} (รายผลผลิต/โครงการ)"
CHART_NO_PLAN_TITLE = "ตัวชี้วัด {total} ตัว: ไม่ได้กำหนดแผนรายเดือน"  # #24: no plan, no "0 จาก N"
CHART_SOME_PLAN = " · ไม่ได้กำหนดแผนรายเดือน {none} ตัว"

# --- #16 the unit tree (completeness by supervising unit) ---
SHEET_STATUS_PARENTS = "รายหน่วยงานกำกับ"
PARENT = "หน่วยงานกำกับ"
NO_PARENT = "(ไม่มีหน่วยงานกำกับ)"
OFFICES_TOTAL = "หน่วยงานที่ต้องรายงาน"
OFFICES_COMPLETE = "หน่วยงานที่ส่งครบ"
AVERAGED_UNIT = "{unit} (เฉลี่ยของหน่วยงาน)"  # #22: a `latest` indicator's figure is the offices' mean

# --- #22 joint projects in the per-division sheet ---
SHARED_ROW = "ร่วมกัน: {codes}"
SHARED_NOTE_LABEL = "โครงการร่วม"
SHARED_NOTE = (
    '{projects} — มีหลายกองรับผิดชอบ หน่วยงาน×โครงการของโครงการร่วมนับครั้งเดียว ในแถว "ร่วมกัน" '
    "ไม่นับซ้ำในแถวของแต่ละกอง ทุกแถวรวมกันจึงเท่ากับภาพรวม"
)
