"""A reminder pass for 20,000 recipients against a fake LINE API that answers in 50 ms and fails
10% of pushes with 500 or 429, sent the way production sends it: the clock defers the pass, the
Procfile's `tidtam worker` processes plan it and push the rows (issue #14). Prints wall time (from the
deferral to the last delivery), its floor (recipients × latency ÷ pushes in flight), requests made,
duplicates and lost messages.

    python -m bench.reminders_bench [--recipients 20000] [--workers 2] [--database-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from bench.chat_bench import demo_plan_database, fresh_database
from bot.config import Config
from bot.runtime import build_runtime
from devtools.fake_line_server import FakeLineServer
from models.clock import BANGKOK
from models.db import make_session_factory
from models.entities import Unit, UnitKind, User
from scheduler.job_kinds import ReminderPass
from scheduler.jobs import defer_daily
from scheduler.sending import Settings

WORKERS = 2  # the Procfile's worker processes on this 2-core machine (README, "Processes")
REMINDER_DAY = datetime(2026, 12, 15, 9, 0, tzinfo=BANGKOK)  # three working days before the 20th


def prepare(url: str, recipients: int) -> None:
    engine = demo_plan_database(url)
    with make_session_factory(engine)() as session, session.begin():
        offices = session.scalars(select(Unit.id).where(Unit.kind == UnitKind.OFFICE.value)).all()
        now = datetime.now(UTC)
        session.execute(
            insert(User),
            [
                {
                    "line_user_id": f"Uremind{n:06d}",
                    "role": "officer",
                    "unit_id": offices[n % len(offices)],
                    "created_at": now,
                    "active": True,
                    "following": True,
                }
                for n in range(recipients)
            ],
        )
    engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=20_000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--failure-rate", type=float, default=0.10)
    parser.add_argument("--workers", type=int, default=WORKERS, help="`tidtam worker` processes (Procfile)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args(argv)
    url = fresh_database(args.database_url, "tidtam_bench_remind")
    prepare(url, args.recipients)
    settings = Settings.from_env()
    in_flight = args.workers * settings.concurrency * settings.push_threads
    with FakeLineServer(keep_alive=True) as line, tempfile.TemporaryDirectory() as tmp:
        line.store.quota = None
        line.store.set_latency(args.latency)
        line.store.set_failure_rate("/v2/bot/message/push", args.failure_rate, (500, 429), seed=7)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "LINE_API_BASE_URL": line.url,
            "LINE_CHANNEL_SECRET": "bench",
            "LINE_CHANNEL_ACCESS_TOKEN": "bench",
            "SECRET_KEY": "bench-secret-key",
            "TIDTAM_ENV": "development",
            "TIDTAM_NOW": REMINDER_DAY.isoformat(),
        }
        tidtam = str(Path(sys.executable).with_name("tidtam"))
        logs = [Path(tmp) / f"worker{i}.log" for i in range(args.workers)]
        workers = [
            subprocess.Popen([tidtam, "worker"], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
            for log in logs
        ]
        time.sleep(3)  # the workers are up and listening
        clock = build_runtime(
            Config(
                database_url=url,
                channel_secret="bench",
                channel_access_token="bench",
                secret_key="bench-secret-key",
                now=env["TIDTAM_NOW"],
            )
        )
        expected = {f"Uremind{n:06d}" for n in range(args.recipients)}
        started, wall_start = time.perf_counter(), time.time()
        defer_daily(clock, ReminderPass, "reminder-pass")  # what the clock does at 09:00
        clock.close()
        done = False
        while not done and time.perf_counter() - started < 600:  # polled: a predicate run on every
            time.sleep(0.1)  # request the fake API records would slow it down (quadratic)
            done = sum(1 for r in line.store.pushes() if r.delivered) >= len(expected)
        wall = time.perf_counter() - started
        time.sleep(2)  # room for a (wrong) second delivery
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        pushes = line.store.pushes()
        deliveries = Counter(r.json["to"] for r in pushes if r.delivered)
        duplicates = sum(count - 1 for count in deliveries.values() if count > 1)
        lost = len(expected - set(deliveries))
        statuses = Counter(r.status for r in pushes)
        arrivals = sorted(r.time - wall_start for r in pushes if r.delivered)
    floor = args.recipients * args.latency / in_flight
    print(
        f"reminders: {args.recipients} recipients, LINE latency {args.latency * 1000:.0f} ms, "
        f"{args.failure_rate:.0%} injected 500/429; {args.workers} worker process(es) × concurrency "
        f"{settings.concurrency} × {settings.push_threads} pushes = {in_flight} in flight"
    )
    print(
        f"wall={wall:.1f} s (all delivered: {done}) floor={floor:.1f} s (recipients × latency ÷ pushes in flight) "
        f"ratio={wall / floor:.1f} requests={len(pushes)} ({dict(sorted(statuses.items()))}) "
        f"duplicates={duplicates} lost={lost}"
    )
    if arrivals:
        share = {q: arrivals[min(len(arrivals) - 1, int(q * len(arrivals)))] for q in (0.5, 0.9, 0.99)}
        print(
            f"delivered: first {arrivals[0]:.1f} s, half {share[0.5]:.1f} s, 90% {share[0.9]:.1f} s, "
            f"99% {share[0.99]:.1f} s, all {arrivals[-1]:.1f} s (the last are pushes LINE refused "
            "several times in a row, waiting out their back-off)"
        )


if __name__ == "__main__":
    main()
