"""What the review screens read: the indicators and projects a division owns, the queue of
offices waiting for review and one office's results under review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from models.entities import (
    Activity,
    Assignment,
    Counting,
    EntryStatus,
    Indicator,
    ProblemReport,
    Project,
    Result,
    Unit,
)
from models.periods import PeriodInfo
from models.reporting.entries import earlier_results
from models.review_flags import flags_of, previous_value
from models.value_types import achievement


def owned_indicators(session: Session, owner_unit_id: int | None, fiscal_year_id: int) -> list[Indicator]:
    query = (
        select(Indicator)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(Project, Activity.project_id == Project.id)
        .where(Indicator.fiscal_year_id == fiscal_year_id)
        .order_by(Project.sort_order, Activity.sort_order, Indicator.sort_order, Indicator.code)
    )
    if owner_unit_id is not None:
        query = query.where(Indicator.owner_unit_id == owner_unit_id)
    return list(session.scalars(query))


def owned_projects(session: Session, owner_unit_id: int | None, fiscal_year_id: int) -> list[Project]:
    projects: list[Project] = []
    for indicator in owned_indicators(session, owner_unit_id, fiscal_year_id):
        if indicator.activity.project not in projects:
            projects.append(indicator.activity.project)
    return projects


# --- the review queue -------------------------------------------------------------------------


@dataclass
class QueueEntry:
    office: Unit
    waiting: int = 0
    approved: int = 0
    returned: int = 0
    assigned: int = 0
    last_submitted: datetime | None = None
    late: bool = False


def review_queue(
    session: Session, owner_unit_id: int | None, info: PeriodInfo, offices: frozenset[int] | None = None
) -> list[QueueEntry]:
    """Every office assigned an indicator of this owner (and, given ``offices``, one of those: a
    supervising unit's area), with its counts for the period: grouped counts, whatever the scale."""
    indicators = select(Indicator.id).where(Indicator.fiscal_year_id == info.fiscal_year.id)
    if owner_unit_id is not None:
        indicators = indicators.where(Indicator.owner_unit_id == owner_unit_id)
    indicator_ids = indicators.scalar_subquery()

    def in_area(column: Any) -> ColumnElement[bool]:
        area = column.in_(sorted(offices) or [0]) if offices is not None else true()
        # #22: a division's own work is reviewed by central, not by the division itself
        return and_(area, column != owner_unit_id) if owner_unit_id is not None else area

    entries: dict[int, QueueEntry] = {}
    for office, assigned in session.execute(
        select(Unit, func.count(Assignment.id))
        .join(Assignment, Assignment.unit_id == Unit.id)
        .where(Assignment.indicator_id.in_(indicator_ids), in_area(Assignment.unit_id))
        .group_by(Unit.id)
        .order_by(Unit.code)
    ):
        entries[office.id] = QueueEntry(office=office, assigned=assigned)
    for unit_id, status, late, count, last in session.execute(
        select(Result.unit_id, Result.status, Result.late, func.count(), func.max(Result.submitted_at))
        .where(
            Result.period_id == info.period.id,
            Result.indicator_id.in_(indicator_ids),
            in_area(Result.unit_id),
        )
        .group_by(Result.unit_id, Result.status, Result.late)
    ):
        entry = entries.get(unit_id)
        if entry is None:
            continue
        if status == EntryStatus.SUBMITTED.value:
            entry.waiting += count
        elif status == EntryStatus.APPROVED.value:
            entry.approved += count
        elif status == EntryStatus.RETURNED.value:
            entry.returned += count
        last = _aware(last)
        if last is not None and (entry.last_submitted is None or last > entry.last_submitted):
            entry.last_submitted = last
        entry.late = entry.late or bool(late)
    return list(entries.values())


def _aware(moment: datetime | None) -> datetime | None:
    """max() of a UTC column comes back without the column type on SQLite: naive, in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


# --- one office under review ------------------------------------------------------------------


@dataclass
class ReviewLine:
    indicator: Indicator
    result: Result | None
    target: Decimal | None
    previous: Decimal | None
    cumulative: Decimal | None
    flags: list[str] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        """The share of the target achieved, in % (lower-is-better: target ÷ result, #22)."""
        share = achievement(self.cumulative, self.target, self.indicator.direction)
        return None if share is None else Decimal(str(share)) * 100


def office_review(
    session: Session, owner_unit_id: int | None, office_id: int, info: PeriodInfo
) -> list[ReviewLine]:
    lines = []
    indicators = {i.id: i for i in owned_indicators(session, owner_unit_id, info.fiscal_year.id)}
    targets = dict(
        session.execute(
            select(Assignment.indicator_id, Assignment.target).where(
                Assignment.unit_id == office_id, Assignment.indicator_id.in_(list(indicators) or [0])
            )
        ).all()
    )
    earlier = earlier_results(session, office_id, info)
    for indicator_id, target in targets.items():
        indicator = indicators[indicator_id]
        result = session.scalar(
            select(Result).where(
                Result.indicator_id == indicator_id,
                Result.unit_id == office_id,
                Result.period_id == info.period.id,
            )
        )
        before = earlier.cumulative(indicator)
        value = result.value if result else None
        if indicator.counting == Counting.SUM.value:
            cumulative = (before or Decimal(0)) + (value or Decimal(0)) if value is not None else before
        else:
            cumulative = value if value is not None else before
        line = ReviewLine(
            indicator, result, target, previous_value(session, indicator_id, office_id, info), cumulative
        )
        if value is not None:
            line.flags = flags_of(session, indicator, office_id, info, value, before)
        lines.append(line)
    lines.sort(key=lambda line: list(indicators).index(line.indicator.id))
    return lines


def office_problems(
    session: Session, owner_unit_id: int | None, office_id: int, info: PeriodInfo
) -> list[ProblemReport]:
    project_ids = [p.id for p in owned_projects(session, owner_unit_id, info.fiscal_year.id)]
    return list(
        session.scalars(
            select(ProblemReport).where(
                ProblemReport.unit_id == office_id,
                ProblemReport.period_id == info.period.id,
                ProblemReport.project_id.in_(project_ids or [0]),
                ProblemReport.problems.is_not(None),
            )
        )
    )
