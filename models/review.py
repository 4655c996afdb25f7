"""Division review, project summaries and closing a period: the services behind ตรวจ,
สรุปโครงการ, ปิดรอบ and เปิดรอบ."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import audit
from models.entities import (
    Activity,
    Assignment,
    Counting,
    EntryStatus,
    Indicator,
    Notification,
    PeriodState,
    ProblemReport,
    Project,
    ProjectSummary,
    Result,
    Unit,
    UnitKind,
    User,
)
from models.office_status import OfficeStatus, office_statuses
from models.periods import PeriodClosed, PeriodInfo, today_of
from models.reporting import earlier_results
from models.review_flags import flags_of, previous_value


def owned_indicators(session: Session, owner_unit_id: int | None, fiscal_year_id: int) -> list[Indicator]:
    query = (
        select(Indicator).join(Activity, Indicator.activity_id == Activity.id)
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
        select(Unit, func.count(Assignment.id)).join(Assignment, Assignment.unit_id == Unit.id)
        .where(Assignment.indicator_id.in_(indicator_ids)).group_by(Unit.id).order_by(Unit.code)
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
        if result.submitted_at and (entry.last_submitted is None or result.submitted_at > entry.last_submitted):
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


def office_review(session: Session, owner_unit_id: int | None, office_id: int, info: PeriodInfo) -> list[ReviewLine]:
    lines = []
    indicators = {i.id: i for i in owned_indicators(session, owner_unit_id, info.fiscal_year.id)}
    targets = dict(session.execute(
        select(Assignment.indicator_id, Assignment.target)
        .where(Assignment.unit_id == office_id, Assignment.indicator_id.in_(list(indicators) or [0]))
    ).all())
    earlier = earlier_results(session, office_id, info)
    for indicator_id, target in targets.items():
        indicator = indicators[indicator_id]
        result = session.scalar(select(Result).where(
            Result.indicator_id == indicator_id, Result.unit_id == office_id, Result.period_id == info.period.id))
        before = earlier.cumulative(indicator)
        value = result.value if result else None
        if indicator.counting == Counting.SUM.value:
            cumulative = (before or Decimal(0)) + (value or Decimal(0)) if value is not None else before
        else:
            cumulative = value if value is not None else before
        line = ReviewLine(indicator, result, target, previous_value(session, indicator_id, office_id, info), cumulative)
        if value is not None:
            line.flags = flags_of(session, indicator, office_id, info, value, before)
        lines.append(line)
    lines.sort(key=lambda line: list(indicators).index(line.indicator.id))
    return lines


def office_problems(session: Session, owner_unit_id: int | None, office_id: int, info: PeriodInfo) -> list[ProblemReport]:
    project_ids = [p.id for p in owned_projects(session, owner_unit_id, info.fiscal_year.id)]
    return list(session.scalars(select(ProblemReport).where(
        ProblemReport.unit_id == office_id, ProblemReport.period_id == info.period.id,
        ProblemReport.project_id.in_(project_ids or [0]), ProblemReport.problems.is_not(None))))


# --- decisions --------------------------------------------------------------------------------

def _ensure_open(info: PeriodInfo) -> None:
    if info.period.state == PeriodState.CLOSED.value:
        raise PeriodClosed(info.month.isoformat())


def _set_review(session: Session, user: User, info: PeriodInfo, result: Result, status: str,
                note: str | None, now: datetime) -> None:
    old = result.status
    result.status = status
    result.review_note = note
    result.reviewed_by_id = user.id
    result.reviewed_at = now
    audit.record(session, user=user, now=now, entity="result", field="status", old=old, new=status,
                 unit_id=result.unit_id, period_id=info.period.id, entity_id=result.id)
    if note:
        audit.record(session, user=user, now=now, entity="result", field="review_note", old=None, new=note,
                     unit_id=result.unit_id, period_id=info.period.id, entity_id=result.id)


def waiting_results(session: Session, owner_unit_id: int | None, office_id: int, info: PeriodInfo) -> list[Result]:
    ids = [i.id for i in owned_indicators(session, owner_unit_id, info.fiscal_year.id)]
    return list(session.scalars(select(Result).where(
        Result.unit_id == office_id, Result.period_id == info.period.id, Result.indicator_id.in_(ids or [0]),
        Result.status == EntryStatus.SUBMITTED.value).with_for_update()))


def approve(session: Session, user: User, owner_unit_id: int | None, office_id: int, info: PeriodInfo, now: datetime,
            *, only: list[int] | None = None) -> int:
    """Approve the office's waiting results (``only``: just these, the ones the reviewer was asked about)."""
    _ensure_open(info)
    results = waiting_results(session, owner_unit_id, office_id, info)
    if only is not None:
        results = [r for r in results if r.id in set(only)]
    for result in results:
        _set_review(session, user, info, result, EntryStatus.APPROVED.value, None, now)
    session.flush()
    return len(results)


