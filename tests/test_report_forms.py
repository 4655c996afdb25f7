"""#15: the forms the source documents ask for, built from a plan with monthly plans and read back.

The plan is the small test plan plus the optional sheets (แผนรายเดือน, แผนการใช้จ่าย,
ข้อมูลโครงการ); offices report December 2569 and January 2570; every workbook is reopened and read
cell by cell, and converted to PDF with LibreOffice to check what the first page shows.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from models.entities import (
    Disbursement,
    Indicator,
    IndicatorPlan,
    Period,
    PeriodState,
    Project,
    ProjectInfo,
    Result,
    SpendingPlan,
    Unit,
    User,
)
from models.permissions import Scope
from models.plan_import import PlanImportError, import_plan
from reports import labels as L
from reports import service
from reports.builders import Meta
from tests.plans import PLAN, PROJECT_A, PROJECT_B, write_small_plan

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
AT = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)

# Two more indicators: I04 has a plan and nobody reported it; I05 was reported and has no plan.
I04 = "จำนวนผู้ตรวจการสหกรณ์ที่ผ่านการอบรมหลักสูตรการตรวจสอบกิจการสหกรณ์ภาคการเกษตร"
I05 = "จำนวนกลุ่มเกษตรกรที่ได้รับการแนะนำส่งเสริมให้ดำเนินธุรกิจตามหลักการสหกรณ์"
EXTRA_INDICATORS = [
    ("I04", PLAN, PROJECT_B, "พัฒนาสินค้าและผลิตภัณฑ์ของสหกรณ์", I04, "ราย", 40, "กพก.", None),
    ("I05", PLAN, PROJECT_B, "พัฒนาสินค้าและผลิตภัณฑ์ของสหกรณ์", I05, "แห่ง", 20, "กพก.", None),
]
I06 = "จำนวนสหกรณ์ที่ได้รับการตรวจสอบบัญชีประจำปี"
EXTRA_TARGETS = [("I04", "P50", 40), ("I05", "P50", 20)]
MONTHLY = [
    # I01 for the department as a whole: 50 reported by January against 60 planned → below
    ("I01", None, "2569-12", 30),
    ("I01", None, "2570-01", 60),
    # I02 per office (P50 by quarter): 1,350 reported against 500 + 400 + 100 = 1,000 → above
    ("I02", "P50", "2570-Q1", 450),
    ("I02", "P50", "2570-01", 500),
    ("I02", "P40", "2570-01", 400),
    ("I02", "P90", "2570-01", 100),
    # I03, a rate: 2.75 reported against 2.8 → within 5%: as planned
    ("I03", "P50", "2570-01", 2.8),
    ("I04", None, "2570-01", 10),
]
SPENDING = [(PROJECT_A, None, "2569-12", 100000), (PROJECT_A, None, "2570-01", 250000)]
INFO = [
    (
        PROJECT_A,
        "เพื่อส่งเสริมและพัฒนาสหกรณ์และกลุ่มเกษตรกรให้มีความเข้มแข็งตามศักยภาพ",
        "งบประมาณแผ่นดิน",
        "76 จังหวัด และ สสพ. 1–2",
        "ต.ค. 2569 – ก.ย. 2570",
        "สหกรณ์มีธุรกิจเพิ่มขึ้น สมาชิกมีรายได้เพิ่มขึ้น",
        "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร",
    )
]


def write_forms_plan(path: Path, *, monthly=MONTHLY, spending=SPENDING, info=INFO) -> Path:
    write_small_plan(path)
    book = load_workbook(path)
    for row in EXTRA_INDICATORS:
        book["ตัวชี้วัด"].append(list(row))
    for row in EXTRA_TARGETS:
        book["เป้าหมายรายหน่วย"].append(list(row))
    for row in monthly:
        book["แผนรายเดือน"].append(list(row))
    for row in spending:
        book["แผนการใช้จ่าย"].append(list(row))
    for row in info:
        book["ข้อมูลโครงการ"].append(list(row))
    book.save(path)
    return path


@pytest.fixture
def forms(session, tmp_path):
    """The plan with monthly plans, and results for December 2569 and January 2570."""
    import_plan(session, write_forms_plan(tmp_path / "plan.xlsx"), 2570)
    session.commit()
    units = {u.code: u.id for u in session.scalars(select(Unit))}
    ind = {i.code: i.id for i in session.scalars(select(Indicator))}
    proj = {p.name: p.id for p in session.scalars(select(Project))}
    per = {p.month_start: p.id for p in session.scalars(select(Period))}
    dec, jan = per[date(2026, 12, 1)], per[date(2027, 1, 1)]
    for code, unit, period, value, status in [
        ("I01", "P50", dec, "12", "submitted"),
        ("I01", "P50", jan, "8", "approved"),
        ("I02", "P50", dec, "1250", "submitted"),
        ("I03", "P50", dec, "2.5", "submitted"),
        ("I03", "P50", jan, "2.75", "submitted"),
        ("I01", "P40", dec, "20", "draft"),  # not counted: a draft
        ("I01", "P90", dec, "30", "submitted"),
        ("I02", "P90", jan, "100", "submitted"),
        ("I05", "P50", jan, "7", "submitted"),
    ]:
        session.add(
            Result(
                indicator_id=ind[code],
                unit_id=units[unit],
                period_id=period,
                value=Decimal(value),
                status=status,
                entered_at=AT,
            )
        )
    for unit, project, period, amount in [
        ("P50", PROJECT_A, dec, "150000"),
        ("P50", PROJECT_A, jan, "50000"),
        ("P50", PROJECT_B, jan, "12500"),
        ("P90", PROJECT_A, jan, "30000"),
    ]:
        session.add(
            Disbursement(
                project_id=proj[project],
                unit_id=units[unit],
                period_id=period,
                amount=Decimal(amount),
                status="submitted",
                entered_at=AT,
            )
        )
    session.commit()
    return units


def make(session, kind: str, period: str, scope: Scope | None = None):
    request = service.parse_request(kind, period)
    data = service.load(session, request, scope or Scope())
    return data, service.build(request, data, Meta(made=date(2027, 1, 15)))


def reopen(book, tmp_path: Path, name: str):
    path = tmp_path / name
    book.save(path)
    return path, load_workbook(path)


def rows_of(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def flat(value: object) -> object:
    """A cell's text without the line breaks the workbook writes between words (#25), nor spaces."""
    return "".join(value.split()) if isinstance(value, str) else value


