"""The ประจำปี (year-end) workbook (#25 point 5, seeds 001 and 002): the fiscal year's results
against the targets per indicator and per project, the budget spent against the allocation, the
problems and outcomes, and the fourteen fields of each project's report (reports/project_report.py).

It is built from September's closed figures: reports/service.py loads the whole year's values under
the plan frozen when September closed (models/frozen.py), so a later plan import or budget revision
does not change it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook

from models import calendar as cal
from reports import labels as L
from reports.project_report import project_sheets
from reports.rows import IndicatorRow, ReportData
from reports.signature import add_signature_block
from reports.workbook import DEFAULT_META, CellValue, Col, Meta, ReportBook, Sheet, edition_lines, pct

# The file's own wording (the chat's is in handlers/texts_reports.py).
TITLE = "รายงานผลการดำเนินงานและการใช้จ่ายงบประมาณประจำปีงบประมาณ"
YEAR_LINE = "ปีงบประมาณ พ.ศ. {year} · ผลการดำเนินงาน {window} (ข้อมูล ณ ปิดรอบเดือนกันยายน)"
SHEET_INDICATORS = "ผลรายตัวชี้วัด"
SHEET_PROJECTS = "ผลรายโครงการ"
RESULT_YEAR = "ผลทั้งปี"
MET = "ผลเทียบเป้าหมาย"
MET_YES = "บรรลุ"
MET_NO = "ไม่บรรลุ"
INDICATORS_MET = "ตัวชี้วัดที่บรรลุเป้าหมาย"
MET_COUNT = "{met}/{total}"
TOTAL = "รวมทั้งหมด"
MONTHS_OF_YEAR = 12
# Why a year cannot be reported yet (the chat and the CLI show it).
NOT_CLOSED = "ปีงบประมาณ {year} ยังไม่ปิดรอบเดือนกันยายน: รายงานประจำปีจัดทำได้เมื่อปิดรอบเดือนกันยายนแล้ว"


def met(row: IndicatorRow) -> bool | None:
    """Whether the indicator met its yearly target (None: no target, or nothing reported)."""
    return None if row.percent is None else row.percent >= 1.0


def met_count(data: ReportData) -> tuple[int, int]:
    """(indicators that met their target, indicators with a target and a result)."""
    judged = [m for m in (met(r) for r in data.indicators) if m is not None]
    return sum(judged), len(judged)


def _met_text(row: IndicatorRow) -> str:
    judged = met(row)
    return "-" if judged is None else (MET_YES if judged else MET_NO)


def title_lines(data: ReportData, meta: Meta) -> list[str]:
    h = data.header
    return [
        f"{TITLE} · {meta.department}",
        YEAR_LINE.format(year=h.fiscal_year, window=cal.thai_range(*h.window)),
        *edition_lines(data, meta),
    ]


def build_annual(data: ReportData, meta: Meta = DEFAULT_META) -> Workbook:
    book = ReportBook()
    titles = title_lines(data, meta)
    _indicator_sheet(book, titles, data)
    projects = _project_sheet(book, titles, data)
    # the fourteen fields of seed 002, per project; the form is signed at its end (#25), as ตป.๑ is
    last = project_sheets(book, titles, data, MONTHS_OF_YEAR) or projects
    add_signature_block(last, meta, data.signers)
    return book


def _indicator_sheet(book: ReportBook, titles: list[str], data: ReportData) -> None:
    lines: list[list[CellValue]] = [
        [r.plan, r.project, r.name, r.unit_shown, r.target, r.cumulative, pct(r.percent), _met_text(r)]
        for r in data.indicators
    ]
    sheet = Sheet(
        book,
        SHEET_INDICATORS,
        titles,
        [
            Col(L.PLAN, width=30),
            Col(L.PROJECT, width=40),
            Col(L.INDICATOR, width=50),
            Col(L.UNIT),
            Col(L.TARGET, "num"),
            Col(RESULT_YEAR, "num"),
            Col(L.PERCENT, "pct"),
            Col(MET, width=14),
        ],
        lines,  # the rows size the columns and fix each number column's format (reports/printing.py)
    )
    for line in lines:
        sheet.row(line)


def _project_sheet(book: ReportBook, titles: list[str], data: ReportData) -> Sheet:
    """Per project: its indicators that met their target, budget spent against allocation, problems
    and outcomes; the department's total last."""
    by_project: dict[int, list[IndicatorRow]] = defaultdict(list)
    for r in data.indicators:
        by_project[r.project_id].append(r)
    lines: list[list[CellValue]] = []
    for p in data.projects:
        judged = [m for m in (met(r) for r in by_project[p.project_id]) if m is not None]
        counted = MET_COUNT.format(met=sum(judged), total=len(judged)) if judged else "-"
        texts = [p.problems or "-", p.solutions or "-", p.outcome or "-"]
        lines.append([p.name, counted, p.allocated, p.disbursed, pct(p.percent), *texts])
    allocated = sum((p.allocated for p in data.projects), Decimal(0))
    disbursed = sum((p.disbursed for p in data.projects), Decimal(0))
    done, total = met_count(data)
    share = float(disbursed / allocated) if allocated else None
    total_line: list[CellValue] = [
        TOTAL,
        MET_COUNT.format(met=done, total=total),
        allocated,
        disbursed,
        pct(share),
        "",
        "",
        "",
    ]
    sheet = Sheet(
        book,
        SHEET_PROJECTS,
        titles,
        [
            Col(L.PROJECT, width=45),
            Col(INDICATORS_MET, width=16),
            Col(L.ALLOCATED, "num"),
            Col(L.DISBURSED, "num"),
            Col(L.DISBURSED_PCT, "pct"),
            Col(L.PROBLEMS, width=45),
            Col(L.SOLUTIONS, width=45),
            Col(L.OUTCOME, width=40),
        ],
        [*lines, total_line],
    )
    for line in lines:
        sheet.row(line)
    sheet.row(total_line, bold=True)
    return sheet
