"""Timeliness over a fiscal year (issue #16; seed 004 scores staff partly on data entry): per office
and per officer, each period on time, late or missing, and a score.

An office's period is `on time` when every indicator it reports was sent (submitted or approved)
and none after the office deadline, `late` when every one was sent but some after the deadline,
`missing` when some were not sent. An officer's period is judged on the results they sent
themselves; when they sent none, their office's `missing` counts against them and a period a
colleague covered is left out. Score: on-time periods / periods judged.

Fair to everyone (issue #22): a period is judged only once its office deadline has passed (before
that, not having sent yet is not missing), and an officer only on the periods due on or after the
day they registered (a month missed before they joined is not theirs).

`timeliness(...)` reads grouped counts; `build_timeliness(...)` is pure: rows in, workbook out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import ColumnElement, Integer, case, func, select, true
from sqlalchemy.orm import Session

from models import calendar as cal
from models.clock import to_bangkok
from models.entities import DONE_STATUSES, Assignment, FiscalYear, Indicator, Period, Result, Role, Unit, User
from reports import printing
from reports.measure import fit_widths

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
STATE_TH = {ON_TIME: "ตรงเวลา", LATE: "ส่งช้า", MISSING: "ยังไม่ส่ง"}
FONT_NAME = "TH SarabunPSK"
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass
class Line:
    code: str
    name: str
    parent: str  # the supervising unit's code (offices) or the office's code (officers)
    states: dict[date, str] = field(default_factory=dict)  # period month → on_time | late | missing

    def count(self, state: str) -> int:
        return sum(1 for s in self.states.values() if s == state)

    @property
    def score(self) -> float | None:
        judged = len(self.states)
        return self.count(ON_TIME) / judged if judged else None


@dataclass
class Timeliness:
    year_be: int
    months: list[date]
    offices: list[Line]
    officers: list[Line]


def timeliness(
    session: Session, year_be: int, today: date, offices: frozenset[int] | None = None
) -> Timeliness:
    """The periods of the fiscal year whose office deadline is before ``today`` (Bangkok date), for
    every office reporting (or those in `offices`, a supervising unit's area) and their officers."""
    fy = session.scalar(select(FiscalYear).where(FiscalYear.year_be == year_be))
    if fy is None:
        return Timeliness(year_be, [], [], [])
    settings = cal.CalendarSettings.of(fy)
    periods = {
        period_id: month
        for period_id, month in session.execute(
            select(Period.id, Period.month_start).where(Period.fiscal_year_id == fy.id)
        ).all()
        if cal.deadline(month, "office", settings) < today
    }
    months = sorted(periods.values())
    due = {month: cal.deadline(month, "office", settings) for month in months}

    def in_scope(column: Any) -> ColumnElement[bool]:
        return column.in_(sorted(offices) or [0]) if offices is not None else true()

    assigned = dict(
        session.execute(
            select(Assignment.unit_id, func.count())
            .join(Indicator, Indicator.id == Assignment.indicator_id)
            .where(Indicator.fiscal_year_id == fy.id, in_scope(Assignment.unit_id))
            .group_by(Assignment.unit_id)
        ).all()
    )
    late_flag = func.sum(case((Result.late.is_(True), 1), else_=0)).cast(Integer)
    sent: dict[tuple[int, int], tuple[int, int]] = {
        (unit_id, period_id): (count, late or 0)
        for unit_id, period_id, count, late in session.execute(
            select(Result.unit_id, Result.period_id, func.count(), late_flag)
            .where(
                Result.period_id.in_(list(periods) or [0]),
                Result.status.in_(DONE_STATUSES),
                in_scope(Result.unit_id),
            )
            .group_by(Result.unit_id, Result.period_id)
        ).all()
    }
    office_lines = _office_lines(session, periods, assigned, sent)
    officer_lines = _officer_lines(session, periods, due, office_lines, in_scope(Result.unit_id))
    return Timeliness(
        year_be,
        months,
        sorted(office_lines.values(), key=lambda line: (line.parent, line.code)),
        officer_lines,
    )


def _office_lines(
    session: Session,
    periods: dict[int, date],
    assigned: dict[int, int],
    sent: dict[tuple[int, int], tuple[int, int]],
) -> dict[int, Line]:
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(list(assigned) or [0])))}
    codes = dict(session.execute(select(Unit.id, Unit.code)).all())
    office_lines: dict[int, Line] = {}
    for unit_id, total in assigned.items():
        unit = units[unit_id]
        line = Line(unit.code, unit.name, codes.get(unit.parent_id or 0, ""))
        for period_id, month in periods.items():
            count, late = sent.get((unit_id, period_id), (0, 0))
            line.states[month] = MISSING if count < total else LATE if late else ON_TIME
        office_lines[unit_id] = line
    return office_lines


