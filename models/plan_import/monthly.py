"""#15: the optional sheets `แผนรายเดือน`, `แผนการใช้จ่าย` and `ข้อมูลโครงการ` (DESIGN.md §7).

A monthly plan row gives the planned cumulative value of an indicator (or the planned cumulative
spending of a project) by the end of a month, for one office or, with the office left empty, for
the indicator or project as a whole. A quarter (`2570-Q2`) stands for its last month. Re-importing
replaces the plan points given in the file and keeps the others, like every other sheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import calendar as cal
from models import parsing
from models.entities import FiscalYear, Indicator, IndicatorPlan, Project, ProjectInfo, SpendingPlan, Unit
from models.plan_import.contract import (
    H_AREA,
    H_BENEFITS,
    H_BUDGET_SOURCE,
    H_INDICATOR_CODE,
    H_MONTH,
    H_OBJECTIVES,
    H_OWNER,
    H_PLAN_CUMULATIVE,
    H_PROJECT,
    H_TIMELINE,
    H_UNIT_CODE,
    MAX_CODE,
    MAX_INFO_TEXT,
    MAX_MONEY,
    MAX_TARGET,
    MAX_TREE_NAME,
    MSG_BAD_MONTH,
    MSG_CELL_ERROR,
    MSG_DUPLICATE_MONTH,
    MSG_DUPLICATE_PROJECT,
    MSG_UNKNOWN_INDICATOR,
    MSG_UNKNOWN_PROJECT,
)
from models.plan_import.reader import Checker, Sheet, as_text
from models.plan_import.rows import MonthPlanRow, ProjectInfoRow, Validation, ValidPlan
from models.plan_import.summary import Counts, ImportSummary

INFO_COLUMNS = {
    H_OBJECTIVES: "objectives",
    H_BUDGET_SOURCE: "budget_source",
    H_AREA: "area",
    H_TIMELINE: "timeline",
    H_BENEFITS: "benefits",
    H_OWNER: "owner",
}


def _month(v: Validation, sheet: Sheet, row: int, cells: Any) -> date | None:
    """`2570-03`, `2027-03`, a date cell or `2570-Q2` (its last month), inside the fiscal year."""
    cell = Checker.cell_at(sheet, cells, H_MONTH)
    year = v.year_be
    message = MSG_BAD_MONTH.format(year=year)
    if cell.is_error:
        v.check.add(sheet.name, row, H_MONTH, MSG_CELL_ERROR.format(value=cell.value))
        return None
    month: date | None = None
    if isinstance(cell.value, datetime | date):
        value = cell.value.date() if isinstance(cell.value, datetime) else cell.value
        month = value.replace(day=1)
    else:
        text = as_text(cell.value) or ""
        try:
            if "Q" in text.upper():
                fy, quarter = parsing.parse_quarter(text.upper())
                month = cal.quarter_months(fy, quarter)[-1] if 1 <= quarter <= 4 else None
            else:
                month = parsing.parse_period(text)
        except ValueError:
            month = None
    if month is None or month not in cal.fiscal_months(year):
        v.check.add(sheet.name, row, H_MONTH, message)
        return None
    return month


def _month_rows(
    v: Validation,
    sheet: Sheet,
    key_header: str,
    key_limit: int,
    known: set[str],
    unknown: str,
    limit: Decimal,
) -> Iterable[MonthPlanRow]:
    check = v.check
    seen: dict[tuple[str, str | None, date], int] = {}
    for row, cells in sheet.rows:
        key = check.text(sheet, row, cells, key_header, limit=key_limit)
        unit = check.text(sheet, row, cells, H_UNIT_CODE, required=False, limit=MAX_CODE)
        month = _month(v, sheet, row, cells)
        value = check.number(sheet, row, cells, H_PLAN_CUMULATIVE, required=True, limit=limit)
        if key is not None and key not in known and v.indicators_usable:
            check.add(sheet.name, row, key_header, unknown.format(code=key, name=key))
        if unit is not None:
            v.unit_reference(sheet, row, H_UNIT_CODE, unit, office=True)
        if key is None or month is None or value is None:
            continue
        first = seen.setdefault((key, unit, month), row)
        if first != row:
            check.add(sheet.name, row, H_MONTH, MSG_DUPLICATE_MONTH.format(row=first))
            continue
        yield MonthPlanRow(row, key, unit, month, value)


def validate_monthly(v: Validation, sheet: Sheet) -> None:
    v.plan.monthly.extend(
        _month_rows(
            v, sheet, H_INDICATOR_CODE, MAX_CODE, v.indicator_codes, MSG_UNKNOWN_INDICATOR, MAX_TARGET
        )
    )


def validate_spending(v: Validation, sheet: Sheet) -> None:
    v.plan.spending.extend(
        _month_rows(v, sheet, H_PROJECT, MAX_TREE_NAME, v.project_names, MSG_UNKNOWN_PROJECT, MAX_MONEY)
    )


def validate_project_info(v: Validation, sheet: Sheet) -> None:
    check = v.check
    seen: dict[str, int] = {}
    for row, cells in sheet.rows:
        project = check.text(sheet, row, cells, H_PROJECT, limit=MAX_TREE_NAME)
        values = {
            attribute: check.text(sheet, row, cells, header, required=False, limit=MAX_INFO_TEXT)
            for header, attribute in INFO_COLUMNS.items()
        }
        if project is None:
            continue
        if project not in v.project_names and v.indicators_usable:
            check.add(sheet.name, row, H_PROJECT, MSG_UNKNOWN_PROJECT.format(name=project))
            continue
        first = seen.setdefault(project, row)
        if first != row:
            check.add(sheet.name, row, H_PROJECT, MSG_DUPLICATE_PROJECT.format(row=first))
            continue
        v.plan.project_info.append(ProjectInfoRow(row, project, values))


# --- apply --------------------------------------------------------------------------------------


def apply_monthly(session: Session, plan: ValidPlan, fiscal_year: FiscalYear, summary: ImportSummary) -> None:
    """Write the validated rows of the three sheets."""
    if not (plan.monthly or plan.spending or plan.project_info):
        return
    units = {code: uid for code, uid in session.execute(select(Unit.code, Unit.id))}
    indicators = dict(
        session.execute(
            select(Indicator.code, Indicator.id).where(Indicator.fiscal_year_id == fiscal_year.id)
        ).all()
    )
    projects = dict(
        session.execute(
            select(Project.name, Project.id).where(Project.fiscal_year_id == fiscal_year.id)
        ).all()
    )
    _points(session, IndicatorPlan, "indicator_id", indicators, units, plan.monthly, summary.indicator_plans)
    _points(session, SpendingPlan, "project_id", projects, units, plan.spending, summary.spending_plans)
    existing = {
        info.project_id: info
        for info in session.scalars(
            select(ProjectInfo).where(ProjectInfo.project_id.in_(list(projects.values())))
        )
    }
    counts = summary.project_infos
    for row in plan.project_info:
        pid = projects[row.project]
        info = existing.get(pid)
        if info is None:
            session.add(ProjectInfo(project_id=pid, **row.values))
            counts.created += 1
            continue
        changed = False
        for name, value in row.values.items():
            if getattr(info, name) != value:
                setattr(info, name, value)
                changed = True
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
    session.flush()


def _points(
    session: Session,
    model: type[IndicatorPlan] | type[SpendingPlan],
    key_column: str,
    keys: dict[str, int],
    units: dict[str, int],
    rows: list[MonthPlanRow],
    counts: Counts,
) -> None:
    if not rows:
        return
    ids = [keys[r.key] for r in rows]
    column = getattr(model, key_column)
    existing: dict[tuple[int, int | None, date], Any] = {}
    point: Any
    for point in session.scalars(select(model).where(column.in_(sorted(set(ids))))):
        existing[(getattr(point, key_column), point.unit_id, point.month_start)] = point
    for row in rows:
        unit_id = units[row.unit] if row.unit else None
        key = (keys[row.key], unit_id, row.month)
        point = existing.get(key)
        if point is None:
            point = model(
                **{key_column: key[0]}, unit_id=unit_id, month_start=row.month, cumulative=row.cumulative
            )
            session.add(point)
            existing[key] = point
            counts.created += 1
        elif point.cumulative != row.cumulative:
            point.cumulative = row.cumulative
            counts.updated += 1
        else:
            counts.unchanged += 1
