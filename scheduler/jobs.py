"""Scheduled jobs and the clock process (`tidtam scheduler`).

Job functions are module-level and build the runtime (bot/runtime.py) when they run,
never at import time, so APScheduler can reference them by a stable name.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.blocking import BlockingScheduler

from bot.runtime import Runtime, build_runtime
from models.clock import BANGKOK
from models.db import transaction
from models.periods import today_of
from models.retention import Purged, purge
from scheduler import outbox
from scheduler.delivery import PassReport, decide
from scheduler.job_kinds import Housekeeping, Job, ReminderPass, Work
from scheduler.rules import DEFAULT_REMINDERS, ReminderSettings
from scheduler.sending import Settings, queue_reminders, settle_pass
from scheduler.tasks import InProcessWorker

log = logging.getLogger(__name__)

REMINDER_JOB_ID = "tidtam-reminder-pass"
SWEEP_JOB_ID = "tidtam-sweep"
STARTUP_JOB_ID = "tidtam-reminder-pass-at-start"
PURGE_JOB_ID = "tidtam-purge"
PURGE_AT_HOUR = 3  # 03:00 Asia/Bangkok, away from the 09:00 reminders and office hours
SWEEP_EVERY_SECONDS = 60
RUN_AT_START_ENV = "TIDTAM_SCHEDULER_RUN_AT_START"  # "1": also run the pass once right after start


REMIND_WAIT_S = 120.0  # `tidtam remind` waits this long for the workers, then says what is still queued


def run_pass(
    rt: Runtime, now: datetime | None = None, *, dry_run: bool = False, wait_s: float = REMIND_WAIT_S
) -> PassReport:
    """One reminder pass as the workers run it (`tidtam remind`): decide, write the rows with their
    send jobs, and wait up to ``wait_s`` for the workers to push them. A dry run only decides."""
    now = now or rt.clock.now()
    if dry_run:
        report = PassReport(today_of(now))
        with rt.sessions() as session:
            report.planned = decide(session, now, DEFAULT_REMINDERS)
        return report
    return settle_pass(rt, queue_reminders(rt, now, Settings.from_env()), wait_s)


# --- the clock process ------------------------------------------------------------------------
# The clock only defers jobs (scheduler/tasks.py); workers run them. Each job carries a queueing lock
# for its day, so two clocks by mistake defer one job, and the pass itself plans nothing twice.

_clock: Runtime | None = None  # the clock process's runtime (run_scheduler); None: one per job


def _runtime_for_job() -> tuple[Runtime, bool]:
    """(runtime, close it after the job)."""
    if _clock is not None:
        return _clock, False
    return build_runtime(), True


def defer_daily(rt: Runtime, work: Callable[[str], Work], name: str) -> bool:
    """Defer ``work`` (made from today's ISO date, Bangkok) once for today; False when today's is
    waiting already."""
    day = today_of(rt.clock.now()).isoformat()
    with transaction(rt.sessions) as session:
        done = outbox.defer(session, Job(work(day), queueing_lock=f"{name}-{day}"))
    log.info("%s for %s: %s", name, day, "deferred" if done.queued else "waiting already")
    return done.queued


def reminder_job() -> None:
    """Defer the daily reminder pass (a worker runs it)."""
    rt, close = _runtime_for_job()
    try:
        defer_daily(rt, ReminderPass, "reminder-pass")
    finally:
        if close:
            rt.close()


def run_purge(rt: Runtime, now: datetime | None = None, *, dry_run: bool = False) -> Purged:
    """Apply the retention rules (models/retention.py) in one transaction."""
    with transaction(rt.sessions) as session:
        return purge(session, now or rt.clock.now(), dry_run=dry_run)


def purge_job() -> None:
    """Defer the daily housekeeping with the purge (a worker runs it)."""
    rt, close = _runtime_for_job()
    try:
        with transaction(rt.sessions) as session:
            day = today_of(rt.clock.now()).isoformat()
            outbox.defer(session, Job(Housekeeping(purge=True), queueing_lock=f"purge-{day}"))
    finally:
        if close:
            rt.close()


def sweep_job() -> None:
    """Defer the housekeeping sweep (dead workers' jobs, rows without a job, held reminders)."""
    rt, close = _runtime_for_job()
    try:
        with transaction(rt.sessions) as session:
            outbox.defer(session, Job(Housekeeping(), queueing_lock="housekeeping"))
    finally:
        if close:
            rt.close()


def build_scheduler(
    rs: ReminderSettings = DEFAULT_REMINDERS, run_at_start: bool = False
) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=BANGKOK)
    common = dict(
        coalesce=True,  # missed runs collapse into one
        max_instances=1,  # never two at once in this process
        replace_existing=True,
        # misfire_grace_time: how late a run may still start after the process was busy or down.
        # One hour keeps a morning pass alive through a short restart without sending at night.
        misfire_grace_time=3600,
    )
    scheduler.add_job(
        reminder_job, "cron", id=REMINDER_JOB_ID, hour=rs.send_at.hour, minute=rs.send_at.minute, **common
    )
    scheduler.add_job(purge_job, "cron", id=PURGE_JOB_ID, hour=PURGE_AT_HOUR, minute=0, **common)
    scheduler.add_job(sweep_job, "interval", id=SWEEP_JOB_ID, seconds=SWEEP_EVERY_SECONDS, **common)
    if run_at_start:
        scheduler.add_job(
            reminder_job,
            "date",
            id=STARTUP_JOB_ID,
            run_date=datetime.now(BANGKOK) + timedelta(seconds=1),
            **common,
        )
    return scheduler


def run_scheduler() -> None:  # pragma: no cover - blocks; exercised by the process test
    global _clock
    rt = build_runtime()
    log.info("clock starting; TIDTAM_NOW=%s", rt.config.now or "unset")
    if rt.config.runs_worker_in_process():  # SQLite: the jobs the clock defers run here
        rt.closers.append(InProcessWorker(rt).start().stop)
    _clock = rt
    scheduler = build_scheduler(run_at_start=os.environ.get(RUN_AT_START_ENV) == "1")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        _clock = None
        rt.close()