# --- the plan import -------------------------------------------------------------------------------


def test_the_monthly_plans_and_project_data_are_imported(session, forms):
    assert session.scalar(select(func.count()).select_from(IndicatorPlan)) == len(MONTHLY)
    assert session.scalar(select(func.count()).select_from(SpendingPlan)) == 2
    p50 = forms["P50"]
    quarter = session.scalar(
        select(IndicatorPlan).where(IndicatorPlan.unit_id == p50, IndicatorPlan.cumulative == 450)
    )
    assert quarter is not None and quarter.month_start == date(2026, 12, 1)  # 2570-Q1 ends in December
    info = session.scalar(select(ProjectInfo))
    assert info is not None and info.budget_source == "งบประมาณแผ่นดิน" and info.area.startswith("76 จังหวัด")


def test_a_bad_monthly_plan_names_sheet_row_and_column(session, tmp_path):
    path = write_forms_plan(
        tmp_path / "bad.xlsx",
        monthly=[
            ("I01", None, "2571-01", 5),  # outside fiscal year 2570
            ("I99", None, "2570-01", 5),  # no such indicator
            ("I01", "P50", "2570-02", "สิบ"),  # not a number
            ("I01", "P50", "2570-03", 10),
            ("I01", "P50", "2570-03", 11),  # the same month twice
            ("I01", "กพก.", "2570-03", 11),  # a division, not an office
        ],
        spending=[("ไม่มีโครงการนี้", None, "2570-01", 1)],
    )
    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570)
    found = {(p.sheet, p.row, p.column) for p in error.value.problems}
    assert found == {
        ("แผนรายเดือน", 2, "เดือน"),
        ("แผนรายเดือน", 3, "รหัสตัวชี้วัด"),
        ("แผนรายเดือน", 4, "แผนสะสม"),
        ("แผนรายเดือน", 6, "เดือน"),
        ("แผนรายเดือน", 7, "รหัสหน่วยงาน"),
        ("แผนการใช้จ่าย", 2, "ผลผลิต/โครงการ"),
    }
    assert "แผ่นงาน แผนรายเดือน แถว 2 คอลัมน์ เดือน" in str(error.value)
    assert session.scalar(select(func.count()).select_from(Indicator)) == 0  # nothing written


def test_a_plan_without_the_new_sheets_still_imports(session, tmp_path):
    path = write_small_plan(tmp_path / "old.xlsx")
    book = load_workbook(path)
    for name in ("แผนรายเดือน", "แผนการใช้จ่าย", "ข้อมูลโครงการ"):
        del book[name]
    book.save(path)
    summary = import_plan(session, path, 2570)
    session.commit()
    assert summary.indicators.created == 3
    assert not any("แผนรายเดือน" in line for line in summary.lines())
    data, book = make(session, "bb301", "2570-01")
    _, wb = reopen(book, tmp_path, "bb301-old.xlsx")
    texts = [r[0] for r in rows_of(wb["สงป.301"]) if r and isinstance(r[0], str)]
    assert "4. ยังไม่มีการรายงานผล (3 ตัวชี้วัด)" in texts  # nothing reported yet
    assert "5. ไม่ได้กำหนดแผนรายเดือน (0 ตัวชี้วัด)" in texts


# --- สงป.๓๐๑ -------------------------------------------------------------------------------------


def test_bb301_rows_not_reported_yet_say_so_not_that_they_have_no_plan(session, tmp_path):
    """#25: a group-4 row reads as group 4 (not reported yet), never as group 5's "no monthly plan";
    its plan column shows its monthly plan when there is one."""
    # I04 has a January plan of 10; I06 has no monthly plan; nobody has reported anything yet.
    path = write_forms_plan(tmp_path / "plan.xlsx")
    plan = load_workbook(path)
    plan["ตัวชี้วัด"].append(["I06", PLAN, PROJECT_B, "พัฒนาสินค้าและผลิตภัณฑ์ของสหกรณ์", I06, "แห่ง", 5, "กพก.", None])
    plan["เป้าหมายรายหน่วย"].append(["I06", "P50", 5])
    plan.save(path)
    import_plan(session, path, 2570)
    session.commit()
    _, book = make(session, "bb301", "2570-01")
    _, wb = reopen(book, tmp_path, "bb301-groups.xlsx")
    groups = _groups(wb["สงป.301"])
    waiting = {r[0]: r for r in groups["ยังไม่มีการรายงานผล"]}
    assert {I04, I06} <= set(waiting)
    # plan to date, cumulative: I04 shows its plan; I06 has none and says nothing of one
    assert waiting[I04][3:5] == [10, "ยังไม่รายงาน"]
    assert waiting[I06][3:5] == [None, "ยังไม่รายงาน"]
    assert all(r[4] == "ยังไม่รายงาน" for r in waiting.values())
    assert "ไม่ได้กำหนดแผนรายเดือน" not in [c for r in waiting.values() for c in r]
    assert groups["ไม่ได้กำหนดแผนรายเดือน"] == []  # group 5 is only for reported rows without a plan


