"""Planning: decide today's reminders and write them as Notification rows (the outbox).

A pass: read the facts → decide (scheduler.rules, pure) → write the plan (unique keys make a second
pass at the same moment plan nothing). The rows are pushed by the task queue's workers
(scheduler/sending.py) with their stable retry keys.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from handlers import texts as T
from handlers.unit_names import short
from models import calendar as cal
from models.entities import Notification, User
from models.periods import today_of
from scheduler import queries, year_end
from scheduler.own_work import plan_with_own_work
from scheduler.rules import HELD_NOTICE_PRIORITY, Planned, ReminderSettings

log = logging.getLogger(__name__)

PLANNED = "planned"


class Written(NamedTuple):
    """A row the plan wrote (no ORM object: 20,000 a morning)."""

    id: int
    priority: int
    period_id: int | None


@dataclass
class PassReport:
    day: date
    planned: list[Planned] = field(default_factory=list)
    written: int = 0
    ids: list[int] = field(default_factory=list)  # the rows written
    sent: int = 0
    failed: int = 0
    held: int = 0
    waiting: int = 0  # still queued (a worker retries them later)
    unreachable: bool = False

    def summary(self) -> str:
        line = (
            f"{self.day.isoformat()}: planned {len(self.planned)} new, written {self.written}, "
            f"sent {self.sent}, failed {self.failed}, held {self.held}"
        )
        if self.waiting:
            line += f", still planned {self.waiting} (the workers, or the next sweep, send them)"
        return line + (
            " (LINE API unreachable: left planned; the sweep sends them)" if self.unreachable else ""
        )


# --- deciding (read-only) ---------------------------------------------------------------------


def decide(session: Session, now: datetime, rs: ReminderSettings) -> list[Planned]:
    """The messages this moment calls for that are not planned yet. Reads only."""
    today = today_of(now)
    infos = queries.candidate_periods(session, today)
    facts = [queries.period_facts(session, info, now) for info in infos]
    done = queries.already(session, today, [f.period_id for f in facts])
    planned = plan_with_own_work(
        now,
        today,
        facts,
        queries.recipients(session, now),
        queries.extra_holidays(session),
        rs,
        done,
        queries.division_ids(session),
    )
    return planned + year_end.decide(session, now, done, planned)  # #25: the year end's own dates


# --- writing the plan -------------------------------------------------------------------------


def payload(p: Planned) -> dict[str, object]:
    return {"text": p.text, "quick": [p.quick_reply] if p.quick_reply else [], "to": p.line_user_id}


# PostgreSQL: one INSERT of parallel arrays (unnest) per chunk. Its text is short and the same every
# time, so the driver parses it once; a multi-row VALUES statement of 11,000 placeholders costs
# about as much client CPU to build as the rows themselves.
_PG_WRITE = text(
    "INSERT INTO notification (user_id, period_id, kind, rule, day, retry_key, priority, payload,"
    " status, attempts, created_at)"
    " SELECT u, p, k, r, d, key, pr, CAST(pl AS json), :status, 0, :now FROM unnest("
    "CAST(:users AS integer[]), CAST(:periods AS integer[]), CAST(:kinds AS text[]),"
    " CAST(:rules AS text[]), CAST(:days AS date[]), CAST(:keys AS text[]),"
    " CAST(:priorities AS integer[]), CAST(:payloads AS text[])) AS t(u, p, k, r, d, key, pr, pl)"
    " ON CONFLICT DO NOTHING RETURNING id, priority, period_id"
)
WRITE_CHUNK = 1000


def write(session: Session, planned: list[Planned], now: datetime) -> list[Written]:
    """Insert one row per planned message, created ``now``; a row that already exists (unique key)
    is skipped. The workers give a row up 23 hours after ``now`` (LINE keeps a retry key 24 h)."""
    rows: list[Written] = []
    for start in range(0, len(planned), WRITE_CHUNK):
        chunk = planned[start : start + WRITE_CHUNK]
        if session.get_bind().dialect.name == "postgresql":
            params = {
                "users": [p.user_id for p in chunk],
                "periods": [p.period_id for p in chunk],
                "kinds": [p.kind for p in chunk],
                "rules": [p.rule for p in chunk],
                "days": [p.day for p in chunk],
                "keys": [str(uuid.uuid4()) for _ in chunk],
                "priorities": [p.priority for p in chunk],
                "payloads": [json.dumps(payload(p), ensure_ascii=False) for p in chunk],
                "status": PLANNED,
                "now": now,
            }
            result = session.execute(_PG_WRITE, params)
        else:
            values = [
                {
                    "user_id": p.user_id,
                    "period_id": p.period_id,
                    "kind": p.kind,
                    "rule": p.rule,
                    "day": p.day,
                    "retry_key": str(uuid.uuid4()),
                    "priority": p.priority,
                    "payload": payload(p),
                    "status": PLANNED,
                    "attempts": 0,
                    "created_at": now,
                }
                for p in chunk
            ]
            statement = (
                sqlite_insert(Notification)
                .on_conflict_do_nothing()
                .returning(Notification.id, Notification.priority, Notification.period_id)
            )
            result = session.execute(statement, values)
        rows.extend(Written(*row) for row in result)
    if len(rows) < len(planned):
        log.info("%d notification(s) already planned: skipped", len(planned) - len(rows))
    return rows


def central_notices(
    session: Session,
    now: datetime,
    message: str,
    kind: str,
    period_id: int | None,
    written_at: datetime | None = None,
) -> list[Written]:
    """One message to each reachable central user (once a day per kind): what the pass could not do.
    ``written_at``: when the rows are written, if not ``now`` (a pass run for another moment)."""
    today = today_of(now)
    planned = [
        Planned(
            r.user_id,
            r.line_user_id,
            period_id,
            kind,
            f"{kind}-{today.isoformat()}",
            HELD_NOTICE_PRIORITY,
            message,
            None,
            today,
        )
        for r in queries.recipients(session, now)
        if r.role == "central" and r.reachable(today)
    ]
    return write(session, planned, written_at or now)


def held_notices(
    session: Session,
    now: datetime,
    sent: int,
    held: int,
    period_id: int | None,
    written_at: datetime | None = None,
) -> list[Written]:
    """Tell central how many reminders the quota could not cover."""
    message = T.REMIND_HELD.format(sent=sent, held=held, day=cal.thai_date(today_of(now)))
    return central_notices(session, now, message, "quota", period_id, written_at)


def failed_notices(session: Session, now: datetime, failed: list[Notification]) -> list[Written]:
    """Tell central whose reminders LINE refused after every try (e.g. to call them instead)."""
    names = []
    for row in failed[:10]:
        user = session.get_one(User, row.user_id)
        names.append(f"{user.display_name or user.line_user_id} ({short(user.unit, 40)})")
    more = f" และอีก {len(failed) - 10} คน" if len(failed) > 10 else ""
    message = T.REMIND_FAILED.format(n=len(failed), names=", ".join(names) + more)
    return central_notices(session, now, message, "failed", failed[0].period_id)
