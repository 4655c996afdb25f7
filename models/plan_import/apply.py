"""Write a validated plan: one generic upsert for every kind of row, never deleting anything.

Each kind is keyed (units and indicators by code, the plan tree by name, the office pairs by their
two codes); a key not in the database is created, a known one gets the attributes that differ.
Rows in the database but not in the file are kept and counted.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.calendar import CalendarSettings, periods_of
from models.entities import (
    Activity,
    Allocation,
    Assignment,
    FiscalYear,
    Indicator,
    Period,
    Plan,
    Project,
    Unit,
)
from models.plan_import.contract import SETTINGS
from models.plan_import.monthly import apply_monthly
from models.plan_import.rows import ValidPlan
from models.plan_import.signers import apply_signers
from models.plan_import.summary import Counts, ImportSummary
from models.plan_import.tree import apply_parents

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
Pair = TypeVar("Pair", Assignment, Allocation)

# key → (the attributes a new row is made with, the attributes kept up to date)
Wanted = Mapping[K, tuple[Mapping[str, Any], Mapping[str, Any]]]


def upsert(
    session: Session, model: type[T], counts: Counts, existing: dict[K, T], wanted: Wanted[K]
) -> dict[K, T]:
    """Create the missing rows and update the others; `existing` (by key) gains the new rows."""
    counts.kept += len(set(existing) - set(wanted))
    for key, (fixed, values) in wanted.items():
        item = existing.get(key)
        if item is None:
            existing[key] = model(**fixed, **values)
            session.add(existing[key])
            counts.created += 1
        elif _update(item, values):
            counts.updated += 1
        else:
            counts.unchanged += 1
    session.flush()
    return existing


def _update(obj: Any, values: Mapping[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def apply(session: Session, plan: ValidPlan, year_be: int) -> ImportSummary:
    summary = ImportSummary(year_be)
    fiscal_year = _fiscal_year(session, plan, summary)
    if apply_signers(fiscal_year, plan.signers):  # #25: the signature rows of ตั้งค่า
        summary.settings_changed = not summary.fiscal_year_created
    units = _units(session, plan, summary)
    apply_parents(session, plan, units)
    activities = _plan_tree(session, plan, fiscal_year.id, summary)
    indicators = _indicators(session, plan, fiscal_year.id, activities, units, summary)
    unit_ids = {code: u.id for code, u in units.items()}
    _office_pairs(
        session,
        Assignment,
        summary.assignments,
        "indicator_id",
        {code: i.id for code, i in indicators.items()},
        unit_ids,
        ((row.indicator, row.unit, {"target": row.target}) for row in plan.targets),
    )
    projects = {
        p.name: p.id for p in session.scalars(select(Project).where(Project.fiscal_year_id == fiscal_year.id))
    }
    _office_pairs(
        session,
        Allocation,
        summary.allocations,
        "project_id",
        projects,
        unit_ids,
        ((row.project, row.unit, {"amount": row.amount}) for row in plan.budget),
    )
    apply_monthly(session, plan, fiscal_year, summary)  # #15: the optional plan sheets
    fiscal_year.plan_version = uuid.uuid4().hex  # every process drops its cached copy of the plan
    session.flush()
    return summary


def _units(session: Session, plan: ValidPlan, summary: ImportSummary) -> dict[str, Unit]:
    """Units by code."""
    return upsert(
        session,
        Unit,
        summary.units,
        {u.code: u for u in session.scalars(select(Unit))},
        {
            row.code: (
                {"code": row.code},
                {"name": row.name, "kind": row.kind.value, "province_code": row.province},
            )
            for row in plan.units
        },
    )


def _indicators(
    session: Session,
    plan: ValidPlan,
    fiscal_year_id: int,
    activities: dict[tuple[str, str], Activity],
    units: dict[str, Unit],
    summary: ImportSummary,
) -> dict[str, Indicator]:
    """The fiscal year's indicators by code, in the file's order."""
    return upsert(
        session,
        Indicator,
        summary.indicators,
        {
            i.code: i
            for i in session.scalars(select(Indicator).where(Indicator.fiscal_year_id == fiscal_year_id))
        },
        {
            row.code: (
                {"fiscal_year_id": fiscal_year_id, "code": row.code},
                {
                    "activity_id": activities[(row.project, row.activity)].id,
                    "name": row.name,
                    "unit_label": row.unit_label,
                    "target": row.target,
                    "owner_unit_id": units[row.owner].id,
                    "counting": row.counting.value,
                    "value_type": row.value_type.value,
                    "numerator_label": row.numerator_label,
                    "denominator_label": row.denominator_label,
                    "direction": row.direction.value,
                    "sort_order": order,
                },
            )
            for order, row in enumerate(plan.indicators, start=1)
        },
    )


def _fiscal_year(session: Session, plan: ValidPlan, summary: ImportSummary) -> FiscalYear:
    """The fiscal year and its settings (the file's, else the current ones, else the defaults), and
    its periods (the missing ones added, none removed)."""
    year_be = summary.fiscal_year_be
    counts = Counts()
    found = session.scalars(select(FiscalYear).where(FiscalYear.year_be == year_be))
    defaults = {spec.attribute: spec.default for spec in SETTINGS if spec.attribute not in plan.settings}
    fiscal_year = upsert(
        session,
        FiscalYear,
        counts,
        {y.year_be: y for y in found},
        {
            year_be: ({"year_be": year_be, **defaults}, plan.settings),
        },
    )[year_be]
    summary.fiscal_year_created, summary.settings_changed = bool(counts.created), bool(counts.updated)
    summary.settings = CalendarSettings.of(fiscal_year)
    months = periods_of(year_be, summary.settings)
    summary.periods = months
    periods = Counts()
    upsert(
        session,
        Period,
        periods,
        {p.month_start: p for p in session.scalars(select(Period).where(Period.month_start.in_(months)))},
        {month: ({"fiscal_year_id": fiscal_year.id, "month_start": month}, {}) for month in months},
    )
    summary.periods_created = periods.created
    return fiscal_year


def _plan_tree(
    session: Session, plan: ValidPlan, year_id: int, summary: ImportSummary
) -> dict[tuple[str, str], Activity]:
    """Plans, projects and activities by name, ordered as the sheet is; the activities by
    (project, activity) name."""
    plan_order: dict[str, int] = {}
    project_order: dict[str, tuple[str, int]] = {}
    activity_order: dict[tuple[str, str], int] = {}
    per_project: dict[str, int] = {}
    for row in plan.indicators:
        plan_order.setdefault(row.plan, len(plan_order) + 1)
        project_order.setdefault(row.project, (row.plan, len(project_order) + 1))
        if (row.project, row.activity) not in activity_order:
            per_project[row.project] = per_project.get(row.project, 0) + 1
            activity_order[(row.project, row.activity)] = per_project[row.project]
    plans = upsert(
        session,
        Plan,
        summary.plans,
        {p.name: p for p in session.scalars(select(Plan).where(Plan.fiscal_year_id == year_id))},
        {
            name: ({"fiscal_year_id": year_id, "name": name}, {"sort_order": order})
            for name, order in plan_order.items()
        },
    )
    projects = upsert(
        session,
        Project,
        summary.projects,
        {p.name: p for p in session.scalars(select(Project).where(Project.fiscal_year_id == year_id))},
        {
            name: (
                {"fiscal_year_id": year_id, "name": name},
                {"plan_id": plans[plan_name].id, "sort_order": order},
            )
            for name, (plan_name, order) in project_order.items()
        },
    )
    return upsert(
        session,
        Activity,
        summary.activities,
        {
            (project_name, activity.name): activity
            for project_name, activity in session.execute(
                select(Project.name, Activity)
                .join(Activity, Activity.project_id == Project.id)
                .where(Project.fiscal_year_id == year_id)
            )
        },
        {
            (project, name): ({"project_id": projects[project].id, "name": name}, {"sort_order": order})
            for (project, name), order in activity_order.items()
        },
    )


def _office_pairs(
    session: Session,
    model: type[Pair],
    counts: Counts,
    column: str,
    ids: dict[str, int],
    unit_ids: dict[str, int],
    rows: Iterable[tuple[str, str, dict[str, Any]]],
) -> None:
    """Office ↔ indicator assignments or office ↔ project allocations, by their two codes."""
    codes = {i: code for code, i in ids.items()}
    unit_codes = {i: code for code, i in unit_ids.items()}
    existing = {
        (codes[getattr(item, column)], unit_codes[item.unit_id]): item
        for item in session.scalars(select(model).where(getattr(model, column).in_(list(codes))))
    }
    upsert(
        session,
        model,
        counts,
        existing,
        {(key, unit): ({column: ids[key], "unit_id": unit_ids[unit]}, values) for key, unit, values in rows},
    )
