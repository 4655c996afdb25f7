"""The end of a month: project summaries, completeness, closing and reopening a period, and
telling the offices about it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import audit, frozen
from models.entities import (
    Notification,
    PeriodState,
    ProjectSummary,
    Unit,
    UnitKind,
    User,
)
from models.office_status import OfficeStatus, office_statuses
from models.periods import PeriodInfo, today_of
from models.review.decisions import ensure_open
from models.review.screens import owned_projects, review_queue

# --- project summaries ------------------------------------------------------------------------


def save_summary(
    session: Session, user: User, info: PeriodInfo, project_id: int, now: datetime, **texts: str
) -> ProjectSummary:
    ensure_open(info)
    row = session.scalar(
        select(ProjectSummary).where(
            ProjectSummary.project_id == project_id, ProjectSummary.period_id == info.period.id
        )
    )
    if row is None:
        row = ProjectSummary(project_id=project_id, period_id=info.period.id, updated_at=now)
        session.add(row)
        session.flush()
    for name, value in texts.items():
        audit.record(
            session,
            user=user,
            now=now,
            entity="summary",
            field=name,
            old=getattr(row, name),
            new=value,
            unit_id=user.unit_id,
            period_id=info.period.id,
            entity_id=row.id,
        )
        setattr(row, name, value)
    row.written_by_id = user.id
    row.updated_at = now
    session.flush()
    return row


def summary_of(session: Session, project_id: int, info: PeriodInfo) -> ProjectSummary | None:
    return session.scalar(
        select(ProjectSummary).where(
            ProjectSummary.project_id == project_id, ProjectSummary.period_id == info.period.id
        )
    )


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
    late_offices: list[Unit] = field(default_factory=list)
    not_complete: list[Unit] = field(default_factory=list)  # offices with items not sent (or returned)


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
        else:
            result.not_complete.append(entry.office)
        if entry.approved == entry.assigned:
            result.approved += 1
        if entry.late:
            result.late_offices.append(entry.office)
    divisions = session.scalars(
        select(Unit).where(Unit.kind.in_([UnitKind.DIVISION.value, UnitKind.CENTRAL.value]))
    )
    for division in divisions:
        for project in owned_projects(session, division.id, info.fiscal_year.id):
            result.summaries_total += 1
            row = summary_of(session, project.id, info)
            if row is not None and row.problems:
                result.summaries_done += 1
    return result


def set_period_state(
    session: Session, user: User, info: PeriodInfo, state: str, now: datetime, reason: str | None = None
) -> None:
    period = info.period
    old = period.state
    period.state = state
    period.closed_at = now if state == PeriodState.CLOSED.value else None
    period.closed_by_id = user.id if state == PeriodState.CLOSED.value else None
    audit.record(
        session,
        user=user,
        now=now,
        entity="period",
        field="state",
        old=old,
        new=state,
        period_id=period.id,
        entity_id=period.id,
    )
    if state == PeriodState.CLOSED.value:  # #22: what is sent from now on stays as it is
        frozen.freeze(session, period, now, user.id)
    if reason:
        audit.record(
            session,
            user=user,
            now=now,
            entity="period",
            field="reopen_reason",
            new=reason,
            period_id=period.id,
            entity_id=period.id,
        )
    session.flush()


# --- telling offices that a period closed or reopened -----------------------------------------


def owing_officers(session: Session, info: PeriodInfo) -> list[tuple[User, OfficeStatus]]:
    """Reachable officers of the offices that have not sent everything for the period."""
    owing = {
        unit_id: status
        for unit_id, status in office_statuses(session, info).items()
        if status.total and not status.complete
    }
    users = session.scalars(
        select(User)
        .where(
            User.unit_id.in_(list(owing) or [0]),
            User.role == "officer",
            User.active.is_(True),
            User.following.is_(True),
        )
        .order_by(User.id)
    )
    return [(user, owing[user.unit_id]) for user in users]


def record_push(
    session: Session,
    user: User,
    info: PeriodInfo,
    kind: str,
    rule: str,
    text: str,
    quick: list[str],
    now: datetime,
) -> str | None:
    """Record a push in the notification table (so it counts like every reminder and is sent once
    per ``rule``) and return its retry key; None when it was already recorded. The webhook queues
    its send task in the same transaction."""
    row = Notification(
        user_id=user.id,
        period_id=info.period.id,
        kind=kind,
        rule=rule,
        day=today_of(now),
        retry_key=str(uuid.uuid4()),
        priority=30,
        status="planned",  # the outbox (scheduler/outbox.py) defers its send task in this transaction
        attempts=0,
        created_at=now,
        payload={"text": text, "quick": quick, "to": user.line_user_id},
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row.retry_key
