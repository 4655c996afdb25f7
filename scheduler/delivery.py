"""Planning writes Notification rows; sending pushes them with their stable retry keys.

A pass: read the facts → decide (scheduler.rules, pure) → write the plan (unique keys make a second
pass at the same moment plan nothing) → check the quota → push by priority with retries.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from bot.line_adapter import SendResult, backoff
from bot.line_adapter import sleep as line_sleep
from handlers import texts as T
from handlers.messages import Reply, Text, quick
from models import calendar as cal
from models.entities import Notification, User
from models.periods import today_of
from scheduler import queries
from scheduler.rules import DEFAULT_REMINDERS, HELD_NOTICE_PRIORITY, Planned, ReminderSettings, plan

log = logging.getLogger(__name__)

PLANNED, SENT, FAILED, HELD = "planned", "sent", "failed", "held"


class Pusher(Protocol):
    """What delivery needs from the LINE adapter (bot.line_adapter.LineAdapter fits)."""

    def push(self, user_id: str, replies: list[Reply], retry_key: str) -> SendResult: ...

    def quota(self) -> tuple[int | None, int]: ...


@dataclass
class PassReport:
    day: date
    planned: list[Planned] = field(default_factory=list)
    written: int = 0
    sent: int = 0
    failed: int = 0
    held: int = 0
    unreachable: bool = False

    def summary(self) -> str:
        text = (
            f"{self.day.isoformat()}: planned {len(self.planned)} new, written {self.written}, "
            f"sent {self.sent}, failed {self.failed}, held {self.held}"
        )
        return text + (" (LINE API unreachable: left planned)" if self.unreachable else "")


# --- deciding (read-only) ---------------------------------------------------------------------


def decide(session: Session, now: datetime, rs: ReminderSettings) -> list[Planned]:
    """The messages this moment calls for that are not planned yet. Reads only."""
    today = today_of(now)
    infos = queries.candidate_periods(session, today)
    facts = [queries.period_facts(session, info, now) for info in infos]
    done = queries.already(session, today, [f.period_id for f in facts])
    return plan(
        now, today, facts, queries.recipients(session, now), queries.extra_holidays(session), rs, done
    )


# --- writing the plan -------------------------------------------------------------------------


def payload(p: Planned) -> dict[str, Any]:
    return {"text": p.text, "quick": [p.quick_reply] if p.quick_reply else [], "to": p.line_user_id}


def write(session: Session, planned: list[Planned], now: datetime) -> list[Notification]:
    """Insert one row per planned message; a row that already exists (unique key) is skipped.
    One INSERT ... ON CONFLICT DO NOTHING RETURNING per thousand rows (20,000 reminders a morning)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
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
        for p in planned
    ]
    rows: list[Notification] = []
    for start in range(0, len(values), 1000):
        statement = insert(Notification).on_conflict_do_nothing().returning(Notification)
        rows.extend(session.scalars(statement, values[start : start + 1000]).all())
    if len(rows) < len(planned):
        log.info("%d notification(s) already planned: skipped", len(planned) - len(rows))
    return rows


# --- sending ----------------------------------------------------------------------------------


def _transient(status: int) -> bool:
    return status == 0 or status == 429 or status >= 500


@dataclass(frozen=True)
class Outcome:
    ok: bool
    attempts: int
    status: int


def deliver(
    payload_: dict[str, Any],
    retry_key: str,
    adapter: Pusher,
    rs: ReminderSettings,
    sleep: Callable[[float], None],
) -> Outcome:
    """Push one message with its stable retry key, retrying what may pass later (5xx, 429,
    timeouts) with backoff; a repeat is safe because LINE answers 409 for a key it has seen.
    Touches no database: several run side by side."""
    replies: list[Reply] = [Text(payload_.get("text", ""), quick(*payload_.get("quick", [])))]
    status = 0
    for attempt in range(1, rs.max_attempts + 1):
        result = adapter.push(payload_["to"], replies, retry_key)
        status = result.status
        if result.ok:
            return Outcome(True, attempt, status)
        if not _transient(result.status) or attempt == rs.max_attempts:
            return Outcome(False, attempt, status)
        sleep(backoff(attempt, result.retry_after))
    return Outcome(False, rs.max_attempts, status)


def _apply(row: Notification, outcome: Outcome, now: datetime) -> None:
    row.attempts = (row.attempts or 0) + outcome.attempts
    row.last_status = outcome.status
    row.status, row.sent_at = (SENT, now) if outcome.ok else (FAILED, row.sent_at)


