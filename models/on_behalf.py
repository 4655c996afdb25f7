"""Entering values on a unit's behalf (`รายงานแทน`, #22): who may enter for whom, and how an entry
or an audit row shows it was entered on behalf ("บันทึกแทนโดย …").

A value entered on behalf is the unit's own (its ``unit_id``); the user who typed it is its
``entered_by_id`` / ``submitted_by_id`` and the audit row's ``user_id``, with the user's own unit as
the row's ``actor_unit_id``. So a value was entered on behalf when the unit of the user who entered
it is not the unit it belongs to.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import (
    Assignment,
    AuditLog,
    EntryStatus,
    Indicator,
    Role,
    Unit,
    User,
)
from models.org import Tree

# The audit rows that are an entry: the values typed, and a draft saved or submitted.
_ENTRY_ENTITIES = frozenset({"result", "disbursement", "problem"})
_VALUE_FIELDS = frozenset({"value", "amount", "problems", "solutions"})
_ENTRY_STATES = frozenset({EntryStatus.DRAFT.value, EntryStatus.SUBMITTED.value})


def on_behalf_units(session: Session, user: User, fiscal_year_id: int) -> list[Unit]:
    """The units a user may enter values for, by code: central any reporting unit; a division
    user the units below its unit (any depth, plan column หน่วยงานกำกับ) and the units assigned the
    indicators it owns; nobody else any. Only active units with something to report in the fiscal
    year, never the user's own unit (that is `รายงาน`)."""
    if not user.active or user.role not in (Role.CENTRAL.value, Role.DIVISION.value):
        return []
    reporting = (
        select(Assignment.unit_id)
        .join(Indicator, Assignment.indicator_id == Indicator.id)
        .where(Indicator.fiscal_year_id == fiscal_year_id)
    )
    query = select(Unit).where(Unit.active.is_(True), Unit.id != user.unit_id, Unit.id.in_(reporting))
    if user.role == Role.DIVISION.value:
        owned = reporting.where(Indicator.owner_unit_id == user.unit_id)
        below = sorted(Tree.load(session).below(user.unit_id))
        query = query.where(Unit.id.in_(below) | Unit.id.in_(owned))
    return list(session.scalars(query.order_by(Unit.code)))


def audited_on_behalf(row: AuditLog) -> bool:
    """Whether an audit row is a value entered (or a draft saved or submitted) by a user of
    another unit: a reviewer's approval, return or undo is not."""
    if row.entity not in _ENTRY_ENTITIES or row.actor_unit_id is None or row.unit_id is None:
        return False
    if row.actor_unit_id == row.unit_id:
        return False
    if row.field in _VALUE_FIELDS:
        return True
    return row.field == "status" and row.new_value in _ENTRY_STATES and row.old_value != "approved"


def entered_by_other(session: Session, unit_id: int, entered_by_id: int | None) -> User | None:
    """The user who entered a unit's value when that user belongs to another unit; else None."""
    if entered_by_id is None:
        return None
    user = session.get(User, entered_by_id)
    return user if user is not None and user.unit_id != unit_id else None


def who(user: User) -> str:
    """'สมชาย (P50)': a user as "บันทึกแทนโดย …" names them."""
    return f"{user.display_name or user.line_user_id} ({user.unit.code})"
