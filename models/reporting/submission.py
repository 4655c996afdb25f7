"""Submitting an office's drafts of a period (ส่งรายงาน), with the officer's note to the division
when the sending brings back results the division returned (issue #24 item 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.calendar import Tier
from models.entities import (
    AuditLog,
    Disbursement,
    EntryStatus,
    ProblemReport,
    Result,
    User,
)
from models.periods import PeriodInfo, today_of
from models.reporting.entries import ENTITY_NAMES, E
from models.reporting.saving import ensure_open

# The officer's note on a resubmission: one audit row per returned result it sends back (entity
# "result", old None, new the note), so the division's list and ประวัติ read it like a value.
NOTE_FIELD = "resubmit_note"


@dataclass(frozen=True)
class Submission:
    count: int
    late: bool
    noted: int = 0  # the returned results the officer's note went with


def submit(
    session: Session,
    user: User,
    info: PeriodInfo,
    now: datetime,
    *,
    for_unit: int | None = None,
    tier: Tier = "office",
    note: str | None = None,
) -> Submission:
    """Submit every draft of the user's office (or of ``for_unit``, entered on its behalf) for the
    period, late after the unit's deadline (``tier``). Idempotent: nothing left, nothing done.
    ``note``: the officer's note to the division, kept on each returned result sent back."""
    ensure_open(info)
    late = today_of(now) > info.deadline(tier)
    unit_id = for_unit if for_unit is not None else user.unit_id
    noted = returned_drafts(session, unit_id, info) if note else []
    count = (
        _submit_drafts(session, Result, user, unit_id, info, now, late)  # one table after the other
        + _submit_drafts(session, Disbursement, user, unit_id, info, now, late)
        + _submit_drafts(session, ProblemReport, user, unit_id, info, now, late)
    )
    for result_id in noted:
        audit.record(
            session,
            user=user,
            now=now,
            entity="result",
            field=NOTE_FIELD,
            new=note,
            unit_id=unit_id,
            period_id=info.period.id,
            entity_id=result_id,
        )
    session.flush()
    return Submission(count, late, len(noted))


def returned_drafts(session: Session, unit_id: int, info: PeriodInfo) -> list[int]:
    """The unit's results of the period that the division returned and the officer answered again
    (drafts now): what a resubmission's note explains. Empty: nothing to note."""
    returned = select(AuditLog.entity_id).where(
        AuditLog.unit_id == unit_id,
        AuditLog.period_id == info.period.id,
        AuditLog.entity == "result",
        AuditLog.field == "status",
        AuditLog.new_value == EntryStatus.RETURNED.value,
    )
    return list(
        session.scalars(
            select(Result.id)
            .where(
                Result.unit_id == unit_id,
                Result.period_id == info.period.id,
                Result.status == EntryStatus.DRAFT.value,
                Result.id.in_(returned.scalar_subquery()),
            )
            .order_by(Result.id)
        )
    )


def _submit_drafts(
    session: Session, model: type[E], user: User, unit_id: int, info: PeriodInfo, now: datetime, late: bool
) -> int:
    """Submit the office's drafts in one table; returns how many."""
    drafts = session.scalars(
        select(model)
        .where(
            model.unit_id == unit_id,
            model.period_id == info.period.id,
            model.status == EntryStatus.DRAFT.value,
        )
        .with_for_update()
    ).all()
    count = 0
    for entry in drafts:
        if isinstance(entry, ProblemReport) and not entry.problems:
            continue
        entry.status = EntryStatus.SUBMITTED.value
        entry.submitted_by_id = user.id
        entry.submitted_at = now
        entry.late = late
        count += 1
        audit.record(
            session,
            user=user,
            now=now,
            entity=ENTITY_NAMES[model],
            field="status",
            old=EntryStatus.DRAFT.value,
            new=entry.status,
            unit_id=entry.unit_id,
            period_id=info.period.id,
            entity_id=entry.id,
        )
    return count