def _groups(sheet) -> dict[str, list[list]]:
    """The indicator rows under each numbered group heading."""
    groups: dict[str, list[list]] = {}
    current = None
    for row in rows_of(sheet):
        first = row[0] if row else None
        if isinstance(first, str) and first[:2] in ("1.", "2.", "3.", "4.", "5."):
            current = first.split(". ", 1)[1].rsplit(" (", 1)[0]
            groups[current] = []
        elif current and row[1] is not None:
            groups[current].append(row)
    return groups


def test_bb301_groups_indicators_against_the_monthly_plan(session, forms, tmp_path):
    _, book = make(session, "bb301", "2570-01")
    _, wb = reopen(book, tmp_path, "bb301.xlsx")
    assert wb.sheetnames == ["สงป.301", "ผลรายเดือน", "งบประมาณ"]
    groups = _groups(wb["สงป.301"])
    names = {group: [r[0] for r in rows] for group, rows in groups.items()}
    assert names["ผลการดำเนินงานสูงกว่าแผน"] == ["จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น"]
    assert names["ผลการดำเนินงานเป็นไปตามแผน"] == ["อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์"]
    assert names["ผลการดำเนินงานต่ำกว่าแผน"] == ["จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ"]
    assert names["ยังไม่มีการรายงานผล"] == [I04]  # its own group, not "below plan"
    assert names["ไม่ได้กำหนดแผนรายเดือน"] == [I05]
    above = groups["ผลการดำเนินงานสูงกว่าแผน"][0]
    # name, unit, annual target, plan to date, cumulative, % of plan, % of target, this period, offices
    assert above[1:5] == ["ราย", 3000, 1000, 1350]
    assert above[5] == pytest.approx(1.35) and above[8] == "1/3"
    below = groups["ผลการดำเนินงานต่ำกว่าแผน"][0]
    assert below[3:5] == [60, 50] and below[5] == pytest.approx(50 / 60)
    assert groups["ไม่ได้กำหนดแผนรายเดือน"][0][3] == "ไม่ได้กำหนดแผนรายเดือน"  # never target ÷ 12
    assert groups["ยังไม่มีการรายงานผล"][0][3:5] == [10, "ยังไม่รายงาน"]  # its plan, and what group 4 means
    # one row per indicator: each name once on the sheet
    every = [r[0] for rows in groups.values() for r in rows]
    assert len(every) == len(set(every)) == 5

    months = rows_of(wb["ผลรายเดือน"])
    header = [r for r in months if r and r[0] == "ตัวชี้วัด"][0]
    assert header[2:6] == ["ต.ค.", "พ.ย.", "ธ.ค.", "ไตรมาส 1"] and header[-1] == "ผลสะสม"
    i02 = [r for r in months if r[0] == "จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น"][0]
    assert i02[4] == 1250 and i02[5] == 1250 and i02[6] == 100 and i02[-1] == 1350


def test_bb301_budget_part_adds_up(session, forms, tmp_path):
    _, book = make(session, "bb301", "2570-01")
    _, wb = reopen(book, tmp_path, "bb301.xlsx")
    rows = rows_of(wb["งบประมาณ"])
    header_at = [i for i, r in enumerate(rows) if r and r[0] == "ผลผลิต/โครงการ"][0]
    body = [r for r in rows[header_at + 1 :] if r and r[0]]
    body = body[: [r[0] for r in body].index("รวม") + 1]  # the signature block follows (#25)
    projects, total = body[:-1], body[-1]
    assert [p[0] for p in projects] == [PROJECT_A, PROJECT_B] and total[0] == "รวม"
    a, b = projects
    # project A: 1,200,000 allocated, 250,000 planned by January, 230,000 disbursed
    assert a[1:5] == [1_200_000, 250_000, 230_000, -20_000]
    assert a[5] == pytest.approx(230 / 250) and a[6] == pytest.approx(230_000 / 1_200_000)
    assert b[2] == "ไม่ได้กำหนดแผนการใช้จ่าย" and b[3] == 12_500 and b[4] is None
    assert total[1] == a[1] + b[1] == 1_400_000
    assert total[2] == a[2] == 250_000  # only project A has a plan
    assert total[3] == a[3] + b[3] == 242_500
    assert total[4] == a[4]
    assert total[6] == pytest.approx(242_500 / 1_400_000)


# --- the project report (seed 002) ------------------------------------------------------------------

DIVISION = "Udivision15"


