"""Report files built from a known dataset, reopened and read cell by cell."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from models.entities import (
    Disbursement,
    Indicator,
    Period,
    ProblemReport,
    Project,
    Result,
    Unit,
)
from models.permissions import Scope
from models.plan_import import import_plan
from reports import builders, service
from reports.builders import Meta
from reports.queries import ReportError
from tests.plans import PROJECT_A, PROJECT_B, write_small_plan

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
AT = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)
INJECTION = "=SUM(A1)"


@pytest.fixture
def dataset(session, tmp_path):
    """The small plan with results for December 2569 and January 2570 in every state."""
    import_plan(session, write_small_plan(tmp_path / "plan.xlsx"), 2570)
    session.commit()
    units = {u.code: u.id for u in session.scalars(select(Unit))}
    ind = {i.code: i.id for i in session.scalars(select(Indicator))}
    proj = {p.name: p.id for p in session.scalars(select(Project))}
    per = {p.month_start: p.id for p in session.scalars(select(Period))}
    dec, jan = per[date(2026, 12, 1)], per[date(2027, 1, 1)]

    def result(code, unit, period, value, status="submitted", late=False):
        session.add(
            Result(
                indicator_id=ind[code],
                unit_id=units[unit],
                period_id=period,
                value=Decimal(value),
                status=status,
                late=late,
                entered_at=AT,
            )
        )

    if True:  # one batch of rows
        result("I01", "P50", dec, "12")
        result("I01", "P50", jan, "8", "approved")
        result("I02", "P50", dec, "1250")
        result("I03", "P50", dec, "2.5")
        result("I03", "P50", jan, "2.75")
        result("I01", "P40", dec, "20", "draft")  # not counted: a draft
        result("I02", "P40", dec, "500", "returned")  # not counted: returned
        result("I01", "P90", dec, "30", late=True)
        result("I02", "P90", jan, "100")
        for unit, project, period, amount in [
            ("P50", PROJECT_A, dec, "150000"),
            ("P50", PROJECT_A, jan, "50000"),
            ("P50", PROJECT_B, jan, "0"),
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
        session.add(
            Disbursement(
                project_id=proj[PROJECT_A],
                unit_id=units["P40"],
                period_id=jan,
                amount=Decimal("99999"),
                status="draft",
                entered_at=AT,
            )
        )
        session.add(
            ProblemReport(
                project_id=proj[PROJECT_A],
                unit_id=units["P50"],
                period_id=jan,
                problems=INJECTION,
                solutions="+ติดต่อ @กอง -ด่วน",
                status="submitted",
                entered_at=AT,
            )
        )
        session.add(
            ProblemReport(
                project_id=proj[PROJECT_B],
                unit_id=units["P50"],
                period_id=jan,
                problems="ไม่มี",
                solutions="ไม่มี",
                status="submitted",
                entered_at=AT,
            )
        )
    session.commit()
    return units


def make(session, kind: str, period: str, scope: Scope | None = None, *, build: bool = True):
    """The rows and (unless build=False: an unsaved write-only book leaves open temp files) the book."""
    request = service.parse_request(kind, period)
    data = service.load(session, request, scope or Scope())
    return data, (service.build(request, data, Meta(made=date(2027, 1, 15))) if build else None)


def reopen(book, tmp_path: Path, name: str):
    path = tmp_path / name
    book.save(path)
    return path, load_workbook(path)


def rows_of(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def flat(value: object) -> object:
    """A cell's text without the line breaks the workbook writes between words (#25), nor spaces."""
    return "".join(value.split()) if isinstance(value, str) else value


def find_row(sheet, first: object, column: int = 0) -> list:
    for row in rows_of(sheet):
        if len(row) > column and flat(row[column]) == flat(first):
            return row
    raise AssertionError(f"{first!r} not found in {sheet.title}")


