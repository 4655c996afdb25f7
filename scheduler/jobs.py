"""Scheduled jobs and the clock process (`tidtam scheduler`).

Job functions are module-level and build everything (config, engine, adapter) when they run,
never at import time, so APScheduler can reference them by a stable name.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from bot.config import Config
from bot.line_adapter import LineAdapter
from models.clock import BANGKOK, Clock
from models.db import make_engine, make_session_factory, transaction
from models.retention import Purged, purge
from scheduler import lease
from scheduler.delivery import PassReport, reminder_pass
from scheduler.rules import DEFAULT_REMINDERS, ReminderSettings

if TYPE_CHECKING:
    from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger(__name__)

REMINDER_JOB_ID = "tidtam-reminder-pass"
LEASE_JOB_ID = "tidtam-lease-renewal"
STARTUP_JOB_ID = "tidtam-reminder-pass-at-start"
PURGE_JOB_ID = "tidtam-purge"
PURGE_AT_HOUR = 3  # 03:00 Asia/Bangkok, away from the 09:00 reminders and office hours
LEASE_RENEW_SECONDS = 20
RUN_AT_START_ENV = "TIDTAM_SCHEDULER_RUN_AT_START"  # "1": also run the pass once right after start


@dataclass
class Wiring:
    config: Config
    engine: Engine
    clock: Clock

    def adapter(self) -> LineAdapter:
        return LineAdapter(
            self.config.channel_secret, self.config.channel_access_token, self.config.line_api_base_url
        )


def wiring(config: Config | None = None) -> Wiring:
    config = config or Config.from_env()
    config.validate()
    return Wiring(config, make_engine(config.normalized_database_url()), Clock(config.now))


def run_pass(
    w: Wiring, now: datetime | None = None, *, dry_run: bool = False, rs: ReminderSettings = DEFAULT_REMINDERS
) -> PassReport:
    sessions = make_session_factory(w.engine)
    adapter = None if dry_run else w.adapter()
    return reminder_pass(sessions, adapter, now or w.clock.now(), rs, dry_run=dry_run)


# --- the clock process ------------------------------------------------------------------------

_HOLDER = lease.new_holder()  # this process's identity in the lease row (no I/O)


def reminder_job() -> None:
    """The daily reminder pass; acts only while this process holds the lease."""
    w = wiring()
    try:
        if not lease.acquire(w.engine, _HOLDER, datetime.now(UTC)):
            log.info("reminder pass skipped: another scheduler holds the lease")
            return
        report = run_pass(w)
        log.info("reminder pass: %s", report.summary())
    finally:
        w.engine.dispose()


def run_purge(w: Wiring, now: datetime | None = None, *, dry_run: bool = False) -> Purged:
    """Apply the retention rules (models/retention.py) in one transaction."""
    with transaction(make_session_factory(w.engine)) as session:
        return purge(session, now or w.clock.now(), dry_run=dry_run)


def purge_job() -> None:
    """The daily purge; acts only while this process holds the lease."""
    w = wiring()
    try:
        if not lease.acquire(w.engine, _HOLDER, datetime.now(UTC)):
            log.info("purge skipped: another scheduler holds the lease")
            return
        log.info("purge: %s", run_purge(w).summary())
    finally:
        w.engine.dispose()


def lease_job() -> None:
    """Renew the lease while active; a standby keeps trying so it takes over when the holder dies."""
    w = wiring()
    try:
        held = lease.acquire(w.engine, _HOLDER, datetime.now(UTC))
        log.debug("lease %s: %s", "held" if held else "standby", _HOLDER)
    finally:
        w.engine.dispose()


def build_scheduler(
    rs: ReminderSettings = DEFAULT_REMINDERS, run_at_start: bool = False
) -> BlockingScheduler:
    from apscheduler.schedulers.blocking import BlockingScheduler

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
    w = wiring()
    log.info("scheduler %s starting; TIDTAM_NOW=%s", _HOLDER, w.config.now or "unset")
    w.engine.dispose()
    scheduler = build_scheduler(run_at_start=os.environ.get(RUN_AT_START_ENV) == "1")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        w = wiring()
        lease.release(w.engine, _HOLDER)
        w.engine.dispose()
