"""Queries that turn the database into plain report rows for one period and one Scope.

A handful of grouped queries per report, never one per cell: the national case has thousands of
offices. Only values whose status is submitted or approved count; drafts are not reported yet and
returned values count as not reported.

Aggregating over offices follows the value type's declaration (models.value_types): `sum`
indicators add up; `latest` indicators (rates such as ร้อยละ) show the average of the offices'
latest values (and of the values reported in a month), and the report says so (`combined`); a
rate from counts (`ร้อยละจากจำนวน`) is Σ numerators ÷ Σ denominators over the offices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import calendar as cal
from models.entities import (
    Activity,
    Assignment,
    Counting,
    FiscalYear,
    Indicator,
    Period,
    Plan,
    Project,
    Unit,
)
from models.org import REPORTING_KINDS
from models.permissions import Scope
from models.signers import signers_of
from models.value_types import Combine, kind_of
from reports.counted import Counted, CountTotals, Figure, MonthTotals, chunks, office_filter
from reports.plans import attach_plans
from reports.projects import project_rows
from reports.rows import (
    Header,
    IndicatorLine,
    IndicatorRow,
    OfficeIndicatorRow,
    ReportData,
    ReportError,
)
from reports.status import status_rows

# --- helpers ----------------------------------------------------------------------------------


def _period(session: Session, month: date) -> tuple[Period, FiscalYear]:
    period = session.scalar(select(Period).where(Period.month_start == month))
    if period is None:
        raise ReportError(f"ไม่มีรอบรายงาน {cal.thai_month(month)} ในระบบ")
    return period, period.fiscal_year


def _mean(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)) if values else None


def _total(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) if values else None


def scope_name(session: Session, scope: Scope) -> str:
    unit_id = scope.office_id or scope.owner_unit_id or scope.area_unit_id
    unit = session.get(Unit, unit_id) if unit_id else None
    return unit.name if unit is not None else ""


def _indicators(session: Session, fy: FiscalYear, scope: Scope) -> Sequence[IndicatorLine]:
    query = (
        select(Indicator, Activity.name, Project.id, Project.name, Plan.name, Unit.code)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(Project, Activity.project_id == Project.id)
        .join(Plan, Project.plan_id == Plan.id)
        .join(Unit, Indicator.owner_unit_id == Unit.id)
        .where(Indicator.fiscal_year_id == fy.id)
        .order_by(
            Plan.sort_order,
            Plan.id,
            Project.sort_order,
            Project.id,
            Activity.sort_order,
            Activity.id,
            Indicator.sort_order,
            Indicator.code,
        )
    )
    if scope.owner_unit_id is not None:
        query = query.where(Indicator.owner_unit_id == scope.owner_unit_id)
    if scope.office_id is not None:
        query = query.where(
            Indicator.id.in_(select(Assignment.indicator_id).where(Assignment.unit_id == scope.office_id))
        )
    return session.execute(query).all()


report_indicators = _indicators  # #15: the flat export lists the same indicators


# --- the report data --------------------------------------------------------------------------


def _data(
    session: Session, fy: FiscalYear, month: date, scope: Scope, quarter_months: list[date] | None
) -> ReportData:
    """The report's header, and who signs the printed form (#25, the plan's sheet ตั้งค่า)."""
    return ReportData(_header(session, fy, month, scope, quarter_months), signers=signers_of(fy.signers))


def load(
    session: Session,
    month: date,
    scope: Scope,
    *,
    quarter_months: list[date] | None = None,
    by_office: bool = True,
    status: bool = True,
    values: bool = True,
) -> ReportData:
    """Everything a report needs for the period starting ``month`` (cumulative up to it).

    ``quarter_months``: the values "this period" are the sums over these months instead.
    ``values=False``: only the status rows (the completeness report reads no values).
    """
    period, fy = _period(session, month)
    data = _data(session, fy, month, scope, quarter_months)
    rows = _indicators(session, fy, scope)
    if not rows:
        return data
    if not values:
        data.status = status_rows(session, scope, fy, period.id) if status else []
        return data
    periods = {
        p.id: p.month_start
        for p in session.scalars(
            select(Period).where(Period.fiscal_year_id == fy.id, Period.month_start <= month)
        )
    }
    counted = Counted(session, scope, periods, set(quarter_months) if quarter_months else {month})
    ind_ids = [r[0].id for r in rows]
    assigned = _assigned(session, scope, ind_ids)
    month_totals = counted.month_totals(ind_ids, cal.fiscal_months(fy.year_be))
    figures = counted.figures(rows)
    offices = {u.id: u for u in session.scalars(select(Unit).where(Unit.kind.in_(REPORTING_KINDS)))}
    for indicator, activity, project_id, project, plan, owner in rows:
        targets = assigned.get(indicator.id, [])
        office_figures = figures.get(indicator.id, [])
        if by_office:
            data.by_office.extend(_office_rows(indicator, dict(targets), office_figures, offices))
        data.indicators.append(
            _indicator_row(
                indicator,
                (plan, project_id, project, activity, owner),
                _target(indicator, targets, scope),
                office_figures,
                month_totals.get(indicator.id),
                len(targets),
                counted.count_totals(indicator.id, cal.fiscal_months(fy.year_be)),  # #22
            )
        )
    order = {row.indicator_id: i for i, row in enumerate(data.indicators)}
    data.by_office.sort(key=lambda r: (order[r.indicator_id], r.office_code))

    project_ids = list(dict.fromkeys(r.project_id for r in data.indicators))
    data.projects = project_rows(session, scope, project_ids, list(periods), period.id, rows)
    attach_plans(session, scope, data, cal.fiscal_months(fy.year_be), list(periods))  # #15
    if status:
        data.status = status_rows(session, scope, fy, period.id)
    return data


def _header(
    session: Session, fy: FiscalYear, month: date, scope: Scope, quarter_months: list[date] | None
) -> Header:
    """The period's window (a quarter: from its first period's start) and the scope's name."""
    settings = cal.CalendarSettings.of(fy)
    if quarter_months:
        start = cal.window(_first_period_in(session, fy, quarter_months), settings)[0]
        return Header(
            fy.year_be,
            month,
            (start, cal.window(month, settings)[1]),
            scope_name(session, scope),
            cal.quarter_of(month)[1],
        )
    return Header(fy.year_be, month, cal.window(month, settings), scope_name(session, scope), None)


