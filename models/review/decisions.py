"""The reviewer's decisions on an office's results: approve, return and undo an approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.entities import (
    EntryStatus,
    PeriodState,
    Result,
    Unit,
    User,
)
from models.periods import PeriodClosed, PeriodInfo
from models.review.screens import owned_indicators


def ensure_open(info: PeriodInfo) -> None:
    if info.period.state == PeriodState.CLOSED.value:
        raise PeriodClosed(info.month.isoformat())


def _set_review(
    session: Session,
    user: User,
    info: PeriodInfo,
    result: Result,
    status: str,
    note: str | None,
    now: datetime,
) -> None:
    old = result.status
    result.status = status
    result.review_note = note
    result.reviewed_by_id = user.id
    result.reviewed_at = now
    record = partial(
        audit.record,
        session,
        user=user,
        now=now,
        entity="result",
        unit_id=result.unit_id,
        period_id=info.period.id,
        entity_id=result.id,
    )
    record(field="status", old=old, new=status)
    if note:
        record(field="review_note", old=None, new=note)


def waiting_results(
    session: Session, owner_unit_id: int | None, office_id: int, info: PeriodInfo
) -> list[Result]:
    ids = [i.id for i in owned_indicators(session, owner_unit_id, info.fiscal_year.id)]
    return list(
        session.scalars(
            select(Result)
            .where(
                Result.unit_id == office_id,
                Result.period_id == info.period.id,
                Result.indicator_id.in_(ids or [0]),
                Result.status == EntryStatus.SUBMITTED.value,
            )
            .with_for_update()
        )
    )


def approve(
    session: Session,
    user: User,
    owner_unit_id: int | None,
    office_id: int,
    info: PeriodInfo,
    now: datetime,
    *,
    only: list[int] | None = None,
) -> int:
    """Approve the office's waiting results (``only``: just these, the ones the reviewer was asked about)."""
    ensure_open(info)
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
        select(Result, Unit)
        .join(Unit, Result.unit_id == Unit.id)
        .where(
            Result.period_id == info.period.id,
            Result.indicator_id.in_(ids or [0]),
            Result.status == EntryStatus.APPROVED.value,
        )
        .order_by(Result.id)
    ):
        entry = by_office.setdefault(office.id, Approved(office, [], result.reviewed_at))
        entry.result_ids.append(result.id)
        if result.reviewed_at and (entry.last_approved is None or result.reviewed_at > entry.last_approved):
            entry.last_approved = result.reviewed_at
    return sorted(
        by_office.values(),
        key=lambda e: (e.last_approved is not None, e.last_approved, -e.office.id),
        reverse=True,
    )


def unapprove(
    session: Session,
    user: User,
    owner_unit_id: int | None,
    office_id: int,
    info: PeriodInfo,
    result_ids: list[int],
    now: datetime,
) -> int:
    """Undo an approval: these results, if still approved, wait for review again. Audited."""
    ensure_open(info)
    ids = [i.id for i in owned_indicators(session, owner_unit_id, info.fiscal_year.id)]
    results = list(
        session.scalars(
            select(Result)
            .where(
                Result.id.in_(result_ids or [0]),
                Result.unit_id == office_id,
                Result.period_id == info.period.id,
                Result.indicator_id.in_(ids or [0]),
                Result.status == EntryStatus.APPROVED.value,
            )
            .with_for_update()
        )
    )
    for result in results:
        _set_review(session, user, info, result, EntryStatus.SUBMITTED.value, None, now)
    session.flush()
    return len(results)


def return_results(
    session: Session, user: User, info: PeriodInfo, results: list[Result], reason: str, now: datetime
) -> int:
    ensure_open(info)
    for result in results:
        _set_review(session, user, info, result, EntryStatus.RETURNED.value, reason, now)
    session.flush()
    return len(results)


def officers_of(session: Session, office_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User).where(
                User.unit_id == office_id,
                User.role == "officer",
                User.active.is_(True),
                User.following.is_(True),
            )
        )
    )
