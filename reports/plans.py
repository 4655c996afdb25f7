"""#15: the monthly plans of a report's indicators and projects, as cumulative values per month.

A plan point is the planned cumulative value by the end of a month; a month without a point keeps
the point before it (before the first point a `sum` plan is 0: nothing was planned yet, a
`latest` plan has no value). The plan in scope is the whole indicator's (or project's) plan when
the file gave one and the scope is not one office, else the offices' plans in scope: added up
(`sum`) or averaged (`latest`). No plan at all stays None: the report says so, it never invents
one from the annual target.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Counting, IndicatorPlan, Period, ProjectInfo, ProjectSummary, SpendingPlan
from models.permissions import Scope
from reports.counted import chunks
from reports.rows import ReportData

PlanMonths = list[Decimal | None]  # cumulative plan per fiscal month, Oct..Sep


def steps(points: dict[date, Decimal], months: list[date], counting: str) -> PlanMonths:
    out: PlanMonths = []
    current: Decimal | None = Decimal(0) if counting == Counting.SUM.value else None
    for month in months:
        if month in points:
            current = points[month]
        out.append(current)
    return out


def _combine(series: list[PlanMonths], counting: str) -> PlanMonths:
    out: PlanMonths = []
    for values in zip(*series, strict=True):
        present = [v for v in values if v is not None]
        if not present:
            out.append(None)
        elif counting == Counting.SUM.value:
            out.append(sum(present, Decimal(0)))
        else:
            out.append(sum(present, Decimal(0)) / len(present))
    return out


def _plans(
    session: Session,
    model: Any,
    key: Any,
    ids: list[int],
    counting: dict[int, str],
    scope: Scope,
    months: list[date],
) -> dict[int, PlanMonths]:
    whole: dict[int, dict[date, Decimal]] = defaultdict(dict)
    offices: dict[int, dict[int, dict[date, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for chunk in chunks(ids):
        query = select(key, model.unit_id, model.month_start, model.cumulative).where(key.in_(chunk))
        for item_id, unit_id, month, value in session.execute(query):
            if unit_id is None:
                whole[item_id][month] = Decimal(value)
            elif scope.office_id is None or unit_id == scope.office_id:
                offices[item_id][unit_id][month] = Decimal(value)
    out: dict[int, PlanMonths] = {}
    for item_id in ids:
        how = counting.get(item_id, Counting.SUM.value)
        if scope.office_id is None and whole.get(item_id):
            out[item_id] = steps(whole[item_id], months, how)
        elif offices.get(item_id):
            out[item_id] = _combine([steps(p, months, how) for p in offices[item_id].values()], how)
    return out


def indicator_plans(
    session: Session, scope: Scope, counting: dict[int, str], months: list[date]
) -> dict[int, PlanMonths]:
    """Per indicator id (``counting``: each indicator's counting) its plan in scope, if any."""
    return _plans(session, IndicatorPlan, IndicatorPlan.indicator_id, list(counting), counting, scope, months)


def spending_plans(
    session: Session, scope: Scope, project_ids: list[int], months: list[date]
) -> dict[int, PlanMonths]:
    """Per project id its spending plan in scope (baht, cumulative), if any."""
    counting = dict.fromkeys(project_ids, Counting.SUM.value)
    return _plans(session, SpendingPlan, SpendingPlan.project_id, project_ids, counting, scope, months)


def project_infos(session: Session, project_ids: list[int]) -> dict[int, ProjectInfo]:
    return {
        info.project_id: info
        for info in session.scalars(select(ProjectInfo).where(ProjectInfo.project_id.in_(project_ids)))
    }


INFO_FIELDS = ("objectives", "budget_source", "area", "timeline", "benefits", "owner")


def attach_plans(
    session: Session, scope: Scope, data: ReportData, months: list[date], period_ids: list[int]
) -> None:
    """Give the report's indicators and projects (``data``: ReportData) their monthly plans, the
    projects' master data and the division's latest summary and progress written up to the report's
    period (``period_ids``: the year's periods up to it; not in one office's report)."""
    plans = indicator_plans(session, scope, {r.indicator_id: r.counting for r in data.indicators}, months)
    for row in data.indicators:
        row.plan_months = plans.get(row.indicator_id)
    project_ids = [p.project_id for p in data.projects]
    spending = spending_plans(session, scope, project_ids, months)
    infos = project_infos(session, project_ids)
    written: dict[int, dict[str, str]] = defaultdict(dict)
    if scope.office_id is None:
        for project_id, summary, progress in session.execute(
            select(ProjectSummary.project_id, ProjectSummary.summary, ProjectSummary.progress)
            .join(Period, ProjectSummary.period_id == Period.id)
            .where(ProjectSummary.project_id.in_(project_ids), ProjectSummary.period_id.in_(period_ids))
            .order_by(Period.month_start)
        ):
            if summary:
                written[project_id]["summary"] = summary
            if progress:
                written[project_id]["progress"] = progress
    for project in data.projects:
        project.spending_plan = spending.get(project.project_id)
        info = infos.get(project.project_id)
        if info is not None:
            project.info = {name: text for name in INFO_FIELDS if (text := getattr(info, name))}
        texts = written.get(project.project_id, {})
        project.summary = texts.get("summary", "")
        project.progress = texts.get("progress", "")