def test_queries_count_only_submitted_and_approved(session, dataset):
    data, _ = make(session, "tp1", "2570-01", build=False)
    rows = {r.code: r for r in data.indicators}
    assert rows["I01"].target == 300 and rows["I01"].value == 8 and rows["I01"].cumulative == 50
    assert rows["I01"].percent == pytest.approx(50 / 300)
    assert rows["I02"].value == 100 and rows["I02"].cumulative == 1350 and rows["I02"].target == 3000
    assert rows["I03"].cumulative == Decimal("2.75") and rows["I03"].target == 3
    projects = {p.name: p for p in data.projects}
    assert projects[PROJECT_A].allocated == 1_200_000 and projects[PROJECT_A].disbursed == 230_000
    # #25: an office's problem carries its name, not its code
    assert projects[PROJECT_A].problems == f"สำนักงานสหกรณ์จังหวัดเชียงใหม่: {INJECTION}"
    assert projects[PROJECT_B].problems == ""  # 'ไม่มี' is left out
    office = {(r.code, r.office_code): r for r in data.by_office}
    assert office[("I01", "P50")].cumulative == 20 and office[("I01", "P90")].cumulative == 30
    assert ("I01", "P40") not in office and ("I02", "P40") not in office


def test_tp1_workbook(session, dataset, tmp_path):
    _, book = make(session, "tp1", "2570-01")
    path, wb = reopen(book, tmp_path, "tp1.xlsx")
    assert wb.sheetnames[0] == "สรุป" and wb.sheetnames[-1] == "รายหน่วยงาน" and len(wb.sheetnames) == 4
    summary = wb["สรุป"]
    assert "กรมส่งเสริมสหกรณ์" in summary["A1"].value
    assert (
        "21 ธ.ค. 2569 – 20 ม.ค. 2570" in summary["A2"].value and "ปีงบประมาณ พ.ศ. 2570" in summary["A2"].value
    )
    assert "15 มกราคม 2570" in summary["A3"].value
    assert summary["A1"].font.name == "TH SarabunPSK"
    assert summary.freeze_panes == "A6"
    assert summary.page_setup.orientation == "landscape"
    total = find_row(summary, "รวม")
    assert total[3] == 1_400_000 and total[4] == 230_000 and total[5] == pytest.approx(230_000 / 1_400_000)

    project = wb[wb.sheetnames[1]]
    i01 = find_row(project, "I01")
    assert i01[2] == "แห่ง" and i01[3:7] == [300, 8, 50, pytest.approx(50 / 300)]
    assert project.cell(row=rows_of(project).index(i01) + 1, column=7).number_format == "0.00%"
    assert project.cell(row=rows_of(project).index(i01) + 1, column=4).number_format == "#,##0"
    problems = find_row(project, "ปัญหา/อุปสรรค")
    assert problems[1] == f"สำนักงานสหกรณ์จังหวัดเชียงใหม่: {INJECTION}"
    solutions = find_row(project, "แนวทางแก้ไข")
    assert solutions[1] == "สำนักงานสหกรณ์จังหวัดเชียงใหม่: +ติดต่อ @กอง -ด่วน"
    for row in project.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate

    by_office = wb["รายหน่วยงาน"]
    rows = rows_of(by_office)
    p90 = [r for r in rows if r[0] == "I01" and r[1] == "P90"][0]
    assert p90[3:7] == [100, None, 30, pytest.approx(0.3)]
    # each indicator opens with a group row naming it and its unit, then its offices
    heading = rows.index(p90) - 1
    while rows[heading][1] is not None:
        heading -= 1
    assert rows[heading][0].startswith("I01 ") and rows[heading][0].endswith(")")
    _render(path)


