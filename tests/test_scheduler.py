"""The clock process: it only defers the daily jobs (de-duplicated per day), so two clocks by mistake
are harmless; the jobs are wired stably."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from sqlalchemy import text

from bot.config import Config
from bot.runtime import build_runtime
from models.migrate import upgrade
from scheduler import jobs
from scheduler.job_kinds import ReminderPass
from tests.conftest import on_postgres
from tests.processes import environment, tidtam
from tests.support import SECRET, SECRET_KEY, TOKEN


def test_scheduler_jobs_are_stable():
    scheduler = jobs.build_scheduler(run_at_start=True)
    by_id = {job.id: job for job in scheduler.get_jobs()}
    assert set(by_id) == {jobs.REMINDER_JOB_ID, jobs.SWEEP_JOB_ID, jobs.STARTUP_JOB_ID, jobs.PURGE_JOB_ID}
    reminder = by_id[jobs.REMINDER_JOB_ID]
    assert reminder.func is jobs.reminder_job and reminder.coalesce and reminder.max_instances == 1
    assert str(reminder.trigger).startswith("cron[") and "hour='9'" in str(reminder.trigger)
    assert str(scheduler.timezone) == "Asia/Bangkok"


@pytest.mark.skipif(not on_postgres(), reason="needs TIDTAM_TEST_DATABASE_URL on PostgreSQL")
def test_two_clocks_defer_one_reminder_pass_a_day(db_url):
    upgrade(db_url)
    config = Config(
        database_url=db_url,
        channel_secret=SECRET,
        channel_access_token=TOKEN,
        secret_key=SECRET_KEY,
        env="testing",
    )
    clocks = [build_runtime(config), build_runtime(config)]
    try:
        assert jobs.defer_daily(clocks[0], ReminderPass, "reminder-pass")
        assert not jobs.defer_daily(clocks[1], ReminderPass, "reminder-pass")  # waiting already
        with clocks[0].engine.connect() as conn:
            queued = conn.execute(
                text("SELECT task_name, queueing_lock FROM procrastinate_jobs WHERE status = 'todo'")
            ).all()
        assert len(queued) == 1 and queued[0][0] == ReminderPass.TASK
        assert queued[0][1].startswith("reminder-pass-")
    finally:
        for rt in clocks:
            rt.close()


@pytest.mark.skipif(not on_postgres(), reason="needs TIDTAM_TEST_DATABASE_URL on PostgreSQL")
def test_two_scheduler_processes_push_each_reminder_once(bot_app, register, line_server, db_url, tmp_path):
    """Two clocks by mistake, and the test process's worker running the jobs they defer."""
    register("Up50", "officer", "P50")
    register("Up40", "officer", "P40")
    store = line_server.store
    store.clear()
    env = environment(
        db_url, line_server.url, TIDTAM_NOW="2026-12-15T09:00:00+07:00", **{jobs.RUN_AT_START_ENV: "1"}
    )
    clocks = [tidtam("scheduler", env, tmp_path / f"s{i}.log") for i in range(2)]
    try:
        assert store.wait_for(lambda s: len([r for r in s.pushes() if r.delivered]) >= 2, timeout=30)
        time.sleep(3)  # room for a second pass to (wrongly) push again
    finally:
        for clock in clocks:
            clock.stop()
    logs = "\n".join(clock.output() for clock in clocks)
    delivered = Counter(r.json["to"] for r in store.pushes() if r.delivered)
    assert delivered == {"Up50": 1, "Up40": 1}, logs
    assert len(store.pushes()) == 2, logs
