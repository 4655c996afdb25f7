"""What an office reports: its plan (indicators, projects, allocations) and the numbered items
the dialogues walk through."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models.entities import (
    Activity,
    Allocation,
    Assignment,
    Indicator,
    Project,
)

# --- what an office reports -------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorItem:
    indicator: Indicator
    project: Project
    office_target: Decimal | None


@dataclass
class OfficePlan:
    """Everything one office reports in a fiscal year, in the order the plan lists it."""

    indicators: list[IndicatorItem]
    projects: list[Project]
    allocations: dict[int, Decimal] = field(default_factory=dict)


def office_assignments(unit_id: int, fiscal_year_id: int, *columns: Any) -> Select[Any]:
    """SELECT ``columns`` over the office's assignments of a fiscal year, in the plan's order."""
    return (
        select(*columns)
        .select_from(Assignment)
        .join(Indicator, Assignment.indicator_id == Indicator.id)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(Project, Activity.project_id == Project.id)
        .where(Assignment.unit_id == unit_id, Indicator.fiscal_year_id == fiscal_year_id)
        .order_by(Project.sort_order, Project.id, Activity.sort_order, Indicator.sort_order, Indicator.code)
    )


def office_plan(session: Session, unit_id: int, fiscal_year_id: int) -> OfficePlan:
    rows = session.execute(office_assignments(unit_id, fiscal_year_id, Assignment, Indicator, Project)).all()
    items = [IndicatorItem(ind, proj, asg.target) for asg, ind, proj in rows]
    projects: list[Project] = []
    for item in items:
        if item.project not in projects:
            projects.append(item.project)
    allocations = dict(
        session.execute(
            select(Allocation.project_id, Allocation.amount).where(
                Allocation.unit_id == unit_id, Allocation.project_id.in_([p.id for p in projects] or [0])
            )
        ).all()
    )
    return OfficePlan(items, projects, allocations)


# --- the items of an office and their numbers -------------------------------------------------

# One item an office answers: ``[kind, id]``, a list as the conversation data keeps it (JSON).
PlanItem = list[Any]


def plan_items(
    indicator_ids: Iterable[int], project_ids: Iterable[int], allocated: Collection[int]
) -> list[PlanItem]:
    """Every item an office answers in a period, as ``[kind, id]`` in the plan's order: its
    indicators ("ind"), then per project the disbursement ("disb", where the office has an
    allocation), the problems ("prob") and their solutions ("sol")."""
    items: list[PlanItem] = [["ind", indicator_id] for indicator_id in indicator_ids]
    for project_id in project_ids:
        if project_id in allocated:
            items.append(["disb", project_id])
        items.append(["prob", project_id])
        items.append(["sol", project_id])
    return items


def item_numbers(items: Iterable[Sequence[Any]]) -> dict[tuple[str, int], int]:
    """The number of each item on every screen (report, summary, correction, status, review,
    return notice): its place in the office's plan, ``items`` as ``plan_items`` gives them.
    Solutions share the number of their problems, so counts agree with the status."""
    numbers: dict[tuple[str, int], int] = {}
    current = 0
    for kind, item_id in items:
        if kind != "sol":
            current += 1
        numbers[(kind, item_id)] = current
    return numbers


def office_item_numbers(session: Session, unit_id: int, fiscal_year_id: int) -> dict[tuple[str, int], int]:
    """``item_numbers`` of an office's plan, read from the database (for screens of other users)."""
    plan = office_plan(session, unit_id, fiscal_year_id)
    return item_numbers(items_of(plan))


def items_of(plan: OfficePlan) -> list[PlanItem]:
    return plan_items(
        [i.indicator.id for i in plan.indicators], [p.id for p in plan.projects], plan.allocations
    )