def test_formula_text_stays_text_when_it_is_the_whole_value(tmp_path):
    from reports.rows import Header, ProjectRow, ReportData

    data = ReportData(Header(2570, date(2027, 1, 1), (date(2026, 10, 1), date(2027, 1, 20)), ""))
    data.projects = [
        ProjectRow(1, "แผน", '=HYPERLINK("x")', Decimal(1), Decimal(0), "=SUM(A1)", "+1", "@x\x07")
    ]
    _, wb = reopen(builders.build_quarterly(data, Meta()), tmp_path, "q.xlsx")
    row = find_row(wb["ผลผลิตและงบประมาณ"], '=HYPERLINK("x")')
    assert row[4:7] == ["=SUM(A1)", "+1", "@x"]
    sheet = wb["ผลผลิตและงบประมาณ"]
    assert all(c.data_type == "s" for r in sheet.iter_rows() for c in r if isinstance(c.value, str))


def test_bb301_months_quarters_and_grouping(session, dataset, tmp_path):
    """Without monthly plans nothing is compared with an invented plan (#15: see test_report_forms)."""
    _, book = make(session, "bb301", "2570-01")
    path, wb = reopen(book, tmp_path, "bb301.xlsx")
    rows = rows_of(wb["สงป.301"])
    no_plan = [r for r in rows if len(r) > 3 and r[3] == "ไม่ได้กำหนดแผนรายเดือน"]
    assert {r[0] for r in no_plan} == {
        "จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น",
        "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ",
        "อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์",
    }
    months = rows_of(wb["ผลรายเดือน"])
    header = [r for r in months if r and r[0] == "ตัวชี้วัด"][0]
    assert header[2:6] == ["ต.ค.", "พ.ย.", "ธ.ค.", "ไตรมาส 1"] and header[-1] == "ผลสะสม"
    i02 = [r for r in months if r[0] == "จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น"][0]
    assert i02[4] == 1250 and i02[5] == 1250  # December and Q1
    assert i02[6] == 100 and i02[9] == 100  # January and Q2 so far
    assert i02[-1] == 1350 == i02[5] + i02[9]
    i01 = [r for r in months if r[0] == "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ"][0]
    assert i01[4] == 42 and i01[6] == 8 and i01[5] == 42 and i01[-1] == 50
    i03 = [r for r in months if r[0] == "อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์"][
        0
    ]  # a rate: the latest value stands
    assert i03[4] == Decimal("2.5") and i03[5] == Decimal("2.5") and i03[-1] == Decimal("2.75")
    _render(path)


def test_status_workbook(session, dataset, tmp_path):
    data, book = make(session, "status", "2570-01")
    path, wb = reopen(book, tmp_path, "status.xlsx")
    matrix = wb["ความครบถ้วน"]
    header = [r for r in rows_of(matrix) if r[0] == "รหัสหน่วยงาน"][0]
    assert [flat(h) for h in header[2:4]] == [flat(PROJECT_A), flat(PROJECT_B)]
    p50 = find_row(matrix, "P50")
    # P50 in January: A has I01 (approved), I02 missing, budget and problems sent → partial.
    assert p50[2] == "ส่งบางส่วน"
    assert find_row(matrix, "P40")[2] == "ยังไม่ส่ง"
    offices = wb["ร้อยละรายหน่วยงาน"]
    overall = find_row(offices, "ภาพรวม")
    assert overall[2] == len(data.status) == 4
    missing = rows_of(wb["รายการที่ยังขาด"])
    assert any(r[0] == "P40" and r[4] == "ยังไม่ส่ง" for r in missing)
    divisions = find_row(wb["ร้อยละรายกอง"], "กพก.")
    assert divisions[1] == 4
    _render(path)


def test_quarterly_sums_the_quarter(session, dataset, tmp_path):
    data, book = make(session, "quarterly", "2570-Q1")
    assert data.header.quarter == 1
    path, wb = reopen(book, tmp_path, "quarterly.xlsx")
    sheet = wb["ผลรายไตรมาส"]
    assert "ไตรมาสที่ 1" in sheet["A2"].value and "1 ต.ค. – 20 ธ.ค. 2569" in sheet["A2"].value
    i01 = find_row(sheet, "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ", 3)
    assert i01[5:9] == [300, 42, 42, pytest.approx(0.14)]
    q2, _ = make(session, "quarterly", "2027-Q2", build=False)
    rows = {r.code: r for r in q2.indicators}
    assert rows["I01"].value == 8 and rows["I01"].cumulative == 50  # March: cumulative to the quarter's end
    _render(path)


