"""The plan import workbook: write the empty template, validate a filled one, import it.

The workbook (DESIGN.md §4) has one sheet per kind of data, with exact Thai headers in row 1:

- `หน่วยงาน`          units (offices, divisions, the central division), keyed by code;
- `ตัวชี้วัด`          the plan tree (plan → project → activity) and the indicators, keyed by code;
- `เป้าหมายรายหน่วย`   which office reports which indicator, and the office's own target;
- `งบประมาณ`          (optional) the budget allocated to an office for a project;
- `ตั้งค่า`            (optional) the calendar settings of the fiscal year.

`import_plan` reads the whole workbook, validates everything and only then writes, in the
caller's transaction (it flushes, the caller commits). Any problem raises `PlanImportError`
carrying every problem found, and nothing is written. Re-importing updates by code (units,
indicators) or by name (plans, projects, activities) and never deletes anything: rows that are in
the database but not in the file are kept and counted.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.calendar import CalendarSettings, periods_of, thai_month_short
from models.entities import (
    Activity,
    Allocation,
    Assignment,
    Counting,
    FiscalYear,
    Indicator,
    Period,
    Plan,
    Project,
    Unit,
    UnitKind,
    ValueType,
)
from models.value_types import VALUE_TYPE_WORDS, infer_value_type, value_type_of_word

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

HEADERS: dict[str, tuple[str, ...]] = {
    SHEET_UNITS: (H_CODE, H_NAME, H_KIND, H_PROVINCE),
    SHEET_INDICATORS: (
        H_CODE, H_PLAN, H_PROJECT, H_ACTIVITY, H_INDICATOR, H_UNIT_LABEL, H_TARGET, H_OWNER, H_COUNTING,
    ),
    SHEET_TARGETS: (H_INDICATOR_CODE, H_UNIT_CODE, H_TARGET),
    SHEET_BUDGET: (H_PROJECT, H_UNIT_CODE, H_AMOUNT),
    SHEET_SETTINGS: (H_SETTING, H_VALUE),
}
# Columns a workbook may leave out (older workbooks still import); the template has them.
OPTIONAL_HEADERS: dict[str, tuple[str, ...]] = {SHEET_INDICATORS: (H_VALUE_TYPE,)}
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
    SettingSpec("กำหนดส่งหน่วยงานในพื้นที่", "office_deadline_day", 20, 28,
                "วันที่ สสจ./สสพ. ต้องรายงานผลของเดือน (1–28)"),
    SettingSpec("กำหนดส่งกอง", "division_deadline_day", 22, 28, "วันที่กอง/สำนักต้องตรวจผลให้เสร็จ (1–28)"),
    SettingSpec("กำหนดส่งส่วนกลาง", "central_deadline_day", 25, 28, "วันที่กองแผนงานสรุปและปิดรอบ (1–28)"),
    SettingSpec("เดือนแรกที่รายงาน", "first_report_month", 12, 12,
                "เดือนของรอบรายงานแรก 1–12 (12 = ธันวาคม; เดือนก่อนหน้าจะรวมอยู่ในรอบแรก)"),
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

# --- public types ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook. `row` 0 and an empty `sheet` mean the whole file."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return PROBLEM_LINE.format(sheet=self.sheet, row=self.row, column=self.column, message=self.message)


class PlanImportError(Exception):
    """The workbook has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # in the database for this year but not in the file: left in place


@dataclass
class ImportSummary:
    fiscal_year_be: int
    fiscal_year_created: bool = False
    settings_changed: bool = False
    settings: CalendarSettings = field(default_factory=CalendarSettings)
    periods: list[date] = field(default_factory=list)  # the periods of the year's calendar
    periods_created: int = 0
    units: Counts = field(default_factory=Counts)
    plans: Counts = field(default_factory=Counts)
    projects: Counts = field(default_factory=Counts)
    activities: Counts = field(default_factory=Counts)
    indicators: Counts = field(default_factory=Counts)
    assignments: Counts = field(default_factory=Counts)
    allocations: Counts = field(default_factory=Counts)

    def lines(self) -> list[str]:
        """What the CLI prints after a successful import, in Thai."""
        year = self.fiscal_year_be
        if self.fiscal_year_created:
            year_line = SUMMARY_YEAR_CREATED
        elif self.settings_changed:
            year_line = SUMMARY_YEAR_UPDATED
        else:
            year_line = SUMMARY_YEAR_SAME
        out = [SUMMARY_DONE.format(year=year), year_line.format(year=year)]
        first = thai_month_short(self.periods[0]) if self.periods else "-"
        out.append(SUMMARY_SETTINGS.format(first=first, **{
            spec.attribute: getattr(self.settings, spec.attribute) for spec in SETTINGS
        }))
        if self.periods:
            out.append(SUMMARY_PERIODS.format(
                first=first, last=thai_month_short(self.periods[-1]),
                count=len(self.periods), created=self.periods_created,
            ))
        for name, label in SUMMARY_LABELS.items():
            counts: Counts = getattr(self, name)
            line = SUMMARY_COUNTS.format(label=label, created=counts.created, updated=counts.updated,
                                         unchanged=counts.unchanged)
            if counts.kept:
                line += SUMMARY_KEPT.format(kept=counts.kept)
            out.append(line)
        return out


# --- template ----------------------------------------------------------------------------------

FONT_NAME = "TH SarabunPSK"
FONT_SIZE = 16
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TEMPLATE_ROWS = 5000  # how far down the drop-down lists reach