def push_rows(
    session: Session,
    rows: list[Notification],
    adapter: Pusher,
    now: datetime,
    rs: ReminderSettings,
    sleep: Callable[[float], None],
    report: PassReport,
    concurrency: int = 16,
) -> None:
    """Push many rows at once (LINE's latency dominates), recording each outcome as it comes.
    Commits every few hundred rows so that a crash mid-pass loses little: rows still `planned`
    are sent by the next pass with the same retry keys."""
    if not rows:
        return
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(rows)))) as pool:
        futures = {
            pool.submit(deliver, row.payload or {}, row.retry_key, adapter, rs, sleep): row for row in rows
        }
        for done, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            _apply(futures[future], outcome, now)
            report.sent += outcome.ok
            report.failed += not outcome.ok
            if done % 250 == 0:
                session.commit()
    session.commit()


def _remaining(adapter: Pusher) -> tuple[int | None, bool]:
    """(messages left this month or None for unlimited, reachable)."""
    try:
        limit, used = adapter.quota()
    except Exception as error:  # refused connection, timeout, API error: send nothing now
        log.warning("LINE quota check failed: %s", type(error).__name__)
        return None, False
    return (None if limit is None else max(limit - used, 0)), True


def _due_rows(session: Session, day: date) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.day == day, Notification.status == PLANNED)
            .order_by(Notification.priority.desc(), Notification.id)
        )
    )


def central_notices(
    session: Session, now: datetime, text: str, kind: str, period_id: int | None
) -> list[Notification]:
    """One message to each reachable central user (once a day per kind): what the pass could not do."""
    today = today_of(now)
    planned = [
        Planned(
            r.user_id,
            r.line_user_id,
            period_id,
            kind,
            f"{kind}-{today.isoformat()}",
            HELD_NOTICE_PRIORITY,
            text,
            None,
            today,
        )
        for r in queries.recipients(session, now)
        if r.role == "central" and r.reachable(today)
    ]
    return write(session, planned, now)


def held_notices(
    session: Session, now: datetime, sent: int, held: int, period_id: int | None
) -> list[Notification]:
    """Tell central how many reminders the quota could not cover."""
    text = T.REMIND_HELD.format(sent=sent, held=held, day=cal.thai_date(today_of(now)))
    return central_notices(session, now, text, "quota", period_id)


def failed_notices(session: Session, now: datetime, failed: list[Notification]) -> list[Notification]:
    """Tell central whose reminders LINE refused after every try (e.g. to call them instead)."""
    names = []
    for row in failed[:10]:
        user = session.get_one(User, row.user_id)
        names.append(f"{user.display_name or user.line_user_id} ({user.unit.code})")
    more = f" และอีก {len(failed) - 10} คน" if len(failed) > 10 else ""
    text = T.REMIND_FAILED.format(n=len(failed), names=", ".join(names) + more)
    return central_notices(session, now, text, "failed", failed[0].period_id)


def send_due(
    sessions: sessionmaker[Session],
    adapter: Pusher,
    now: datetime,
    rs: ReminderSettings,
    sleep: Callable[[float], None] = line_sleep,
    report: PassReport | None = None,
) -> PassReport:
    """Send today's planned rows by priority within the quota; the outcomes are committed every
    few hundred pushes and at the end (see push_rows)."""
    today = today_of(now)
    report = report or PassReport(today)
    remaining, reachable = _remaining(adapter)
    if not reachable:
        report.unreachable = True
        return report
    with sessions() as session:
        rows = _due_rows(session, today)
        if not rows:
            return report
        central = sum(
            1 for r in queries.recipients(session, now) if r.role == "central" and r.reachable(today)
        )
        budget = len(rows) if remaining is None or remaining >= len(rows) else max(remaining - central, 0)
        to_send, to_hold = rows[:budget], rows[budget:]
        for row in to_hold:
            row.status = HELD
        report.held += len(to_hold)
        session.commit()
        push_rows(session, to_send, adapter, now, rs, sleep, report, rs.concurrency)
        if to_hold:
            notices = held_notices(session, now, report.sent, len(to_hold), rows[0].period_id)
            session.commit()
            push_rows(session, notices, adapter, now, rs, sleep, report, rs.concurrency)
        failed = [row for row in to_send if row.status == FAILED and row.kind not in ("quota", "failed")]
        if failed:
            notices = failed_notices(session, now, failed)
            session.commit()
            push_rows(session, notices, adapter, now, rs, sleep, report, rs.concurrency)
    return report


# --- one pass ---------------------------------------------------------------------------------


def reminder_pass(
    sessions: sessionmaker[Session],
    adapter: Pusher | None,
    now: datetime,
    rs: ReminderSettings = DEFAULT_REMINDERS,
    *,
    dry_run: bool = False,
    sleep: Callable[[float], None] = line_sleep,
) -> PassReport:
    """Decide, write and send. A dry run only decides: it writes and sends nothing."""
    report = PassReport(today_of(now))
    with sessions() as session:
        report.planned = decide(session, now, rs)
        if dry_run:
            return report
        report.written = len(write(session, report.planned, now))
        session.commit()
    if adapter is None:
        return report
    return send_due(sessions, adapter, now, rs, sleep, report)