def _assigned(
    session: Session, scope: Scope, ind_ids: list[int]
) -> dict[int, list[tuple[int, Decimal | None]]]:
    """Assignments in scope: per indicator the offices expected to report, and their targets."""
    assigned: dict[int, list[tuple[int, Decimal | None]]] = defaultdict(list)
    for chunk in chunks(ind_ids):
        for ind_id, unit_id, target in session.execute(
            select(Assignment.indicator_id, Assignment.unit_id, Assignment.target).where(
                Assignment.indicator_id.in_(chunk), office_filter(Assignment.unit_id, scope)
            )
        ):
            assigned[ind_id].append((unit_id, target))
    return assigned


def _target(indicator: Indicator, targets: list[tuple[int, Decimal | None]], scope: Scope) -> Decimal | None:
    """The target in scope: the offices' targets added up (`sum`), one office's own, or the indicator's."""
    office_targets = [t for _, t in targets if t is not None]
    if (
        indicator.counting == Counting.SUM.value
        and not kind_of(indicator.value_type).counts  # a rate's targets never add up
        and office_targets
        and (not scope.everything or indicator.target is None)
    ):
        return sum(office_targets, Decimal(0))
    if scope.office_id is not None and office_targets:
        return office_targets[0]
    if indicator.target is not None:
        return indicator.target
    return sum(office_targets, Decimal(0)) if office_targets else None


def _office_rows(
    indicator: Indicator,
    office_target: dict[int, Decimal | None],
    figures: list[Figure],
    offices: dict[int, Unit],
) -> list[OfficeIndicatorRow]:
    return [
        OfficeIndicatorRow(
            offices[unit_id].code,
            offices[unit_id].name,
            indicator.id,
            indicator.code,
            indicator.name,
            indicator.unit_label,
            office_target.get(unit_id),
            now,
            cumulative,
            indicator.direction,
        )
        for unit_id, now, cumulative in figures
        if unit_id in offices
    ]


def _indicator_row(
    indicator: Indicator,
    place: tuple[str, int, str, str, str],
    target: Decimal | None,
    figures: list[Figure],
    totals: MonthTotals | None,
    offices: int,
    counts: CountTotals | None,
) -> IndicatorRow:
    """One indicator over the offices in scope, combined as its value type says: `sum` indicators
    add up, `latest` ones average, rates from counts divide the counts' sums."""
    combine = kind_of(indicator.value_type).combine(indicator.counting)
    value_parts = [now for _, now, _ in figures if now is not None]
    cum_parts = [cumulative for _, _, cumulative in figures if cumulative is not None]
    if combine == Combine.COUNTS:
        no_months: list[Decimal | None] = [None] * 12
        value, cumulative, months, count_months = counts or (None, None, no_months, None)
    else:
        of = _total if combine == Combine.SUM else _mean
        value, cumulative = of(value_parts), of(cum_parts)
        months, count_months = _months(totals, combine), None
    plan, project_id, project, activity, owner = place
    return IndicatorRow(
        indicator.id,
        indicator.code,
        plan,
        project_id,
        project,
        activity,
        indicator.name,
        indicator.unit_label,
        indicator.counting,
        owner,
        target,
        value,
        cumulative,
        months,
        offices,
        len(value_parts),
        direction=indicator.direction,
        combined=combine.value,
        count_months=count_months,
    )


def _months(totals: MonthTotals | None, combine: Combine) -> list[Decimal | None]:
    """Oct..Sep: the month's values added up (sum) or averaged (mean)."""
    if totals is None:
        return [None] * 12
    if combine == Combine.SUM:
        return [totals[0][i] if totals[1][i] else None for i in range(12)]
    return [totals[0][i] / totals[1][i] if totals[1][i] else None for i in range(12)]


def _first_period_in(session: Session, fy: FiscalYear, months: list[date]) -> date:
    found = session.scalars(
        select(Period.month_start)
        .where(Period.fiscal_year_id == fy.id, Period.month_start.in_(months))
        .order_by(Period.month_start)
    ).first()
    if found is None:
        raise ReportError("ไตรมาสนี้ไม่มีรอบรายงาน")
    return found
