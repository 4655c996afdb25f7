"""Sending outbox rows and the daily reminder pass, as the task queue's jobs run them
(scheduler/tasks.py declares the tasks): push with the row's retry key, record the outcome, and
try again later with back-off what LINE may take later.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import procrastinate
from procrastinate import jobs as pjobs
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from bot.line_adapter import SendResult
from bot.runtime import Runtime
from models.db import transaction
from models.entities import Notification
from models.periods import today_of
from scheduler import outbox, queries
from scheduler.delivery import WRITE_CHUNK, PassReport, decide, failed_notices, held_notices, write
from scheduler.job_kinds import SEND_BATCH_TASK, SEND_TASK, Job, SendRows
from scheduler.outbox import FAILED, HELD, PLANNED, SENT
from scheduler.rules import DEFAULT_REMINDERS

log = logging.getLogger(__name__)


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name) or default)
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    """Measured or operational figures (README, "Processes"); the environment may change them."""

    batch: int = 100  # rows per send_batch job
    push_threads: int = 16  # pushes in flight inside one send_batch job
    concurrency: int = 3  # jobs at once per worker process: 3 × 16 = 48 pushes in flight per process
    # First retry after 0.25-0.5 s (jittered), doubling: LINE's rate limit is per second, and its 5xx
    # pass quickly; a long outage reaches the cap after a dozen tries.
    backoff_base_s: float = 0.5
    backoff_cap_s: float = 900.0  # never wait longer than this between tries
    give_up_after: timedelta = timedelta(hours=23)  # LINE keeps a retry key 24 h
    stalled_after_s: float = 60.0  # a worker silent this long is dead: its jobs are retried
    heartbeat_s: float = 10.0

    @classmethod
    def from_env(cls) -> Settings:
        d = cls()
        return cls(
            batch=int(_env_float("TIDTAM_PUSH_BATCH", d.batch)),
            push_threads=int(_env_float("TIDTAM_PUSH_THREADS", d.push_threads)),
            concurrency=int(_env_float("TIDTAM_WORKER_CONCURRENCY", d.concurrency)),
            backoff_base_s=_env_float("TIDTAM_PUSH_BACKOFF_S", d.backoff_base_s),
            backoff_cap_s=_env_float("TIDTAM_PUSH_BACKOFF_CAP_S", d.backoff_cap_s),
            give_up_after=timedelta(hours=_env_float("TIDTAM_PUSH_GIVE_UP_H", 23.0)),
            stalled_after_s=_env_float("TIDTAM_STALLED_AFTER_S", d.stalled_after_s),
            heartbeat_s=_env_float("TIDTAM_HEARTBEAT_S", d.heartbeat_s),
        )


# --- retries ----------------------------------------------------------------------------------


class PushLater(Exception):
    """LINE may take it later (5xx, 429, timeout): run the job again in ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        super().__init__(f"push again in {delay:.1f} s")
        self.delay = delay


def retry_delay(attempts: int, retry_after: float | None, s: Settings) -> float:
    """Exponential back-off with jitter (half to full), never sooner than LINE's Retry-After."""
    exp = min(s.backoff_base_s * 2.0 ** max(attempts - 1, 0), s.backoff_cap_s)
    delay = exp * random.uniform(0.5, 1.0)
    return max(delay, retry_after or 0.0)


class LineRetry(procrastinate.BaseRetryStrategy):
    """PushLater names its own delay; any other error (the database, a bug) is tried a few times."""

    def get_retry_decision(
        self, *, exception: BaseException, job: pjobs.Job
    ) -> procrastinate.RetryDecision | None:
        if isinstance(exception, PushLater):
            return procrastinate.RetryDecision(retry_at=_utcnow() + timedelta(seconds=exception.delay))
        if job.attempts >= 5:
            return None
        return procrastinate.RetryDecision(retry_at=_utcnow() + timedelta(seconds=5 * 2**job.attempts))


def _transient(result: SendResult) -> bool:
    return result.status == 0 or result.status == 429 or result.status >= 500


# --- sending rows -----------------------------------------------------------------------------


def _utcnow() -> datetime:
    """Wall time for scheduling jobs (the runtime's clock may be fixed in a demo)."""
    return datetime.now(UTC)


def give_up(session: Session, rows: list[Notification], now: datetime) -> None:
    """Mark rows failed; central is told whose messages could not be delivered."""
    for row in rows:
        row.status = FAILED
    told = [r for r in rows if r.kind not in ("quota", "failed")]
    if told:
        for notice in failed_notices(session, now, told):
            outbox.defer(session, outbox.send_job(notice.id, notice.priority))


