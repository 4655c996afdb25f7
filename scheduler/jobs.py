"""Scheduled jobs and the clock process (`tidtam scheduler`).

Job functions are module-level and build the runtime (bot/runtime.py) when they run,
never at import time, so APScheduler can reference them by a stable name.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.blocking import BlockingScheduler

from bot.runtime import Runtime, build_runtime
from models.clock import BANGKOK
from models.db import transaction
from models.retention import Purged, purge
from scheduler import lease
from scheduler.delivery import PassReport, reminder_pass
from scheduler.rules import DEFAULT_REMINDERS, ReminderSettings

log = logging.getLogger(__name__)

REMINDER_JOB_ID = "tidtam-reminder-pass"
LEASE_JOB_ID = "tidtam-lease-renewal"
STARTUP_JOB_ID = "tidtam-reminder-pass-at-start"
PURGE_JOB_ID = "tidtam-purge"
PURGE_AT_HOUR = 3  # 03:00 Asia/Bangkok, away from the 09:00 reminders and office hours
LEASE_RENEW_SECONDS = 20
RUN_AT_START_ENV = "TIDTAM_SCHEDULER_RUN_AT_START"  # "1": also run the pass once right after start


def run_pass(
    rt: Runtime,
    now: datetime | None = None,
    *,
    dry_run: bool = False,
    rs: ReminderSettings = DEFAULT_REMINDERS,
) -> PassReport:
    adapter = None if dry_run else rt.line
    return reminder_pass(rt.sessions, adapter, now or rt.clock.now(), rs, dry_run=dry_run)


# --- the clock process ------------------------------------------------------------------------

_HOLDER = lease.new_holder()  # this process's identity in the lease row (no I/O)


def reminder_job() -> None:
    """The daily reminder pass; acts only while this process holds the lease."""
    rt = build_runtime()
    try:
        if not lease.acquire(rt.engine, _HOLDER, datetime.now(UTC)):
            log.info("reminder pass skipped: another scheduler holds the lease")
            return
        report = run_pass(rt)
        log.info("reminder pass: %s", report.summary())
    finally:
        rt.close()


def run_purge(rt: Runtime, now: datetime | None = None, *, dry_run: bool = False) -> Purged:
    """Apply the retention rules (models/retention.py) in one transaction."""
    with transaction(rt.sessions) as session:
        return purge(session, now or rt.clock.now(), dry_run=dry_run)


def purge_job() -> None:
    """The daily purge; acts only while this process holds the lease."""
    rt = build_runtime()
    try:
        if not lease.acquire(rt.engine, _HOLDER, datetime.now(UTC)):
            log.info("purge skipped: another scheduler holds the lease")
            return
        log.info("purge: %s", run_purge(rt).summary())
    finally:
        rt.close()


def lease_job() -> None:
    """Renew the lease while active; a standby keeps trying so it takes over when the holder dies."""
    rt = build_runtime()
    try:
        held = lease.acquire(rt.engine, _HOLDER, datetime.now(UTC))
        log.debug("lease %s: %s", "held" if held else "standby", _HOLDER)
    finally:
        rt.close()


def build_scheduler(
    rs: ReminderSettings = DEFAULT_REMINDERS, run_at_start: bool = False
) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=BANGKOK)
    common = dict(
        coalesce=True,  # missed runs collapse into one
        max_instances=1,  # never two passes at once in this process
        replace_existing=True,
        # misfire_grace_time: how late a run may still start after the process was busy or down.
        # One hour keeps a morning pass alive through a short restart without sending at night.
        misfire_grace_time=3600,
    )
    scheduler.add_job(
        reminder_job, "cron", id=REMINDER_JOB_ID, hour=rs.send_at.hour, minute=rs.send_at.minute, **common
    )
    scheduler.add_job(purge_job, "cron", id=PURGE_JOB_ID, hour=PURGE_AT_HOUR, minute=0, **common)
    scheduler.add_job(lease_job, "interval", id=LEASE_JOB_ID, seconds=LEASE_RENEW_SECONDS, **common)
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
    rt = build_runtime()
    log.info("scheduler %s starting; TIDTAM_NOW=%s", _HOLDER, rt.config.now or "unset")
    rt.close()
    scheduler = build_scheduler(run_at_start=os.environ.get(RUN_AT_START_ENV) == "1")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        rt = build_runtime()
        lease.release(rt.engine, _HOLDER)
        rt.close()