@dataclass
class Approved:
    office: Unit
    result_ids: list[int]
    last_approved: datetime | None  # None while no approval carries its time


def approved_offices(session: Session, owner_unit_id: int | None, info: PeriodInfo) -> list[Approved]:
    """Offices with results this reviewer's scope approved in the period, the latest approval first."""
    ids = [i.id for i in owned_indicators(session, owner_unit_id, info.fiscal_year.id)]
    by_office: dict[int, Approved] = {}
    for result, office in session.execute(
        select(Result, Unit).join(Unit, Result.unit_id == Unit.id).where(
            Result.period_id == info.period.id, Result.indicator_id.in_(ids or [0]),
            Result.status == EntryStatus.APPROVED.value).order_by(Result.id)
    ):
        entry = by_office.setdefault(office.id, Approved(office, [], result.reviewed_at))
        entry.result_ids.append(result.id)
        if result.reviewed_at and (entry.last_approved is None or result.reviewed_at > entry.last_approved):
            entry.last_approved = result.reviewed_at
    return sorted(by_office.values(), key=lambda e: (e.last_approved is not None, e.last_approved, -e.office.id),
                  reverse=True)


def unapprove(session: Session, user: User, owner_unit_id: int | None, office_id: int, info: PeriodInfo,
              result_ids: list[int], now: datetime) -> int:
    """Undo an approval: these results, if still approved, wait for review again. Audited."""
    _ensure_open(info)
    ids = [i.id for i in owned_indicators(session, owner_unit_id, info.fiscal_year.id)]
    results = list(session.scalars(select(Result).where(
        Result.id.in_(result_ids or [0]), Result.unit_id == office_id, Result.period_id == info.period.id,
        Result.indicator_id.in_(ids or [0]), Result.status == EntryStatus.APPROVED.value).with_for_update()))
    for result in results:
        _set_review(session, user, info, result, EntryStatus.SUBMITTED.value, None, now)
    session.flush()
    return len(results)


def return_results(session: Session, user: User, info: PeriodInfo, results: list[Result], reason: str,
                   now: datetime) -> int:
    _ensure_open(info)
    for result in results:
        _set_review(session, user, info, result, EntryStatus.RETURNED.value, reason, now)
    session.flush()
    return len(results)


def officers_of(session: Session, office_id: int) -> list[User]:
    return list(session.scalars(select(User).where(
        User.unit_id == office_id, User.role == "officer", User.active.is_(True), User.following.is_(True))))


# --- project summaries ------------------------------------------------------------------------