def send_one(rt: Runtime, notification_id: int, s: Settings) -> None:
    """Push one row with its retry key; raise PushLater when LINE may take it later."""
    now = rt.clock.now()
    with transaction(rt.sessions) as session:
        row = session.get(Notification, notification_id)
        if row is None or row.status != PLANNED:
            return
        if now - row.created_at > s.give_up_after:
            give_up(session, [row], now)
            return
        payload, key = dict(row.payload or {}), row.retry_key
    result = rt.line.push(payload["to"], outbox.payload_replies(payload), key)
    delay = None
    with transaction(rt.sessions) as session:
        row = session.get_one(Notification, notification_id)
        if row.status != PLANNED:
            return
        row.attempts = (row.attempts or 0) + 1
        row.last_status = result.status
        if result.ok:
            row.status, row.sent_at = SENT, now
        elif _transient(result):
            delay = retry_delay(row.attempts, result.retry_after, s)
        else:
            give_up(session, [row], now)
    if delay is not None:
        raise PushLater(delay)


def send_many(rt: Runtime, ids: list[int], s: Settings) -> None:
    """Push many rows side by side (LINE's latency dominates), then record every outcome in one
    transaction; a row LINE may take later gets a send job of its own, scheduled with back-off."""
    now = rt.clock.now()
    with transaction(rt.sessions) as session:
        rows = list(
            session.scalars(
                select(Notification).where(Notification.id.in_(ids), Notification.status == PLANNED)
            )
        )
        old = [r for r in rows if now - r.created_at > s.give_up_after]
        if old:
            give_up(session, old, now)
        work = [(r.id, dict(r.payload or {}), r.retry_key, r.attempts or 0) for r in rows if r not in old]
    if not work:
        return

    def push(item: tuple[int, dict[str, object], str, int]) -> SendResult:
        _, payload, key, _ = item
        return rt.line.push(str(payload["to"]), outbox.payload_replies(payload), key)

    with ThreadPoolExecutor(max_workers=max(1, min(s.push_threads, len(work)))) as pool:
        results = list(pool.map(push, work))
    outcomes = [
        {"id": item[0], "attempts": item[3] + 1, "last_status": r.status}
        | ({"status": SENT, "sent_at": now} if r.ok else {})
        for item, r in zip(work, results, strict=True)
    ]
    again = [item[0] for item, r in zip(work, results, strict=True) if _transient(r)]
    refused_ids = [item[0] for item, r in zip(work, results, strict=True) if not r.ok and not _transient(r)]
    with transaction(rt.sessions) as session:
        sent = [o for o in outcomes if "status" in o]
        if sent:
            session.execute(update(Notification), sent)
        failed = [o for o in outcomes if "status" not in o]
        if failed:
            session.execute(update(Notification), failed)
        if again:  # one batch again, after the longest back-off (jittered) and Retry-After of them
            delay = max(
                retry_delay(item[3] + 1, r.retry_after, s)
                for item, r in zip(work, results, strict=True)
                if _transient(r)
            )
            at = _utcnow() + timedelta(seconds=delay)
            outbox.defer(session, Job(SendRows(again), scheduled_at=at))
        if refused_ids:
            refused = list(session.scalars(select(Notification).where(Notification.id.in_(refused_ids))))
            give_up(session, refused, now)


