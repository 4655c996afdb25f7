"""A command word and who may use it. Dialogue modules declare theirs; the router collects them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.context import Context
from handlers.messages import Turn
from models.entities import Role

ALL_ROLES = frozenset(r.value for r in Role)
OFFICERS = frozenset({Role.OFFICER.value})
DIVISIONS = frozenset({Role.DIVISION.value})
CENTRAL = frozenset({Role.CENTRAL.value})


@dataclass(frozen=True)
class Command:
    start: Callable[[Context], Turn]
    roles: frozenset[str] = ALL_ROLES
    who: str = ""  # Thai name of who may use it, for the polite refusal
