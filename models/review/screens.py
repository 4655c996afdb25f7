"""What the review screens read: the indicators and projects a division owns, the queue of
offices waiting for review and one office's results under review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
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


def review_queue(session: Session, owner_unit_id: int | None, info: PeriodInfo) -> list[QueueEntry]:
    """Every office assigned an indicator of this owner, with its counts for the period."""
    indicator_ids = [i.id for i in owned_indicators(session, owner_unit_id, info.fiscal_year.id)]
    if not indicator_ids:
        return []
    entries: dict[int, QueueEntry] = {}
    for office, assigned in session.execute(
        select(Unit, func.count(Assignment.id))
        .join(Assignment, Assignment.unit_id == Unit.id)
        .where(Assignment.indicator_id.in_(indicator_ids))
        .group_by(Unit.id)
        .order_by(Unit.code)
    ):
        entries[office.id] = QueueEntry(office=office, assigned=assigned)
    for result in session.scalars(
        select(Result).where(Result.period_id == info.period.id, Result.indicator_id.in_(indicator_ids))
    ):
        entry = entries.get(result.unit_id)
        if entry is None:
            continue
        if result.status == EntryStatus.SUBMITTED.value:
            entry.waiting += 1
        elif result.status == EntryStatus.APPROVED.value:
            entry.approved += 1
        elif result.status == EntryStatus.RETURNED.value:
            entry.returned += 1
        if result.submitted_at and (
            entry.last_submitted is None or result.submitted_at > entry.last_submitted
        ):
            entry.last_submitted = result.submitted_at
        entry.late = entry.late or result.late
    return list(entries.values())


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
        if self.cumulative is None or not self.target:
            return None
        return self.cumulative / self.target * 100


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