def save_summary(session: Session, user: User, info: PeriodInfo, project_id: int, now: datetime, **texts: str) -> ProjectSummary:
    _ensure_open(info)
    row = session.scalar(select(ProjectSummary).where(
        ProjectSummary.project_id == project_id, ProjectSummary.period_id == info.period.id))
    if row is None:
        row = ProjectSummary(project_id=project_id, period_id=info.period.id, updated_at=now)
        session.add(row)
        session.flush()
    for name, value in texts.items():
        audit.record(session, user=user, now=now, entity="summary", field=name, old=getattr(row, name), new=value,
                     unit_id=user.unit_id, period_id=info.period.id, entity_id=row.id)
        setattr(row, name, value)
    row.written_by_id = user.id
    row.updated_at = now
    session.flush()
    return row


def summary_of(session: Session, project_id: int, info: PeriodInfo) -> ProjectSummary | None:
    return session.scalar(select(ProjectSummary).where(
        ProjectSummary.project_id == project_id, ProjectSummary.period_id == info.period.id))


# --- completeness and closing -----------------------------------------------------------------

@dataclass
class Completeness:
    offices: int = 0
    complete: int = 0  # every assigned indicator submitted or approved
    approved: int = 0  # every assigned indicator approved
    returned: int = 0  # at least one indicator returned
    missing: int = 0  # nothing submitted
    summaries_done: int = 0
    summaries_total: int = 0
    late_offices: list[str] = field(default_factory=list)


def completeness(session: Session, info: PeriodInfo) -> Completeness:
    result = Completeness()
    for entry in review_queue(session, None, info):
        result.offices += 1
        done = entry.waiting + entry.approved
        if entry.returned:
            result.returned += 1
        if done == 0 and not entry.returned:
            result.missing += 1
        if done == entry.assigned:
            result.complete += 1
        if entry.approved == entry.assigned:
            result.approved += 1
        if entry.late:
            result.late_offices.append(entry.office.code)
    divisions = session.scalars(select(Unit).where(Unit.kind.in_([UnitKind.DIVISION.value, UnitKind.CENTRAL.value])))
    for division in divisions:
        for project in owned_projects(session, division.id, info.fiscal_year.id):
            result.summaries_total += 1
            row = summary_of(session, project.id, info)
            if row is not None and row.problems:
                result.summaries_done += 1
    return result


def set_period_state(session: Session, user: User, info: PeriodInfo, state: str, now: datetime,
                     reason: str | None = None) -> None:
    period = info.period
    old = period.state
    period.state = state
    period.closed_at = now if state == PeriodState.CLOSED.value else None
    period.closed_by_id = user.id if state == PeriodState.CLOSED.value else None
    audit.record(session, user=user, now=now, entity="period", field="state", old=old, new=state,
                 period_id=period.id, entity_id=period.id)
    if reason:
        audit.record(session, user=user, now=now, entity="period", field="reopen_reason", new=reason,
                     period_id=period.id, entity_id=period.id)
    session.flush()


# --- telling offices that a period closed or reopened -----------------------------------------

def owing_officers(session: Session, info: PeriodInfo) -> list[tuple[User, OfficeStatus]]:
    """Reachable officers of the offices that have not sent everything for the period."""
    owing = {unit_id: status for unit_id, status in office_statuses(session, info).items()
             if status.total and not status.complete}
    users = session.scalars(select(User).where(
        User.unit_id.in_(list(owing) or [0]), User.role == "officer", User.active.is_(True),
        User.following.is_(True)).order_by(User.id))
    return [(user, owing[user.unit_id]) for user in users]


def record_push(session: Session, user: User, info: PeriodInfo, kind: str, rule: str, text: str,
                quick: list[str], now: datetime) -> str | None:
    """Record a push in the notification table (so it counts like every reminder and is sent once
    per ``rule``) and return its retry key; None when it was already recorded. The caller pushes it
    right after the commit."""
    row = Notification(
        user_id=user.id, period_id=info.period.id, kind=kind, rule=rule, day=today_of(now),
        retry_key=str(uuid.uuid4()), priority=30, status="sent", attempts=1, created_at=now, sent_at=now,
        payload={"text": text, "quick": quick, "to": user.line_user_id},
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row.retry_key