def test_scopes(session, dataset):
    office, _ = make(session, "tp1", "2570-01", Scope(office_id=dataset["P90"]), build=False)
    assert {r.office_code for r in office.by_office} == {"P90"}
    assert {r.code for r in office.indicators} == {"I01", "I02"}
    assert {r.target for r in office.indicators} == {100, 1000}
    assert office.header.scope_name == "สำนักงานสหกรณ์จังหวัดสงขลา"
    assert {s.office_code for s in office.status} == {"P90"}
    division, _ = make(session, "tp1", "2570-01", Scope(owner_unit_id=dataset["กผง."]), build=False)
    assert division.indicators == [] and division.projects == []


def test_bad_requests(session, dataset):
    for kind, period in [("xx", "2570-01"), ("tp1", "2570-13"), ("tp1", "ม.ค."), ("quarterly", "2570-01")]:
        with pytest.raises(ReportError):
            service.parse_request(kind, period)
    with pytest.raises(ReportError):
        make(session, "tp1", "2580-01", build=False)


def test_cli_contract(engine, session, dataset, tmp_path, monkeypatch, db_url):
    from bot.cli import cli

    monkeypatch.setenv("DATABASE_URL", db_url)
    runner = CliRunner()
    out = tmp_path / "out" / "tp1.xlsx"
    result = runner.invoke(cli, ["report", "tp1", "--period", "2570-01", "--unit", "P50", "--out", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert {r[1] for r in rows_of(wb["รายหน่วยงาน"])[6:] if r[1]} == {"P50"}
    for kind, period in [("bb301", "2027-01"), ("status", "2570-01"), ("quarterly", "2570-Q2")]:
        result = runner.invoke(
            cli, ["report", kind, "--period", period, "--out", str(tmp_path / f"{kind}.xlsx")]
        )
        assert result.exit_code == 0, result.output
    for args in (
        ["nope", "--period", "2570-01"],
        ["tp1", "--period", "2570-99"],
        ["tp1", "--period", "2570-01", "--unit", "XX"],
        ["tp1", "--period", "2590-01"],
    ):
        result = runner.invoke(cli, ["report", *args, "--out", str(tmp_path / "x.xlsx")])
        assert result.exit_code == 1, (args, result.output)
        assert "error" in result.output and "Traceback" not in result.output


def test_chart_png(session, dataset):
    from reports.charts import chart_png

    for kind in ("tp1", "status"):
        data, _ = make(session, kind, "2570-01", build=False)
        png = chart_png(kind, data)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) < 1_000_000


def test_charts_find_a_thai_font_installed_after_matplotlib_cached_its_list(monkeypatch):
    """matplotlib's font list as cached before the Thai font was installed: the chart still finds it."""
    import os

    from matplotlib import font_manager

    from reports.charts import THAI_FONTS, thai_font, thai_font_files

    if not thai_font_files():
        assert not os.environ.get("REQUIRE_THAI_FONT"), (
            "CI installs fonts-thai-tlwg, yet no Thai font was found"
        )
        pytest.skip("no Thai font installed (CI installs fonts-thai-tlwg)")
    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if f.name not in THAI_FONTS])
    thai_font.cache_clear()
    try:
        assert thai_font() in THAI_FONTS
    finally:
        thai_font.cache_clear()


