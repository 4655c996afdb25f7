"""The audit trail: every change to a value, a review state or a period state."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models.base import table_of
from models.entities import AuditLog, Indicator, Period, Result, Unit, User


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def change(
    *,
    user: User | None,
    now: datetime,
    entity: str,
    field: str,
    old: object = None,
    new: object = None,
    unit_id: int | None = None,
    period_id: int | None = None,
    entity_id: int | None = None,
    via: str = "chat",
) -> dict[str, Any] | None:
    """One audit row's columns when something really changed; None when nothing did."""
    old_text, new_text = _text(old), _text(new)
    if old_text == new_text:
        return None
    return dict(
        at=now,
        user_id=user.id if user else None,
        actor_unit_id=user.unit_id if user else None,
        unit_id=unit_id,
        period_id=period_id,
        entity=entity,
        entity_id=entity_id,
        field=field,
        old_value=old_text,
        new_value=new_text,
        via=via,
    )


def record(session: Session, **fields: Any) -> None:
    """Add one audit row when something really changed. It is written with the session's next
    flush, so a loop's rows go in together."""
    row = change(**fields)
    if row is not None:
        session.add(AuditLog(**row))


def write(session: Session, *changes: dict[str, Any] | None) -> None:
    """Write the rows of ``change()`` now, in one statement: what every answer in chat does,
    without a unit-of-work round for objects nobody reads back."""
    rows = [row for row in changes if row is not None]
    if rows:
        session.execute(_INSERT, rows)


_INSERT = insert(table_of(AuditLog))


def trail(session: Session, unit_id: int, period_id: int) -> list[tuple[AuditLog, User | None, Unit | None]]:
    """Changes to one unit's data in a period, plus the period's own changes, oldest first."""
    rows = session.execute(
        select(AuditLog, User, Unit)
        .outerjoin(User, AuditLog.user_id == User.id)
        .outerjoin(Unit, AuditLog.actor_unit_id == Unit.id)
        .where(AuditLog.period_id == period_id)
        .where((AuditLog.unit_id == unit_id) | (AuditLog.entity == "period"))
        .order_by(AuditLog.at, AuditLog.id)
    ).all()
    return [(row, user, unit) for row, user, unit in rows]


def period_by_month(session: Session, month: date) -> Period | None:
    return session.scalar(select(Period).where(Period.month_start == month))


# --- #16 the audit trail in chat ---------------------------------------------------------------


def recent(
    session: Session,
    *,
    unit_id: int | None = None,
    indicator_id: int | None = None,
    owner_unit_id: int | None = None,
    area: frozenset[int] | None = None,
    limit: int = 15,
) -> list[tuple[AuditLog, User | None, Unit | None, str | None]]:
    """The latest changes of one office (`unit_id`) or one indicator's results (`indicator_id`),
    newest first, with who made them and the indicator's code. A division sees only the results
    of its own indicators (`owner_unit_id`), a supervising unit only the offices below it (`area`)."""
    query = (
        select(AuditLog, User, Unit, Indicator.code)
        .outerjoin(User, AuditLog.user_id == User.id)
        .outerjoin(Unit, AuditLog.actor_unit_id == Unit.id)
        .outerjoin(Result, (AuditLog.entity == "result") & (Result.id == AuditLog.entity_id))
        .outerjoin(Indicator, Indicator.id == Result.indicator_id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    if unit_id is not None:
        query = query.where(AuditLog.unit_id == unit_id)
    if indicator_id is not None:
        query = query.where(Result.indicator_id == indicator_id)
    if owner_unit_id is not None:
        query = query.where(Indicator.owner_unit_id == owner_unit_id)
    if area is not None:
        query = query.where(AuditLog.unit_id.in_(sorted(area) or [0]))
    return [(row, user, unit, code) for row, user, unit, code in session.execute(query).all()]