# (sheet, header) → (width, required, text format, explanation)
COLUMN_GUIDE: dict[tuple[str, str], tuple[int, str, bool, str]] = {
    (SHEET_UNITS, H_CODE): (14, "ต้องกรอก", True,
                            "รหัสหน่วยงาน ไม่ซ้ำกัน เช่น 50 หรือ สสพ1 หรือ กพก ใช้เป็นกุญแจเมื่อนำเข้าซ้ำ"),
    (SHEET_UNITS, H_NAME): (50, "ต้องกรอก", False, "ชื่อเต็มของหน่วยงาน เช่น สำนักงานสหกรณ์จังหวัดเชียงใหม่"),
    (SHEET_UNITS, H_KIND): (14, "ต้องกรอก", False,
                            "พื้นที่ = สสจ./สสพ. ผู้รายงานผล · กอง = กอง/สำนักเจ้าของตัวชี้วัด · "
                            "ส่วนกลาง = กองแผนงาน"),
    (SHEET_UNITS, H_PROVINCE): (12, "เฉพาะ พื้นที่", True,
                                "รหัสจังหวัด 2 หลักของกระทรวงมหาดไทย เช่น 10 กรุงเทพมหานคร, 50 เชียงใหม่ "
                                "(กอง/ส่วนกลางเว้นว่าง)"),
    (SHEET_INDICATORS, H_CODE): (12, "ต้องกรอก", True, "รหัสตัวชี้วัด ไม่ซ้ำกันในปีงบประมาณ ใช้เป็นกุญแจเมื่อนำเข้าซ้ำ"),
    (SHEET_INDICATORS, H_PLAN): (40, "ต้องกรอก", False, "ชื่อแผนงาน สะกดให้ตรงกันทุกแถว"),
    (SHEET_INDICATORS, H_PROJECT): (40, "ต้องกรอก", False,
                                    "ชื่อผลผลิต/โครงการ ไม่ซ้ำกันในปี และอยู่ใต้แผนงานเดียว สะกดให้ตรงกันทุกแถว"),
    (SHEET_INDICATORS, H_ACTIVITY): (40, "ต้องกรอก", False, "ชื่อกิจกรรมหลักภายใต้ผลผลิต/โครงการ"),
    (SHEET_INDICATORS, H_INDICATOR): (60, "ต้องกรอก", False, "ชื่อตัวชี้วัด"),
    (SHEET_INDICATORS, H_UNIT_LABEL): (12, "ต้องกรอก", False, "หน่วยนับ เช่น ราย แห่ง ครั้ง ไร่ ร้อยละ"),
    (SHEET_INDICATORS, H_TARGET): (14, "ไม่บังคับ", False, "เป้าหมายทั้งปีของกรม เป็นตัวเลขไม่ติดลบ"),
    (SHEET_INDICATORS, H_OWNER): (18, "ต้องกรอก", True,
                                  "รหัสหน่วยงานรับผิดชอบ ต้องเป็นหน่วยงานประเภท กอง หรือ ส่วนกลาง"),
    (SHEET_INDICATORS, H_COUNTING): (12, "ไม่บังคับ", False,
                                     "สะสม = ผลแต่ละเดือนรวมกัน (ราย แห่ง ไร่) · ล่าสุด = ใช้ค่าล่าสุด (ร้อยละ) · "
                                     "เว้นว่าง = ล่าสุด เมื่อหน่วยนับเป็นร้อยละ นอกนั้น สะสม"),
    (SHEET_INDICATORS, H_VALUE_TYPE): (16, "ไม่บังคับ", False,
                                       "จำนวนเต็ม = นับเป็นหน่วย ไม่ติดลบ (ราย แห่ง) · ทศนิยม = ไม่ติดลบ มีทศนิยมได้ (ไร่ ตัน) · "
                                       "ร้อยละ = 0 ถึง 100 · อัตราส่วน = ไม่ติดลบ เกิน 100 ได้ · "
                                       "การเปลี่ยนแปลง = ติดลบได้ (เช่น รายได้เพิ่มขึ้นร้อยละ) · บาท = จำนวนเงิน · "
                                       "เว้นว่าง = ดูจากหน่วยนับ (ร้อยละ → ร้อยละ, บาท → บาท, ไร่ → ทศนิยม, "
                                       "นอกนั้น จำนวนเต็ม) และชื่อตัวชี้วัด (อัตราส่วน → อัตราส่วน; "
                                       "ร้อยละที่ชื่อมี เพิ่มขึ้น ขยายตัว ลดลง → การเปลี่ยนแปลง)"),
    (SHEET_TARGETS, H_INDICATOR_CODE): (16, "ต้องกรอก", True, "รหัสตัวชี้วัดจากแผ่นงาน ตัวชี้วัด"),
    (SHEET_TARGETS, H_UNIT_CODE): (16, "ต้องกรอก", True,
                                   "รหัสหน่วยงานประเภท พื้นที่ ที่รายงานตัวชี้วัดนี้ (1 แถวต่อ 1 คู่)"),
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
    SHEET_TARGETS: "หน่วยงานในพื้นที่ใดรายงานตัวชี้วัดใด และเป้าหมายของหน่วยงานนั้น",
    SHEET_BUDGET: "(ไม่บังคับ) งบประมาณที่จัดสรรให้หน่วยงานในพื้นที่ตามผลผลิต/โครงการ",
    SHEET_SETTINGS: "(ไม่บังคับ) วันตัดยอด กำหนดส่ง และเดือนแรกที่รายงานของปีงบประมาณ",
}

