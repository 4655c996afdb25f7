"""Read-only queries that turn the database into the plain facts the reminder rules need."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import periods as svc
from models.entities import (
    DONE_STATUSES,
    Activity,
    Assignment,
    ConversationState,
    EntryStatus,
    Holiday,
    Indicator,
    Notification,
    Project,
    ProjectSummary,
    Result,
    Role,
    Unit,
    UnitKind,
    User,
)
from models.office_status import OfficeStatus, office_statuses
from models.org import ReviewBy, Tree, review_by
from scheduler.rules import Already, DivisionDue, OfficeDue, PeriodFacts, Recipient

REMINDED_ROLES = (Role.OFFICER.value, Role.DIVISION.value, Role.CENTRAL.value)


def extra_holidays(session: Session) -> frozenset[date]:
    return frozenset(session.scalars(select(Holiday.day)))


def candidate_periods(session: Session, today: date) -> list[svc.PeriodInfo]:
    """The period being reported today, then the earlier periods still open, latest first (a
    period stays open until central closes it; its deadlines and overdue days may fall after the
    next period has started)."""
    current = svc.current_period(session, today)  # None when the next year is not imported yet
    earlier = [
        info for info in svc.open_periods(session, today) if current is None or info.month < current.month
    ]
    return ([current] if current else []) + earlier[::-1]


def _units(session: Session, kind: UnitKind) -> list[Unit]:
    return list(
        session.scalars(
            select(Unit).where(Unit.kind == kind.value, Unit.active.is_(True)).order_by(Unit.code)
        )
    )


def office_facts(session: Session, info: svc.PeriodInfo) -> dict[int, OfficeDue]:
    facts: dict[int, OfficeDue] = {}
    statuses = office_statuses(session, info)
    # #22: a division the plan names as a reporting unit is reminded of its own work as an office is.
    reporting = _units(session, UnitKind.OFFICE) + [
        d for d in _units(session, UnitKind.DIVISION) if d.id in statuses
    ]
    for office in reporting:
        status = statuses.get(office.id) or OfficeStatus()
        facts[office.id] = OfficeDue(
            office.id, office.name, status.total, status.done, tuple(status.missing), tuple(status.returned)
        )
    return facts


def division_ids(session: Session) -> frozenset[int]:
    """The active divisions (#22: those with their own work are reminded of it)."""
    return frozenset(u.id for u in _units(session, UnitKind.DIVISION))


def _late_offices(
    session: Session, indicator_ids: list[int], period_id: int, owner_id: int
) -> tuple[str, ...]:
    """Active offices assigned one of these indicators without a submitted or approved result (the
    owner's own work aside: it is reminded of that itself, #22)."""
    done = (
        select(Result.indicator_id, Result.unit_id)
        .where(Result.period_id == period_id, Result.status.in_(DONE_STATUSES))
        .subquery()
    )
    rows = session.execute(
        select(Unit.code, Unit.name)
        .join(Assignment, Assignment.unit_id == Unit.id)
        .outerjoin(done, (done.c.indicator_id == Assignment.indicator_id) & (done.c.unit_id == Unit.id))
        .where(
            Assignment.indicator_id.in_(indicator_ids),
            Unit.active.is_(True),
            done.c.unit_id.is_(None),
            Unit.id != owner_id,
        )
        .group_by(Unit.code, Unit.name)
        .order_by(Unit.code)
    ).all()
    return tuple(name for _code, name in rows)


def division_facts(session: Session, info: svc.PeriodInfo) -> dict[int, DivisionDue]:
    facts: dict[int, DivisionDue] = {}
    period_id = info.period.id
    for division in _units(session, UnitKind.DIVISION):
        indicator_ids = list(
            session.scalars(
                select(Indicator.id).where(
                    Indicator.owner_unit_id == division.id, Indicator.fiscal_year_id == info.fiscal_year.id
                )
            )
        )
        if not indicator_ids:
            continue
        waiting = (
            session.scalar(
                select(func.count(Result.id)).where(
                    Result.indicator_id.in_(indicator_ids),
                    Result.period_id == period_id,
                    Result.status == EntryStatus.SUBMITTED.value,
                    Result.unit_id != division.id,  # #22: its own work is central's to review
                )
            )
            or 0
        )
        projects = session.execute(
            select(Project.id, Project.name)
            .join(Activity, Activity.project_id == Project.id)
            .join(Indicator, Indicator.activity_id == Activity.id)
            .where(Indicator.id.in_(indicator_ids))
            .group_by(Project.id, Project.name, Project.sort_order)
            .order_by(Project.sort_order, Project.id)
        ).all()
        written = set(
            session.scalars(select(ProjectSummary.project_id).where(ProjectSummary.period_id == period_id))
        )
        missing = tuple(name for pid, name in projects if pid not in written)
        facts[division.id] = DivisionDue(
            division.id,
            division.name,
            int(waiting),
            missing,
            _late_offices(session, indicator_ids, period_id, division.id),
        )
    return facts


def period_facts(session: Session, info: svc.PeriodInfo, now: datetime | None = None) -> PeriodFacts:
    offices = office_facts(session, info)
    divisions = division_facts(session, info)
    if review_by() == ReviewBy.AREA:  # supervising units review and chase; divisions keep summaries
        divisions = {k: replace(d, waiting_review=0, late_offices=()) for k, d in divisions.items()}
    divisions.update(supervisor_facts(session, info, offices))
    return PeriodFacts(
        period_id=info.period.id,
        month=info.month,
        settings=info.settings,
        closed=info.closed,
        offices=offices,
        divisions=with_digests(session, info, divisions, now),
    )


# --- the unit tree (models/org.py): supervising units and the daily digest ----------------------


def supervisor_facts(
    session: Session, info: svc.PeriodInfo, offices: dict[int, OfficeDue]
) -> dict[int, DivisionDue]:
    """What each supervising unit (a non-central unit with units below it) is reminded about: the
    offices below it, any depth, that are late, and (reviewing by area) the results waiting."""
    tree = Tree.load(session)
    by_area = review_by() != ReviewBy.OWNER
    units = {
        u.id: u
        for u in session.scalars(
            select(Unit).where(
                Unit.id.in_(list(tree.children) or [0]),
                Unit.active.is_(True),
                Unit.kind != UnitKind.CENTRAL.value,
            )
        )
    }
    waiting_by_office: dict[int, int] = {}
    if by_area and units:
        waiting_by_office = dict(
            session.execute(
                select(Result.unit_id, func.count(Result.id))
                .where(Result.period_id == info.period.id, Result.status == EntryStatus.SUBMITTED.value)
                .group_by(Result.unit_id)
            ).all()
        )
    facts: dict[int, DivisionDue] = {}
    for unit_id, unit in sorted(units.items(), key=lambda item: item[1].code):
        below = sorted((offices[o] for o in tree.below(unit_id) if o in offices), key=lambda o: o.name)
        reporting = [o for o in below if o.total > 0]
        if not reporting:
            continue
        waiting = sum(waiting_by_office.get(o.unit_id, 0) for o in reporting)
        facts[unit_id] = DivisionDue(
            unit_id,
            unit.name,
            waiting_review=waiting,
            late_offices=tuple(o.name for o in reporting if o.pending),
            supervising=True,
        )
    return facts


def with_digests(
    session: Session, info: svc.PeriodInfo, divisions: dict[int, DivisionDue], now: datetime | None = None
) -> dict[int, DivisionDue]:
    """Each reviewing unit's offices that submitted or resubmitted since the unit's last review
    (or its last digest): one line in tomorrow's pass instead of a push per submission."""
    if not divisions:
        return divisions
    mode = review_by()
    tree = Tree.load(session)
    rows = session.execute(
        select(Result.unit_id, Indicator.owner_unit_id, func.max(Result.submitted_at))
        .join(Indicator, Indicator.id == Result.indicator_id)
        .where(Result.period_id == info.period.id, Result.status == EntryStatus.SUBMITTED.value)
        .group_by(Result.unit_id, Indicator.owner_unit_id)
    ).all()
    names = dict(session.execute(select(Unit.id, Unit.name)).all())
    out: dict[int, DivisionDue] = {}
    for unit_id, due in divisions.items():
        if due.supervising and mode != ReviewBy.OWNER:
            area = tree.below(unit_id)
            mine = [(office, at) for office, _owner, at in rows if office in area]
        elif not due.supervising and mode != ReviewBy.AREA:
            mine = [(office, at) for office, owner, at in rows if owner == unit_id and office != unit_id]
        else:
            mine = []
        if not mine:
            out[unit_id] = due
            continue
        since = _last_seen(session, unit_id, info.period.id)
        fresh = sorted(
            {
                names[office]
                for office, at in mine
                if at is not None and (since is None or at > since) and (now is None or at <= now)
            }
        )
        out[unit_id] = replace(due, fresh_offices=tuple(fresh))
    return out


def _last_seen(session: Session, unit_id: int, period_id: int) -> datetime | None:
    """The latest review by a user of the unit, or the latest digest one of them was sent."""
    users = select(User.id).where(User.unit_id == unit_id).scalar_subquery()
    reviewed = session.scalar(
        select(func.max(Result.reviewed_at)).where(
            Result.reviewed_by_id.in_(users), Result.period_id == period_id
        )
    )
    digested = session.scalar(
        select(func.max(Notification.created_at)).where(
            Notification.user_id.in_(users),
            Notification.kind == "digest",
            Notification.period_id == period_id,
        )
    )
    moments = [m for m in (reviewed, digested) if m is not None]
    return max(moments) if moments else None


def recipients(session: Session, now: datetime) -> list[Recipient]:
    rows = session.execute(
        select(User, ConversationState)
        .outerjoin(ConversationState, ConversationState.user_id == User.id)
        .where(User.role.in_(REMINDED_ROLES))
        .order_by(User.id)
    ).all()
    out = []
    for user, conv in rows:
        touched, month = None, None
        if conv is not None and conv.flow == "report" and conv.expires_at > now:
            touched, month = conv.updated_at, _conversation_month(conv)
        out.append(
            Recipient(
                user.id,
                user.line_user_id,
                user.role,
                user.unit_id,
                user.active,
                user.following,
                user.reminders_paused_until,
                touched,
                month,
            )
        )
    return out


def _conversation_month(conv: ConversationState) -> date | None:
    """The period an unfinished report dialogue is on (it may be a late, older one)."""
    month = (conv.data or {}).get("period")
    return date.fromisoformat(month) if isinstance(month, str) else None


def already(session: Session, today: date, period_ids: list[int]) -> Already:
    keys = session.execute(
        select(Notification.user_id, Notification.period_id, Notification.kind, Notification.rule).where(
            Notification.period_id.in_(period_ids or [0])
        )
    ).all()
    busy = session.scalars(select(Notification.user_id).where(Notification.day == today))
    return Already(
        frozenset((user, period, kind, rule) for user, period, kind, rule in keys), frozenset(busy)
    )
