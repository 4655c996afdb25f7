"""A reminder pass for 20,000 recipients against a fake LINE API that answers in 50 ms and fails
10% of pushes with 500 or 429. Prints wall time, requests made, duplicates and lost messages.

    python -m bench.reminders_bench [--recipients 20000] [--database-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import insert, select

from bench.chat_bench import demo_plan_database, fresh_database
from bot.line_adapter import LineAdapter
from devtools.fake_line_server import FakeLineServer
from models.clock import BANGKOK
from models.db import make_engine, make_session_factory
from models.entities import Unit, UnitKind, User
from scheduler.delivery import reminder_pass
from scheduler.rules import DEFAULT_REMINDERS

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
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args(argv)
    url = fresh_database(args.database_url, "tidtam_bench_remind")
    prepare(url, args.recipients)
    with FakeLineServer() as line:
        line.store.quota = None
        line.store.set_latency(args.latency)
        line.store.set_failure_rate("/v2/bot/message/push", args.failure_rate, (500, 429), seed=7)
        engine = make_engine(url, pool_size=10)
        adapter = LineAdapter("bench", "bench", line.url, timeout=10)
        started = time.perf_counter()
        report = reminder_pass(
            make_session_factory(engine),
            adapter,
            REMINDER_DAY.astimezone(UTC),
            DEFAULT_REMINDERS,
            sleep=lambda s: time.sleep(min(s, 0.2)),
        )
        wall = time.perf_counter() - started
        pushes = line.store.pushes()
        deliveries = Counter(r.json["to"] for r in pushes if r.delivered)
        expected = {f"Uremind{n:06d}" for n in range(args.recipients)}
        duplicates = sum(count - 1 for count in deliveries.values() if count > 1)
        lost = len(expected - set(deliveries))
        statuses = Counter(r.status for r in pushes)
        engine.dispose()
    print(
        f"reminders: {args.recipients} recipients, LINE latency {args.latency * 1000:.0f} ms, "
        f"{args.failure_rate:.0%} injected 500/429, concurrency {DEFAULT_REMINDERS.concurrency}"
    )
    print(
        f"wall={wall:.1f} s planned={len(report.planned)} sent={report.sent} failed={report.failed} "
        f"requests={len(pushes)} ({dict(sorted(statuses.items()))}) duplicates={duplicates} lost={lost}"
    )
    if report.failed:
        print(
            f"  ({report.failed} rows marked failed after {DEFAULT_REMINDERS.max_attempts} tries: central sees them)"
        )


if __name__ == "__main__":
    main()
