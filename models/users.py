"""Managing users (admin; central for everyone but admins): list a unit's users and who blocked the
bot, deactivate and reactivate, change a role or a unit, issue a replacement invite. Every change
is audited (entity `user`); `change_role` is the one place a role changes (rich menus hook here).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.entities import Role, Unit, User
from models.registration import ROLE_UNIT_KINDS, create_invites


class UserChangeRefused(ValueError):
    """A change that may not be made; `reason` names it (texts map it to Thai)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def may_manage(actor: User, target: User | None = None, role: str | None = None) -> bool:
    """Admin manages everyone; central everyone but admins, and never makes an admin. Nobody
    changes their own account here (no locking oneself out)."""
    if not actor.active or actor.role not in (Role.ADMIN.value, Role.CENTRAL.value):
        return False
    if target is not None and target.id == actor.id:
        return False
    if actor.role == Role.CENTRAL.value:
        if target is not None and target.role == Role.ADMIN.value:
            return False
        if role == Role.ADMIN.value:
            return False
    return True


def users_of(session: Session, unit_id: int) -> list[User]:
    return list(session.scalars(select(User).where(User.unit_id == unit_id).order_by(User.id)))


def blocked(session: Session, limit: int = 50) -> list[User]:
    """Users who blocked (unfollowed) the bot, the most recent accounts first."""
    return list(
        session.scalars(select(User).where(User.following.is_(False)).order_by(User.id.desc()).limit(limit))
    )


def _check(actor: User, target: User, role: str | None = None) -> None:
    if not may_manage(actor, target, role):
        raise UserChangeRefused("not-allowed")


def set_active(session: Session, actor: User, target: User, active: bool, now: datetime) -> None:
    _check(actor, target)
    audit.record(
        session, user=actor, now=now, entity="user", entity_id=target.id, field="active",
        old=target.active, new=active, unit_id=target.unit_id,
    )  # fmt: skip
    target.active = active


def change_role(session: Session, actor: User, target: User, role: str, now: datetime) -> None:
    """Change a user's role (audited). The one place a role changes: hooks (rich menus) go here."""
    _check(actor, target, role)
    if role not in ROLE_UNIT_KINDS:
        raise UserChangeRefused("unknown-role")
    if target.unit.kind not in ROLE_UNIT_KINDS[role]:
        raise UserChangeRefused("role-unit")
    audit.record(
        session, user=actor, now=now, entity="user", entity_id=target.id, field="role",
        old=target.role, new=role, unit_id=target.unit_id,
    )  # fmt: skip
    target.role = role


def move(session: Session, actor: User, target: User, unit: Unit, now: datetime) -> None:
    _check(actor, target)
    if unit.kind not in ROLE_UNIT_KINDS[target.role]:
        raise UserChangeRefused("role-unit")
    audit.record(
        session, user=actor, now=now, entity="user", entity_id=target.id, field="unit",
        old=target.unit.code, new=unit.code, unit_id=unit.id,
    )  # fmt: skip
    target.unit_id = unit.id
    target.unit = unit


def replacement_invite(session: Session, actor: User, target: User, now: datetime) -> str:
    """A new invite code for the same role and unit (a new phone or LINE account); the old account
    is deactivated so that only the new one acts."""
    _check(actor, target)
    code = create_invites(session, role=target.role, unit_code=target.unit.code, now=now)[0]
    audit.record(
        session, user=actor, now=now, entity="user", entity_id=target.id, field="invite",
        old=None, new="replacement", unit_id=target.unit_id,
    )  # fmt: skip
    if target.active:
        set_active(session, actor, target, False, now)
    return code
