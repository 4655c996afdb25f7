"""One message at a time per LINE user, in the order they were sent (issues #23, #26).

The webhook records every event here (one short transaction: a ``pending_event`` row, unique on
``webhookEventId``) and answers. The turn runner (bot/turn_runner.py, bot/turns.py) then takes
each user's pending events one by one, oldest first by LINE's ``timestamp`` and then by arrival
(the row id), each in a transaction of its own that deletes the row with the turn: every turn
sees the state the previous one left.

The turn lock is taken first in the transaction, before anything of the user is read, so that
runners of several processes (gunicorn workers, instances) take a user's turns one at a time:

- PostgreSQL: a transaction-level advisory lock on a 64-bit key of the LINE user id. Different
  users never wait for each other (a hash collision only makes two users take turns).
- SQLite: ``BEGIN IMMEDIATE``, the database's write lock (SQLite has one writer at a time anyway).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import JSON, Index, String, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, UTCDateTime, table_of


class PendingEvent(Base):
    """A webhook event recorded and not yet handled (the row goes with its turn's commit)."""

    __tablename__ = "pending_event"

    id: Mapped[int] = mapped_column(primary_key=True)  # arrival order
    webhook_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    line_user_id: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)  # LINE's timestamp
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the event as the dialogues read it

    __table_args__ = (Index("ix_pending_event_turn_order", "line_user_id", "sent_at", "id"),)


class Pending(NamedTuple):
    id: int
    payload: dict[str, Any]
    received_at: datetime


_TABLE = table_of(PendingEvent)


def _record_statement(insert: Any) -> Any:
    return insert(_TABLE).values(
        webhook_event_id=bindparam("event_id"),
        line_user_id=bindparam("line_user_id"),
        sent_at=bindparam("sent_at"),
        received_at=bindparam("now"),
        payload=bindparam("payload", type_=JSON),
    )


def _record_statement_upsert(insert: Any) -> Any:
    statement = _record_statement(insert)
    return statement.on_conflict_do_update(
        index_elements=["webhook_event_id"],
        # a redelivery brings a fresh reply token: the turn answers with it
        set_={"received_at": statement.excluded.received_at, "payload": statement.excluded.payload},
    ).returning(_TABLE.c.id)


_RECORD = {
    "postgresql": _record_statement_upsert(pg_insert),
    "sqlite": _record_statement_upsert(sqlite_insert),
}
_NEXT = (
    select(_TABLE.c.id, _TABLE.c.payload, _TABLE.c.received_at)
    .where(_TABLE.c.line_user_id == bindparam("line_user_id"))
    .order_by(_TABLE.c.sent_at, _TABLE.c.id)
    .limit(1)
)
_LANES = select(_TABLE.c.line_user_id).distinct().limit(bindparam("limit"))
_REMOVE = delete(_TABLE).where(_TABLE.c.id == bindparam("id"))
_ADVISORY_LOCK = select(func.pg_advisory_xact_lock(bindparam("key")))


def record(
    session: Session,
    *,
    event_id: str | None,
    line_user_id: str,
    sent_at: datetime,
    payload: dict[str, Any],
    now: datetime,
) -> int:
    """Record an event; its row id. An event already pending (a redelivery after a failure, or
    racing its first delivery) keeps its row and counts as received again."""
    params = {
        "event_id": event_id,
        "line_user_id": line_user_id,
        "sent_at": sent_at,
        "payload": payload,
        "now": now,
    }
    found: int = session.execute(_RECORD[session.get_bind().dialect.name], params).scalar_one()
    return found


def lock_turns(session: Session, line_user_id: str) -> None:
    """Take the user's turn lock: the first statement of the transaction, held until it ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_ADVISORY_LOCK, {"key": turn_key(line_user_id)})
    else:  # SQLite: the write lock now, before reading (pysqlite would begin only at the first write)
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def turn_key(line_user_id: str) -> int:
    """The advisory lock key of a user's turns (a signed 64-bit integer)."""
    digest = hashlib.blake2b(f"tidtam-turn:{line_user_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def head(session: Session, line_user_id: str) -> Pending | None:
    """The user's oldest pending event (LINE's timestamp, then arrival), or None."""
    row = session.execute(_NEXT, {"line_user_id": line_user_id}).first()
    return None if row is None else Pending(row.id, row.payload, row.received_at)


def lanes_waiting(session: Session, limit: int = 1000) -> list[str]:
    """The users (lanes) with pending events."""
    return list(session.scalars(_LANES, {"limit": limit}))


def remove(session: Session, pending_id: int) -> None:
    session.execute(_REMOVE, {"id": pending_id})