def test_the_project_report_fills_the_fourteen_fields_from_the_plan_and_the_chat(
    chat, register, db, tmp_path
):
    # The plan with its project data is imported again over the small plan of the bot.
    import_plan(db, write_forms_plan(tmp_path / "forms.xlsx"), 2570)
    db.commit()
    register(DIVISION, "division", "กพก.")

    # The division writes the quarter's texts in chat.
    listing = chat.says(DIVISION, "สรุปโครงการ")
    assert PROJECT_A in listing
    number = [line.split(".")[0] for line in listing.splitlines() if PROJECT_A in line][0]
    assert "ปัญหา" in chat.says(DIVISION, number)
    chat.says(DIVISION, "เกษตรกรติดภารกิจเก็บเกี่ยว")
    chat.says(DIVISION, "ปรับแผนอบรมเป็นช่วงเย็น")
    answer = chat.says(DIVISION, "สหกรณ์ 12 แห่งมีแผนธุรกิจใหม่")
    assert "บันทึกสรุปโครงการ" in answer and "สรุปผลการดำเนินงาน" in answer
    assert "ความก้าวหน้า" in chat.says(DIVISION, "อบรมแล้ว 3 รุ่น จาก 8 รุ่น ผู้เข้าอบรม 240 คน")
    assert "บันทึกข้อมูลรายงานผลโครงการ" in chat.says(DIVISION, "ดำเนินการแล้วร้อยละ 35")

    # The quarterly workbook (Q1 2570) carries the project report, one sheet per project.
    request = service.parse_request("quarterly", "2570-Q1")
    report = service.make(db, request, Scope(), AT)
    path = tmp_path / "quarterly.xlsx"
    path.write_bytes(report.content)
    wb = load_workbook(path)
    sheet = wb["โครงการ 1"]
    rows = rows_of(sheet)
    named = {flat(label): label for label in L.PR_FIELDS}  # a label wraps between words in its column
    fields = {
        named.get(flat(r[0]), r[0]): r[1] for r in rows if isinstance(r[0], str) and r[0].startswith("(")
    }
    assert len(fields) == 14
    assert fields["(๑) ชื่อแผน/โครงการ"].startswith(PROJECT_A) and PLAN in fields["(๑) ชื่อแผน/โครงการ"]
    assert fields["(๒) ชื่อหน่วยงาน"] == "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร"
    assert fields["(๓) แหล่งงบประมาณ"] == "งบประมาณแผ่นดิน"
    assert fields["(๔) วัตถุประสงค์"] == INFO[0][1]
    assert "เป้าหมาย 300 แห่ง" in fields["(๕) เป้าหมาย/ผลผลิตของโครงการ"]
    assert "ส่งเสริมและพัฒนาสหกรณ์และกลุ่มเกษตรกร" in fields["(๖) สรุปสาระสำคัญของโครงการ"]
    assert fields["(๘) แผนระยะเวลาดำเนินงาน"] == "ต.ค. 2569 – ก.ย. 2570"
    assert "งบประมาณจัดสรร 1,200,000.00 บาท" in fields["(๙) งบประมาณของโครงการ"]
    assert "แผนการใช้จ่ายสะสมถึงสิ้นไตรมาส 100,000.00 บาท" in fields["(๙) งบประมาณของโครงการ"]
    assert fields["(๑๐) พื้นที่ดำเนินการ"] == "76 จังหวัด และ สสพ. 1–2"
    assert fields["(๑๑) สรุปผลการดำเนินงาน"] == "อบรมแล้ว 3 รุ่น จาก 8 รุ่น ผู้เข้าอบรม 240 คน"
    assert fields["(๑๒) ประโยชน์ที่ได้รับ/ผลลัพธ์ของโครงการ"].startswith("สหกรณ์ 12 แห่งมีแผนธุรกิจใหม่")
    assert "เกษตรกรติดภารกิจเก็บเกี่ยว" in fields["(๑๓) ปัญหา/อุปสรรค และข้อเสนอแนะ"]
    assert "ปรับแผนอบรมเป็นช่วงเย็น" in fields["(๑๓) ปัญหา/อุปสรรค และข้อเสนอแนะ"]
    assert fields["(๑๔) ความก้าวหน้าของการดำเนินการ"] == "ดำเนินการแล้วร้อยละ 35"
    # field 7: the indicators with their targets, one row each under the heading
    names = [r[1] for r in rows if r[0] == "" or (r[0] is None and r[1])]
    assert "จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น" in names
    assert any("ข้อที่ยังไม่มีข้อมูล: ครบทุกข้อ" in str(r[0]) for r in rows[:8])

    # Project B has no master data and no texts: the report says plainly which fields are empty.
    other = rows_of(wb["โครงการ 2"])
    empty_line = [r[0] for r in other[:8] if r[0] and str(r[0]).startswith("ข้อที่ยังไม่มีข้อมูล")][0]
    assert empty_line == "ข้อที่ยังไม่มีข้อมูล: (๓) (๔) (๘) (๑๐) (๑๑) (๑๒) (๑๓) (๑๔)"
    missing = {
        named.get(flat(r[0]), r[0]): r[1] for r in other if isinstance(r[0], str) and r[0].startswith("(")
    }
    assert missing["(๓) แหล่งงบประมาณ"].startswith("— ยังไม่มีข้อมูล (เพิ่มในแผ่นงาน ข้อมูลโครงการ")
    assert missing["(๑๑) สรุปผลการดำเนินงาน"].startswith("— ยังไม่มีข้อมูล (กองเจ้าของโครงการพิมพ์ สรุปโครงการ")


# --- the flat export ---------------------------------------------------------------------------------


def test_the_flat_export_recounts_to_the_totals_of_tp1(session, forms, tmp_path):
    import csv
    import io

    tp1 = service.load(session, service.parse_request("tp1", "2570-01"), Scope())
    request = service.parse_request("csv", "2570-01")
    made = service.make(session, request, Scope(), AT)
    assert made.name == "ข้อมูลรายเดือน_2570-01.csv"
    text = made.content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == [
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
        "ตัวตั้งสะสม",
        "ตัวหารสะสม",
        "สถานะการตรวจ",
        "ผู้บันทึก",
    ]

    def number(cell: str) -> Decimal:
        return Decimal(cell) if cell else Decimal(0)

    january = [r for r in table if r["เดือน"] == "2570-01"]
    # one row per office × indicator × month: the periods December and January
    assert {r["เดือน"] for r in table} == {"2569-12", "2570-01"}
    for row in tp1.indicators:
        mine = [r for r in january if r["รหัสตัวชี้วัด"] == row.code]
        assert len({r["รหัสหน่วยงาน"] for r in mine}) == len(mine) == row.offices
        assert sum(number(r["เป้าหมายทั้งปี"]) for r in mine) == (
            row.target if row.counting == "sum" else sum(number(r["เป้าหมายทั้งปี"]) for r in mine)
        )
        results = [number(r["ผลรายเดือน"]) for r in mine if r["ผลรายเดือน"]]
        cumulative = [number(r["ผลสะสม"]) for r in mine if r["ผลสะสม"]]
        if row.counting == "sum":
            assert (sum(results) if results else None) == row.value, row.code
            assert (sum(cumulative) if cumulative else None) == row.cumulative, row.code
        else:  # a rate: ตป.๑ shows the offices' average
            assert (sum(cumulative) / len(cumulative) if cumulative else None) == row.cumulative, row.code
    p50_i02 = [r for r in table if r["รหัสตัวชี้วัด"] == "I02" and r["รหัสหน่วยงาน"] == "P50"]
    assert [(r["เดือน"], r["ผลรายเดือน"], r["ผลสะสม"], r["แผนสะสม"]) for r in p50_i02] == [
        ("2569-12", "1250", "1250", "450"),
        ("2570-01", "", "1250", "500"),
    ]
    assert p50_i02[0]["รหัสจังหวัด"] == "50" and p50_i02[0]["ชนิดค่า"] == "จำนวนเต็ม"
    budget = [r for r in table if not r["รหัสตัวชี้วัด"]]
    for project in tp1.projects:
        mine = [r for r in budget if r["ผลผลิต/โครงการ"] == project.name]
        assert sum(number(r["เบิกจ่ายรายเดือน (บาท)"]) for r in mine) == project.disbursed
        assert (
            sum(number(r["งบประมาณจัดสรร (บาท)"]) for r in mine if r["เดือน"] == "2570-01") == project.allocated
        )
        assert sum(number(r["ผลสะสม"]) for r in mine if r["เดือน"] == "2570-01") == project.disbursed

    # the xlsx holds the same rows under the title lines
    _, book = make(session, "export", "2570-01")
    _, wb = reopen(book, tmp_path, "export.xlsx")
    rows = rows_of(wb["ข้อมูล"])
    header_at = [i for i, r in enumerate(rows) if r[0] == "รหัสหน่วยงาน"][0]
    assert len([r for r in rows[header_at + 1 :] if r[0]]) == len(table)


