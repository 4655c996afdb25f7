"""The clock process: the lease lets one scheduler act at a time; the jobs are wired stably."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from models.db import make_engine
from models.entities import SchedulerLease
from scheduler import jobs, lease
from tests.conftest import on_postgres
from tests.support import SECRET, TOKEN

T0 = datetime(2026, 12, 15, 2, 0, tzinfo=UTC)


def test_only_one_holder_acts(engine):
    ttl = timedelta(seconds=60)
    assert lease.acquire(engine, "a", T0, ttl)
    assert not lease.acquire(engine, "b", T0 + timedelta(seconds=1), ttl)  # a's lease is live
    assert lease.acquire(engine, "a", T0 + timedelta(seconds=30), ttl)  # a renews
    assert not lease.acquire(engine, "b", T0 + timedelta(seconds=80), ttl)  # renewed until +90
    assert lease.acquire(engine, "b", T0 + timedelta(seconds=91), ttl)  # a died: b takes over
    assert not lease.acquire(engine, "a", T0 + timedelta(seconds=92), ttl)
    lease.release(engine, "b")
    assert lease.acquire(engine, "a", T0 + timedelta(seconds=93), ttl)
    with engine.connect() as conn:
        rows = conn.execute(select(SchedulerLease.holder)).all()
    assert rows == [("a",)]


def test_two_holders_racing_for_a_fresh_lease(db_url):
    from concurrent.futures import ThreadPoolExecutor

    from models.base import Base

    engines = [make_engine(db_url) for _ in range(4)]
    Base.metadata.create_all(engines[0])
    try:
        with ThreadPoolExecutor(4) as pool:
            won = list(pool.map(lambda i: lease.acquire(engines[i], f"h{i}", T0), range(4)))
        assert won.count(True) == 1
    finally:
        for e in engines:
            e.dispose()


def test_scheduler_jobs_are_stable():
    scheduler = jobs.build_scheduler(run_at_start=True)
    by_id = {job.id: job for job in scheduler.get_jobs()}
    assert set(by_id) == {jobs.REMINDER_JOB_ID, jobs.LEASE_JOB_ID, jobs.STARTUP_JOB_ID, jobs.PURGE_JOB_ID}
    reminder = by_id[jobs.REMINDER_JOB_ID]
    assert reminder.func is jobs.reminder_job and reminder.coalesce and reminder.max_instances == 1
    assert str(reminder.trigger).startswith("cron[") and "hour='9'" in str(reminder.trigger)
    assert str(scheduler.timezone) == "Asia/Bangkok"


@pytest.mark.skipif(not on_postgres(), reason="needs TIDTAM_TEST_DATABASE_URL on PostgreSQL")
def test_two_scheduler_processes_push_each_reminder_once(bot_app, register, line_server, db_url, tmp_path):
    register("Up50", "officer", "P50")
    register("Up40", "officer", "P40")
    store = line_server.store
    store.clear()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "LINE_API_BASE_URL": line_server.url,
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "TIDTAM_ENV": "testing",
        "TIDTAM_NOW": "2026-12-15T09:00:00+07:00",
        jobs.RUN_AT_START_ENV: "1",
    }
    tidtam = str(Path(sys.executable).with_name("tidtam"))
    logs_out = [(tmp_path / f"s{i}.log").open("w") for i in range(2)]  # noqa: SIM115 - closed below
    procs = [
        subprocess.Popen(
            [tidtam, "scheduler"], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        for out in logs_out
    ]
    try:
        assert store.wait_for(lambda s: len([r for r in s.pushes() if r.delivered]) >= 2, timeout=30)
        time.sleep(3)  # room for a second instance to (wrongly) push again
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGINT)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        for out in logs_out:
            out.close()
    logs = "\n".join((tmp_path / f"s{i}.log").read_text() for i in range(2))
    delivered = Counter(r.json["to"] for r in store.pushes() if r.delivered)
    assert delivered == {"Up50": 1, "Up40": 1}, logs
    assert len(store.pushes()) == 2, logs
    assert "another scheduler holds the lease" in logs, logs
