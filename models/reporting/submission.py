"""Submitting an office's drafts of a period (ส่งรายงาน)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.calendar import Tier
from models.entities import (
    Disbursement,
    EntryStatus,
    ProblemReport,
    Result,
    User,
)
from models.periods import PeriodInfo, today_of
from models.reporting.entries import ENTITY_NAMES, E
from models.reporting.saving import ensure_open


@dataclass(frozen=True)
class Submission:
    count: int
    late: bool


def submit(
    session: Session,
    user: User,
    info: PeriodInfo,
    now: datetime,
    *,
    for_unit: int | None = None,
    tier: Tier = "office",
) -> Submission:
    """Submit every draft of the user's office (or of ``for_unit``, entered on its behalf) for the
    period, late after the unit's deadline (``tier``). Idempotent: nothing left, nothing done."""
    ensure_open(info)
    late = today_of(now) > info.deadline(tier)
    unit_id = for_unit if for_unit is not None else user.unit_id
    count = (
        _submit_drafts(session, Result, user, unit_id, info, now, late)  # one table after the other
        + _submit_drafts(session, Disbursement, user, unit_id, info, now, late)
        + _submit_drafts(session, ProblemReport, user, unit_id, info, now, late)
    )
    session.flush()
    return Submission(count, late)


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