def test_the_flat_export_says_each_values_review_status_and_who_entered_it(session, forms, tmp_path):
    """#25: every row says where its value stands in review, in Thai, and who typed it (a user of
    another unit entering on the office's behalf says so); `ชนิดค่า` is wide enough for its words."""
    units = forms
    people = {
        key: User(line_user_id=f"U{key}", display_name=name, role=role, unit_id=units[unit], created_at=AT)
        for key, name, role, unit in [
            ("somchai", "สมชาย ใจดี", "officer", "P50"),
            ("wilai", "วิไล รักงาน", "central", "กผง."),
            ("kaen", "ขอนแก่น ผู้รายงาน", "officer", "P40"),
        ]
    }
    session.add_all(people.values())
    session.flush()
    ind = {i.code: i.id for i in session.scalars(select(Indicator))}
    per = {p.month_start: p.id for p in session.scalars(select(Period))}
    dec, jan = per[date(2026, 12, 1)], per[date(2027, 1, 1)]

    def result(code: str, unit: str, period: int) -> Result:
        return session.scalars(
            select(Result).where(
                Result.indicator_id == ind[code], Result.unit_id == units[unit], Result.period_id == period
            )
        ).one()

    result("I01", "P50", jan).entered_by_id = people["somchai"].id  # approved
    result("I01", "P90", dec).entered_by_id = people["wilai"].id  # submitted, on P90's behalf
    result("I01", "P40", dec).entered_by_id = people["kaen"].id  # a draft
    session.add(
        Result(
            indicator_id=ind["I02"],
            unit_id=units["P40"],
            period_id=dec,
            value=Decimal(77),
            status="returned",
            entered_by_id=people["kaen"].id,
            entered_at=AT,
        )
    )
    paid = session.scalars(select(Disbursement).where(Disbursement.period_id == dec)).one()
    paid.entered_by_id = people["somchai"].id
    session.commit()

    _, book = make(session, "export", "2570-01")
    _, wb = reopen(book, tmp_path, "export-status.xlsx")
    ws = wb["ข้อมูล"]
    rows = rows_of(ws)
    at = [i for i, r in enumerate(rows) if r[0] == "รหัสหน่วยงาน"][0]
    header = [flat(h) for h in rows[at]]
    assert header[-2:] == ["สถานะการตรวจ", "ผู้บันทึก"]
    table = [dict(zip(header, r, strict=True)) for r in rows[at + 1 :] if r[0]]

    def row(unit: str, code: str | None, month: str) -> dict:
        found = [r for r in table if r["รหัสหน่วยงาน"] == unit and r["รหัสตัวชี้วัด"] == code and r["เดือน"] == month]
        assert len(found) == 1, (unit, code, month)
        return found[0]

    def seen(r: dict) -> tuple:
        return r["ผลรายเดือน"], r["สถานะการตรวจ"], r["ผู้บันทึก"]

    assert seen(row("P50", "I01", "2570-01")) == (8, "ผ่านการตรวจ", "สมชาย ใจดี")
    assert seen(row("P90", "I01", "2569-12")) == (30, "รอตรวจ", "บันทึกแทนโดย วิไล รักงาน (กผง.)")
    assert seen(row("P40", "I01", "2569-12")) == (None, "ร่าง", "ขอนแก่น ผู้รายงาน")  # not counted
    assert seen(row("P40", "I02", "2569-12")) == (None, "ส่งกลับแก้ไข", "ขอนแก่น ผู้รายงาน")
    assert seen(row("P50", "I02", "2570-01")) == (None, None, None)  # nothing entered this month
    assert seen(row("P50", "I03", "2569-12")) == (2.5, "รอตรวจ", None)  # entered before names were kept
    budget = [r for r in table if r["ผลผลิต/โครงการ"] == PROJECT_A and r["ชนิดค่า"] == "บาท"]
    budget = [r for r in budget if r["รหัสหน่วยงาน"] == "P50" and r["เดือน"] == "2569-12"][0]
    assert budget[flat("เบิกจ่ายรายเดือน (บาท)")] == 150000
    assert (budget["สถานะการตรวจ"], budget["ผู้บันทึก"]) == ("รอตรวจ", "สมชาย ใจดี")
    # `ชนิดค่า` holds its longest word on one line
    type_column = get_column_letter(header.index("ชนิดค่า") + 1)
    assert ws.column_dimensions[type_column].width >= 16
    assert {r["ชนิดค่า"] for r in table} >= {"จำนวนเต็ม", "บาท"}


