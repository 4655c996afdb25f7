"""Stories of an admin importing the year's plan from the Excel template."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from models.entities import (
    Activity,
    Allocation,
    Assignment,
    FiscalYear,
    Indicator,
    Period,
    Plan,
    Project,
    Result,
    Unit,
)
from models.plan_import import (
    HEADERS,
    SHEET_BUDGET,
    SHEET_GUIDE,
    SHEET_INDICATORS,
    SHEET_SETTINGS,
    SHEET_TARGETS,
    SHEET_UNITS,
    PlanImportError,
    Problem,
    import_plan,
    write_template,
)

PLAN_A = "แผนงานยุทธศาสตร์การเกษตรสร้างมูลค่า"
PLAN_B = "แผนงานพื้นฐานด้านการสร้างความสามารถในการแข่งขัน"
PROJECT_A = "โครงการพัฒนาศักยภาพการดำเนินธุรกิจรวบรวมผลผลิตการเกษตร"
PROJECT_B = "ผลผลิต สหกรณ์และกลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาตามศักยภาพ"
ACTIVITY_A = "พัฒนาศักยภาพการดำเนินธุรกิจของสหกรณ์"
ACTIVITY_B = "การจัดงานแสดงสินค้าสหกรณ์"

UNITS = [
    ("สสพ1", "สำนักงานส่งเสริมสหกรณ์กรุงเทพมหานคร พื้นที่ 1", "พื้นที่", 10),
    ("50", "สำนักงานสหกรณ์จังหวัดเชียงใหม่", "พื้นที่", "50"),
    ("57", "สำนักงานสหกรณ์จังหวัดเชียงราย", "พื้นที่", 57),
    ("กพก", "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร", "กอง", None),
    ("กผง", "กองแผนงาน", "ส่วนกลาง", None),
]
INDICATORS = [
    ("K1", PLAN_A, PROJECT_A, ACTIVITY_A, "สหกรณ์และกลุ่มเกษตรกรได้รับการพัฒนาศักยภาพ", "แห่ง", 30, "กพก", None),
    ("K2", PLAN_A, PROJECT_A, ACTIVITY_A, "ปริมาณธุรกิจรวบรวมผลผลิตเพิ่มขึ้น", "ร้อยละ", 3, "กพก", None),
    ("K3", PLAN_B, PROJECT_B, ACTIVITY_B, "จำนวนผู้เข้าชมงาน", "ราย", "1,250", "กผง", "สะสม"),
]
TARGETS = [("K1", "50", 10), ("K1", "57", "20"), ("K2", "50", 3), ("K3", "สสพ1", 1250)]
BUDGET = [(PROJECT_A, "50", "125,000.50"), (PROJECT_A, "57", 90000)]


def workbook(
    path: Path,
    *,
    units=UNITS,
    indicators=INDICATORS,
    targets=TARGETS,
    budget=BUDGET,
    settings: dict | None = None,
    drop: tuple[str, ...] = (),
) -> Path:
    """The template written by `write_template`, filled in like an admin would."""
    write_template(path)
    wb = load_workbook(path)
    for sheet, rows in (
        (SHEET_UNITS, units),
        (SHEET_INDICATORS, indicators),
        (SHEET_TARGETS, targets),
        (SHEET_BUDGET, budget),
    ):
        ws = wb[sheet]
        for number, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row=number, column=column, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed as text ('=...), the way Excel keeps it
    names = {
        ws.cell(row=r, column=1).value: r
        for r in range(2, wb[SHEET_SETTINGS].max_row + 1)
        for ws in [wb[SHEET_SETTINGS]]
    }
    for name, value in (settings or {}).items():
        ws = wb[SHEET_SETTINGS]
        row = names.get(name, ws.max_row + 1)
        ws.cell(row=row, column=1, value=name)
        ws.cell(row=row, column=2, value=value)
    for name in drop:
        del wb[name]
    wb.save(path)
    return path


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def problems_of(error: pytest.ExceptionInfo[PlanImportError]) -> list[tuple[str, int, str]]:
    return [(p.sheet, p.row, p.column) for p in error.value.problems]


# --- the template ------------------------------------------------------------------------------


def test_the_template_has_instructions_first_then_the_exact_headers_and_default_settings(tmp_path):
    path = write_template(tmp_path / "แม่แบบ.xlsx")

    wb = load_workbook(path)
    assert wb.sheetnames == [
        SHEET_GUIDE,
        "หน่วยงาน",
        "ตัวชี้วัด",
        "เป้าหมายรายหน่วย",
        "งบประมาณ",
        "ตั้งค่า",
        "แผนรายเดือน",
        "แผนการใช้จ่าย",
        "ข้อมูลโครงการ",
    ]
    assert [c.value for c in wb["หน่วยงาน"][1]] == ["รหัส", "ชื่อ", "ประเภท", "จังหวัด", "หน่วยงานกำกับ"]
    assert [c.value for c in wb["ตัวชี้วัด"][1]] == [
        "รหัส",
        "แผนงาน",
        "ผลผลิต/โครงการ",
        "กิจกรรมหลัก",
        "ตัวชี้วัด",
        "หน่วยนับ",
        "เป้าหมาย",
        "หน่วยงานรับผิดชอบ",
        "การนับ",
        "ชนิดค่า",
        "ตัวตั้ง",
        "ตัวหาร",
        "เกณฑ์",
    ]
    assert [c.value for c in wb["เป้าหมายรายหน่วย"][1]] == ["รหัสตัวชี้วัด", "รหัสหน่วยงาน", "เป้าหมาย"]
    assert [c.value for c in wb["งบประมาณ"][1]] == ["ผลผลิต/โครงการ", "รหัสหน่วยงาน", "งบประมาณจัดสรร"]
    settings = wb["ตั้งค่า"]
    assert [[c.value for c in row] for row in settings.iter_rows()] == [
        ["รายการ", "ค่า", "ชื่อ-สกุล", "ตำแหน่ง"],  # #25: who signs the printed forms
        ["วันตัดยอด", 20, None, None],
        ["กำหนดส่งหน่วยงานในพื้นที่", 20, None, None],
        ["กำหนดส่งกอง", 22, None, None],
        ["กำหนดส่งส่วนกลาง", 25, None, None],
        ["เดือนแรกที่รายงาน", 12, None, None],
        ["กำหนดส่งงานของกอง", 27, None, None],
        ["กำหนดส่งเดือนกันยายน", 5, None, None],
        ["ผู้จัดทำ", "ผู้จัดทำ", None, None],
        ["ผู้ตรวจสอบ", "ผู้ตรวจสอบ", None, None],
        ["ผู้อนุมัติ", "ผู้อนุมัติ", None, None],
    ]
    for sheet in HEADERS:
        ws = wb[sheet]
        assert ws.freeze_panes == "A2"
        assert all(cell.font.b for cell in ws[1])
    # data rows are empty; drop-down lists guide ประเภท and การนับ
    assert wb["หน่วยงาน"].max_row == 1 and wb["ตัวชี้วัด"].max_row == 1
    lists = {
        dv.formula1 for sheet in ("หน่วยงาน", "ตัวชี้วัด") for dv in wb[sheet].data_validations.dataValidation
    }
    assert lists == {
        '"พื้นที่,กอง,ส่วนกลาง"',
        '"สะสม,ล่าสุด"',
        '"จำนวนเต็ม,ทศนิยม,ร้อยละ,อัตราส่วน,การเปลี่ยนแปลง,บาท,ร้อยละจากจำนวน"',
        '"ไม่น้อยกว่า,ไม่เกิน"',
    }
    guide = "\n".join(str(c.value) for row in wb[SHEET_GUIDE].iter_rows() for c in row if c.value)
    for word in ("พื้นที่", "ส่วนกลาง", "สะสม", "ล่าสุด", "ร้อยละ", "กุญแจ", "วันตัดยอด", "เดือนแรกที่รายงาน"):
        assert word in guide


# --- a good import ---------------------------------------------------------------------------


def test_a_valid_workbook_imports_every_kind_and_creates_the_periods(session, tmp_path):
    summary = import_plan(session, workbook(tmp_path / "plan.xlsx"), 2570)
    session.commit()

    year = session.scalar(select(FiscalYear))
    assert (
        year.year_be,
        year.cutoff_day,
        year.office_deadline_day,
        year.division_deadline_day,
        year.central_deadline_day,
        year.first_report_month,
    ) == (2570, 20, 20, 22, 25, 12)
    months = session.scalars(select(Period.month_start).order_by(Period.month_start)).all()
    assert len(months) == 10
    assert months[0] == date(2026, 12, 1) and months[-1] == date(2027, 9, 1)

    units = {u.code: u for u in session.scalars(select(Unit))}
    assert {code: (u.kind, u.province_code) for code, u in units.items()} == {
        "สสพ1": ("office", "10"),
        "50": ("office", "50"),
        "57": ("office", "57"),
        "กพก": ("division", None),
        "กผง": ("central", None),
    }
    assert session.scalars(select(Plan.name).order_by(Plan.sort_order)).all() == [PLAN_A, PLAN_B]
    assert session.scalars(select(Project.name).order_by(Project.sort_order)).all() == [PROJECT_A, PROJECT_B]
    assert count(session, Activity) == 2

    indicators = {i.code: i for i in session.scalars(select(Indicator))}
    assert indicators["K1"].counting == "sum" and indicators["K1"].target == Decimal(30)
    assert indicators["K2"].counting == "latest", "ร้อยละ with an empty การนับ counts the latest value"
    assert indicators["K3"].target == Decimal(1250) and indicators["K3"].owner.code == "กผง"
    assert indicators["K1"].activity.project.plan.name == PLAN_A

    targets = {(a.indicator.code, a.unit.code): a.target for a in session.scalars(select(Assignment))}
    assert targets == {("K1", "50"): 10, ("K1", "57"): 20, ("K2", "50"): 3, ("K3", "สสพ1"): 1250}
    amounts = sorted(a.amount for a in session.scalars(select(Allocation)))
    assert amounts == [Decimal("90000"), Decimal("125000.50")]

    assert summary.fiscal_year_created and summary.periods_created == 10
    assert (
        summary.units.created,
        summary.indicators.created,
        summary.assignments.created,
        summary.allocations.created,
    ) == (5, 3, 4, 2)
    lines = summary.lines()
    assert lines[0] == "นำเข้าแผนปีงบประมาณ 2570 เรียบร้อย"
    assert "รอบรายงาน: ธ.ค. 2569 – ก.ย. 2570 รวม 10 รอบ (เพิ่มใหม่ 10)" in lines
    assert "ตัวชี้วัด: เพิ่ม 3 · แก้ไข 0 · เหมือนเดิม 0" in lines


def test_the_optional_sheets_may_be_left_out(session, tmp_path):
    path = workbook(tmp_path / "plan.xlsx", drop=(SHEET_BUDGET, SHEET_SETTINGS))

    summary = import_plan(session, path, 2570)

    assert summary.allocations.created == 0
    assert session.scalar(select(FiscalYear.first_report_month)) == 12


# --- re-importing ------------------------------------------------------------------------------


def test_reimport_updates_by_code_and_keeps_what_was_reported(session, tmp_path):
    import_plan(session, workbook(tmp_path / "first.xlsx"), 2570)
    session.commit()
    k1 = session.scalar(select(Indicator).where(Indicator.code == "K1"))
    chiang_mai = session.scalar(select(Unit).where(Unit.code == "50"))
    december = session.scalar(select(Period).where(Period.month_start == date(2026, 12, 1)))
    session.add(
        Result(
            indicator_id=k1.id,
            unit_id=chiang_mai.id,
            period_id=december.id,
            value=Decimal(4),
            entered_at=datetime(2026, 12, 15, 3, 0, tzinfo=UTC),
        )
    )
    session.commit()

    renamed = [("K1", *INDICATORS[0][1:4], "สหกรณ์ได้รับการพัฒนาศักยภาพ (ปรับชื่อ)", *INDICATORS[0][5:])]
    second = workbook(
        tmp_path / "second.xlsx",
        indicators=renamed + INDICATORS[1:2],  # K3 left out of the file
        targets=[("K1", "50", 12), ("K1", "57", 20), ("K2", "50", 3)],
    )
    summary = import_plan(session, second, 2570)
    session.commit()

    session.refresh(k1)
    assert k1.name == "สหกรณ์ได้รับการพัฒนาศักยภาพ (ปรับชื่อ)"
    assert (
        session.scalar(
            select(Assignment.target).where(
                Assignment.indicator_id == k1.id, Assignment.unit_id == chiang_mai.id
            )
        )
        == 12
    )
    result = session.scalar(select(Result))
    assert (result.indicator_id, result.value) == (k1.id, 4), "a reported result survives a re-import"
    assert count(session, Indicator) == 3, "K3 is not in the file but is kept"
    assert count(session, Period) == 10 and summary.periods_created == 0
    assert not summary.fiscal_year_created
    assert (summary.indicators.updated, summary.indicators.unchanged, summary.indicators.kept) == (1, 1, 1)
    assert (summary.assignments.updated, summary.assignments.unchanged, summary.assignments.kept) == (1, 2, 1)
    assert summary.units.unchanged == 5
    assert "ตัวชี้วัด: เพิ่ม 0 · แก้ไข 1 · เหมือนเดิม 1 · ไม่อยู่ในไฟล์แต่คงไว้ 1" in summary.lines()


def test_an_earlier_first_month_adds_periods_and_a_later_one_removes_none(session, tmp_path):
    import_plan(session, workbook(tmp_path / "a.xlsx"), 2570)
    import_plan(session, workbook(tmp_path / "b.xlsx", settings={"เดือนแรกที่รายงาน": 10}), 2570)
    assert count(session, Period) == 12

    summary = import_plan(
        session, workbook(tmp_path / "c.xlsx", settings={"เดือนแรกที่รายงาน": 12, "วันตัดยอด": 15}), 2570
    )

    assert count(session, Period) == 12
    year = session.scalar(select(FiscalYear))
    assert (year.first_report_month, year.cutoff_day) == (12, 15)
    assert summary.settings_changed


def test_a_later_file_may_refer_to_units_and_indicators_already_in_the_system(session, tmp_path):
    import_plan(session, workbook(tmp_path / "a.xlsx"), 2570)

    summary = import_plan(
        session,
        workbook(
            tmp_path / "b.xlsx",
            units=[],
            indicators=[],
            targets=[("K3", "50", 7)],
            budget=[(PROJECT_B, "57", 1000)],
        ),
        2570,
    )

    assert (summary.assignments.created, summary.allocations.created) == (1, 1)
    assert summary.indicators.kept == 3 and summary.units.kept == 5


# --- problems ----------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once_and_nothing_is_written(session, tmp_path):
    row = (PLAN_A, PROJECT_A, ACTIVITY_A)
    path = workbook(
        tmp_path / "bad.xlsx",
        units=[
            ("50", "สำนักงานสหกรณ์จังหวัดเชียงใหม่", "พื้นที่", "50"),
            ("50", "ซ้ำ", "พื้นที่", "50"),
            ("51", "สำนักงานสหกรณ์จังหวัดลำพูน", "จังหวัด", "51"),
            ("52", "สำนักงานสหกรณ์จังหวัดลำปาง", "พื้นที่", None),
            ("กพก", "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร", "กอง", None),
        ],
        indicators=[
            ("K1", *row, "ตัวชี้วัดหนึ่ง", "แห่ง", "abc", "กพก", None),
            ("K2", *row, "ตัวชี้วัดสอง", "ราย", 5, "กขค", None),
            ("K1", *row, "ตัวชี้วัดซ้ำ", "ราย", 5, "กพก", None),
            ("K4", *row, "ตัวชี้วัดสี่", "ราย", 5, "50", "บางครั้ง"),
            ("K5", *row, None, "ราย", 5, "กพก", None),
        ],
        targets=[("K1", "50", -5), ("K1", "P99", 1), ("K9", "50", 1), ("K1", "50", 2), ("K1", "กพก", 1)],
        budget=[("ไม่มีโครงการนี้", "50", 100), (PROJECT_A, "50", "inf")],
        settings={"วันตัดยอด": 31, "วันหยุด": 5},
    )

    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570)

    assert problems_of(error) == [
        ("หน่วยงาน", 3, "รหัส"),
        ("หน่วยงาน", 4, "ประเภท"),
        ("หน่วยงาน", 5, "จังหวัด"),
        ("ตัวชี้วัด", 2, "เป้าหมาย"),
        ("ตัวชี้วัด", 3, "หน่วยงานรับผิดชอบ"),
        ("ตัวชี้วัด", 4, "รหัส"),
        ("ตัวชี้วัด", 5, "หน่วยงานรับผิดชอบ"),
        ("ตัวชี้วัด", 5, "การนับ"),
        ("ตัวชี้วัด", 6, "ตัวชี้วัด"),
        ("เป้าหมายรายหน่วย", 2, "เป้าหมาย"),
        ("เป้าหมายรายหน่วย", 3, "รหัสหน่วยงาน"),
        ("เป้าหมายรายหน่วย", 4, "รหัสตัวชี้วัด"),
        ("เป้าหมายรายหน่วย", 5, "รหัสหน่วยงาน"),
        # row 6, the division กพก reporting K1, is allowed since #22 (its own work)
        ("งบประมาณ", 2, "ผลผลิต/โครงการ"),
        ("งบประมาณ", 3, "งบประมาณจัดสรร"),
        ("ตั้งค่า", 2, "ค่า"),
        ("ตั้งค่า", 12, "รายการ"),  # after the two #22 rows and the three #25 signature rows
    ]
    lines = [str(p) for p in error.value.problems]
    assert "แผ่นงาน หน่วยงาน แถว 3 คอลัมน์ รหัส: รหัสซ้ำกับแถว 2" in lines
    assert "แผ่นงาน ตัวชี้วัด แถว 2 คอลัมน์ เป้าหมาย: ต้องเป็นตัวเลขไม่ติดลบ" in lines
    assert (
        "แผ่นงาน เป้าหมายรายหน่วย แถว 3 คอลัมน์ รหัสหน่วยงาน: ไม่พบรหัสหน่วยงาน P99 ในแผ่นงาน หน่วยงาน หรือในระบบ"
    ) in lines
    assert "แผ่นงาน เป้าหมายรายหน่วย แถว 2 คอลัมน์ เป้าหมาย: ต้องเป็นตัวเลขไม่ติดลบ" in lines
    assert "แผ่นงาน เป้าหมายรายหน่วย แถว 5 คอลัมน์ รหัสหน่วยงาน: ตัวชี้วัดและหน่วยงานนี้ซ้ำกับแถว 2" in lines
    assert "แผ่นงาน หน่วยงาน แถว 5 คอลัมน์ จังหวัด: หน่วยงานในพื้นที่ต้องมีรหัสจังหวัด" in lines
    for model in (FiscalYear, Period, Unit, Plan, Project, Activity, Indicator, Assignment, Allocation):
        assert count(session, model) == 0, model.__name__


def test_a_reimport_with_a_problem_changes_nothing(session, tmp_path):
    import_plan(session, workbook(tmp_path / "good.xlsx"), 2570)
    session.commit()
    bad = workbook(tmp_path / "bad.xlsx", targets=[("K1", "50", 99), ("K1", "57", "ยี่สิบ")])

    with pytest.raises(PlanImportError) as error:
        import_plan(session, bad, 2570)

    assert [str(p) for p in error.value.problems] == [
        "แผ่นงาน เป้าหมายรายหน่วย แถว 3 คอลัมน์ เป้าหมาย: ต้องเป็นตัวเลขไม่ติดลบ"
    ]
    session.rollback()
    target = (
        select(Assignment.target)
        .join(Unit, Assignment.unit_id == Unit.id)
        .where(Unit.code == "50")
        .join(Indicator, Assignment.indicator_id == Indicator.id)
        .where(Indicator.code == "K1")
    )
    assert session.scalar(target) == 10


def test_a_missing_sheet_or_header_is_a_problem_in_row_1(session, tmp_path):
    path = workbook(tmp_path / "plan.xlsx", drop=(SHEET_TARGETS,))
    wb = load_workbook(path)
    wb[SHEET_UNITS]["B1"] = "ชื่อหน่วยงาน"
    wb.save(path)

    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570)

    assert [str(p) for p in error.value.problems] == [
        "แผ่นงาน หน่วยงาน แถว 1 คอลัมน์ ชื่อ: ไม่พบหัวคอลัมน์ ชื่อ ในแถว 1",
        "แผ่นงาน เป้าหมายรายหน่วย แถว 1 คอลัมน์ -: ไม่พบแผ่นงาน เป้าหมายรายหน่วย ในไฟล์",
    ]
    assert count(session, Unit) == 0


def test_a_file_that_is_not_an_xlsx_is_one_problem(session, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("รหัส,ชื่อ\n50,เชียงใหม่\n", encoding="utf-8")

    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570)

    assert len(error.value.problems) == 1
    assert "plan.xlsx" in str(error.value.problems[0]) and ".xlsx" in str(error.value)

    with pytest.raises(PlanImportError) as error:
        import_plan(session, tmp_path / "nowhere.xlsx", 2570)
    assert [str(p) for p in error.value.problems] == ["ไม่พบไฟล์ nowhere.xlsx"]


def test_offices_need_a_known_province_written_as_text_or_number(session, tmp_path):
    path = workbook(
        tmp_path / "plan.xlsx",
        units=[
            *UNITS[:3],
            ("99", "สำนักงานที่ไม่มีจังหวัดนี้", "พื้นที่", 99),
            ("58", "สำนักงานสหกรณ์จังหวัดแม่ฮ่องสอน", "พื้นที่", "5 8"),
            *UNITS[3:],
        ],
    )

    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570, provinces={"10", "50", "57", "58"})

    assert [str(p) for p in error.value.problems] == [
        "แผ่นงาน หน่วยงาน แถว 5 คอลัมน์ จังหวัด: ไม่พบรหัสจังหวัด 99",
        "แผ่นงาน หน่วยงาน แถว 6 คอลัมน์ จังหวัด: ต้องเป็นรหัสจังหวัดตัวเลข 2 หลัก เช่น 10",
    ]


def test_an_owner_must_be_a_division_and_a_project_belongs_to_one_plan(session, tmp_path):
    path = workbook(
        tmp_path / "plan.xlsx",
        indicators=[
            *INDICATORS,
            ("K4", PLAN_B, PROJECT_A, ACTIVITY_A, "ตัวชี้วัดสี่", "ราย", 1, "50", None),
        ],
    )

    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570)

    assert [str(p) for p in error.value.problems] == [
        f"แผ่นงาน ตัวชี้วัด แถว 5 คอลัมน์ แผนงาน: ผลผลิต/โครงการนี้อยู่ใต้แผนงาน {PLAN_A} แล้วในแถว 2",
        "แผ่นงาน ตัวชี้วัด แถว 5 คอลัมน์ หน่วยงานรับผิดชอบ: หน่วยงาน 50 เป็นหน่วยงานในพื้นที่ ต้องเป็นกองหรือส่วนกลาง",
    ]


def test_settings_must_be_whole_days_and_a_month(session, tmp_path):
    path = workbook(tmp_path / "plan.xlsx", settings={"กำหนดส่งกอง": 22.5, "เดือนแรกที่รายงาน": 13})

    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570)

    assert [str(p) for p in error.value.problems] == [
        "แผ่นงาน ตั้งค่า แถว 4 คอลัมน์ ค่า: ต้องเป็นจำนวนเต็ม 1 ถึง 28",
        "แผ่นงาน ตั้งค่า แถว 6 คอลัมน์ ค่า: ต้องเป็นจำนวนเต็ม 1 ถึง 12",
    ]


def test_a_problem_reads_as_sheet_row_column_and_message():
    problem = Problem("ตัวชี้วัด", 5, "เป้าหมาย", "ต้องเป็นตัวเลขไม่ติดลบ")
    assert str(problem) == "แผ่นงาน ตัวชี้วัด แถว 5 คอลัมน์ เป้าหมาย: ต้องเป็นตัวเลขไม่ติดลบ"


# --- what people actually type -------------------------------------------------------------------


def test_formula_like_text_is_stored_literally(session, tmp_path):
    units = [*UNITS[:1], ("50", "=SUM(A1)", "พื้นที่", "50"), *UNITS[2:]]
    import_plan(session, workbook(tmp_path / "plan.xlsx", units=units), 2570)

    assert session.scalar(select(Unit.name).where(Unit.code == "50")) == "=SUM(A1)"


def test_thai_digits_commas_percent_cells_and_stray_spaces_are_understood(session, tmp_path):
    path = workbook(
        tmp_path / "plan.xlsx",
        units=[("50", "  สำนักงานสหกรณ์จังหวัด\nเชียงใหม่ ", "พื้นที่", "๕๐"), *UNITS[3:]],
        indicators=[
            ("K1", PLAN_A, f" {PROJECT_A}", ACTIVITY_A, "ตัวชี้วัดหนึ่ง", "แห่ง", "๑,๒๕๐", "กพก", None),
            ("K2", PLAN_A, PROJECT_A, ACTIVITY_A, "ตัวชี้วัดสอง", "ร้อยละ", 0.8, "กพก", None),
        ],
        targets=[("K1", 50, "๑๒.๕")],
        budget=[(PROJECT_A, "50", "๒๐,๐๐๐.๕๐")],
    )
    wb = load_workbook(path)
    wb[SHEET_INDICATORS]["G3"].number_format = "0%"  # typed as 80%
    wb.save(path)

    import_plan(session, path, 2570)

    unit = session.scalar(select(Unit).where(Unit.code == "50"))
    assert (unit.name, unit.province_code) == ("สำนักงานสหกรณ์จังหวัด เชียงใหม่", "50")
    targets = {code: target for code, target in session.execute(select(Indicator.code, Indicator.target))}
    assert targets == {"K1": Decimal(1250), "K2": Decimal(80)}
    assert session.scalar(select(Assignment.target)) == Decimal("12.5")
    assert session.scalar(select(Allocation.amount)) == Decimal("20000.50")
    assert count(session, Project) == 1, "the same project name with a stray space is one project"


def test_the_fiscal_year_is_a_buddhist_era_year(session, tmp_path):
    with pytest.raises(PlanImportError) as error:
        import_plan(session, workbook(tmp_path / "plan.xlsx"), 2027)

    assert [str(p) for p in error.value.problems] == ["ปีงบประมาณ 2027 ไม่ถูกต้อง ต้องเป็นปี พ.ศ. เช่น 2570"]


# --- value types (ชนิดค่า, issue #11 point 6) ------------------------------------------------------

VALUE_TYPE_ROWS = [
    (*INDICATORS[0], None),  # แห่ง: a whole number
    (*INDICATORS[1], None),  # ร้อยละ "…เพิ่มขึ้น": a change
    (*INDICATORS[2], "ทศนิยม"),  # ราย, but the plan says decimals
    ("K4", PLAN_A, PROJECT_A, ACTIVITY_A, "อัตราส่วนเงินออมต่อหนี้สินของสมาชิก", "ร้อยละ", 61, "กพก", None, None),
    ("K5", PLAN_A, PROJECT_A, ACTIVITY_A, "มูลค่าการจำหน่ายสินค้า", "บาท", 500000, "กพก", None, None),
    ("K6", PLAN_A, PROJECT_A, ACTIVITY_A, "ร้อยละของสหกรณ์ที่ผ่านเกณฑ์", "ร้อยละ", 80, "กพก", None, None),
    ("K7", PLAN_A, PROJECT_A, ACTIVITY_A, "รายได้ของสมาชิกเพิ่มขึ้น", "ร้อยละ", 3, "กพก", None, " ร้อยละ "),
]


def value_types(session) -> dict[str, str]:
    return dict(session.execute(select(Indicator.code, Indicator.value_type)).all())


def test_value_types_come_from_the_column_or_from_the_unit_and_name(session, tmp_path):
    import_plan(session, workbook(tmp_path / "plan.xlsx", indicators=VALUE_TYPE_ROWS), 2570)

    assert value_types(session) == {
        "K1": "whole",
        "K2": "change",
        "K3": "decimal",
        "K4": "ratio",
        "K5": "amount",
        "K6": "percentage",
        "K7": "percentage",
    }


def test_a_workbook_without_the_value_type_column_still_imports_with_inferred_types(session, tmp_path):
    path = workbook(tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    sheet = wb[SHEET_INDICATORS]
    assert sheet.cell(row=1, column=10).value == "ชนิดค่า"
    sheet.delete_cols(10)
    wb.save(path)

    import_plan(session, path, 2570)

    assert value_types(session) == {"K1": "whole", "K2": "change", "K3": "whole"}


def test_a_bad_value_type_is_reported_by_sheet_row_and_column(session, tmp_path):
    rows = [*INDICATORS[:2], (*INDICATORS[2], "เลขคี่")]
    with pytest.raises(PlanImportError) as error:
        import_plan(session, workbook(tmp_path / "plan.xlsx", indicators=rows), 2570)

    assert problems_of(error) == [(SHEET_INDICATORS, 4, "ชนิดค่า")]
    assert str(error.value.problems[0]) == (
        "แผ่นงาน ตัวชี้วัด แถว 4 คอลัมน์ ชนิดค่า: ต้องเป็น จำนวนเต็ม ทศนิยม ร้อยละ อัตราส่วน การเปลี่ยนแปลง บาท ร้อยละจากจำนวน "
        "(เว้นว่างได้: ระบบดูจากหน่วยนับและชื่อตัวชี้วัด)"
    )
    assert count(session, Indicator) == 0


def test_the_template_explains_the_value_type_column(tmp_path):
    wb = load_workbook(write_template(tmp_path / "แม่แบบ.xlsx"))
    guide = [[c.value for c in row] for row in wb[SHEET_GUIDE].iter_rows()]
    line = next(row for row in guide if row[1] == "ชนิดค่า")
    assert line[2] == "ไม่บังคับ"
    for word in ("จำนวนเต็ม", "ทศนิยม", "ร้อยละ", "อัตราส่วน", "การเปลี่ยนแปลง", "บาท", "ติดลบได้", "เว้นว่าง"):
        assert word in line[3], word


@pytest.mark.parametrize(
    ("unit", "name", "expected"),
    [
        ("แห่ง", "จำนวนสหกรณ์ที่ได้รับการส่งเสริม", "whole"),
        ("ราย", "จำนวนสมาชิกสหกรณ์เพิ่มขึ้น", "whole"),  # a count that grows is still a count
        ("ไร่", "พื้นที่ปลูก", "decimal"),
        ("ร้อยละ", "ร้อยละของสหกรณ์ที่ผ่านเกณฑ์", "percentage"),
        ("%", "สหกรณ์ผ่านเกณฑ์", "percentage"),
        ("ร้อยละ", "สมาชิกเข้าร่วมโครงการมีรายได้เพิ่มขึ้นเฉลี่ย", "change"),
        ("ร้อยละ", "อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์", "change"),
        ("ร้อยละ", "อัตราส่วนเงินออมต่อหนี้สินของสมาชิกมีสัดส่วนที่เพิ่มขึ้น", "ratio"),
        ("เท่า", "หนี้สินต่อทุน", "ratio"),
        ("บาท", "มูลค่าการจำหน่าย", "amount"),
        ("", "", "whole"),
    ],
)
def test_the_value_type_inferred_from_unit_and_name(unit, name, expected):
    from models.value_types import infer_value_type

    assert infer_value_type(unit, name) == expected
