"""Where an office stands for a period: how many items, in which state, and what is missing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import DONE_STATUSES, Activity, Allocation, Assignment, EntryStatus, Indicator, Project
from models.periods import PeriodInfo, current_period, open_periods
from models.reporting.entries import ENTRY_MODELS, office_entries
from models.reporting.plan import IndicatorItem, OfficePlan, item_numbers, items_of, office_plan


@dataclass
class OfficeStatus:
    """Where an office stands for a period: counts per state and the names of what is missing."""

    total: int = 0
    by_state: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    missing: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    missing_numbers: list[int] = field(default_factory=list)  # the item numbers of ``missing``
    returned_numbers: list[int] = field(default_factory=list)  # ... and of ``returned``
    returned_reasons: list[str | None] = field(default_factory=list)  # ... and the reviewer's reasons
    waiting_review: int = 0  # results sent and not yet approved or returned by the division

    @property
    def done(self) -> int:
        return sum(self.by_state[s] for s in DONE_STATUSES)

    @property
    def approved(self) -> int:
        return self.by_state[EntryStatus.APPROVED.value]

    @property
    def drafts(self) -> int:
        return self.by_state[EntryStatus.DRAFT.value]

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def _tally(
    plan: OfficePlan, results: dict[int, Any], disbursements: dict[int, Any], problems: dict[int, Any]
) -> OfficeStatus:
    """Where one office stands, from its plan and what it entered (keyed by indicator / project)."""
    status = OfficeStatus()
    items = items_of(plan)
    numbers = item_numbers(items)
    indicators = {item.indicator.id: item.indicator.name for item in plan.indicators}
    projects = {project.id: project.name for project in plan.projects}

    def count(entry: Any, label: str, number: int) -> None:
        status.total += 1
        if entry is None:
            status.missing.append(label)
            status.missing_numbers.append(number)
            return
        status.by_state[entry.status] += 1
        if entry.status == EntryStatus.RETURNED.value:
            status.returned.append(label)
            status.returned_numbers.append(number)
            status.returned_reasons.append(entry.review_note)

    for kind, item_id in items:
        number = numbers[(kind, item_id)]
        if kind == "ind":
            result = results.get(item_id)
            count(result, indicators[item_id], number)
            # Only results are reviewed: the budget and the problems are sent, never approved.
            if result is not None and result.status == EntryStatus.SUBMITTED.value:
                status.waiting_review += 1
        elif kind == "disb":
            count(disbursements.get(item_id), f"งบประมาณ: {projects[item_id]}", number)
        elif kind == "prob":
            entry = problems.get(item_id)
            count(
                entry if entry is not None and entry.problems else None,
                f"ปัญหา/อุปสรรค: {projects[item_id]}",
                number,
            )
    return status


def office_status(session: Session, unit_id: int, info: PeriodInfo) -> OfficeStatus:
    plan = office_plan(session, unit_id, info.fiscal_year.id)
    return _tally(
        plan, *(office_entries(session, unit_id, info.period.id, key) for key in ("ind", "disb", "prob"))
    )


def office_statuses(session: Session, info: PeriodInfo) -> dict[int, OfficeStatus]:
    """Every office's status for a period in a handful of queries (for reminders at any scale)."""
    plans: dict[int, OfficePlan] = defaultdict(lambda: OfficePlan([], []))
    for asg, ind, proj in session.execute(
        select(Assignment, Indicator, Project)
        .join(Indicator, Assignment.indicator_id == Indicator.id)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(Project, Activity.project_id == Project.id)
        .where(Indicator.fiscal_year_id == info.fiscal_year.id)
        .order_by(Project.sort_order, Project.id, Activity.sort_order, Indicator.sort_order, Indicator.code)
    ):
        plan = plans[asg.unit_id]
        plan.indicators.append(IndicatorItem(ind, proj, asg.target))
        if proj not in plan.projects:
            plan.projects.append(proj)
    for unit_id, project_id, amount in session.execute(
        select(Allocation.unit_id, Allocation.project_id, Allocation.amount)
        .join(Project, Allocation.project_id == Project.id)
        .where(Project.fiscal_year_id == info.fiscal_year.id)
    ):
        if unit_id in plans:
            plans[unit_id].allocations[project_id] = amount
    entries: dict[str, dict[int, dict[int, Any]]] = {}
    for key, (model, column) in ENTRY_MODELS.items():
        by_unit: dict[int, dict[int, Any]] = defaultdict(dict)
        row: Any  # a Result, Disbursement or ProblemReport
        for row in session.scalars(select(model).where(model.period_id == info.period.id)):
            by_unit[row.unit_id][getattr(row, column)] = row
        entries[key] = by_unit
    return {
        unit_id: _tally(
            plan,
            entries["ind"].get(unit_id, {}),
            entries["disb"].get(unit_id, {}),
            entries["prob"].get(unit_id, {}),
        )
        for unit_id, plan in plans.items()
    }


def office_period(session: Session, unit_id: int, today: date) -> PeriodInfo | None:
    """The period an office works on: the oldest open earlier period it still owes items for
    (late), otherwise the period being reported now."""
    current = current_period(session, today)
    for info in open_periods(session, today):
        if current is not None and info.month >= current.month:
            break
        status = office_status(session, unit_id, info)
        if status.total and not status.complete:
            return info
    return current