def _officer_lines(
    session: Session,
    periods: dict[int, date],
    due: dict[date, date],
    office_lines: dict[int, Line],
    scoped: ColumnElement[bool],
) -> list[Line]:
    """Each officer's periods due on or after the day they registered (``due``: month → deadline)."""
    late_flag = func.sum(case((Result.late.is_(True), 1), else_=0)).cast(Integer)
    by_officer: dict[int, dict[date, str]] = defaultdict(dict)
    for user_id, period_id, _count, late in session.execute(
        select(Result.submitted_by_id, Result.period_id, func.count(), late_flag)
        .where(
            Result.period_id.in_(list(periods) or [0]),
            Result.status.in_(DONE_STATUSES),
            Result.submitted_by_id.is_not(None),
            scoped,
        )
        .group_by(Result.submitted_by_id, Result.period_id)
    ).all():
        if user_id is not None:
            by_officer[user_id][periods[period_id]] = LATE if late else ON_TIME
    officer_lines = []
    for user in session.scalars(
        select(User)
        .where(User.role == Role.OFFICER.value, User.unit_id.in_(list(office_lines) or [0]))
        .order_by(User.id)
    ):
        office = office_lines[user.unit_id]
        line = Line(user.display_name or user.line_user_id, office.name, office.code)
        joined = to_bangkok(user.created_at).date()
        for month in (m for m, deadline in due.items() if deadline >= joined):
            if month in by_officer.get(user.id, {}):
                line.states[month] = by_officer[user.id][month]
            elif office.states.get(month) == MISSING:
                line.states[month] = MISSING
        officer_lines.append(line)
    return officer_lines


# --- the workbook (pure) ------------------------------------------------------------------------

SHEET_OFFICES = "ความตรงเวลารายหน่วยงาน"
SHEET_OFFICERS = "ความตรงเวลารายบุคคล"


def build_timeliness(data: Timeliness) -> Workbook:
    """Two sheets: per office and per officer, a column per period and the counts and score."""
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has one sheet
    book.remove(first)
    for title, lines, heads in (
        (SHEET_OFFICES, data.offices, ["รหัส", "หน่วยงาน", "หน่วยงานกำกับ"]),
        (SHEET_OFFICERS, data.officers, ["ผู้ใช้", "หน่วยงาน", "รหัสหน่วยงาน"]),
    ):
        sheet = book.create_sheet(title)
        sheet.append([f"ความตรงเวลาในการรายงาน ปีงบประมาณ {data.year_be}"])
        sheet.append(
            heads + [cal.thai_month(m) for m in data.months] + ["ตรงเวลา", "ส่งช้า", "ยังไม่ส่ง", "คะแนน (ร้อยละ)"]
        )
        for line in lines:
            score = line.score
            sheet.append(
                [line.code, line.name, line.parent]
                + [STATE_TH.get(line.states.get(m, ""), "-") for m in data.months]
                + [
                    line.count(ON_TIME),
                    line.count(LATE),
                    line.count(MISSING),
                    round(score * 100, 1) if score is not None else None,
                ]
            )
            for cell in sheet[sheet.max_row][:3]:
                cell.data_type = "s"  # typed names are text, never a formula
        _print_ready(sheet, f"ความตรงเวลาในการรายงาน ปีงบประมาณ {data.year_be}")
    return book


def _print_ready(sheet: Worksheet, title: str) -> None:
    """#25: the report's font, columns as wide as their texts, A4 at a readable size with the
    header row and the names repeated on every page (reports/printing.py)."""
    font, bold = Font(name=FONT_NAME, size=14), Font(name=FONT_NAME, size=14, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(sheet.iter_rows(), start=1):
        for cell in row:
            cell.font = bold if number <= 2 else font
            cell.alignment = wrap
            if number == 2:
                cell.fill = HEAD_FILL
    sheet["A1"].font = Font(name=FONT_NAME, size=16, bold=True)
    sheet["A1"].alignment = Alignment(vertical="top")
    heads = [(str(c.value), None) for c in sheet[2]]
    sample = ([c.value for c in row] for row in sheet.iter_rows(min_row=3))
    widths = fit_widths(heads, sample)
    widths[1] = max(widths[1], 30.0)  # unit names
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "D3"
    # a line of TH SarabunPSK 14 pt is 23.5 pt high (openpyxl's default fits Calibri 11)
    sheet.sheet_format.defaultRowHeight = 23.5
    sheet.sheet_format.customHeight = True
    sheet.row_dimensions[1].height = 24.0
    sheet.row_dimensions[2].height = 47.0  # headers wrap onto two lines
    printing.page_setup(sheet, printing.layout(widths, 3), (2, 2), title)
