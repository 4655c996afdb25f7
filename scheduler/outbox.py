"""The outbox: every push that must arrive is a Notification row with its retry key, written in the
same transaction as the change that caused it, and its task is deferred in that same transaction.

PostgreSQL: the job row is inserted by procrastinate's own SQL function (``procrastinate_defer_jobs_v1``,
see the version pin in pyproject.toml) through the SQLAlchemy session, so the row and its job commit
or roll back together. SQLite (the embedded default): the jobs wait in ``session.info`` and go to the
in-process queue right after the commit (scheduler/tasks.py, ``InProcessWorker``); a process that dies
in between leaves the row ``planned`` and the sweep defers it again.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from handlers.messages import Flex, Image, Push, QuickReply, Reply, Text
from models.entities import Notification, User
from models.periods import today_of
from scheduler.job_kinds import Job, SendRow

log = logging.getLogger(__name__)

PLANNED, SENT, FAILED, HELD = "planned", "sent", "failed", "held"
PENDING_KEY = "tidtam_jobs"  # session.info: jobs to hand to the in-process queue after commit


@dataclass
class Deferred:
    """What ``defer`` did: queued (PostgreSQL: job id known), or refused by the queueing lock."""

    queued: bool
    job_id: int | None = None
    extra: list[int] = field(default_factory=list)


_DEFER_SQL = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, :priority, :lock, :qlock, "
    "CAST(:args AS jsonb), :at)::procrastinate_job_to_defer_v1]))"
)


def on_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def defer(session: Session, job: Job) -> Deferred:
    """Defer ``job`` in the session's transaction. A job whose queueing lock is taken by a job still
    waiting is refused (the one waiting does the same work)."""
    if not on_postgres(session):
        pending: list[tuple[Job, SessionTransaction | None]] = session.info.setdefault(PENDING_KEY, [])
        if job.queueing_lock is not None and any(p.queueing_lock == job.queueing_lock for p, _ in pending):
            return Deferred(False)
        # Remember the (innermost) transaction: a savepoint rolled back takes its jobs with it.
        pending.append((job, session.get_nested_transaction() or session.get_transaction()))
        return Deferred(True)
    params = {
        "queue": job.queue,
        "task": job.task,
        "priority": job.priority,
        "lock": job.lock,
        "qlock": job.queueing_lock,
        "args": json.dumps(job.kwargs()),
        "at": job.scheduled_at,
    }
    try:
        with session.begin_nested():
            job_id = session.execute(_DEFER_SQL, params).scalar()
    except IntegrityError:  # procrastinate_jobs_queueing_lock_idx_v1: the same work is waiting
        return Deferred(False)
    return Deferred(True, job_id)


def install_after_commit(sessions: sessionmaker[Session], sink: Callable[[list[Job]], object]) -> None:
    """SQLite: hand the jobs a transaction deferred to ``sink`` once it has committed.

    SQLAlchemy also announces a savepoint's release as a commit and its rollback as a rollback:
    jobs wait for the outermost commit (a worker must find the rows committed), and a savepoint
    rolled back drops only the jobs deferred inside it."""

    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():  # a savepoint released: the outer transaction goes on
            return
        jobs = session.info.pop(PENDING_KEY, None)
        if jobs:
            sink([job for job, _ in jobs])

    def after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
        pending = session.info.get(PENDING_KEY)
        if pending and previous.parent is None:  # the whole transaction: nothing of it is queued
            session.info.pop(PENDING_KEY, None)
        elif pending:
            pending[:] = [(job, txn) for job, txn in pending if not _within(txn, previous)]

    event.listen(sessions, "after_commit", after_commit)
    event.listen(sessions, "after_soft_rollback", after_soft_rollback)


def _within(txn: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while txn is not None:
        if txn is ancestor:
            return True
        txn = txn.parent
    return False


# --- replies in a row's payload ---------------------------------------------------------------


def _quick_json(quick: Iterable[QuickReply]) -> list[dict[str, str]]:
    return [{"label": q.label, "text": q.text} for q in quick]


def replies_json(replies: Iterable[Reply]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for r in replies:
        if isinstance(r, Text):
            out.append({"type": "text", "text": r.text, "quick": _quick_json(r.quick_replies)})
        elif isinstance(r, Flex):
            out.append(
                {
                    "type": "flex",
                    "alt": r.alt_text,
                    "contents": r.contents,
                    "quick": _quick_json(r.quick_replies),
                }
            )
        else:
            out.append({"type": "image", "url": r.url, "preview": r.preview_url})
    return out


def payload_replies(payload: Mapping[str, object]) -> list[Reply]:
    """The replies a row's payload holds: ``replies`` (any kind) or the reminders' text and quick words."""
    stored = payload.get("replies")
    if not isinstance(stored, list):
        words = payload.get("quick")
        quick = tuple(QuickReply(str(w), str(w)) for w in (words if isinstance(words, list) else []))
        return [Text(str(payload.get("text", "")), quick)]
    replies: list[Reply] = []
    for r in stored:
        quick = tuple(QuickReply(q["label"], q["text"]) for q in r.get("quick", []))
        if r["type"] == "text":
            replies.append(Text(r["text"], quick))
        elif r["type"] == "flex":
            replies.append(Flex(r["alt"], r["contents"], quick))
        else:
            replies.append(Image(r["url"], r["preview"]))
    return replies


# --- writing rows -----------------------------------------------------------------------------


def send_job(notification_id: int, priority: int | None, scheduled_at: datetime | None = None) -> Job:
    """The task that sends one row; its queueing lock keeps one waiting job per row."""
    return Job(
        SendRow(notification_id),
        priority=priority or 0,
        queueing_lock=f"notification-{notification_id}",
        scheduled_at=scheduled_at,
    )


def record(
    session: Session,
    user_id: int,
    line_user_id: str,
    kind: str,
    rule: str,
    replies: Iterable[Reply],
    now: datetime,
    *,
    period_id: int | None = None,
    retry_key: str | None = None,
    priority: int = 30,
) -> Notification | None:
    """Write one outbox row and defer its send task, in the caller's transaction. None when the
    row exists already (same user, period, kind and rule): it is not sent twice."""
    row = Notification(
        user_id=user_id,
        period_id=period_id,
        kind=kind,
        rule=rule[:64],
        day=today_of(now),
        retry_key=retry_key or str(uuid.uuid4()),
        priority=priority,
        payload={"to": line_user_id, "replies": replies_json(replies)},
        status=PLANNED,
        attempts=0,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        log.info("push already recorded: user %s %s/%s", user_id, kind, rule)
        return None
    defer(session, send_job(row.id, row.priority))
    return row


def record_pushes(session: Session, pushes: Iterable[Push], now: datetime, kind: str = "push") -> int:
    """A turn's pushes: the rows a dialogue recorded already (their retry key is known) get their
    task; the others become rows. Returns how many were queued."""
    queued = 0
    for push in pushes:
        row = session.scalar(select(Notification).where(Notification.retry_key == push.retry_key))
        if row is not None:
            if row.status == PLANNED:
                defer(session, send_job(row.id, row.priority))
                queued += 1
            continue
        user = session.scalar(select(User).where(User.line_user_id == push.line_user_id))
        if user is None:
            log.warning("push to an unknown user skipped (retry key %s)", push.retry_key)
            continue
        done = record(
            session,
            user.id,
            push.line_user_id,
            kind,
            push.retry_key,
            push.replies,
            now,
            retry_key=push.retry_key,
        )
        queued += done is not None
    return queued
