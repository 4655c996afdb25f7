"""Where a user stands in a dialogue, stored: one row per user, its data a JSON object.

The webhook first takes the user's turn lock (models/inbox.py: one message at a time per user),
then reads the user, their conversation and their unit in ONE statement that locks the user and
the unit (chat latency matters: see bench/RESULTS.md), and writes the turn's conversation back in
one statement (an upsert: a first conversation row never races into a duplicate key). Each dialogue declares a dataclass for its data; ``to_json`` and ``from_json``
turn it into the stored JSON object and back (fields left None are not stored).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar, Union, cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models.entities import ConversationState, Unit, User

CONVERSATION_TTL = timedelta(days=14)
D = TypeVar("D")

_CONVERSATION = cast(Table, ConversationState.__table__)  # a Table: the mapping is declarative

# The user's row, their saved conversation and their unit in one statement, locking the user and
# the unit: the people of one unit (officers of one office writing the same entries, reviewers of
# one division) take turns. It runs after the user's turn lock (models/inbox.py), so the
# conversation it reads is the one the user's previous message left. Every user has a
# unit, so the inner join loses nobody. Built once: every event runs it.
_LOCK_USER = (
    select(User, _CONVERSATION.c.flow, _CONVERSATION.c.step, _CONVERSATION.c.data, _CONVERSATION.c.expires_at)
    .join(Unit, Unit.id == User.unit_id)
    .outerjoin(_CONVERSATION, _CONVERSATION.c.user_id == User.id)
    .where(User.line_user_id == bindparam("line_user_id"))
    .with_for_update(of=[User, Unit])
)
# Built once: every message saves its conversation (the SET clause comes from the parameters).
_FORGET = delete(_CONVERSATION).where(_CONVERSATION.c.user_id == bindparam("b_user_id"))
_UPDATE = update(_CONVERSATION).where(_CONVERSATION.c.user_id == bindparam("b_user_id"))


def _upsert(insert: Any) -> Any:
    statement = insert(_CONVERSATION)
    kept = ("flow", "step", "data", "updated_at", "expires_at")
    return statement.on_conflict_do_update(
        index_elements=["user_id"], set_={name: statement.excluded[name] for name in kept}
    )


_INSERT = {"postgresql": _upsert(pg_insert), "sqlite": _upsert(sqlite_insert)}


class Stored(NamedTuple):
    """The conversation row as read with the user (all None when there is none)."""

    flow: str | None
    step: str | None
    data: dict[str, Any] | None
    expires_at: datetime | None

    @property
    def exists(self) -> bool:
        return self.flow is not None

    def current(self, now: datetime) -> Stored | None:
        """Itself while it lasts; None when there is none or it expired (an expired row is then
        overwritten or deleted when the turn is saved)."""
        if not self.exists or self.expires_at is None or self.expires_at <= now:
            return None
        return self


def lock_user(session: Session, line_user_id: str) -> tuple[User | None, Stored | None]:
    """The user (locked, with their unit) and their conversation row, in one statement."""
    found = session.execute(_LOCK_USER, {"line_user_id": line_user_id}).first()
    if found is None:
        return None, None
    return found[0], Stored(*found[1:])


def save(
    session: Session, user_id: int, position: tuple[str, str, Any] | None, now: datetime, *, exists: bool
) -> None:
    """Keep the turn's conversation ``(flow, step, data)`` (or forget it), as one statement. The
    user's turn lock is held, so ``exists`` (read after it) cannot have changed since; a first
    row is written as an upsert all the same."""
    if position is None:
        if exists:
            session.execute(_FORGET, {"b_user_id": user_id})
        return
    flow, step, data = position
    values = dict(flow=flow, step=step, data=to_json(data), updated_at=now, expires_at=now + CONVERSATION_TTL)
    if exists:
        session.execute(_UPDATE, {"b_user_id": user_id, **values})
    else:
        session.execute(_INSERT[session.get_bind().dialect.name], {"user_id": user_id, **values})


def to_json(data: Any) -> dict[str, Any]:
    """A dialogue's data as the stored JSON object (a plain dict is stored as it is)."""
    if data is None:
        return {}
    if isinstance(data, dict):
        return dict(data)
    return {f.name: value for f in dataclasses.fields(data) if (value := getattr(data, f.name)) is not None}


def from_json(kind: type[D], raw: dict[str, Any] | None) -> D | None:
    """The dataclass ``kind`` read from a stored JSON object; None when the object does not fit
    (saved by an older version, say): the dialogue is then dropped, never a traceback."""
    if not isinstance(raw, dict):
        return None
    hints = typing.get_type_hints(kind)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(kind):  # type: ignore[arg-type]
        if f.name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                return None
            continue
        if not _fits(raw[f.name], hints[f.name]):
            return None
        values[f.name] = raw[f.name]
    return kind(**values)


def _fits(value: Any, hint: Any) -> bool:
    """Whether a JSON value has the outer type of a field (``int | None``, ``list[int]``, ...)."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        return any(_fits(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is Any:
        return True
    outer = origin or hint
    if outer is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, outer)