# --- on paper: every workbook through LibreOffice ------------------------------------------------


def _pdf_pages(paths: list[Path], out: Path) -> dict[str, list[str]]:
    """Convert the workbooks to PDF with LibreOffice; the text of each page, by file stem, with
    white space removed (a wrapped name breaks across lines)."""
    done = subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{out / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pages: dict[str, list[str]] = {}
    for path in paths:
        pdf = out / f"{path.stem}.pdf"
        assert pdf.exists(), done.stderr
        text = subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
        pages[path.stem] = ["".join(page.split()) for page in text.split("\f")]
        first = subprocess.run(
            ["pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        assert "".join(first.split()) == pages[path.stem][0]
        ARTIFACTS.mkdir(exist_ok=True)
        rendered = subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-l", "6", str(pdf), str(ARTIFACTS / f"forms-{path.stem}")],
            capture_output=True,
            timeout=120,
        )
        assert rendered.returncode == 0, rendered.stderr
    return pages


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils not installed (CI installs them)",
)
def test_every_workbook_prints_its_full_names_and_headings(session, forms, tmp_path):
    paths = []
    for kind, period in [
        ("tp1", "2570-01"),
        ("bb301", "2570-01"),
        ("status", "2570-01"),
        ("quarterly", "2570-Q2"),
        ("export", "2570-01"),
    ]:
        _, book = make(session, kind, period)
        path = tmp_path / f"{kind}.xlsx"
        book.save(path)
        paths.append(path)
    pages = _pdf_pages(paths, tmp_path)

    def page_with(stem: str, text: str) -> str:
        found = [page for page in pages[stem] if _squeezed(text) in page]
        assert found, f"{text!r} is on no page of {stem}"
        return found[0]

    # ตป.๑: the summary is the first page; each project's sheet starts with its headings, whole.
    first = pages["tp1"][0]
    for name in (PLAN, PROJECT_A, PROJECT_B, "จำนวนตัวชี้วัด", "งบประมาณจัดสรร (บาท)", "ร้อยละการเบิกจ่าย"):
        assert _squeezed(name) in first, name
    project = page_with("tp1", f"ผลผลิต/โครงการ: {PROJECT_A}")
    for text in (
        f"แผนงาน: {PLAN}",
        "กิจกรรมหลัก: ส่งเสริมและพัฒนาสหกรณ์และกลุ่มเกษตรกร",
        "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ",
        "จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น",
        "เป้าหมายทั้งปี",
        "ร้อยละของเป้าหมาย",
        "หน่วยที่รายงาน",
    ):
        assert _squeezed(text) in project, text

    # สงป.๓๐๑: the first page holds the groups and every indicator's full name.
    first = pages["bb301"][0]
    for text in (
        "1. ผลการดำเนินงานสูงกว่าแผน",
        "2. ผลการดำเนินงานเป็นไปตามแผน",
        "3. ผลการดำเนินงานต่ำกว่าแผน",
        "4. ยังไม่มีการรายงานผล",
        "5. ไม่ได้กำหนดแผนรายเดือน",
        f"ผลผลิต/โครงการ: {PROJECT_A}",
        "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ",
        I04,
        I05,
        "แผนสะสมถึงม.ค. 2570",
    ):
        assert _squeezed(text) in first, text
    assert _squeezed("ไม่ได้กำหนดแผนการใช้จ่าย") in page_with("bb301", "เบิกจ่ายสูง(+)/ต่ำ(−)กว่าแผน (บาท)")

    # The completeness report, the quarter (and its project report), the flat export.
    assert _squeezed("สำนักงานสหกรณ์จังหวัดเชียงใหม่") in "".join(pages["status"])
    first = pages["quarterly"][0]
    for text in (PLAN, PROJECT_A, "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ", I04):
        assert _squeezed(text) in first, text
    report = page_with("quarterly", f"แบบรายงานผลการดำเนินงานโครงการ: {PROJECT_A}")
    assert _squeezed("ข้อที่ยังไม่มีข้อมูล") in report
    for text in ("(๑) ชื่อแผน/โครงการ", "(๗) ตัวชี้วัด/ค่าเป้าหมาย", "(๑๔) ความก้าวหน้าของการดำเนินการ"):
        assert _squeezed(text) in "".join(pages["quarterly"]), text
    assert _squeezed("สำนักงานสหกรณ์จังหวัดเชียงใหม่") in pages["export"][0]


# --- charts for a phone --------------------------------------------------------------------------


def test_each_report_kind_has_its_own_phone_chart_on_the_cards_measure(session, forms):
    from reports import builders
    from reports.bb301 import elapsed_months
    from reports.charts import MAX_ITEMS, chart_png, chart_spec

    specs = {}
    for kind, period in [
        ("tp1", "2570-01"),
        ("bb301", "2570-01"),
        ("status", "2570-01"),
        ("quarterly", "2570-Q2"),
    ]:
        request = service.parse_request(kind, period)
        data = service.load(session, request, Scope(), summary=True)
        spec = chart_spec(kind, data)
        specs[kind] = spec
        assert 0 < len(spec.bars) <= MAX_ITEMS and spec.legend and spec.note
        codes = {r.code for r in data.indicators} | {s.office_code for s in data.status}
        assert not any(bar.label in codes for bar in spec.bars)  # names, never codes
        # the card's figures (handlers/report_request.py) are named in the chart's title
        done, total = data.offices_reporting
        elapsed = elapsed_months(data)
        on_plan = sum(1 for r in data.indicators if builders.above_plan(r, elapsed))
        allocated = sum(p.allocated for p in data.projects)
        disbursed = sum(p.disbursed for p in data.projects)
        if kind == "status":
            assert spec.title == f"หน่วยงานที่ส่งครบ {done} จาก {total} แห่ง"
            assert sum(part[1] for bar in spec.bars for part in bar.parts) == total
            assert spec.bars[0].parts[0][1] == done
        elif kind == "tp1":
            assert spec.title == f"เบิกจ่ายงบประมาณ ภาพรวม {100 * float(disbursed / allocated):.1f}%"
            assert spec.bars[0].parts[0][1] == pytest.approx(100 * float(disbursed / allocated))
            # the projects with the lowest share disbursed, by name: B (6.25%), then A (19.2%)
            shown = ["".join(bar.label.split("\n")) for bar in spec.bars[1:]]
            assert [name[:20] for name in shown] == [PROJECT_B[:20], PROJECT_A[:20]]
        else:
            # #24: counted against the indicators with a monthly plan; those without are named
            planned = sum(1 for r in data.indicators if builders.plan_to_date(r, elapsed) is not None)
            assert 0 < planned < len(data.indicators)
            assert spec.title.startswith(f"ตัวชี้วัดที่เป็นไปตามแผน {on_plan} จาก {planned}")
            assert f"ไม่ได้กำหนดแผนรายเดือน {len(data.indicators) - planned} ตัว" in spec.title
            counted = sum(part[1] for bar in spec.bars for part in bar.parts)
            assert counted == len(data.indicators)
            on_bars = sum(v for bar in spec.bars for key, v in bar.parts if key in ("above", "as_planned"))
            assert on_bars == on_plan  # the green bars are the card's "on plan"
        png = chart_png(kind, data)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"chart-{kind}.png").write_bytes(png)
    # four kinds of chart: offices by state, budget by project, indicators by standing, and stacked per project
    assert len({(spec.axis, spec.legend, len(spec.bars[0].parts)) for spec in specs.values()}) == 4


