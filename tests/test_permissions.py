"""Every role × action, own and someone else's: who may do what."""

from __future__ import annotations

import pytest

from models.entities import User
from models.permissions import MENU, Action, Target, can, role_may, scope_of

OFFICE, OTHER_OFFICE, DIVISION, OTHER_DIVISION, CENTRAL = 1, 2, 10, 11, 20
OWN = {"officer": Target(unit_id=OFFICE), "division": Target(owner_unit_id=DIVISION)}
FOREIGN = {"officer": Target(unit_id=OTHER_OFFICE), "division": Target(owner_unit_id=OTHER_DIVISION)}

# (role, action) -> (allowed on own data, allowed on someone else's data)
TABLE = {
    ("officer", Action.REPORT): (True, False),
    ("officer", Action.VIEW_OFFICE): (True, False),
    ("officer", Action.REQUEST_REPORT): (True, False),
    ("officer", Action.REVIEW): (False, False),
    ("officer", Action.WRITE_SUMMARY): (False, False),
    ("officer", Action.CLOSE_PERIOD): (False, False),
    ("officer", Action.REOPEN_PERIOD): (False, False),
    ("officer", Action.VIEW_AUDIT): (False, False),
    ("officer", Action.MANAGE_USERS): (False, False),
    ("officer", Action.IMPORT_PLAN): (False, False),
    ("division", Action.REPORT): (True, True),  # #22: its own work (the target names no other unit)
    ("division", Action.VIEW_OFFICE): (True, False),
    ("division", Action.REQUEST_REPORT): (True, False),
    ("division", Action.REVIEW): (True, False),
    ("division", Action.WRITE_SUMMARY): (True, False),
    ("division", Action.CLOSE_PERIOD): (False, False),
    ("division", Action.REOPEN_PERIOD): (False, False),
    ("division", Action.VIEW_AUDIT): (True, False),  # its own indicators (#16)
    ("division", Action.MANAGE_USERS): (False, False),
    ("division", Action.IMPORT_PLAN): (False, False),
    ("central", Action.REPORT): (False, False),
    ("central", Action.VIEW_OFFICE): (True, True),
    ("central", Action.REQUEST_REPORT): (True, True),
    ("central", Action.REVIEW): (True, True),
    ("central", Action.WRITE_SUMMARY): (True, True),
    ("central", Action.CLOSE_PERIOD): (True, True),
    ("central", Action.REOPEN_PERIOD): (True, True),
    ("central", Action.VIEW_AUDIT): (True, True),
    ("central", Action.MANAGE_USERS): (True, True),  # not admins: models/users.py (#16)
    ("central", Action.IMPORT_PLAN): (False, False),
    ("admin", Action.REPORT): (False, False),
    ("admin", Action.VIEW_OFFICE): (False, False),
    ("admin", Action.REQUEST_REPORT): (True, True),
    ("admin", Action.REVIEW): (False, False),
    ("admin", Action.WRITE_SUMMARY): (False, False),
    ("admin", Action.CLOSE_PERIOD): (False, False),
    ("admin", Action.REOPEN_PERIOD): (False, False),
    ("admin", Action.VIEW_AUDIT): (True, True),
    ("admin", Action.MANAGE_USERS): (True, True),
    ("admin", Action.IMPORT_PLAN): (True, True),
    # Everyone may see where things stand, pause reminders and ask for help; officers alone correct.
    ("officer", Action.CORRECT): (True, False),
    ("officer", Action.VIEW_STATUS): (True, True),
    ("officer", Action.PAUSE_REMINDERS): (True, True),
    ("officer", Action.GET_HELP): (True, True),
    ("division", Action.CORRECT): (True, True),
    ("division", Action.VIEW_STATUS): (True, True),
    ("division", Action.PAUSE_REMINDERS): (True, True),
    ("division", Action.GET_HELP): (True, True),
    ("central", Action.CORRECT): (False, False),
    ("central", Action.VIEW_STATUS): (True, True),
    ("central", Action.PAUSE_REMINDERS): (True, True),
    ("central", Action.GET_HELP): (True, True),
    ("admin", Action.CORRECT): (False, False),
    ("admin", Action.VIEW_STATUS): (True, True),
    ("admin", Action.PAUSE_REMINDERS): (True, True),
    ("admin", Action.GET_HELP): (True, True),
    # #22 entry on behalf: the unit in scope is checked by models.org.on_behalf_units
    ("officer", Action.REPORT_ON_BEHALF): (False, False),
    ("division", Action.REPORT_ON_BEHALF): (True, False),
    ("central", Action.REPORT_ON_BEHALF): (True, True),
    ("admin", Action.REPORT_ON_BEHALF): (False, False),
}
UNITS = {"officer": OFFICE, "division": DIVISION, "central": CENTRAL, "admin": CENTRAL}


def user(role: str, active: bool = True) -> User:
    return User(id=1, line_user_id=f"U{role}", role=role, unit_id=UNITS[role], active=active)


def test_the_table_covers_every_role_and_action():
    assert {(r, a) for r in UNITS for a in Action} == set(TABLE)


@pytest.mark.parametrize(("role", "action"), sorted(TABLE, key=str))
def test_role_may_or_may_not(role, action):
    own_allowed, foreign_allowed = TABLE[(role, action)]
    who = user(role)
    own = OWN.get(role, Target(unit_id=OFFICE, owner_unit_id=DIVISION))
    foreign = FOREIGN.get(role, Target(unit_id=OTHER_OFFICE, owner_unit_id=OTHER_DIVISION))
    assert can(who, action, own) is own_allowed
    assert can(who, action, foreign) is foreign_allowed


@pytest.mark.parametrize("role", sorted(UNITS))
def test_an_inactive_user_may_do_nothing(role):
    assert not any(can(user(role, active=False), action) for action in Action)


def test_report_scopes():
    assert scope_of(user("officer")).office_id == OFFICE
    assert scope_of(user("division")).owner_unit_id == DIVISION
    assert scope_of(user("central")).everything
    assert scope_of(user("admin")).everything


@pytest.mark.parametrize("role", sorted(UNITS))
def test_a_menu_offers_only_what_the_role_may_do(role):
    assert MENU[role] and all(role_may(role, action) for action in MENU[role])
