"""A lease row decides which scheduler instance acts: one holder at a time, renewed while alive.

Acquire or renew is one atomic UPDATE (... WHERE expires_at < now OR holder = me); when no row
exists yet, an INSERT, whose unique primary key lets only one instance win. Works on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, or_, update
from sqlalchemy.exc import IntegrityError

from models.base import table_of
from models.entities import SchedulerLease

DEFAULT_NAME = "tidtam-scheduler"
DEFAULT_TTL = timedelta(seconds=60)


def new_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(
    engine: Engine, holder: str, now: datetime, ttl: timedelta = DEFAULT_TTL, name: str = DEFAULT_NAME
) -> bool:
    """Take or renew the lease; True when ``holder`` holds it until ``now + ttl``."""
    table = table_of(SchedulerLease)
    with engine.begin() as conn:
        taken = conn.execute(
            update(table)
            .where(table.c.name == name, or_(table.c.expires_at < now, table.c.holder == holder))
            .values(holder=holder, expires_at=now + ttl)
        ).rowcount
    if taken == 1:
        return True
    try:
        with engine.begin() as conn:
            conn.execute(insert(table).values(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:  # the row exists: somebody else holds a live lease
        return False
    return True


def release(engine: Engine, holder: str, name: str = DEFAULT_NAME) -> None:
    """Give the lease up (on shutdown) so a standby can take over at once."""
    table = table_of(SchedulerLease)
    with engine.begin() as conn:
        conn.execute(
            update(table)
            .where(table.c.name == name, table.c.holder == holder)
            .values(expires_at=datetime(2000, 1, 1, tzinfo=UTC))
        )