GUIDE_TITLE = "วิธีกรอกไฟล์นำเข้าแผน (Tidtam)"
GUIDE_NOTES = (
    "กรอกข้อมูลตั้งแต่แถว 2 ของแต่ละแผ่นงาน ห้ามแก้ชื่อแผ่นงานและหัวคอลัมน์ในแถว 1",
    "รหัสหน่วยงานและรหัสตัวชี้วัดเป็นกุญแจของข้อมูล: เมื่อนำเข้าซ้ำ ระบบจะปรับปรุงข้อมูลตามรหัสเดิม "
    "จึงไม่ควรเปลี่ยนรหัสที่ใช้ไปแล้ว",
    "แผนงาน ผลผลิต/โครงการ และกิจกรรมหลักระบุด้วยชื่อ ต้องสะกดให้ตรงกันทุกแถว",
    "การนำเข้าซ้ำไม่ลบผลการดำเนินงาน ผลการใช้จ่ายงบประมาณ หรือปัญหาที่รายงานไว้แล้ว "
    "ข้อมูลที่ไม่อยู่ในไฟล์จะคงไว้ตามเดิม",
    "ระบบตรวจทั้งไฟล์ก่อนนำเข้า หากพบข้อผิดพลาดจะไม่นำเข้าเลยสักแถว และแจ้งแผ่นงาน แถว คอลัมน์ที่ต้องแก้ทุกจุด",
    "ตัวเลขใส่จุลภาคได้ (1,250) ใช้เลขไทยได้ (๑,๒๕๐) และต้องไม่ติดลบ แถวว่างจะถูกข้าม",
    "นำเข้าด้วยคำสั่ง: tidtam import-plan ไฟล์.xlsx --fiscal-year 2570",
)


def template_headers(sheet: str) -> tuple[str, ...]:
    """The headers the template writes: the required ones, then the optional ones."""
    return HEADERS[sheet] + OPTIONAL_HEADERS.get(sheet, ())


def _font(**kwargs: Any) -> Font:
    return Font(name=FONT_NAME, size=FONT_SIZE, **kwargs)


def _style_header_row(ws, headers: Sequence[str]) -> None:
    for index, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=index, value=header)
        cell.font = _font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"


def _list_validation(ws, column: int, words: Iterable[str], prompt: str) -> None:
    letter = get_column_letter(column)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="ค่าไม่ถูกต้อง", error=prompt,
        showInputMessage=True, promptTitle=ws.cell(row=1, column=column).value, prompt=prompt,
    )
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    ws.add_data_validation(validation)


def write_template(path: str | Path) -> Path:
    """Write the empty import template (with an instructions sheet first) and return its path."""
    path = Path(path)
    wb = Workbook()
    guide = wb.active
    guide.title = SHEET_GUIDE
    _write_guide(guide)

    for sheet in DATA_SHEETS:
        ws = wb.create_sheet(sheet)
        headers = template_headers(sheet)
        _style_header_row(ws, headers)
        for index, header in enumerate(headers, start=1):
            width, required, as_text, explanation = COLUMN_GUIDE[(sheet, header)]
            letter = get_column_letter(index)
            dimension = ws.column_dimensions[letter]
            dimension.width = width
            dimension.font = _font()
            if as_text:  # codes typed as 01 keep their leading zero
                dimension.number_format = "@"
            comment = Comment(f"{required}: {explanation}", "Tidtam", width=320, height=120)
            ws.cell(row=1, column=index).comment = comment

    units = wb[SHEET_UNITS]
    _list_validation(units, HEADERS[SHEET_UNITS].index(H_KIND) + 1, KIND_WORDS, MSG_BAD_KIND)
    indicators = wb[SHEET_INDICATORS]
    _list_validation(indicators, HEADERS[SHEET_INDICATORS].index(H_COUNTING) + 1, COUNTING_WORDS,
                     MSG_BAD_COUNTING)
    _list_validation(indicators, template_headers(SHEET_INDICATORS).index(H_VALUE_TYPE) + 1, VALUE_TYPE_WORDS,
                     MSG_BAD_VALUE_TYPE)

    settings = wb[SHEET_SETTINGS]
    for row, spec in enumerate(SETTINGS, start=2):
        settings.cell(row=row, column=1, value=spec.name).font = _font()
        settings.cell(row=row, column=2, value=spec.default).font = _font()
        validation = DataValidation(
            type="whole", operator="between", formula1="1", formula2=str(spec.maximum),
            showErrorMessage=True, errorTitle="ค่าไม่ถูกต้อง",
            error=MSG_SETTING_RANGE.format(maximum=spec.maximum),
        )
        validation.add(f"B{row}")
        settings.add_data_validation(validation)

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _write_guide(ws) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 100
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(row: int, *values: Any, bold: bool = False, size: int = FONT_SIZE) -> None:
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column, value=value)
            cell.font = Font(name=FONT_NAME, size=size, bold=bold)
            cell.alignment = wrap

    row = 1
    put(row, GUIDE_TITLE, bold=True, size=20)
    row += 2
    for number, note in enumerate(GUIDE_NOTES, start=1):
        put(row, f"{number}.", note)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        row += 1

    row += 1
    put(row, "แผ่นงาน", "คอลัมน์", "การกรอก", "คำอธิบาย", bold=True)
    for column in range(1, 5):
        ws.cell(row=row, column=column).fill = HEADER_FILL
    row += 1
    for sheet in DATA_SHEETS:
        put(row, sheet, "", "", SHEET_PURPOSE[sheet], bold=True)
        row += 1
        for header in template_headers(sheet):
            _, required, _, explanation = COLUMN_GUIDE[(sheet, header)]
            put(row, "", header, required, explanation)
            row += 1

    row += 1
    put(row, f"รายการในแผ่นงาน {SHEET_SETTINGS}", "ค่าเริ่มต้น", "", "ความหมาย", bold=True)
    for column in range(1, 5):
        ws.cell(row=row, column=column).fill = HEADER_FILL
    row += 1
    for spec in SETTINGS:
        put(row, spec.name, spec.default, "", spec.help)
        row += 1
    put(row, "", "", "", "ถ้าไม่มีแผ่นงานหรือรายการใด ปีใหม่ใช้ค่าเริ่มต้น ปีที่มีอยู่แล้วคงค่าเดิม")
    ws.freeze_panes = "A2"


