"""What changed since the reviewer last returned items to an office, read from the audit trail.

Nothing new is stored: returning an item writes its status change (→ ``returned``) to the audit
trail and every answer writes its value change (old → new), so the values at the moment of the
return and whether the officer changed them since are already there (models/audit.py). The
officer's note on a resubmission is an audit row too (models/reporting/submission.py, NOTE_FIELD).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities import AuditLog, EntryStatus, Indicator, Result
from models.periods import PeriodInfo
from models.reporting.submission import NOTE_FIELD

VALUE_FIELDS = ("value", "numerator", "denominator")  # a rate from counts keeps its two counts (#22)
RETURNED = EntryStatus.RETURNED.value
SUBMITTED = EntryStatus.SUBMITTED.value


@dataclass
class ItemSince:
    """One result since the office's latest return."""

    returned: bool  # this item was among those returned (and is no longer a draft or returned)
    old: dict[str, Decimal | None] = field(default_factory=dict)  # field → its value at the return
    note: str | None = None  # the officer's latest note sending it back since the return

    @property
    def changed(self) -> bool:
        return bool(self.old)


@dataclass
class SinceReturn:
    """The office's latest return (all items the reviewer sent back in one go) and each result since."""

    returned_at: datetime
    items: dict[int, ItemSince]  # result id → what happened since; absent: nothing to tell


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


StatusRow = tuple[int, datetime, int | None, str | None]


def _last_round(statuses: Sequence[StatusRow]) -> list[StatusRow]:
    """The status rows of the latest return round, oldest first: the last return, and the returns
    before it back to the previous submission (the reviewer may return items in several goes)."""
    rows = list(statuses)
    last = next((i for i in range(len(rows) - 1, -1, -1) if rows[i][3] == RETURNED), None)
    if last is None:
        return []
    round_: list[StatusRow] = []
    for row in reversed(rows[: last + 1]):
        if row[3] != RETURNED:
            break
        round_.append(row)
    return round_[::-1]


def since_return(
    session: Session, office_id: int, info: PeriodInfo, results: Iterable[Result]
) -> SinceReturn | None:
    """What ``results`` (one office's, in the period) did since the latest return among them;
    None when none of them was ever returned in the period."""
    by_id = {r.id: r for r in results}
    if not by_id:
        return None
    in_scope = (
        AuditLog.unit_id == office_id,
        AuditLog.period_id == info.period.id,
        AuditLog.entity == "result",
        AuditLog.entity_id.in_(list(by_id)),
    )
    statuses = session.execute(
        select(AuditLog.id, AuditLog.at, AuditLog.entity_id, AuditLog.new_value)
        .where(*in_scope, AuditLog.field == "status", AuditLog.new_value.in_([RETURNED, SUBMITTED]))
        .order_by(AuditLog.id)
    ).all()
    round_ = _last_round([(row_id, at, rid, new) for row_id, at, rid, new in statuses])
    if not round_:
        return None
    latest = round_[-1][1]
    cutoff = round_[0][0]
    returned = {rid for _, _, rid, _ in round_}
    old: dict[int, dict[str, str | None]] = {}
    for rid, name, before in session.execute(
        select(AuditLog.entity_id, AuditLog.field, AuditLog.old_value)
        .where(*in_scope, AuditLog.field.in_(VALUE_FIELDS), AuditLog.id > cutoff)
        .order_by(AuditLog.id)
    ):
        if rid is not None:
            old.setdefault(rid, {}).setdefault(name, before)  # the first change after the return
    notes: dict[int, str] = {}
    for rid, text in session.execute(
        select(AuditLog.entity_id, AuditLog.new_value)
        .where(*in_scope, AuditLog.field == NOTE_FIELD, AuditLog.id > cutoff)
        .order_by(AuditLog.id)
    ):
        if rid is not None and text:
            notes[rid] = text  # the latest note of each result wins
    items: dict[int, ItemSince] = {}
    for rid, result in by_id.items():
        back = rid in returned and result.status not in (RETURNED, EntryStatus.DRAFT.value)
        changed = {
            name: _decimal(text)
            for name, text in old.get(rid, {}).items()
            if _decimal(text) != getattr(result, name)
        }
        if back or changed:
            items[rid] = ItemSince(returned=back, old=changed, note=notes.get(rid) if back else None)
        elif rid not in returned:
            items[rid] = ItemSince(returned=False)  # sent before the return and unchanged since
    return SinceReturn(returned_at=latest, items=items)


def resubmitted_counts(
    session: Session, owner_unit_id: int | None, info: PeriodInfo, office_ids: list[int]
) -> dict[int, int]:
    """Per office, how many of its results waiting for review had been returned in the period."""
    indicators = select(Indicator.id).where(Indicator.fiscal_year_id == info.fiscal_year.id)
    if owner_unit_id is not None:
        indicators = indicators.where(Indicator.owner_unit_id == owner_unit_id)
    back = (
        select(AuditLog.entity_id)
        .where(
            AuditLog.unit_id.in_(office_ids or [0]),
            AuditLog.period_id == info.period.id,
            AuditLog.entity == "result",
            AuditLog.field == "status",
            AuditLog.new_value == RETURNED,
        )
        .scalar_subquery()
    )
    rows = session.execute(
        select(Result.unit_id, func.count(Result.id))
        .where(
            Result.unit_id.in_(office_ids or [0]),
            Result.period_id == info.period.id,
            Result.indicator_id.in_(indicators.scalar_subquery()),
            Result.status == EntryStatus.SUBMITTED.value,
            Result.id.in_(back),
        )
        .group_by(Result.unit_id)
    ).all()
    return {unit_id: count for unit_id, count in rows}
