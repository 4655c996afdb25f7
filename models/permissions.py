"""Who may do what, in one place. Every handler, report and CLI command asks here.

officer   acts only on the own office
division  acts on the indicators it owns and the projects they belong to
central   acts on everything, closes and reopens periods
admin     manages users and master data (plan import, invite codes)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from models.entities import Role, User


class Action(enum.StrEnum):
    REPORT = "report"  # enter or correct the office's own values
    VIEW_OFFICE = "view_office"  # see an office's values
    REVIEW = "review"  # approve or return an office's values on an indicator
    WRITE_SUMMARY = "write_summary"  # the division's project summary (ตป.๑)
    CLOSE_PERIOD = "close_period"
    REOPEN_PERIOD = "reopen_period"
    REQUEST_REPORT = "request_report"  # report files, within the user's scope
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    IMPORT_PLAN = "import_plan"


class Forbidden(Exception):
    """The user may not do this; the message is for logs, not for users."""


@dataclass(frozen=True)
class Target:
    """What an action is about; leave out what does not matter."""

    unit_id: int | None = None  # an office
    owner_unit_id: int | None = None  # the division owning the indicator / project


def can(user: User, action: Action, target: Target = Target()) -> bool:
    if not user.active:
        return False
    role = user.role
    if role == Role.ADMIN.value:
        return action in (Action.MANAGE_USERS, Action.IMPORT_PLAN, Action.VIEW_AUDIT, Action.REQUEST_REPORT)
    if role == Role.CENTRAL.value:
        return action not in (Action.MANAGE_USERS, Action.IMPORT_PLAN, Action.REPORT)
    if role == Role.DIVISION.value:
        if action in (Action.REVIEW, Action.WRITE_SUMMARY, Action.VIEW_OFFICE, Action.REQUEST_REPORT):
            return target.owner_unit_id is None or target.owner_unit_id == user.unit_id
        return False
    if role == Role.OFFICER.value:
        if action in (Action.REPORT, Action.VIEW_OFFICE, Action.REQUEST_REPORT):
            return target.unit_id is None or target.unit_id == user.unit_id
        return False
    return False


def require(user: User, action: Action, target: Target = Target()) -> None:
    if not can(user, action, target):
        raise Forbidden(f"{user.role} user {user.id} may not {action.value} {target}")


@dataclass(frozen=True)
class Scope:
    """The slice of data a user may see in reports: everything, one office, or one owner's indicators."""

    office_id: int | None = None
    owner_unit_id: int | None = None

    @property
    def everything(self) -> bool:
        return self.office_id is None and self.owner_unit_id is None


def scope_of(user: User) -> Scope:
    if user.role == Role.OFFICER.value:
        return Scope(office_id=user.unit_id)
    if user.role == Role.DIVISION.value:
        return Scope(owner_unit_id=user.unit_id)
    return Scope()