# --- reading -----------------------------------------------------------------------------------

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_PROVINCE = re.compile(r"^\d{2}$")


@dataclass(frozen=True)
class _Cell:
    value: Any
    number_format: str | None
    is_error: bool


@dataclass
class _Sheet:
    name: str
    header: dict[str, int]  # header name → column index (0-based)
    rows: list[tuple[int, Sequence[_Cell]]]  # (row number, cells) of non-blank data rows


def _squash(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _header_key(text: Any) -> str:
    return _SPACES.sub("", _INVISIBLE.sub("", str(text))) if text is not None else ""


def _is_blank(cell: _Cell) -> bool:
    return cell.value is None or (isinstance(cell.value, str) and not _squash(cell.value))


def _read_workbook(path: Path) -> tuple[dict[str, list[Sequence[_Cell]]], list[Problem]]:
    """Every worksheet's rows, or a single file-level problem."""
    if not path.is_file():
        return {}, [Problem("", 0, "", MSG_FILE_NOT_FOUND.format(name=path.name))]
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not a zip, not an OOXML package, an .xls, ...: all the same to the user
        return {}, [Problem("", 0, "", MSG_NOT_XLSX.format(name=path.name))]
    try:
        sheets: dict[str, list[Sequence[_Cell]]] = {}
        for ws in wb.worksheets:
            ws.reset_dimensions()  # do not trust the stored dimension: read every cell there is
            rows = [
                tuple(
                    _Cell(cell.value, getattr(cell, "number_format", None), cell.data_type == "e")
                    for cell in row
                )
                for row in ws.iter_rows()
            ]
            sheets.setdefault(_squash(ws.title), rows)
    except Exception:  # a damaged sheet inside a valid zip
        return {}, [Problem("", 0, "", MSG_NOT_XLSX.format(name=path.name))]
    finally:
        wb.close()
    return sheets, []


class _Checker:
    """Collects problems while turning cells into clean Python values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def sheet(self, rows_by_sheet: dict[str, list[Sequence[_Cell]]], name: str, required: bool) -> _Sheet | None:
        """The sheet with its headers checked; None when missing or unusable."""
        rows = rows_by_sheet.get(name)
        if rows is None:
            if required:
                self.add(name, 1, "-", MSG_MISSING_SHEET.format(sheet=name))
            return None
        header: dict[str, int] = {}
        for index, cell in enumerate(rows[0] if rows else ()):
            header.setdefault(_header_key(cell.value), index)
        columns: dict[str, int] = {}
        for wanted in HEADERS[name]:
            index = header.get(_header_key(wanted))
            if index is None:
                self.add(name, 1, wanted, MSG_MISSING_HEADER.format(header=wanted))
            else:
                columns[wanted] = index
        if len(columns) < len(HEADERS[name]):
            return None
        for optional in OPTIONAL_HEADERS.get(name, ()):
            if (index := header.get(_header_key(optional))) is not None:
                columns[optional] = index
        data = [
            (number, cells)
            for number, cells in enumerate(rows[1:], start=2)
            if not all(_is_blank(cells[i]) for i in columns.values() if i < len(cells))
        ]
        return _Sheet(name, columns, data)

    @staticmethod
    def _cell(sheet: _Sheet, cells: Sequence[_Cell], header: str) -> _Cell:
        index = sheet.header[header]
        return cells[index] if index < len(cells) else _Cell(None, None, False)

    def text(self, sheet: _Sheet, row: int, cells: Sequence[_Cell], header: str, *,
             required: bool = True, limit: int | None = None) -> str | None:
        cell = self._cell(sheet, cells, header)
        if cell.is_error:
            self.add(sheet.name, row, header, MSG_CELL_ERROR.format(value=cell.value))
            return None
        value = _as_text(cell.value)
        if not value:
            if required:
                self.add(sheet.name, row, header, MSG_REQUIRED)
            return None
        if limit is not None and len(value) > limit:
            self.add(sheet.name, row, header, MSG_TOO_LONG.format(limit=limit))
            return None
        return value

    def number(self, sheet: _Sheet, row: int, cells: Sequence[_Cell], header: str, *,
               required: bool, limit: Decimal) -> Decimal | None:
        cell = self._cell(sheet, cells, header)
        if cell.is_error:
            self.add(sheet.name, row, header, MSG_CELL_ERROR.format(value=cell.value))
            return None
        if _is_blank(cell):
            if required:
                self.add(sheet.name, row, header, MSG_REQUIRED)
            return None
        value = _as_number(cell.value, cell.number_format)
        if value is None or value < 0:
            self.add(sheet.name, row, header, MSG_NOT_NUMBER)
            return None
        if value >= limit:
            self.add(sheet.name, row, header, MSG_TOO_LARGE)
            return None
        return value


def _as_text(value: Any) -> str | None:
    """A cell as clean text: stripped, runs of white space made one space; numbers without `.0`."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return _squash(str(value)) or None


def _as_number(value: Any, number_format: str | None = None) -> Decimal | None:
    """A finite number from a numeric cell or from text such as `1,250`, `๑,๒๕๐` or `80%`."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number_format and "%" in number_format.replace('"%"', ""):
            number *= 100  # a cell formatted as 80% holds 0.8
        return number
    if not isinstance(value, str):
        return None
    text = _squash(value).translate(_THAI_DIGITS).replace(",", "").replace(" ", "")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number


def _as_province(value: Any) -> str | None:
    """`10`, `10.0`, `"10"` and `"๑๐"` → "10"; anything else → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        value = str(int(value))
    text = _squash(str(value)).translate(_THAI_DIGITS)
    return text if _PROVINCE.match(text) else None


# --- parsed rows -------------------------------------------------------------------------------


@dataclass
class _UnitRow:
    row: int
    code: str
    name: str
    kind: UnitKind
    province: str | None


@dataclass
class _IndicatorRow:
    row: int
    code: str
    plan: str
    project: str
    activity: str
    name: str
    unit_label: str
    target: Decimal | None
    owner: str
    counting: Counting
    value_type: ValueType = ValueType.WHOLE


@dataclass
class _TargetRow:
    row: int
    indicator: str
    unit: str
    target: Decimal | None


@dataclass
class _BudgetRow:
    row: int
    project: str
    unit: str
    amount: Decimal


@dataclass
class _Plan:
    """Everything the workbook says, validated."""

    units: list[_UnitRow] = field(default_factory=list)
    indicators: list[_IndicatorRow] = field(default_factory=list)
    targets: list[_TargetRow] = field(default_factory=list)
    budget: list[_BudgetRow] = field(default_factory=list)
    settings: dict[str, int] = field(default_factory=dict)  # FiscalYear attribute → value


# --- validation --------------------------------------------------------------------------------

_UNKNOWN = object()  # the kind of a unit whose own row has a problem: do not judge references


def _validate(session: Session, path: Path, year_be: int, provinces: set[str] | None) -> _Plan:
    check = _Checker()
    if not 2400 <= year_be <= 2800:
        check.add("", 0, "", MSG_BAD_YEAR.format(year=year_be))
    rows_by_sheet, file_problems = _read_workbook(path)
    if file_problems:
        raise PlanImportError(check.problems + file_problems)

    known_provinces = {str(p).strip() for p in provinces} if provinces is not None else None
    fiscal_year = session.scalar(select(FiscalYear).where(FiscalYear.year_be == year_be))
    db_units = {unit.code: unit for unit in session.scalars(select(Unit))}
    db_indicators: set[str] = set()
    db_projects: set[str] = set()
    if fiscal_year is not None:
        db_indicators = set(session.scalars(select(Indicator.code).where(Indicator.fiscal_year_id == fiscal_year.id)))
        db_projects = set(session.scalars(select(Project.name).where(Project.fiscal_year_id == fiscal_year.id)))

    plan = _Plan()
    units_sheet = check.sheet(rows_by_sheet, SHEET_UNITS, required=True)
    indicators_sheet = check.sheet(rows_by_sheet, SHEET_INDICATORS, required=True)
    targets_sheet = check.sheet(rows_by_sheet, SHEET_TARGETS, required=True)
    budget_sheet = check.sheet(rows_by_sheet, SHEET_BUDGET, required=False)
    settings_sheet = check.sheet(rows_by_sheet, SHEET_SETTINGS, required=False)
    units_usable = units_sheet is not None
    indicators_usable = indicators_sheet is not None

    # Units. `kinds` is the final kind of every unit code: the file wins over the database.
    kinds: dict[str, Any] = {code: UnitKind(unit.kind) for code, unit in db_units.items()}
    if units_sheet is not None:
        seen: dict[str, int] = {}
        for row, cells in units_sheet.rows:
            code = check.text(units_sheet, row, cells, H_CODE, limit=MAX_CODE)
            name = check.text(units_sheet, row, cells, H_NAME, limit=MAX_UNIT_NAME)
            kind_word = check.text(units_sheet, row, cells, H_KIND)
            kind = KIND_WORDS.get(kind_word) if kind_word else None
            if kind_word and kind is None:
                check.add(SHEET_UNITS, row, H_KIND, MSG_BAD_KIND)
            province = _check_province(check, units_sheet, row, cells, kind, known_provinces)
            if code is not None:
                if code in seen:
                    check.add(SHEET_UNITS, row, H_CODE, MSG_DUPLICATE_CODE.format(row=seen[code]))
                    continue
                seen[code] = row
                kinds[code] = kind if kind is not None else _UNKNOWN
            if code and name and kind and province is not _UNKNOWN:
                plan.units.append(_UnitRow(row, code, name, kind, province))

    def unit_reference(where: _Sheet, row: int, header: str, code: str, *, office: bool) -> None:
        """A unit code used in another sheet must exist and be of the right kind."""
        kind = kinds.get(code)
        if kind is None:
            if units_usable:  # when the units sheet itself is broken, do not pile up problems
                check.add(where.name, row, header, MSG_UNKNOWN_UNIT.format(code=code))
        elif kind is _UNKNOWN:
            pass  # the unit's own row already has a problem
        elif office and kind != UnitKind.OFFICE:
            check.add(where.name, row, header, MSG_NOT_OFFICE.format(code=code))
        elif not office and kind == UnitKind.OFFICE:
            check.add(where.name, row, header, MSG_OWNER_IS_OFFICE.format(code=code))

    # Indicators and the plan tree.
    indicator_codes = set(db_indicators)
    project_names = set(db_projects)
    if indicators_sheet is not None:
        sheet = indicators_sheet
        seen = {}
        project_plan: dict[str, tuple[str, int]] = {}
        for row, cells in sheet.rows:
            code = check.text(sheet, row, cells, H_CODE, limit=MAX_CODE)
            plan_name = check.text(sheet, row, cells, H_PLAN, limit=MAX_TREE_NAME)
            project = check.text(sheet, row, cells, H_PROJECT, limit=MAX_TREE_NAME)
            activity = check.text(sheet, row, cells, H_ACTIVITY, limit=MAX_TREE_NAME)
            name = check.text(sheet, row, cells, H_INDICATOR, limit=MAX_INDICATOR_NAME)
            unit_label = check.text(sheet, row, cells, H_UNIT_LABEL, limit=MAX_UNIT_LABEL)
            target = check.number(sheet, row, cells, H_TARGET, required=False, limit=MAX_TARGET)
            owner = check.text(sheet, row, cells, H_OWNER, limit=MAX_CODE)
            counting_word = check.text(sheet, row, cells, H_COUNTING, required=False)
            counting = COUNTING_WORDS.get(counting_word) if counting_word else None
            if counting_word and counting is None:
                check.add(SHEET_INDICATORS, row, H_COUNTING, MSG_BAD_COUNTING)
            if counting is None and unit_label:
                counting = Counting.LATEST if unit_label in PERCENT_LABELS else Counting.SUM
            value_type = _value_type(check, sheet, row, cells, unit_label, name)
            if code is not None:
                indicator_codes.add(code)
                if code in seen:
                    check.add(SHEET_INDICATORS, row, H_CODE, MSG_DUPLICATE_CODE.format(row=seen[code]))
                else:
                    seen[code] = row
            if project is not None:
                project_names.add(project)
                if plan_name is not None:
                    first = project_plan.setdefault(project, (plan_name, row))
                    if first[0] != plan_name:
                        check.add(SHEET_INDICATORS, row, H_PLAN,
                                  MSG_PROJECT_TWO_PLANS.format(plan=first[0], row=first[1]))
            if owner is not None:
                unit_reference(sheet, row, H_OWNER, owner, office=False)
            values = (code, plan_name, project, activity, name, unit_label, owner, counting, value_type)
            if all(v is not None for v in values) and seen.get(code) == row:
                plan.indicators.append(_IndicatorRow(
                    row, code, plan_name, project, activity, name, unit_label, target, owner, counting, value_type,
                ))

    # Offices' indicators and targets.
    if targets_sheet is not None:
        sheet = targets_sheet
        pairs: dict[tuple[str, str], int] = {}
        for row, cells in sheet.rows:
            indicator = check.text(sheet, row, cells, H_INDICATOR_CODE, limit=MAX_CODE)
            unit = check.text(sheet, row, cells, H_UNIT_CODE, limit=MAX_CODE)
            target = check.number(sheet, row, cells, H_TARGET, required=False, limit=MAX_TARGET)
            if indicator is not None and indicator not in indicator_codes and indicators_usable:
                check.add(sheet.name, row, H_INDICATOR_CODE, MSG_UNKNOWN_INDICATOR.format(code=indicator))
            if unit is not None:
                unit_reference(sheet, row, H_UNIT_CODE, unit, office=True)
            if indicator is not None and unit is not None:
                first_row = pairs.setdefault((indicator, unit), row)
                if first_row != row:
                    check.add(sheet.name, row, H_UNIT_CODE, MSG_DUPLICATE_ASSIGNMENT.format(row=first_row))
                else:
                    plan.targets.append(_TargetRow(row, indicator, unit, target))

    # Budget allocations.
    if budget_sheet is not None:
        sheet = budget_sheet
        pairs = {}
        for row, cells in sheet.rows:
            project = check.text(sheet, row, cells, H_PROJECT, limit=MAX_TREE_NAME)
            unit = check.text(sheet, row, cells, H_UNIT_CODE, limit=MAX_CODE)
            amount = check.number(sheet, row, cells, H_AMOUNT, required=True, limit=MAX_MONEY)
            if project is not None and project not in project_names and indicators_usable:
                check.add(sheet.name, row, H_PROJECT, MSG_UNKNOWN_PROJECT.format(name=project))
            if unit is not None:
                unit_reference(sheet, row, H_UNIT_CODE, unit, office=True)
            if project is not None and unit is not None:
                first_row = pairs.setdefault((project, unit), row)
                if first_row != row:
                    check.add(sheet.name, row, H_UNIT_CODE, MSG_DUPLICATE_ALLOCATION.format(row=first_row))
                elif amount is not None:
                    plan.budget.append(_BudgetRow(row, project, unit, amount))

    # Settings.
    if settings_sheet is not None:
        sheet = settings_sheet
        seen = {}
        for row, cells in sheet.rows:
            name = check.text(sheet, row, cells, H_SETTING)
            spec = SETTINGS_BY_NAME.get(name) if name else None
            if name is not None and spec is None:
                allowed = ", ".join(SETTINGS_BY_NAME)
                check.add(sheet.name, row, H_SETTING, MSG_UNKNOWN_SETTING.format(name=name, allowed=allowed))
            elif spec is not None and spec.name in seen:
                check.add(sheet.name, row, H_SETTING, MSG_DUPLICATE_SETTING.format(row=seen[spec.name]))
                spec = None
            elif spec is not None:
                seen[spec.name] = row
            maximum = spec.maximum if spec else 28
            cell = _Checker._cell(sheet, cells, H_VALUE)
            value = None if cell.is_error else _as_number(cell.value)
            if _is_blank(cell):
                check.add(sheet.name, row, H_VALUE, MSG_REQUIRED)
            elif value is None or value != value.to_integral_value() or not 1 <= value <= maximum:
                check.add(sheet.name, row, H_VALUE, MSG_SETTING_RANGE.format(maximum=maximum))
            elif spec is not None:
                plan.settings[spec.attribute] = int(value)

    if check.problems:
        raise PlanImportError(sorted(check.problems, key=_problem_order))
    return plan


def _value_type(check: _Checker, sheet: _Sheet, row: int, cells: Sequence[_Cell], unit_label: str | None,
                name: str | None) -> ValueType | None:
    """The `ชนิดค่า` of an indicator row; inferred from the unit and name when the column is empty
    or absent; None after a problem."""
    word = check.text(sheet, row, cells, H_VALUE_TYPE, required=False) if H_VALUE_TYPE in sheet.header else None
    if word:
        value_type = value_type_of_word(word)
        if value_type is None:
            check.add(sheet.name, row, H_VALUE_TYPE, MSG_BAD_VALUE_TYPE)
        return value_type
    return infer_value_type(unit_label, name)


def _problem_order(problem: Problem) -> tuple[int, int, int]:
    """File-level problems first, then sheet by sheet in workbook order, row by row, left to right."""
    sheets = ("", *DATA_SHEETS)
    sheet = sheets.index(problem.sheet) if problem.sheet in sheets else len(sheets)
    headers = template_headers(problem.sheet) if problem.sheet in HEADERS else ()
    column = headers.index(problem.column) if problem.column in headers else -1
    return sheet, problem.row, column


def _check_province(check: _Checker, sheet: _Sheet, row: int, cells: Sequence[_Cell], kind: UnitKind | None,
                    known: set[str] | None) -> Any:
    """The office's province code; None for other units; _UNKNOWN after a problem."""
    cell = _Checker._cell(sheet, cells, H_PROVINCE)
    if kind not in (UnitKind.OFFICE, None):
        return None  # divisions and the central unit have no province: ignore what is there
    if cell.is_error:
        check.add(sheet.name, row, H_PROVINCE, MSG_CELL_ERROR.format(value=cell.value))
        return _UNKNOWN
    if _is_blank(cell):
        if kind == UnitKind.OFFICE:
            check.add(sheet.name, row, H_PROVINCE, MSG_PROVINCE_REQUIRED)
            return _UNKNOWN
        return None
    code = _as_province(cell.value)
    if code is None:
        check.add(sheet.name, row, H_PROVINCE, MSG_PROVINCE_FORMAT)
        return _UNKNOWN
    if known is not None and code not in known:
        check.add(sheet.name, row, H_PROVINCE, MSG_PROVINCE_UNKNOWN.format(code=code))
        return _UNKNOWN
    return code


# --- applying ----------------------------------------------------------------------------------


def _update(obj: Any, **values: Any) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _count(counts: Counts, created: bool, changed: bool) -> None:
    if created:
        counts.created += 1
    elif changed:
        counts.updated += 1
    else:
        counts.unchanged += 1


def _apply(session: Session, plan: _Plan, year_be: int) -> ImportSummary:
    summary = ImportSummary(year_be)

    # The fiscal year and its settings: the file's values, else the current ones, else defaults.
    fiscal_year = session.scalar(select(FiscalYear).where(FiscalYear.year_be == year_be))
    if fiscal_year is None:
        values = {spec.attribute: plan.settings.get(spec.attribute, spec.default) for spec in SETTINGS}
        fiscal_year = FiscalYear(year_be=year_be, **values)
        session.add(fiscal_year)
        summary.fiscal_year_created = True
    else:
        summary.settings_changed = _update(fiscal_year, **plan.settings)
    session.flush()
    settings = CalendarSettings.of(fiscal_year)
    summary.settings = settings

    # Periods: add the missing ones, never remove any.
    months = periods_of(year_be, settings)
    summary.periods = months
    existing_months = set(session.scalars(select(Period.month_start).where(Period.month_start.in_(months))))
    for month in months:
        if month not in existing_months:
            session.add(Period(fiscal_year_id=fiscal_year.id, month_start=month))
            summary.periods_created += 1

    # Units, by code.
    units = {unit.code: unit for unit in session.scalars(select(Unit))}
    summary.units.kept = len(set(units) - {row.code for row in plan.units})
    for row in plan.units:
        unit = units.get(row.code)
        created = unit is None
        if created:
            unit = Unit(code=row.code, name=row.name, kind=row.kind.value, province_code=row.province)
            session.add(unit)
            units[row.code] = unit
            changed = True
        else:
            changed = _update(unit, name=row.name, kind=row.kind.value, province_code=row.province)
        _count(summary.units, created, changed)
    session.flush()

    # The plan tree, by name, ordered as the sheet is.
    year_id = fiscal_year.id
    plans = {p.name: p for p in session.scalars(select(Plan).where(Plan.fiscal_year_id == year_id))}
    projects = {p.name: p for p in session.scalars(select(Project).where(Project.fiscal_year_id == year_id))}
    activities = {
        (project_name, activity.name): activity
        for project_name, activity in session.execute(
            select(Project.name, Activity).join(Activity, Activity.project_id == Project.id)
            .where(Project.fiscal_year_id == year_id)
        )
    }
    plan_order: dict[str, int] = {}
    project_order: dict[str, tuple[str, int]] = {}
    activity_order: dict[tuple[str, str], int] = {}
    activities_per_project: dict[str, int] = {}
    for row in plan.indicators:
        plan_order.setdefault(row.plan, len(plan_order) + 1)
        project_order.setdefault(row.project, (row.plan, len(project_order) + 1))
        if (row.project, row.activity) not in activity_order:
            activities_per_project[row.project] = activities_per_project.get(row.project, 0) + 1
            activity_order[(row.project, row.activity)] = activities_per_project[row.project]
    summary.plans.kept = len(set(plans) - set(plan_order))
    summary.projects.kept = len(set(projects) - set(project_order))
    summary.activities.kept = len(set(activities) - set(activity_order))

    for name, order in plan_order.items():
        item = plans.get(name)
        created = item is None
        if created:
            item = plans[name] = Plan(fiscal_year_id=year_id, name=name, sort_order=order)
            session.add(item)
        _count(summary.plans, created, not created and _update(item, sort_order=order))
    session.flush()
    for name, (plan_name, order) in project_order.items():
        item = projects.get(name)
        plan_id = plans[plan_name].id
        created = item is None
        if created:
            item = projects[name] = Project(fiscal_year_id=year_id, plan_id=plan_id, name=name, sort_order=order)
            session.add(item)
        _count(summary.projects, created, not created and _update(item, plan_id=plan_id, sort_order=order))
    session.flush()
    for (project_name, name), order in activity_order.items():
        item = activities.get((project_name, name))
        created = item is None
        if created:
            item = Activity(project_id=projects[project_name].id, name=name, sort_order=order)
            activities[(project_name, name)] = item
            session.add(item)
        _count(summary.activities, created, not created and _update(item, sort_order=order))
    session.flush()

    # Indicators, by code within the year.
    indicators = {i.code: i for i in session.scalars(select(Indicator).where(Indicator.fiscal_year_id == year_id))}
    summary.indicators.kept = len(set(indicators) - {row.code for row in plan.indicators})
    for order, row in enumerate(plan.indicators, start=1):
        values = dict(
            activity_id=activities[(row.project, row.activity)].id,
            name=row.name,
            unit_label=row.unit_label,
            target=row.target,
            owner_unit_id=units[row.owner].id,
            counting=row.counting.value,
            value_type=row.value_type.value,
            sort_order=order,
        )
        item = indicators.get(row.code)
        created = item is None
        if created:
            item = indicators[row.code] = Indicator(fiscal_year_id=year_id, code=row.code, **values)
            session.add(item)
        _count(summary.indicators, created, not created and _update(item, **values))
    session.flush()

    # Assignments (office ↔ indicator, with the office's target).
    by_id = {i.id: code for code, i in indicators.items()}
    unit_codes = {u.id: code for code, u in units.items()}
    assignments = {
        (by_id[a.indicator_id], unit_codes[a.unit_id]): a
        for a in session.scalars(select(Assignment).where(Assignment.indicator_id.in_(list(by_id))))
    }
    summary.assignments.kept = len(set(assignments) - {(r.indicator, r.unit) for r in plan.targets})
    for row in plan.targets:
        item = assignments.get((row.indicator, row.unit))
        created = item is None
        if created:
            item = Assignment(indicator_id=indicators[row.indicator].id, unit_id=units[row.unit].id, target=row.target)
            session.add(item)
        _count(summary.assignments, created, not created and _update(item, target=row.target))

    # Allocations (office ↔ project, in baht).
    project_names = {p.id: name for name, p in projects.items()}
    allocations = {
        (project_names[a.project_id], unit_codes[a.unit_id]): a
        for a in session.scalars(select(Allocation).where(Allocation.project_id.in_(list(project_names))))
    }
    summary.allocations.kept = len(set(allocations) - {(r.project, r.unit) for r in plan.budget})
    for row in plan.budget:
        item = allocations.get((row.project, row.unit))
        created = item is None
        if created:
            item = Allocation(project_id=projects[row.project].id, unit_id=units[row.unit].id, amount=row.amount)
            session.add(item)
        _count(summary.allocations, created, not created and _update(item, amount=row.amount))
    fiscal_year.plan_version = uuid.uuid4().hex  # every process drops its cached copy of the plan
    session.flush()
    return summary


def import_plan(session: Session, path: str | Path, fiscal_year_be: int, *,
                provinces: set[str] | None = None) -> ImportSummary:
    """Validate the whole workbook, then upsert it into the session (flushed, not committed).

    Raises PlanImportError with every problem found, before anything is written.
    `provinces`, when given, is the set of valid two-digit province codes.
    """
    plan = _validate(session, Path(path), fiscal_year_be, provinces)
    return _apply(session, plan, fiscal_year_be)


__all__ = [
    "Counts",
    "ImportSummary",
    "PlanImportError",
    "Problem",
    "import_plan",
    "write_template",
]