def test_the_plan_template_documents_the_new_sheets_and_columns(tmp_path):
    from models.plan_import import write_template

    wb = load_workbook(write_template(tmp_path / "template.xlsx"))
    assert [c.value for c in wb["แผนรายเดือน"][1]] == ["รหัสตัวชี้วัด", "รหัสหน่วยงาน", "เดือน", "แผนสะสม"]
    assert [c.value for c in wb["แผนการใช้จ่าย"][1]] == ["ผลผลิต/โครงการ", "รหัสหน่วยงาน", "เดือน", "แผนสะสม"]
    assert [c.value for c in wb["ข้อมูลโครงการ"][1]] == [
        "ผลผลิต/โครงการ",
        "วัตถุประสงค์",
        "แหล่งงบประมาณ",
        "พื้นที่ดำเนินการ",
        "ระยะเวลา",
        "ประโยชน์ที่คาดว่าจะได้รับ",
        "หน่วยงานรับผิดชอบ",
    ]
    guide = [[c for c in row if c is not None] for row in wb.worksheets[0].iter_rows(values_only=True)]
    text = "\n".join(" ".join(map(str, row)) for row in guide)
    for expected in ("แผนรายเดือน", "2570-Q2", "แผนการใช้จ่าย", "ข้อมูลโครงการ", "แหล่งงบประมาณ"):
        assert expected in text, expected


# --- #25: the signature block -------------------------------------------------------------------


def _signers_plan(path: Path, rows: list[tuple]) -> Path:
    write_forms_plan(path)
    book = load_workbook(path)
    ws = book["ตั้งค่า"]  # the template's: its signature rows hold their default wording
    ws.cell(row=1, column=3, value="ชื่อ-สกุล")
    ws.cell(row=1, column=4, value="ตำแหน่ง")
    for name in ("ผู้จัดทำ", "ผู้ตรวจสอบ", "ผู้อนุมัติ"):
        ws.delete_rows([c.value for c in ws["A"]].index(name) + 1)
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def _block(sheet) -> list[list[str]]:
    """The signature block at the end of a sheet: its rows' texts, left to right."""
    rows = [[c for c in r if c] for r in rows_of(sheet)]
    start = max(i for i, r in enumerate(rows) if any(str(c).startswith("ลงชื่อ") for c in r)) - 1
    return rows[start:]


