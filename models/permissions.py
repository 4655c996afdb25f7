"""Who may do what: the table of actions each role may take and on what (``can``, ``role_may``),
each role's help menu (``MENU``) and the slice of data its reports cover (``scope_of``). Every
command's action is checked here before its dialogue starts (handlers/dialogue.py, the router).
Finer role checks inside a step or a query (what a division sees of its own work, who is told of
a return, which rich menu a role gets) are still written where they are used: search for
``.role ==`` and ``Role.``.

officer   acts only on the own office
division  acts on the indicators it owns and the projects they belong to; reports its own work when
          the plan names it as a reporting unit (#22), and enters values on behalf of its units
central   acts on everything, closes and reopens periods
admin     manages users and master data (plan import, invite codes); central manages users too,
          except admins (models/users.py)
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
    CORRECT = "correct"  # correct the office's own values already entered
    VIEW_STATUS = "view_status"  # where the office (or the user's scope) stands
    PAUSE_REMINDERS = "pause_reminders"  # pause or resume the user's own reminders
    GET_HELP = "get_help"
    # #22: enter a unit's values on its behalf (`รายงานแทน`): a supervising unit for the units below
    # it, a division for the offices of its indicators, central for any (models.org.on_behalf_units).
    REPORT_ON_BEHALF = "report_on_behalf"


EVERYONE = frozenset({Action.VIEW_STATUS, Action.PAUSE_REMINDERS, Action.GET_HELP})

# The menu of each role (ช่วยเหลือ and its buttons), in this order. Every action listed is one the
# role may do; central may also write project summaries, which its menu leaves out.
MENU: dict[str, tuple[Action, ...]] = {
    Role.OFFICER.value: (
        Action.REPORT,
        Action.VIEW_STATUS,
        Action.CORRECT,
        Action.REQUEST_REPORT,
        Action.PAUSE_REMINDERS,
    ),
    Role.DIVISION.value: (
        Action.REVIEW,
        Action.WRITE_SUMMARY,
        Action.VIEW_STATUS,
        Action.REQUEST_REPORT,
        Action.PAUSE_REMINDERS,
    ),
    Role.CENTRAL.value: (
        Action.CLOSE_PERIOD,
        Action.REVIEW,
        Action.VIEW_STATUS,
        Action.REQUEST_REPORT,
        Action.REOPEN_PERIOD,
        Action.PAUSE_REMINDERS,
        Action.MANAGE_USERS,
    ),
    Role.ADMIN.value: (
        Action.MANAGE_USERS,
        Action.VIEW_STATUS,
        Action.REQUEST_REPORT,
        Action.PAUSE_REMINDERS,
    ),
}


@dataclass(frozen=True)
class Target:
    """What an action is about; leave out what does not matter."""

    unit_id: int | None = None  # an office
    owner_unit_id: int | None = None  # the division owning the indicator / project


_ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN.value: EVERYONE
    | {Action.MANAGE_USERS, Action.IMPORT_PLAN, Action.VIEW_AUDIT, Action.REQUEST_REPORT},
    Role.CENTRAL.value: frozenset(Action) - {Action.IMPORT_PLAN, Action.REPORT, Action.CORRECT},
    Role.DIVISION.value: EVERYONE
    | {Action.REVIEW, Action.WRITE_SUMMARY, Action.VIEW_OFFICE, Action.REQUEST_REPORT, Action.VIEW_AUDIT}
    | {Action.REPORT, Action.CORRECT, Action.REPORT_ON_BEHALF},  # #22: its own work, on behalf
    Role.OFFICER.value: EVERYONE | {Action.REPORT, Action.CORRECT, Action.VIEW_OFFICE, Action.REQUEST_REPORT},
}


# What a division does as a reporting unit (#22): about its own unit, like an office.
_OWN_WORK = frozenset({Action.REPORT, Action.CORRECT})


def role_may(role: str, action: Action) -> bool:
    """Whether the role may do the action at all, whatever it is about (the command words ask this)."""
    return action in _ROLE_ACTIONS.get(role, frozenset())


def roles_for(action: Action) -> frozenset[str]:
    return frozenset(role for role in _ROLE_ACTIONS if role_may(role, action))


def can(user: User, action: Action, target: Target = Target()) -> bool:
    if not user.active or not role_may(user.role, action):
        return False
    if user.role == Role.DIVISION.value and action in _OWN_WORK:
        return target.unit_id is None or target.unit_id == user.unit_id
    if user.role == Role.DIVISION.value and action not in EVERYONE:
        return target.owner_unit_id is None or target.owner_unit_id == user.unit_id
    if user.role == Role.OFFICER.value and action not in EVERYONE:
        return target.unit_id is None or target.unit_id == user.unit_id
    return True


@dataclass(frozen=True)
class Scope:
    """The slice of data a user may see in reports: everything, one office, or one owner's indicators."""

    office_id: int | None = None
    owner_unit_id: int | None = None
    area_unit_id: int | None = None  # a supervising unit: the offices below it (models/org.py)
    area: frozenset[int] | None = None  # ... those offices

    @property
    def everything(self) -> bool:
        return self.office_id is None and self.owner_unit_id is None and self.area is None


def scope_of(user: User) -> Scope:
    if user.role == Role.OFFICER.value:
        return Scope(office_id=user.unit_id)
    if user.role == Role.DIVISION.value:
        return Scope(owner_unit_id=user.unit_id)
    return Scope()
