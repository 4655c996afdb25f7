"""The plan import workbook's contract (DESIGN.md §4): sheet names, headers, words and Thai texts.

Every Thai word of the plan import lives here: the sheet and column names, the words a cell may
hold, the problem messages, the summary lines and the template's explanations.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from models.entities import Counting, UnitKind
from models.value_types import DIRECTION_WORDS, VALUE_TYPE_WORDS

# --- sheet and header names (the contract of DESIGN.md §4) --------------------------------------

SHEET_GUIDE = "คำอธิบาย"
SHEET_UNITS = "หน่วยงาน"
SHEET_INDICATORS = "ตัวชี้วัด"
SHEET_TARGETS = "เป้าหมายรายหน่วย"
SHEET_BUDGET = "งบประมาณ"
SHEET_SETTINGS = "ตั้งค่า"

H_CODE = "รหัส"
H_NAME = "ชื่อ"
H_KIND = "ประเภท"
H_PROVINCE = "จังหวัด"
H_PLAN = "แผนงาน"
H_PROJECT = "ผลผลิต/โครงการ"
H_ACTIVITY = "กิจกรรมหลัก"
H_INDICATOR = "ตัวชี้วัด"
H_UNIT_LABEL = "หน่วยนับ"
H_TARGET = "เป้าหมาย"
H_OWNER = "หน่วยงานรับผิดชอบ"
H_COUNTING = "การนับ"
H_VALUE_TYPE = "ชนิดค่า"
H_INDICATOR_CODE = "รหัสตัวชี้วัด"
H_UNIT_CODE = "รหัสหน่วยงาน"
H_AMOUNT = "งบประมาณจัดสรร"
H_SETTING = "รายการ"
H_VALUE = "ค่า"
H_PARENT = "หน่วยงานกำกับ"  # DESIGN.md §7: the supervising unit's code (optional column)
H_NUMERATOR = "ตัวตั้ง"  # #22: what a rate from counts' first count counts (optional)
H_DENOMINATOR = "ตัวหาร"
H_DIRECTION = "เกณฑ์"  # #22: ไม่น้อยกว่า (higher is better) or ไม่เกิน (optional)

HEADERS: dict[str, tuple[str, ...]] = {
    SHEET_UNITS: (H_CODE, H_NAME, H_KIND, H_PROVINCE),
    SHEET_INDICATORS: (
        H_CODE,
        H_PLAN,
        H_PROJECT,
        H_ACTIVITY,
        H_INDICATOR,
        H_UNIT_LABEL,
        H_TARGET,
        H_OWNER,
        H_COUNTING,
    ),
    SHEET_TARGETS: (H_INDICATOR_CODE, H_UNIT_CODE, H_TARGET),
    SHEET_BUDGET: (H_PROJECT, H_UNIT_CODE, H_AMOUNT),
    SHEET_SETTINGS: (H_SETTING, H_VALUE),
}
# #15 (DESIGN.md §7): optional sheets of monthly plans and the projects' master data.
SHEET_MONTHLY = "แผนรายเดือน"
SHEET_SPENDING = "แผนการใช้จ่าย"
SHEET_PROJECT_INFO = "ข้อมูลโครงการ"
H_MONTH = "เดือน"
H_PLAN_CUMULATIVE = "แผนสะสม"
H_OBJECTIVES = "วัตถุประสงค์"
H_BUDGET_SOURCE = "แหล่งงบประมาณ"
H_AREA = "พื้นที่ดำเนินการ"
H_TIMELINE = "ระยะเวลา"
H_BENEFITS = "ประโยชน์ที่คาดว่าจะได้รับ"
HEADERS[SHEET_MONTHLY] = (H_INDICATOR_CODE, H_UNIT_CODE, H_MONTH, H_PLAN_CUMULATIVE)
HEADERS[SHEET_SPENDING] = (H_PROJECT, H_UNIT_CODE, H_MONTH, H_PLAN_CUMULATIVE)
HEADERS[SHEET_PROJECT_INFO] = (
    H_PROJECT,
    H_OBJECTIVES,
    H_BUDGET_SOURCE,
    H_AREA,
    H_TIMELINE,
    H_BENEFITS,
    H_OWNER,
)

# Columns a workbook may leave out (older workbooks still import); the template has them.
OPTIONAL_HEADERS: dict[str, tuple[str, ...]] = {
    SHEET_INDICATORS: (H_VALUE_TYPE, H_NUMERATOR, H_DENOMINATOR, H_DIRECTION),
    SHEET_UNITS: (H_PARENT,),
}
DATA_SHEETS = tuple(HEADERS)
REQUIRED_SHEETS = (SHEET_UNITS, SHEET_INDICATORS, SHEET_TARGETS)

KIND_WORDS = {"พื้นที่": UnitKind.OFFICE, "กอง": UnitKind.DIVISION, "ส่วนกลาง": UnitKind.CENTRAL}
COUNTING_WORDS = {"สะสม": Counting.SUM, "ล่าสุด": Counting.LATEST}
PERCENT_LABELS = {"ร้อยละ", "%"}


@dataclass(frozen=True)
class SettingSpec:
    name: str  # the Thai name in the `รายการ` column
    attribute: str  # the FiscalYear / CalendarSettings attribute
    default: int
    maximum: int
    help: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("วันตัดยอด", "cutoff_day", 20, 28, "ผลงานนับถึงวันที่นี้ของทุกเดือน (1–28)"),
    SettingSpec(
        "กำหนดส่งหน่วยงานในพื้นที่", "office_deadline_day", 20, 28, "วันที่ สสจ./สสพ. ต้องรายงานผลของเดือน (1–28)"
    ),
    SettingSpec("กำหนดส่งกอง", "division_deadline_day", 22, 28, "วันที่กอง/สำนักต้องตรวจผลให้เสร็จ (1–28)"),
    SettingSpec("กำหนดส่งส่วนกลาง", "central_deadline_day", 25, 28, "วันที่กองแผนงานสรุปและปิดรอบ (1–28)"),
    SettingSpec(
        "เดือนแรกที่รายงาน",
        "first_report_month",
        12,
        12,
        "เดือนของรอบรายงานแรก 1–12 (12 = ธันวาคม; เดือนก่อนหน้าจะรวมอยู่ในรอบแรก)",
    ),
    SettingSpec(  # #22: a division listed in เป้าหมายรายหน่วย reports its own work by this day
        "กำหนดส่งงานของกอง", "division_report_day", 27, 28, "วันที่กอง/สำนักต้องรายงานผลงานของกองเอง (1–28)"
    ),
    SettingSpec(
        "กำหนดส่งเดือนกันยายน",
        "september_deadline_day",
        5,
        28,
        "วันที่ในเดือนตุลาคมที่ สสจ./สสพ. ต้องรายงานผลเดือนกันยายน (ผลนับถึง 30 ก.ย.) กองและส่วนกลาง"
        "ตามหลังห่างเท่าเดือนอื่น (ค่าเริ่มต้น 5, 7, 10 ต.ค.) ตรงวันหยุดเลื่อนเป็นวันทำการถัดไป (1–28)",
    ),
)
SETTINGS_BY_NAME = {spec.name: spec for spec in SETTINGS}

# Column sizes in the database; longer text would fail on PostgreSQL.
MAX_CODE = 32
MAX_UNIT_NAME = 255
MAX_TREE_NAME = 500
MAX_INDICATOR_NAME = 1000
MAX_UNIT_LABEL = 64
MAX_TARGET = Decimal(10) ** 14  # Numeric(18, 4)
MAX_MONEY = Decimal(10) ** 16  # Numeric(18, 2)

# --- user-facing Thai messages (all wording in one place) ----------------------------------------

MSG_FILE_NOT_FOUND = "ไม่พบไฟล์ {name}"
MSG_NOT_XLSX = "ไม่สามารถเปิดไฟล์ {name} ได้ ต้องเป็นไฟล์ Excel (.xlsx) ที่สร้างจากแม่แบบ tidtam plan-template"
MSG_BAD_YEAR = "ปีงบประมาณ {year} ไม่ถูกต้อง ต้องเป็นปี พ.ศ. เช่น 2570"
MSG_MISSING_SHEET = "ไม่พบแผ่นงาน {sheet} ในไฟล์"
MSG_MISSING_HEADER = "ไม่พบหัวคอลัมน์ {header} ในแถว 1"
MSG_REQUIRED = "ต้องไม่เว้นว่าง"
MSG_TOO_LONG = "ยาวเกิน {limit} ตัวอักษร"
MSG_CELL_ERROR = "เซลล์มีค่าผิดพลาดจากสูตร ({value})"
MSG_DUPLICATE_CODE = "รหัสซ้ำกับแถว {row}"
MSG_BAD_KIND = "ต้องเป็น พื้นที่ กอง หรือ ส่วนกลาง"
MSG_BAD_COUNTING = "ต้องเป็น สะสม หรือ ล่าสุด (เว้นว่างได้)"
MSG_BAD_DIRECTION = (
    "ต้องเป็น " + " หรือ ".join(DIRECTION_WORDS) + " (เว้นว่างได้: ไม่น้อยกว่า เว้นแต่ชื่อตัวชี้วัดมีคำว่า ไม่เกิน)"
)
MSG_BAD_VALUE_TYPE = "ต้องเป็น " + " ".join(VALUE_TYPE_WORDS) + " (เว้นว่างได้: ระบบดูจากหน่วยนับและชื่อตัวชี้วัด)"
MSG_PROVINCE_REQUIRED = "หน่วยงานในพื้นที่ต้องมีรหัสจังหวัด"
MSG_PROVINCE_FORMAT = "ต้องเป็นรหัสจังหวัดตัวเลข 2 หลัก เช่น 10"
MSG_PROVINCE_UNKNOWN = "ไม่พบรหัสจังหวัด {code}"
MSG_NOT_NUMBER = "ต้องเป็นตัวเลขไม่ติดลบ"
MSG_TOO_LARGE = "ตัวเลขมากเกินไป"
MSG_PROJECT_TWO_PLANS = "ผลผลิต/โครงการนี้อยู่ใต้แผนงาน {plan} แล้วในแถว {row}"
MSG_UNKNOWN_UNIT = "ไม่พบรหัสหน่วยงาน {code} ในแผ่นงาน หน่วยงาน หรือในระบบ"
MSG_OWNER_IS_OFFICE = "หน่วยงาน {code} เป็นหน่วยงานในพื้นที่ ต้องเป็นกองหรือส่วนกลาง"
MSG_NOT_OFFICE = "หน่วยงาน {code} ไม่ใช่หน่วยงานในพื้นที่"
MSG_UNKNOWN_INDICATOR = "ไม่พบรหัสตัวชี้วัด {code} ในแผ่นงาน ตัวชี้วัด หรือในระบบ"
MSG_UNKNOWN_PROJECT = "ไม่พบผลผลิต/โครงการ {name} ในแผ่นงาน ตัวชี้วัด หรือในระบบ"
MSG_DUPLICATE_ASSIGNMENT = "ตัวชี้วัดและหน่วยงานนี้ซ้ำกับแถว {row}"
MSG_DUPLICATE_ALLOCATION = "ผลผลิต/โครงการและหน่วยงานนี้ซ้ำกับแถว {row}"
MSG_UNKNOWN_SETTING = "ไม่รู้จักรายการ {name} (ใช้ได้: {allowed})"
MSG_DUPLICATE_SETTING = "รายการซ้ำกับแถว {row}"
MSG_SETTING_RANGE = "ต้องเป็นจำนวนเต็ม 1 ถึง {maximum}"
MSG_OWN_PARENT = "หน่วยงานกำกับต้องไม่ใช่หน่วยงานเดียวกัน"
MSG_PARENT_CYCLE = "หน่วยงานกำกับวนกลับมาที่หน่วยงานนี้ ({chain})"

PROBLEM_LINE = "แผ่นงาน {sheet} แถว {row} คอลัมน์ {column}: {message}"

SUMMARY_DONE = "นำเข้าแผนปีงบประมาณ {year} เรียบร้อย"
SUMMARY_YEAR_CREATED = "ปีงบประมาณ {year}: สร้างใหม่"
SUMMARY_YEAR_UPDATED = "ปีงบประมาณ {year}: ปรับปรุงการตั้งค่า"
SUMMARY_YEAR_SAME = "ปีงบประมาณ {year}: การตั้งค่าเหมือนเดิม"
SUMMARY_SETTINGS = (
    "ตั้งค่า: ตัดยอดวันที่ {cutoff_day} · ส่งหน่วยงานในพื้นที่วันที่ {office_deadline_day} · "
    "ส่งกองวันที่ {division_deadline_day} · ส่งส่วนกลางวันที่ {central_deadline_day} · "
    "รายงานครั้งแรกรอบ {first}"
)
SUMMARY_PERIODS = "รอบรายงาน: {first} – {last} รวม {count} รอบ (เพิ่มใหม่ {created})"
SUMMARY_COUNTS = "{label}: เพิ่ม {created} · แก้ไข {updated} · เหมือนเดิม {unchanged}"
SUMMARY_KEPT = " · ไม่อยู่ในไฟล์แต่คงไว้ {kept}"

SUMMARY_LABELS = {
    "units": "หน่วยงาน",
    "plans": "แผนงาน",
    "projects": "ผลผลิต/โครงการ",
    "activities": "กิจกรรมหลัก",
    "indicators": "ตัวชี้วัด",
    "assignments": "เป้าหมายรายหน่วย",
    "allocations": "งบประมาณจัดสรร",
}

# --- the template's explanations -----------------------------------------------------------------

# (sheet, header) → (width, required, text format, explanation)
COLUMN_GUIDE: dict[tuple[str, str], tuple[int, str, bool, str]] = {
    (SHEET_UNITS, H_CODE): (
        14,
        "ต้องกรอก",
        True,
        "รหัสหน่วยงาน ไม่ซ้ำกัน เช่น 50 หรือ สสพ1 หรือ กพก ใช้เป็นกุญแจเมื่อนำเข้าซ้ำ",
    ),
    (SHEET_UNITS, H_NAME): (50, "ต้องกรอก", False, "ชื่อเต็มของหน่วยงาน เช่น สำนักงานสหกรณ์จังหวัดเชียงใหม่"),
    (SHEET_UNITS, H_KIND): (
        14,
        "ต้องกรอก",
        False,
        "พื้นที่ = สสจ./สสพ. ผู้รายงานผล · กอง = กอง/สำนักเจ้าของตัวชี้วัด · ส่วนกลาง = กองแผนงาน",
    ),
    (SHEET_UNITS, H_PROVINCE): (
        12,
        "เฉพาะ พื้นที่",
        True,
        "รหัสจังหวัด 2 หลักของกระทรวงมหาดไทย เช่น 10 กรุงเทพมหานคร, 50 เชียงใหม่ (กอง/ส่วนกลางเว้นว่าง)",
    ),
    (SHEET_UNITS, H_PARENT): (
        14,
        "ไม่บังคับ",
        True,
        "รหัสหน่วยงานที่กำกับดูแลหน่วยงานนี้ เช่น สถ.จ. ของจังหวัด (ซ้อนได้หลายชั้น) เว้นว่าง = ไม่มีหน่วยงานกำกับ",
    ),
    (SHEET_INDICATORS, H_CODE): (12, "ต้องกรอก", True, "รหัสตัวชี้วัด ไม่ซ้ำกันในปีงบประมาณ ใช้เป็นกุญแจเมื่อนำเข้าซ้ำ"),
    (SHEET_INDICATORS, H_PLAN): (40, "ต้องกรอก", False, "ชื่อแผนงาน สะกดให้ตรงกันทุกแถว"),
    (SHEET_INDICATORS, H_PROJECT): (
        40,
        "ต้องกรอก",
        False,
        "ชื่อผลผลิต/โครงการ ไม่ซ้ำกันในปี และอยู่ใต้แผนงานเดียว สะกดให้ตรงกันทุกแถว",
    ),
    (SHEET_INDICATORS, H_ACTIVITY): (40, "ต้องกรอก", False, "ชื่อกิจกรรมหลักภายใต้ผลผลิต/โครงการ"),
    (SHEET_INDICATORS, H_INDICATOR): (60, "ต้องกรอก", False, "ชื่อตัวชี้วัด"),
    (SHEET_INDICATORS, H_UNIT_LABEL): (12, "ต้องกรอก", False, "หน่วยนับ เช่น ราย แห่ง ครั้ง ไร่ ร้อยละ"),
    (SHEET_INDICATORS, H_TARGET): (14, "ไม่บังคับ", False, "เป้าหมายทั้งปีของกรม เป็นตัวเลขไม่ติดลบ"),
    (SHEET_INDICATORS, H_OWNER): (
        18,
        "ต้องกรอก",
        True,
        "รหัสหน่วยงานรับผิดชอบ ต้องเป็นหน่วยงานประเภท กอง หรือ ส่วนกลาง",
    ),
    (SHEET_INDICATORS, H_COUNTING): (
        12,
        "ไม่บังคับ",
        False,
        "สะสม = ผลแต่ละเดือนรวมกัน (ราย แห่ง ไร่) · ล่าสุด = ใช้ค่าล่าสุด (ร้อยละ) · "
        "เว้นว่าง = ล่าสุด เมื่อหน่วยนับเป็นร้อยละ นอกนั้น สะสม",
    ),
    (SHEET_INDICATORS, H_VALUE_TYPE): (
        16,
        "ไม่บังคับ",
        False,
        "จำนวนเต็ม = นับเป็นหน่วย ไม่ติดลบ (ราย แห่ง) · ทศนิยม = ไม่ติดลบ มีทศนิยมได้ (ไร่ ตัน) · "
        "ร้อยละ = 0 ถึง 100 · อัตราส่วน = ไม่ติดลบ เกิน 100 ได้ · "
        "การเปลี่ยนแปลง = ติดลบได้ (เช่น รายได้เพิ่มขึ้นร้อยละ) · บาท = จำนวนเงิน · "
        "เว้นว่าง = ดูจากหน่วยนับ (ร้อยละ → ร้อยละ, บาท → บาท, ไร่ → ทศนิยม, "
        "นอกนั้น จำนวนเต็ม) และชื่อตัวชี้วัด (อัตราส่วน → อัตราส่วน; "
        "ร้อยละที่ชื่อมี เพิ่มขึ้น ขยายตัว ลดลง → การเปลี่ยนแปลง) · "
        "ร้อยละจากจำนวน = ตอบเป็นสองจำนวน เช่น 12/40 ผลรวมทุกหน่วยงาน = ผลรวมตัวตั้ง ÷ ผลรวมตัวหาร · "
        "การเปลี่ยนแปลงที่ชื่อมีคำว่า ลด/ลดลง: ถามว่าลดลงเท่าไร พิมพ์เป็นค่าบวก",
    ),
    (SHEET_INDICATORS, H_NUMERATOR): (
        20,
        "ไม่บังคับ",
        False,
        "ใช้กับ ร้อยละจากจำนวน: สิ่งที่นับเป็นตัวตั้ง เช่น สหกรณ์ที่ผ่านเกณฑ์",
    ),
    (SHEET_INDICATORS, H_DENOMINATOR): (
        20,
        "ไม่บังคับ",
        False,
        "ใช้กับ ร้อยละจากจำนวน: สิ่งที่นับเป็นตัวหาร เช่น สหกรณ์ทั้งหมด",
    ),
    (SHEET_INDICATORS, H_DIRECTION): (
        14,
        "ไม่บังคับ",
        False,
        "ไม่น้อยกว่า = ยิ่งมากยิ่งดี (ผลถึงเป้าเมื่อได้ตั้งแต่เป้าหมายขึ้นไป) · "
        "ไม่เกิน = ยิ่งน้อยยิ่งดี (ผลถึงเป้าเมื่อไม่เกินเป้าหมาย) · "
        "เว้นว่าง = ไม่น้อยกว่า เว้นแต่ชื่อตัวชี้วัดมีคำว่า ไม่เกิน",
    ),
    (SHEET_TARGETS, H_INDICATOR_CODE): (16, "ต้องกรอก", True, "รหัสตัวชี้วัดจากแผ่นงาน ตัวชี้วัด"),
    (SHEET_TARGETS, H_UNIT_CODE): (
        16,
        "ต้องกรอก",
        True,
        "รหัสหน่วยงานประเภท พื้นที่ ที่รายงานตัวชี้วัดนี้ (1 แถวต่อ 1 คู่) "
        "หรือรหัสกองที่รายงานงานของกองเอง (ส่งตามกำหนดส่งงานของกอง)",
    ),
    (SHEET_TARGETS, H_TARGET): (14, "ไม่บังคับ", False, "เป้าหมายทั้งปีของหน่วยงานนี้ เป็นตัวเลขไม่ติดลบ"),
    (SHEET_BUDGET, H_PROJECT): (50, "ต้องกรอก", False, "ชื่อผลผลิต/โครงการ ตรงกับแผ่นงาน ตัวชี้วัด"),
    (SHEET_BUDGET, H_UNIT_CODE): (16, "ต้องกรอก", True, "รหัสหน่วยงานประเภท พื้นที่ ที่ได้รับจัดสรร"),
    (SHEET_BUDGET, H_AMOUNT): (18, "ต้องกรอก", False, "งบประมาณที่จัดสรร (บาท) เป็นตัวเลขไม่ติดลบ"),
    (SHEET_SETTINGS, H_SETTING): (30, "ต้องกรอก", False, "ชื่อรายการตั้งค่า (ดูตารางด้านล่าง)"),
    (SHEET_SETTINGS, H_VALUE): (10, "ต้องกรอก", False, "ค่าของรายการ เป็นจำนวนเต็ม"),
}

SHEET_PURPOSE = {
    SHEET_UNITS: "รายชื่อหน่วยงาน: สสจ./สสพ. (พื้นที่) กอง/สำนัก (กอง) และกองแผนงาน (ส่วนกลาง)",
    SHEET_INDICATORS: "แผนงาน → ผลผลิต/โครงการ → กิจกรรมหลัก → ตัวชี้วัด 1 แถวต่อ 1 ตัวชี้วัด",
    SHEET_TARGETS: "หน่วยงานในพื้นที่ (หรือกองที่รายงานงานของกองเอง) ใดรายงานตัวชี้วัดใด และเป้าหมายของหน่วยงานนั้น",
    SHEET_BUDGET: "(ไม่บังคับ) งบประมาณที่จัดสรรให้หน่วยงานในพื้นที่ตามผลผลิต/โครงการ",
    SHEET_SETTINGS: "(ไม่บังคับ) วันตัดยอด กำหนดส่ง และเดือนแรกที่รายงานของปีงบประมาณ",
}

GUIDE_TITLE = "วิธีกรอกไฟล์นำเข้าแผน (Tidtam)"
GUIDE_NOTES = (
    "กรอกข้อมูลตั้งแต่แถว 2 ของแต่ละแผ่นงาน ห้ามแก้ชื่อแผ่นงานและหัวคอลัมน์ในแถว 1",
    "รหัสหน่วยงานและรหัสตัวชี้วัดเป็นกุญแจของข้อมูล: เมื่อนำเข้าซ้ำ ระบบจะปรับปรุงข้อมูลตามรหัสเดิม จึงไม่ควรเปลี่ยนรหัสที่ใช้ไปแล้ว",
    "แผนงาน ผลผลิต/โครงการ และกิจกรรมหลักระบุด้วยชื่อ ต้องสะกดให้ตรงกันทุกแถว",
    "การนำเข้าซ้ำไม่ลบผลการดำเนินงาน ผลการใช้จ่ายงบประมาณ หรือปัญหาที่รายงานไว้แล้ว ข้อมูลที่ไม่อยู่ในไฟล์จะคงไว้ตามเดิม",
    "ระบบตรวจทั้งไฟล์ก่อนนำเข้า หากพบข้อผิดพลาดจะไม่นำเข้าเลยสักแถว และแจ้งแผ่นงาน แถว คอลัมน์ที่ต้องแก้ทุกจุด",
    "ตัวเลขใส่จุลภาคได้ (1,250) ใช้เลขไทยได้ (๑,๒๕๐) และต้องไม่ติดลบ แถวว่างจะถูกข้าม",
    "นำเข้าด้วยคำสั่ง: tidtam import-plan ไฟล์.xlsx --fiscal-year 2570",
)


def template_headers(sheet: str) -> tuple[str, ...]:
    """The headers the template writes: the required ones, then the optional ones."""
    return HEADERS[sheet] + OPTIONAL_HEADERS.get(sheet, ())


# --- #15 monthly plans and project master data ---------------------------------------------------

MSG_BAD_MONTH = "ต้องเป็นเดือนในปีงบประมาณ {year} เขียนแบบ ปปปป-ดด เช่น 2570-03 หรือไตรมาสแบบ 2570-Q2"
MSG_DUPLICATE_MONTH = "รายการและเดือนนี้ซ้ำกับแถว {row}"
MSG_DUPLICATE_PROJECT = "ผลผลิต/โครงการนี้ซ้ำกับแถว {row}"
MAX_INFO_TEXT = 4000

SUMMARY_LABELS.update(
    {"indicator_plans": "แผนรายเดือน", "spending_plans": "แผนการใช้จ่าย", "project_infos": "ข้อมูลโครงการ"}
)
_MONTH_HELP = "เดือนที่แผนสะสมถึง เช่น 2570-03 (มีนาคม 2570) หรือไตรมาส เช่น 2570-Q2 (= สิ้นเดือนมีนาคม)"
_INFO = "ไม่บังคับ"
COLUMN_GUIDE.update(
    {
        (SHEET_MONTHLY, H_INDICATOR_CODE): (16, "ต้องกรอก", True, "รหัสตัวชี้วัดจากแผ่นงาน ตัวชี้วัด"),
        (SHEET_MONTHLY, H_UNIT_CODE): (
            16,
            "ไม่บังคับ",
            True,
            "รหัสหน่วยงานในพื้นที่ เมื่อแผนกำหนดรายหน่วยงาน · เว้นว่าง = แผนของตัวชี้วัดทั้งกรม (ทุกหน่วยงาน)",
        ),
        (SHEET_MONTHLY, H_MONTH): (14, "ต้องกรอก", True, _MONTH_HELP),
        (SHEET_MONTHLY, H_PLAN_CUMULATIVE): (
            14,
            "ต้องกรอก",
            False,
            "ผลที่วางแผนไว้สะสมถึงสิ้นเดือนนั้น (ตัวชี้วัดแบบล่าสุด เช่น ร้อยละ: ค่าที่ควรได้ ณ เดือนนั้น) "
            "เดือนที่ไม่มีแถวใช้แผนของเดือนก่อนหน้า",
        ),
        (SHEET_SPENDING, H_PROJECT): (50, "ต้องกรอก", False, "ชื่อผลผลิต/โครงการ ตรงกับแผ่นงาน ตัวชี้วัด"),
        (SHEET_SPENDING, H_UNIT_CODE): (
            16,
            "ไม่บังคับ",
            True,
            "รหัสหน่วยงานในพื้นที่ · เว้นว่าง = แผนการใช้จ่ายของทั้งผลผลิต/โครงการ",
        ),
        (SHEET_SPENDING, H_MONTH): (14, "ต้องกรอก", True, _MONTH_HELP),
        (SHEET_SPENDING, H_PLAN_CUMULATIVE): (18, "ต้องกรอก", False, "แผนการเบิกจ่ายสะสมถึงสิ้นเดือนนั้น (บาท)"),
        (SHEET_PROJECT_INFO, H_PROJECT): (
            50,
            "ต้องกรอก",
            False,
            "ชื่อผลผลิต/โครงการ ตรงกับแผ่นงาน ตัวชี้วัด (1 แถวต่อโครงการ)",
        ),
        (SHEET_PROJECT_INFO, H_OBJECTIVES): (50, _INFO, False, "วัตถุประสงค์ของโครงการ"),
        (SHEET_PROJECT_INFO, H_BUDGET_SOURCE): (
            24,
            _INFO,
            False,
            "แหล่งงบประมาณ เช่น งบประมาณแผ่นดิน งบกลาง เงินกู้",
        ),
        (SHEET_PROJECT_INFO, H_AREA): (30, _INFO, False, "พื้นที่ดำเนินการ เช่น 76 จังหวัด"),
        (SHEET_PROJECT_INFO, H_TIMELINE): (24, _INFO, False, "ระยะเวลาดำเนินการ เช่น ต.ค. 2569 – ก.ย. 2570"),
        (SHEET_PROJECT_INFO, H_BENEFITS): (40, _INFO, False, "ประโยชน์ที่คาดว่าจะได้รับ"),
        (SHEET_PROJECT_INFO, H_OWNER): (30, _INFO, False, "หน่วยงานรับผิดชอบโครงการ (ชื่อหรือรหัส)"),
    }
)
SHEET_PURPOSE.update(
    {
        SHEET_MONTHLY: "(ไม่บังคับ) แผนสะสมรายเดือนหรือรายไตรมาสของตัวชี้วัด ใช้ในแบบ สงป.301",
        SHEET_SPENDING: "(ไม่บังคับ) แผนการใช้จ่ายงบประมาณสะสมรายเดือนหรือรายไตรมาสของผลผลิต/โครงการ",
        SHEET_PROJECT_INFO: "(ไม่บังคับ) ข้อมูลโครงการสำหรับรายงานผลโครงการ: วัตถุประสงค์ แหล่งงบ พื้นที่ ระยะเวลา ประโยชน์",
    }
)