def batches(ids: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def defer_rows(session: Session, ids: list[int], s: Settings, priority: int = 0) -> None:
    """Send jobs for rows in batches (one job per ``s.batch`` rows)."""
    for chunk in batches(ids, s.batch):
        outbox.defer(session, Job(SendRows(chunk), priority=priority))


# --- the daily passes -------------------------------------------------------------------------


def queue_reminders(rt: Runtime, now: datetime, s: Settings) -> PassReport:
    """Decide and write today's reminders with their send jobs. When the quota covers them, a
    thousand rows and their jobs commit at a time (highest priority first), so that workers start
    pushing while the rest is written; short of quota, one transaction holds what it cannot cover
    (central is told)."""
    report = PassReport(today_of(now))
    # The rows are written now, whatever moment the pass is for (`tidtam remind --at` a past day):
    # the workers' 23-hour limit counts from here.
    written_at = rt.clock.now()
    remaining, reachable = _remaining(rt)
    with rt.sessions() as session:
        report.planned = decide(session, now, DEFAULT_REMINDERS)
    if reachable and (remaining is None or remaining >= len(report.planned)):
        ordered = sorted(report.planned, key=lambda p: -p.priority)
        for start in range(0, len(ordered), WRITE_CHUNK):
            with transaction(rt.sessions) as session:
                rows = write(session, ordered[start : start + WRITE_CHUNK], written_at)
                defer_rows(session, [r.id for r in rows], s)
                report.ids += [r.id for r in rows]
        report.written = len(report.ids)
        return report
    with transaction(rt.sessions) as session:
        rows = write(session, report.planned, written_at)
        report.written, report.ids = len(rows), [r.id for r in rows]
        if not reachable:
            report.unreachable = True  # the rows stay planned; the sweep sends them when LINE answers
            return report
        rows.sort(key=lambda r: (-r.priority, r.id))
        # Short of quota: keep one message per central user for telling them what was held.
        central = sum(
            1 for r in queries.recipients(session, now) if r.role == "central" and r.reachable(today_of(now))
        )
        budget = len(rows) if remaining is None or remaining >= len(rows) else max(remaining - central, 0)
        to_send, to_hold = rows[:budget], rows[budget:]
        if to_hold:
            held_ids = [r.id for r in to_hold]
            for chunk in batches(held_ids, WRITE_CHUNK):
                session.execute(update(Notification).where(Notification.id.in_(chunk)).values(status=HELD))
        report.held = len(to_hold)
        defer_rows(session, [r.id for r in to_send], s)
        if to_hold:
            notices = held_notices(session, now, len(to_send), len(to_hold), rows[0].period_id, written_at)
            defer_rows(session, [n.id for n in notices], s, priority=10)
    return report


def settle_pass(rt: Runtime, report: PassReport, timeout_s: float, poll_s: float = 0.25) -> PassReport:
    """Wait (up to ``timeout_s``) until the workers have sent, failed or held every row the pass
    wrote and the notices that followed (held or failed: rows written after them), then count the
    pass's outcomes into ``report`` (`tidtam remind` prints them)."""
    deadline = time.monotonic() + timeout_s
    first = min(report.ids, default=None)
    while first is not None and not report.unreachable and time.monotonic() < deadline:
        with rt.sessions() as session:
            waiting = session.scalar(
                select(Notification.id)
                .where(Notification.id >= first, Notification.status == PLANNED)
                .limit(1)
            )
        if waiting is None:
            break
        time.sleep(poll_s)
    counts: dict[str, int] = {}
    with rt.sessions() as session:
        for chunk in batches(report.ids, WRITE_CHUNK):
            for status, n in session.execute(
                select(Notification.status, func.count())
                .where(Notification.id.in_(chunk))
                .group_by(Notification.status)
            ):
                counts[status] = counts.get(status, 0) + n
    report.sent, report.failed = counts.get(SENT, 0), counts.get(FAILED, 0)
    report.held, report.waiting = counts.get(HELD, 0), counts.get(PLANNED, 0)
    return report


def _remaining(rt: Runtime) -> tuple[int | None, bool]:
    try:
        limit, used = rt.line.quota()
    except Exception as error:  # refused connection, timeout, API error: send nothing now
        log.warning("LINE quota check failed: %s", type(error).__name__)
        return None, False
    return (None if limit is None else max(limit - used, 0)), True


def release_held(rt: Runtime, s: Settings) -> int:
    """Held reminders go out when the quota has room again (a new month, a bigger plan)."""
    with transaction(rt.sessions) as session:
        held = list(
            session.scalars(
                select(Notification)
                .where(Notification.status == HELD)
                .order_by(Notification.priority.desc(), Notification.id)
            )
        )
        if not held:
            return 0
        remaining, reachable = _remaining(rt)
        if not reachable:
            return 0
        now = rt.clock.now()
        fresh = [r for r in held if now - r.created_at <= s.give_up_after]
        if len(fresh) < len(held):
            for r in held:
                if r not in fresh:
                    r.status = FAILED
        go = fresh if remaining is None else fresh[:remaining]
        for row in go:
            row.status = PLANNED
        defer_rows(session, [r.id for r in go], s)
        return len(go)


def missing_jobs(rt: Runtime, connector: procrastinate.BaseConnector, s: Settings) -> int:
    """Rows still planned whose job is gone (a crash between commit and queue on SQLite, a job
    given up, a database restored): defer them again."""
    with transaction(rt.sessions) as session:
        if outbox.on_postgres(session):
            ids = list(
                session.scalars(
                    text(
                        "SELECT n.id FROM notification n WHERE n.status = 'planned' AND NOT EXISTS ("
                        " SELECT 1 FROM procrastinate_jobs j WHERE j.status IN ('todo', 'doing')"
                        " AND j.task_name IN (:one, :many) AND (j.args -> 'notification_id' = to_jsonb(n.id)"
                        " OR j.args -> 'notification_ids' @> to_jsonb(n.id))) ORDER BY n.id"
                    ),
                    {"one": SEND_TASK, "many": SEND_BATCH_TASK},
                )
            )
        else:
            covered: set[int] = set()
            for job in list(getattr(connector, "jobs", {}).values()):
                if job["status"] in ("todo", "doing"):
                    args = job["args"]
                    covered.update(args.get("notification_ids", []))
                    if "notification_id" in args:
                        covered.add(args["notification_id"])
            planned = session.scalars(select(Notification.id).where(Notification.status == PLANNED))
            ids = [i for i in planned if i not in covered]
        defer_rows(session, ids, s)
    if ids:
        log.info("sweep: %d planned row(s) had no job; deferred again", len(ids))
    return len(ids)