def _render(path: Path) -> None:
    """Convert to PDF with LibreOffice and render the first page (skipped where not installed)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return
    out = path.parent / "pdf"
    out.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{path.parent / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = out / (path.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stderr
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        rendered = subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(ARTIFACTS / f"report-{path.stem}"),
            ],
            capture_output=True,
            timeout=60,
        )
        assert rendered.returncode == 0, rendered.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (CI installs it)")
def test_libreoffice_is_available():
    assert shutil.which("soffice")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_agree_with_a_plain_recount(session, tmp_path, seed):
    """Random values in every state over five months: what the report queries add up (in the
    database for `sum` indicators, streamed for `latest` ones) equals a plain recount here."""
    import random

    import_plan(session, write_small_plan(tmp_path / "plan.xlsx"), 2570)
    session.commit()
    rng = random.Random(seed)
    offices = {u.id: u.code for u in session.scalars(select(Unit).where(Unit.kind == "office"))}
    indicators = {i.id: i for i in session.scalars(select(Indicator))}
    months = [date(2026, 12, 1)] + [
        date(2027, m, 1) for m in (1, 2, 3, 4)
    ]  # October and November fold into December
    periods = {p.month_start: p.id for p in session.scalars(select(Period))}
    rows = []  # (indicator, office, month, value, status)
    for ind_id in indicators:
        for unit_id in offices:
            for month in months:
                if rng.random() < 0.3:
                    continue
                value = Decimal(rng.randint(0, 40_000)) / 100
                status = rng.choice(["draft", "submitted", "approved", "returned"])
                rows.append((ind_id, unit_id, month, value, status))
                session.add(
                    Result(
                        indicator_id=ind_id,
                        unit_id=unit_id,
                        period_id=periods[month],
                        value=value,
                        status=status,
                        entered_at=AT,
                    )
                )
    session.commit()

    def recount(upto: date, current: list[date]):
        per_office = {}
        for ind_id, unit_id, month, value, status in sorted(rows, key=lambda r: r[2]):
            if status not in ("submitted", "approved") or month > upto:
                continue
            now, total, last = per_office.get((ind_id, unit_id), (None, Decimal(0), None))
            if month in current:
                now = value if indicators[ind_id].counting == "latest" else (now or Decimal(0)) + value
            per_office[(ind_id, unit_id)] = (now, total + value, value)
        return {
            key: (now, last if indicators[key[0]].counting == "latest" else total)
            for key, (now, total, last) in per_office.items()
        }

    indicators_by_code = {i.code: i.id for i in indicators.values()}
    office_ids = {code: uid for uid, code in offices.items()}
    for kind, period, upto, current in [
        ("tp1", "2570-01", months[1], months[1:2]),
        ("tp1", "2570-03", months[3], months[3:4]),
        ("quarterly", "2570-Q2", months[3], months[1:4]),
    ]:
        data, _ = make(session, kind, period, build=False)
        expected = recount(upto, current)
        if kind == "tp1":  # the breakdown by office is part of ตป.๑ only
            got = {
                (indicators_by_code[r.code], office_ids[r.office_code]): (r.value, r.cumulative)
                for r in data.by_office
            }
            assert got == expected, (kind, period)
        for row in data.indicators:
            mine = [v for (ind_id, _), v in expected.items() if ind_id == indicators_by_code[row.code]]
            nows = [now for now, _ in mine if now is not None]
            if row.counting == "sum":
                assert row.value == (sum(nows, Decimal(0)) if nows else None)
                assert row.cumulative == (sum((c for _, c in mine), Decimal(0)) if mine else None)
            else:
                assert row.value == (sum(nows, Decimal(0)) / len(nows) if nows else None)
            for month in months:
                index = (month.month - 10) % 12  # the months run October to September
                counted = [
                    r[3]
                    for r in rows
                    if r[0] == indicators_by_code[row.code]
                    and r[2] == month
                    and r[4] in ("submitted", "approved")
                ]
                if month <= upto and counted:
                    total = sum(counted, Decimal(0))
                    assert row.months[index] == (total if row.counting == "sum" else total / len(counted))
                else:
                    assert row.months[index] is None