def test_each_form_ends_with_the_signature_block_the_plan_words(session, tmp_path):
    from models.signers import Person

    path = _signers_plan(
        tmp_path / "plan.xlsx",
        [
            ("ผู้จัดทำ", "ผู้รายงาน", None, None),
            ("ผู้ตรวจสอบ", None, "นางตรวจ ละเอียด", "ผู้อำนวยการกลุ่มติดตามและประเมินผล"),
            ("ผู้อนุมัติ", "ผู้อนุมัติ", "นายอนุมัติ ใจกว้าง", "ผู้อำนวยการกองแผนงาน"),
        ],
    )
    import_plan(session, path, 2570)
    session.commit()
    asked = Meta(made=date(2027, 1, 15), prepared_by=Person("สมศรี ตั้งใจ", "นักวิเคราะห์นโยบายและแผน"))
    for kind, period, last in [
        ("tp1", "2570-01", "รายหน่วยงาน"),
        ("bb301", "2570-01", "งบประมาณ"),
        ("quarterly", "2570-Q2", None),
    ]:
        request = service.parse_request(kind, period)
        data = service.load(session, request, Scope())
        _, wb = reopen(service.build(request, data, asked), tmp_path, f"{kind}.xlsx")
        sheet = wb[last] if last else wb.worksheets[-1]
        assert _block(sheet) == [
            ["ผู้รายงาน", "ผู้ตรวจสอบ", "ผู้อนุมัติ"],
            [_dots(sheet, 0), _dots(sheet, 1), _dots(sheet, 2)],
            ["( สมศรี ตั้งใจ )", "( นางตรวจ ละเอียด )", "( นายอนุมัติ ใจกว้าง )"],
            [
                "ตำแหน่ง นักวิเคราะห์นโยบายและแผน",
                "ตำแหน่ง ผู้อำนวยการกลุ่มติดตามและประเมินผล",
                "ตำแหน่ง ผู้อำนวยการกองแผนงาน",
            ],
            ["วันที่ 15 มกราคม 2570", "วันที่ .... / ...... / พ.ศ. ......", "วันที่ .... / ...... / พ.ศ. ......"],
        ], kind
        for other in wb.worksheets:  # only the form's last sheet is signed
            assert other is sheet or not any("ลงชื่อ" in str(c) for r in rows_of(other) for c in r if c)

    # nobody named: the wording and dotted lines to fill in by hand; the completeness file is not a form
    import_plan(session, _signers_plan(tmp_path / "again.xlsx", [("ผู้ตรวจสอบ", "ผู้ตรวจทาน", None, None)]), 2570)
    session.commit()
    _, book = make(session, "bb301", "2570-01")
    block = _block(reopen(book, tmp_path, "plain.xlsx")[1]["งบประมาณ"])
    assert block[0] == ["ผู้รายงาน", "ผู้ตรวจทาน", "ผู้อนุมัติ"]  # the rows left out keep their wording
    assert block[2][0].startswith("( ...") and block[2][1].startswith("( ...")
    assert block[2][2] == "( นายอนุมัติ ใจกว้าง )"
    _, status = make(session, "status", "2570-01")
    _, wb = reopen(status, tmp_path, "status.xlsx")
    assert not any("ลงชื่อ" in str(c) for ws in wb.worksheets for r in rows_of(ws) for c in r if c)


def _dots(sheet, n: int) -> str:
    line = [r for r in rows_of(sheet) if any(str(c).startswith("ลงชื่อ") for c in r if c)][-1]
    texts = [c for c in line if c]
    assert set(texts[n].removeprefix("ลงชื่อ ")) == {"."}
    return texts[n]


def test_a_signature_row_too_long_is_named_by_sheet_row_and_column(session, tmp_path):
    path = _signers_plan(
        tmp_path / "plan.xlsx", [("ผู้อนุมัติ", "ผู้อนุมัติ", "ก" * 201, None), ("ผู้อนุมัติ", None, None, None)]
    )
    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570)
    assert {(p.sheet, p.column) for p in error.value.problems} == {("ตั้งค่า", "ชื่อ-สกุล"), ("ตั้งค่า", "รายการ")}


# --- #25: Thai broken between words in headers, labels and sheet names -----------------------------


def test_headers_and_labels_break_between_words_and_project_tabs_keep_whole_words(session, forms, tmp_path):
    """Every column header and field label of every form holds its own line breaks, each line fits
    its column (so the spreadsheet never breaks it again, mid-word: "ร้อย/ละ", "ข้อเสนอ/แนะ") and
    ends at a word boundary of PyThaiNLP's tokenizer; a project's sheet tab is clipped between words."""
    from reports import thai_text
    from reports.measure import CHARS_PER_WIDTH

    september = session.scalar(select(Period).where(Period.month_start == date(2027, 9, 1)))
    september.state = PeriodState.CLOSED.value  # for the year-end report
    session.commit()

    def ends(text: str) -> set[int]:
        out, at = {0}, 0
        for word in thai_text.words(text):
            at += len(word)
            out.add(at)
        return out

    def width_of(ws, row: int, column: int) -> float:
        last = column
        for merged in ws.merged_cells.ranges:
            if merged.min_row == row and merged.min_col == column:
                last = merged.max_col
        return sum(ws.column_dimensions[get_column_letter(c)].width for c in range(column, last + 1))

    problems, checked = [], 0
    for kind, period in [
        ("tp1", "2570-01"),
        ("bb301", "2570-01"),
        ("status", "2570-01"),
        ("quarterly", "2570-Q2"),
        ("export", "2570-01"),
        ("annual", "2570"),
    ]:
        _, wb = reopen(make(session, kind, period)[1], tmp_path, f"{kind}.xlsx")
        for ws in wb.worksheets:
            labels = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.style == "tt_head"}
            labels |= {  # a field label: a shaded cell of the first column, not a heading across the table
                (c.row, 1)
                for c in ws["A"]
                if c.style == "tt_group" and width_of(ws, c.row, 1) == ws.column_dimensions["A"].width
            }
            for row, column in sorted(labels):
                text = ws.cell(row=row, column=column).value
                if not isinstance(text, str) or not text:
                    continue
                checked += 1
                lines = text.split("\n")
                room = (width_of(ws, row, column) - 1) * CHARS_PER_WIDTH
                where = f"{kind} {ws.title}!{get_column_letter(column)}{row} {lines}"
                if any(thai_text.display_width(line) > room for line in lines):
                    problems.append(f"{where}: a line wider than its column ({room:.0f} letters)")
                breaks = [len("".join(lines[: n + 1])) for n in range(len(lines) - 1)]
                if not set(breaks) <= ends("".join(lines)):
                    problems.append(f"{where}: broken inside a word")
    assert checked > 50 and not problems, "\n".join(problems)

    _, wb = reopen(make(session, "tp1", "2570-01")[1], tmp_path, "tabs.xlsx")
    names = {n: " ".join(name.replace(":", " ").split()) for n, name in enumerate((PROJECT_A, PROJECT_B), 1)}
    for n, name in names.items():
        full = f"{n} {name}"
        tab = next(t for t in wb.sheetnames if t.startswith(f"{n} "))
        shown = " ".join(tab.removesuffix("…").split())
        assert len(tab) <= 31 and full.startswith(shown) and len(shown) in ends(full), (tab, full)
